import { describe, expect, it } from 'vitest';
import { areaAt, inArea } from './locate-point.ts';

const square = (x0: number, y0: number, size: number) => [
  [
    [x0, y0],
    [x0 + size, y0],
    [x0 + size, y0 + size],
    [x0, y0 + size],
    [x0, y0],
  ],
];

describe('locate a point', () => {
  const withHole = { type: 'Polygon', coordinates: [...square(0, 0, 10), ...square(4, 4, 2)] };
  it('is inside the shell and outside its holes', () => {
    expect(inArea([1, 1], withHole)).toBe(true);
    expect(inArea([5, 5], withHole)).toBe(false);
    expect(inArea([11, 1], withHole)).toBe(false);
    expect(inArea([1, 1], { type: 'Point', coordinates: [1, 1] })).toBe(false);
    expect(inArea([21, 21], { type: 'MultiPolygon', coordinates: [square(0, 0, 1), square(20, 20, 2)] })).toBe(true);
  });
  it('names the township or village the point is in', () => {
    const features = [
      { id: 1, geometry: { type: 'Polygon', coordinates: square(0, 0, 1) } },
      { id: 2, geometry: { type: 'Polygon', coordinates: square(1, 0, 1) } },
    ];
    expect(areaAt([1.5, 0.5], features)).toBe(2);
    expect(areaAt([5, 5], features)).toBeNull();
  });
});
