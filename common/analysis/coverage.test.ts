import { describe, expect, it } from 'vitest';
import { haversineM } from '../geo.ts';
import { stationCoverage, summarizeCoverage } from './coverage.ts';
import { COUNTY_BOX, randomStations, randomVillages, rng, type Box } from './test-random.ts';
import { residentsOf, type StationInput, type VillageInput } from './types.ts';

/** The all-pairs answer: nearest station, and the nearest station whose radius reaches. */
function bruteCoverage(villages: VillageInput[], stations: StationInput[]) {
  return villages.map((v) => {
    let nearest: StationInput | null = null;
    let nd = Infinity;
    let coverer: StationInput | null = null;
    let cd = Infinity;
    for (const s of stations) {
      const d = haversineM(v.lngLat, s.lngLat);
      if (d < nd) [nearest, nd] = [s, d];
      if (d <= s.radius_m && d < cd) [coverer, cd] = [s, d];
    }
    return { nearest, nd, coverer };
  });
}

describe('stationCoverage', () => {
  it('agrees with an all-pairs haversine loop on 200 random cases with varied radii', () => {
    let farther = 0; // villages covered by a station other than their nearest
    for (let seed = 1; seed <= 200; seed++) {
      const r = rng(seed);
      const box: Box = r.chance(0.2) ? [75, 18, 135, 53] : COUNTY_BOX; // some cases nation-wide
      const radii = Array.from({ length: r.int(1, 4) }, () => r.int(50, r.chance(0.5) ? 3000 : 20000));
      const villages = randomVillages(r, r.int(0, 120), box);
      const stations = randomStations(r, r.int(0, 40), box, radii);
      const got = stationCoverage(villages, stations);
      const want = bruteCoverage(villages, stations);
      expect(got).toHaveLength(villages.length);
      got.forEach((g, i) => {
        const w = want[i]!;
        const ctx = `seed ${seed}, village ${villages[i]!.id}`;
        expect(g.village_id, ctx).toBe(villages[i]!.id);
        expect(g.nearest_station_id, ctx).toBe(w.nearest?.id ?? null);
        if (w.nearest) expect(g.nearest_distance_m!, ctx).toBeCloseTo(w.nd, 6);
        else expect(g.nearest_distance_m, ctx).toBeNull();
        expect(g.covered, ctx).toBe(w.coverer !== null);
        expect(g.covered_by, ctx).toBe(w.coverer?.id ?? null);
        if (g.covered && g.covered_by !== g.nearest_station_id) farther++;
      });
    }
    expect(farther).toBeGreaterThan(0);
  });

  it('counts a village covered by a farther station with a larger radius', () => {
    const v = randomVillages(rng(1), 1)[0]!;
    v.lngLat = [123, 41.7];
    const stations: StationInput[] = [
      { id: 1, name: 'near', level: '站点', lngLat: [123.012, 41.7], radius_m: 800 }, // ≈ 997 m
      { id: 2, name: 'far', level: '乡镇中心', lngLat: [123, 41.715], radius_m: 2000 }, // ≈ 1668 m
    ];
    const [res] = stationCoverage([v], stations);
    expect(res).toMatchObject({ nearest_station_id: 1, covered: true, covered_by: 2 });
    expect(res!.nearest_distance_m).toBeCloseTo(haversineM(v.lngLat, stations[0]!.lngLat), 6);
  });

  it('leaves every village uncovered without stations', () => {
    const villages = randomVillages(rng(2), 5);
    expect(stationCoverage(villages, []).every((r) => !r.covered && r.nearest_station_id === null)).toBe(true);
  });
});

describe('summarizeCoverage', () => {
  it('equals direct sums overall and per township', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const r = rng(1000 + seed);
      const villages = randomVillages(r, r.int(0, 150), COUNTY_BOX, r.int(1, 6));
      const results = stationCoverage(villages, randomStations(r, r.int(0, 30)));
      const s = summarizeCoverage(results, villages);
      const covered = new Set(results.filter((x) => x.covered).map((x) => x.village_id));
      const totals = (vs: VillageInput[]) => ({
        villages: vs.length,
        covered_villages: vs.filter((v) => covered.has(v.id)).length,
        residents: vs.reduce((n, v) => n + (v.resident_population ?? v.registered_population ?? 0), 0),
        covered_residents: vs.filter((v) => covered.has(v.id)).reduce((n, v) => n + residentsOf(v), 0),
      });
      expect(s.overall).toEqual(totals(villages));
      const townships = [...new Set(villages.map((v) => v.township_id))].sort((a, b) => a - b);
      expect(s.by_township).toEqual(
        townships.map((t) => ({ township_id: t, ...totals(villages.filter((v) => v.township_id === t)) })),
      );
    }
  });

  it('counts residents, else registered population, else 0', () => {
    expect(residentsOf({ resident_population: 5, registered_population: 9 })).toBe(5);
    expect(residentsOf({ resident_population: null, registered_population: 9 })).toBe(9);
    expect(residentsOf({ resident_population: null, registered_population: null })).toBe(0);
  });
});
