/**
 * Where new stations would help most (issue #6): greedy maximal coverage over candidate sites =
 * village committee sites. Each step picks the site that newly covers the most uncovered
 * residents within `radius_m` (the site's own village included). Lazy greedy: gains only shrink
 * as villages get covered, so a max-heap of possibly stale gains is re-evaluated only at its top.
 */
import { DEFAULT_SERVICE_RADIUS_M } from '../enums.ts';
import { haversineM } from '../geo.ts';
import type { CoverageResult } from './coverage.ts';
import { aroundM, buildIndex } from './spatial.ts';
import { residentsOf, type LngLat, type VillageInput } from './types.ts';

/** One suggested site, in pick order. */
export interface StationSuggestion {
  village_id: number;
  name: string;
  lngLat: LngLat;
  /** Residents of villages this site newly covers (after the earlier picks). */
  gain_residents: number;
  /** Number of villages this site newly covers. */
  gain_villages: number;
  /** Ids of the villages newly covered, ascending. */
  covers: number[];
}

export interface SitingOptions {
  /** How many sites to suggest (default 3). */
  k?: number;
  /** Service radius of a new station in metres (default {@link DEFAULT_SERVICE_RADIUS_M}). */
  radius_m?: number;
}

type SiteVillage = Pick<VillageInput, 'id' | 'name' | 'lngLat' | 'resident_population' | 'registered_population'>;

/** A heap entry: a candidate (index into `villages`) with an upper bound of its gain. */
interface Entry {
  site: number;
  residents: number;
  villages: number;
  id: number;
}

/** Priority: more residents, then more villages, then the lower village id. */
function before(a: Entry, b: Entry): boolean {
  if (a.residents !== b.residents) return a.residents > b.residents;
  if (a.villages !== b.villages) return a.villages > b.villages;
  return a.id < b.id;
}

/** A binary max-heap ordered by {@link before}. */
class MaxHeap {
  private readonly items: Entry[] = [];

  get size(): number {
    return this.items.length;
  }

  push(e: Entry): void {
    const a = this.items;
    a.push(e);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(a[i]!, a[p]!)) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }

  pop(): Entry | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && before(a[l]!, a[m]!)) m = l;
        if (r < a.length && before(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}

/**
 * Suggests up to `k` new station sites at villages, greedily maximising newly covered residents
 * (ties: more villages newly covered, then the lower village id). Villages whose coverage result
 * says `covered` are already served; villages without a result count as uncovered. Stops early
 * when no site covers any further village.
 * @example
 * const coverage = stationCoverage(villages, stations);
 * suggestStations(villages, coverage, { k: 3, radius_m: 1200 }); // [{ village_id, gain_residents, … }]
 */
export function suggestStations(
  villages: readonly SiteVillage[],
  coverageResults: readonly Pick<CoverageResult, 'village_id' | 'covered'>[],
  options: SitingOptions = {},
): StationSuggestion[] {
  const k = options.k ?? 3;
  const radius = options.radius_m ?? DEFAULT_SERVICE_RADIUS_M;
  if (!(radius >= 0) || !Number.isFinite(radius)) throw new RangeError(`radius_m must be ≥ 0, got ${radius}`);
  const alreadyCovered = new Set<number>();
  for (const r of coverageResults) if (r.covered) alreadyCovered.add(r.village_id);

  const uncovered = villages.filter((v) => !alreadyCovered.has(v.id));
  const index = buildIndex(uncovered.map((v) => v.lngLat));
  const people = uncovered.map((v) => residentsOf(v));
  const done = new Uint8Array(uncovered.length); // 1 once covered by a pick

  /** Indices into `uncovered` of the still-uncovered villages a site at `at` reaches. */
  const reach = (at: LngLat): number[] =>
    aroundM(index, at, radius, Infinity, (j) => done[j] === 0).filter(
      (j) => haversineM(at, uncovered[j]!.lngLat) <= radius,
    );
  const gainOf = (site: number): Entry => {
    const js = reach(villages[site]!.lngLat);
    let residents = 0;
    for (const j of js) residents += people[j]!;
    return { site, residents, villages: js.length, id: villages[site]!.id };
  };

  const heap = new MaxHeap();
  if (uncovered.length > 0 && k > 0) {
    for (let site = 0; site < villages.length; site++) {
      const e = gainOf(site);
      if (e.villages > 0) heap.push(e);
    }
  }

  const picks: StationSuggestion[] = [];
  while (picks.length < k && heap.size > 0) {
    const top = heap.pop()!;
    const fresh = gainOf(top.site);
    if (fresh.villages === 0) continue;
    if (fresh.residents !== top.residents || fresh.villages !== top.villages) {
      heap.push(fresh); // stale: re-queue with its current gain
      continue;
    }
    const js = reach(villages[top.site]!.lngLat);
    for (const j of js) done[j] = 1;
    const v = villages[top.site]!;
    picks.push({
      village_id: v.id,
      name: v.name,
      lngLat: [v.lngLat[0], v.lngLat[1]],
      gain_residents: fresh.residents,
      gain_villages: fresh.villages,
      covers: js.map((j) => uncovered[j]!.id).sort((a, b) => a - b),
    });
  }
  return picks;
}
