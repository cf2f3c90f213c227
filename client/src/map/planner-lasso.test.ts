import { describe, expect, it } from 'vitest';
import { closeRing, idsInLasso, type LngLatPair } from './planner-lasso.ts';

const square: LngLatPair[] = [
  [0, 0],
  [2, 0],
  [2, 2],
  [0, 2],
];

describe('closeRing', () => {
  it('repeats the first point at the end', () => {
    expect(closeRing(square)).toEqual([...square, [0, 0]]);
  });
  it('drops repeated points and refuses paths of fewer than 3 distinct points', () => {
    expect(
      closeRing([
        [0, 0],
        [0, 0],
        [1, 1],
      ]),
    ).toBeNull();
  });
  it('leaves a closed ring closed', () => {
    expect(closeRing([...square, [0, 0]])).toEqual([...square, [0, 0]]);
  });
});

describe('idsInLasso', () => {
  const points = [
    { id: 1, lngLat: [1, 1] },
    { id: 2, lngLat: [3, 1] },
    { id: 3, lngLat: [2, 1] }, // on the edge
    { id: 4, lngLat: [-1, -1] },
  ];
  it('selects the points inside or on the edge', () => {
    expect(idsInLasso(points, square)).toEqual([1, 3]);
  });
  it('handles a concave (L-shaped) lasso', () => {
    const ell: LngLatPair[] = [
      [0, 0],
      [4, 0],
      [4, 1.5],
      [1.5, 1.5],
      [1.5, 4],
      [0, 4],
    ];
    const pts = [
      { id: 1, lngLat: [1, 3] },
      { id: 2, lngLat: [3, 3] }, // in the notch
      { id: 3, lngLat: [3, 1] },
    ];
    expect(idsInLasso(pts, ell)).toEqual([1, 3]);
  });
  it('selects nothing for a degenerate path', () => {
    expect(
      idsInLasso(points, [
        [0, 0],
        [1, 1],
      ]),
    ).toEqual([]);
  });
});
