import { describe, expect, it } from 'vitest';
import { haversineM } from '../../../../common/geo.ts';
import { bboxAround, stationReach, villagesWithin, type NearbyStation } from './nearby.ts';

const V: [number, number] = [123, 41.7];
/** A point `m` metres east of V. */
const east = (m: number): [number, number] => [V[0] + m / (111_195 * Math.cos((V[1] * Math.PI) / 180)), V[1]];
const station = (id: number, m: number, radiusM: number): NearbyStation => ({
  id,
  name: `站${id}`,
  level: '村中心',
  lngLat: east(m),
  radiusM,
});

describe('stationReach', () => {
  it('finds the nearest station and its distance', () => {
    const r = stationReach(V, [station(1, 3000, 1200), station(2, 800, 1200), station(3, 5000, 1200)]);
    expect(r.nearest?.station.id).toBe(2);
    expect(r.nearest?.distanceM).toBeCloseTo(800, -1);
    expect(r.coveredBy?.station.id).toBe(2);
  });

  it('counts a farther station with a larger radius as covering when the nearest does not', () => {
    const r = stationReach(V, [station(1, 1500, 1200), station(2, 2500, 3000)]);
    expect(r.nearest?.station.id).toBe(1);
    expect(r.coveredBy?.station.id).toBe(2);
    expect(r.coveredBy?.distanceM).toBeCloseTo(2500, -1);
  });

  it('says uncovered when no circle reaches, and nothing without stations', () => {
    expect(stationReach(V, [station(1, 1500, 1200)]).coveredBy).toBeNull();
    expect(stationReach(V, [])).toEqual({ nearest: null, coveredBy: null });
  });
});

describe('bboxAround', () => {
  it('contains the whole circle', () => {
    const [w, s, e, n] = bboxAround(V, 2000);
    expect(haversineM(V, [w, V[1]])).toBeGreaterThanOrEqual(2000);
    expect(haversineM(V, [e, V[1]])).toBeGreaterThanOrEqual(2000);
    expect(haversineM(V, [V[0], s])).toBeGreaterThanOrEqual(2000);
    expect(haversineM(V, [V[0], n])).toBeGreaterThanOrEqual(2000);
    expect(haversineM(V, [e, V[1]])).toBeLessThan(2100);
  });
});

describe('villagesWithin', () => {
  it('keeps the villages inside the radius, nearest first, and sums their residents', () => {
    const villages = [
      { id: 1, name: 'a', lngLat: east(1100), residents: 500 },
      { id: 2, name: 'b', lngLat: east(300), residents: null },
      { id: 3, name: 'c', lngLat: east(1300), residents: 900 },
    ];
    const r = villagesWithin(V, 1200, villages);
    expect(r.villages.map((v) => v.id)).toEqual([2, 1]);
    expect(r.residents).toBe(500);
  });
});
