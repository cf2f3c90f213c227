import { describe, expect, it } from 'vitest';
import { haversineM } from '../geo.ts';
import { stationCoverage } from './coverage.ts';
import { suggestStations } from './siting.ts';
import { randomStations, randomVillages, rng } from './test-random.ts';
import type { VillageInput } from './types.ts';

/** Plain greedy: every step scores every site against every still-uncovered village. */
function bruteGreedy(villages: VillageInput[], coveredIds: Set<number>, k: number, radius: number) {
  const open = new Set(villages.filter((v) => !coveredIds.has(v.id)).map((v) => v.id));
  const byId = new Map(villages.map((v) => [v.id, v]));
  const picks: { id: number; residents: number; villages: number; covers: number[] }[] = [];
  while (picks.length < k) {
    let best: (typeof picks)[number] | null = null;
    for (const site of villages) {
      const covers = [...open].filter((id) => haversineM(site.lngLat, byId.get(id)!.lngLat) <= radius);
      const residents = covers.reduce(
        (n, id) => n + (byId.get(id)!.resident_population ?? byId.get(id)!.registered_population ?? 0),
        0,
      );
      const cand = { id: site.id, residents, villages: covers.length, covers: covers.sort((a, b) => a - b) };
      if (
        !best ||
        cand.residents > best.residents ||
        (cand.residents === best.residents && cand.villages > best.villages) ||
        (cand.residents === best.residents && cand.villages === best.villages && cand.id < best.id)
      )
        best = cand;
    }
    if (!best || best.villages === 0) break;
    picks.push(best);
    for (const id of best.covers) open.delete(id);
  }
  return picks;
}

describe('suggestStations', () => {
  it('picks what a brute-force greedy picks, on 150 small random cases', () => {
    for (let seed = 1; seed <= 150; seed++) {
      const r = rng(5000 + seed);
      const villages = randomVillages(r, r.int(0, 60));
      if (r.chance(0.3)) for (const v of villages) v.resident_population = r.int(0, 5) * 100; // many ties
      const coverage = stationCoverage(villages, randomStations(r, r.int(0, 8)));
      const k = r.int(0, 6);
      const radius = r.int(300, 4000);
      const got = suggestStations(villages, coverage, { k, radius_m: radius });
      const covered = new Set(coverage.filter((c) => c.covered).map((c) => c.village_id));
      const want = bruteGreedy(villages, covered, k, radius);
      expect(
        got.map((g) => [g.village_id, g.gain_residents, g.gain_villages, g.covers]),
        `seed ${seed}`,
      ).toEqual(want.map((w) => [w.id, w.residents, w.villages, w.covers]));
    }
  });

  it('gives the first pick the largest single-site gain, and never re-counts a village', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const r = rng(7000 + seed);
      const villages = randomVillages(r, r.int(5, 80));
      const coverage = stationCoverage(villages, randomStations(r, r.int(0, 10)));
      const radius = r.int(500, 3000);
      const got = suggestStations(villages, coverage, { k: 5, radius_m: radius });
      const covered = new Set(coverage.filter((c) => c.covered).map((c) => c.village_id));
      const single = Math.max(
        0,
        ...villages.map((s) =>
          villages
            .filter((v) => !covered.has(v.id) && haversineM(s.lngLat, v.lngLat) <= radius)
            .reduce((n, v) => n + (v.resident_population ?? v.registered_population ?? 0), 0),
        ),
      );
      if (got.length > 0) expect(got[0]!.gain_residents).toBe(single);
      const all = got.flatMap((g) => g.covers);
      expect(new Set(all).size).toBe(all.length);
      for (const id of all) expect(covered.has(id)).toBe(false);
      for (let i = 1; i < got.length; i++)
        expect(got[i]!.gain_residents).toBeLessThanOrEqual(got[i - 1]!.gain_residents);
    }
  });

  it('suggests nothing when every village is covered', () => {
    const villages = randomVillages(rng(3), 10);
    const coverage = villages.map((v) => ({ village_id: v.id, covered: true }));
    expect(suggestStations(villages, coverage, { k: 3 })).toEqual([]);
  });
});
