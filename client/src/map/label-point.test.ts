import { describe, expect, it } from 'vitest';
import { labelPoint } from './label-point.ts';

const square = (x: number, y: number, s: number) => [
  [x, y],
  [x + s, y],
  [x + s, y + s],
  [x, y + s],
  [x, y],
];

describe('labelPoint', () => {
  it('puts the label of a square in its middle', () => {
    expect(labelPoint({ type: 'Polygon', coordinates: [square(0, 0, 2)] })).toEqual([1, 1]);
  });

  it('uses the largest part of a MultiPolygon', () => {
    const p = labelPoint({ type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], [square(10, 10, 4)]] });
    expect(p).toEqual([12, 12]);
  });

  it('returns null for an empty geometry', () => {
    expect(labelPoint({ type: 'MultiPolygon', coordinates: [] })).toBeNull();
  });
});
