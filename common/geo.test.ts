import area from '@turf/area';
import { describe, expect, it } from 'vitest';
import { convexHull, geometryAreaM2, haversineM, m2ToMu } from './geo.ts';

describe('haversineM', () => {
  it('measures one degree of latitude as ~111.2 km', () => {
    expect(haversineM([123, 41], [123, 42])).toBeCloseTo(111195, -1);
  });
});

describe('geometryAreaM2', () => {
  it('agrees with @turf/area on a field near Shenyang, holes subtracted', () => {
    const poly = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [123.0, 41.8],
          [123.01, 41.8],
          [123.01, 41.81],
          [123.0, 41.81],
          [123.0, 41.8],
        ],
        [
          [123.002, 41.802],
          [123.002, 41.804],
          [123.004, 41.804],
          [123.004, 41.802],
          [123.002, 41.802],
        ],
      ],
    };
    const expected = area({ type: 'Feature', properties: {}, geometry: poly });
    expect(geometryAreaM2(poly)).toBeCloseTo(expected, 3);
    expect(m2ToMu(2000 / 3)).toBeCloseTo(1, 12);
  });
});

describe('convexHull', () => {
  it('returns a closed counter-clockwise ring around every point', () => {
    const pts = [
      [0, 0],
      [2, 0],
      [1, 1],
      [2, 2],
      [0, 2],
      [1, 0.5],
    ];
    const ring = convexHull(pts)!;
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    expect(ring.slice(0, -1).sort()).toEqual(
      [
        [0, 0],
        [0, 2],
        [2, 0],
        [2, 2],
      ].sort(),
    );
    expect(
      convexHull([
        [0, 0],
        [1, 1],
        [2, 2],
      ]),
    ).toBeNull();
  });
});
