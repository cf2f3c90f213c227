import turfArea from '@turf/area';
import { describe, expect, it } from 'vitest';
import { M2_PER_MU } from './geo.ts';
import { roundM2, roundMu, shapeArea } from './area.ts';

/** A square of `side` metres centred at [lng, lat] (small enough that a local projection is exact). */
function square(lng: number, lat: number, side: number): number[][] {
  const dLat = side / 111_194.9266; // metres per degree of latitude on the 6371008.8 m sphere
  const dLng = dLat / Math.cos((lat * Math.PI) / 180);
  const [w, e, s, n] = [lng - dLng / 2, lng + dLng / 2, lat - dLat / 2, lat + dLat / 2];
  return [
    [w, s],
    [e, s],
    [e, n],
    [w, n],
    [w, s],
  ];
}

describe('shapeArea', () => {
  it('is 1 亩 for a square of 666.67 m² and 15 亩 per hectare', () => {
    const one = shapeArea({ type: 'Polygon', coordinates: [square(123, 41.8, Math.sqrt(M2_PER_MU))] })!;
    expect(one.m2).toBeCloseTo(666.67, 0);
    expect(roundMu(one.mu)).toBe(1);
    const hectare = shapeArea({ type: 'Polygon', coordinates: [square(123, 41.8, 100)] })!;
    expect(roundM2(hectare.m2)).toBeCloseTo(10_000, -1);
    expect(roundMu(hectare.mu)).toBeCloseTo(15, 1);
  });

  it('agrees with @turf/area within 0.5 % for a field near Shenyang', () => {
    const ring = [
      [122.95, 41.75],
      [122.953, 41.7502],
      [122.9528, 41.7521],
      [122.9497, 41.7518],
      [122.95, 41.75],
    ];
    const g = { type: 'Polygon' as const, coordinates: [ring] };
    const turf = turfArea({ type: 'Feature', properties: {}, geometry: g });
    const ours = shapeArea(g)!;
    expect(Math.abs(ours.m2 - turf) / turf).toBeLessThan(0.005);
    expect(ours.mu).toBeCloseTo(ours.m2 / (2000 / 3), 9);
  });

  it('subtracts holes and adds the parts of a MultiPolygon', () => {
    const outer = square(123, 41.8, 200);
    const hole = square(123, 41.8, 100).reverse();
    const withHole = shapeArea({ type: 'Polygon', coordinates: [outer, hole] })!;
    expect(withHole.m2).toBeCloseTo(30_000, -2);
    const two = shapeArea({
      type: 'MultiPolygon',
      coordinates: [[square(123, 41.8, 100)], [square(123.1, 41.8, 100)]],
    })!;
    expect(two.m2).toBeCloseTo(20_000, -2);
  });

  it('has no area for points, lines and nothing', () => {
    expect(shapeArea({ type: 'Point', coordinates: [123, 41] })).toBeNull();
    expect(shapeArea({ type: 'LineString', coordinates: square(123, 41, 10) })).toBeNull();
    expect(shapeArea(null)).toBeNull();
  });
});
