/**
 * Test helper (not shipped): a tiny seeded PRNG (mulberry32) and random inputs for the property
 * tests of the analyses, so every failure reproduces from its seed.
 */
import { ASSET_SUBTYPE_NAMES, CHAIN_STAGES, type ChainStage } from '../enums.ts';
import type { AssetInput, ChainNodeInput, LngLat, StationInput, TownshipInput, VillageInput } from './types.ts';

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [a, b). */
  float(a: number, b: number): number;
  /** Uniform integer in [a, b]. */
  int(a: number, b: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(xs: readonly T[]): T;
  /** `n` distinct items of `xs` (all of them when fewer). */
  sample<T>(xs: readonly T[], n: number): T[];
}

/**
 * mulberry32: a fast 32-bit seeded generator.
 * @example const r = rng(42); r.int(1, 6);
 */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const r: Rng = {
    next,
    float: (lo, hi) => lo + (hi - lo) * next(),
    int: (lo, hi) => lo + Math.floor((hi - lo + 1) * next()),
    chance: (p) => next() < p,
    pick: (xs) => xs[Math.floor(next() * xs.length)]!,
    sample: (xs, n) => {
      const copy = [...xs];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      }
      return copy.slice(0, n);
    },
  };
  return r;
}

/** `[west, south, east, north]`. */
export type Box = readonly [number, number, number, number];

/** A county-sized box west of Shenyang. */
export const COUNTY_BOX: Box = [122.8, 41.64, 123.1, 41.84];

export function randomPoint(r: Rng, box: Box = COUNTY_BOX): LngLat {
  return [r.float(box[0], box[2]), r.float(box[1], box[3])];
}

/** Random villages with ids 1…n in `townships` townships; some populations and incomes unknown. */
export function randomVillages(r: Rng, n: number, box: Box = COUNTY_BOX, townships = 4): VillageInput[] {
  return Array.from({ length: n }, (_, i): VillageInput => {
    const registered = r.chance(0.1) ? null : r.int(0, 3000);
    return {
      id: i + 1,
      name: `村${i + 1}`,
      township_id: r.int(1, townships),
      lngLat: randomPoint(r, box),
      registered_population: registered,
      resident_population: r.chance(0.15) || registered === null ? null : Math.round(registered * r.float(0.4, 1)),
      operating_income: r.chance(0.1) ? null : Math.round(r.float(0, 120) * 100) / 100,
      total_income: r.chance(0.1) ? null : Math.round(r.float(0, 200) * 100) / 100,
      flags: [],
    };
  });
}

/** Random stations with ids 1…n and radii drawn from `radii`. */
export function randomStations(
  r: Rng,
  n: number,
  box: Box = COUNTY_BOX,
  radii = [800, 1200, 2000, 3000],
): StationInput[] {
  return Array.from({ length: n }, (_, i) => ({
    id: i + 1,
    name: `站${i + 1}`,
    level: '村中心',
    lngLat: randomPoint(r, box),
    radius_m: r.pick(radii),
  }));
}

/** Random chain nodes (ids from 1) at random villages (a few free), stages from `stages`. */
export function randomNodes(
  r: Rng,
  n: number,
  villages: readonly VillageInput[],
  chains = 3,
  stages: readonly ChainStage[] = CHAIN_STAGES,
): ChainNodeInput[] {
  return Array.from({ length: n }, (_, i) => {
    const free = r.chance(0.1);
    const v = r.pick(villages);
    return {
      id: i + 1,
      chain_id: r.int(1, chains),
      village_id: free ? null : v.id,
      stage: r.pick(stages),
      lngLat: free ? randomPoint(r) : [v.lngLat[0] + r.float(-0.003, 0.003), v.lngLat[1] + r.float(-0.003, 0.003)],
      name: `节点${i + 1}`,
    };
  });
}

/** Random assets (ids from 1) near random villages. */
export function randomAssets(r: Rng, n: number, villages: readonly VillageInput[]): AssetInput[] {
  return Array.from({ length: n }, (_, i) => {
    const v = r.pick(villages);
    const land = r.chance(0.5);
    return {
      id: i + 1,
      village_id: v.id,
      subtype: r.pick(ASSET_SUBTYPE_NAMES),
      area_mu: land ? Math.round(r.float(1, 500) * 100) / 100 : null,
      area_m2: land ? null : r.int(50, 3000),
      book_value: r.chance(0.3) ? null : Math.round(r.float(0, 300) * 100) / 100,
      lngLat: [v.lngLat[0] + r.float(-0.004, 0.004), v.lngLat[1] + r.float(-0.004, 0.004)],
    };
  });
}

/** `n` townships with random (symmetric-or-not) adjacency lists. */
export function randomTownships(r: Rng, n: number): TownshipInput[] {
  return Array.from({ length: n }, (_, i) => ({
    id: i + 1,
    name: `乡${i + 1}`,
    adjacent: Array.from({ length: n }, (_, j) => j + 1).filter((j) => j !== i + 1 && r.chance(0.4)),
  }));
}
