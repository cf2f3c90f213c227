/**
 * Spatial-index helpers shared by the analyses: a KDBush index over `[lng, lat]` points queried
 * with geokdbush (great-circle). geokdbush measures in km on a 6371 km sphere, a hair smaller than
 * the 6371.0088 km of `haversineM`, so its results are a superset of ours; callers re-check with
 * `haversineM` so every analysis agrees exactly with a brute-force loop over `haversineM`.
 */
import KDBush from 'kdbush';
import { around } from 'geokdbush';
import type { LngLat } from './types.ts';

/** Node size for the KD-trees: small nodes make nearest-neighbour queries faster. */
const NODE_SIZE = 16;

/** Relative slack added to km search radii against floating-point rounding. */
const SLACK = 1 + 1e-9;

/**
 * A static KDBush index over `[lng, lat]` points; item `i` is `points[i]`.
 * @example const idx = buildIndex(villages.map((v) => v.lngLat));
 */
export function buildIndex(points: readonly LngLat[]): KDBush {
  const index = new KDBush(points.length, NODE_SIZE);
  for (const p of points) index.add(p[0], p[1]);
  return index.finish();
}

/**
 * Indices of the points within about `maxM` metres of `at`, nearest first (a superset of those
 * within `maxM` by `haversineM`; re-check before use).
 */
export function aroundM(
  index: KDBush,
  at: LngLat,
  maxM: number,
  maxResults = Infinity,
  predicate?: (i: number) => boolean,
): number[] {
  return around(index, at[0], at[1], maxResults, (maxM / 1000) * SLACK + 1e-9, predicate);
}

/** Indices of the `n` points nearest to `at` (great-circle), nearest first. */
export function nearestN(index: KDBush, at: LngLat, n: number, predicate?: (i: number) => boolean): number[] {
  return around(index, at[0], at[1], n, Infinity, predicate);
}

/** Rounds to `digits` decimals (for display texts and golden files). */
export function roundTo(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
