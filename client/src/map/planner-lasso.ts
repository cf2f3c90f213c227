/**
 * Lasso selection (pure geometry, no Leaflet): which villages fall inside a hand-drawn path.
 * Coordinates are `[lng, lat]`.
 */
import { pointInRing } from '../../../common/analysis/alliance-summary.ts';

export type LngLatPair = [number, number];

/** The path as a closed ring (first point repeated at the end), or null for fewer than 3 distinct points. */
export function closeRing(path: readonly LngLatPair[]): LngLatPair[] | null {
  const distinct = path.filter((p, i) => i === 0 || p[0] !== path[i - 1]![0] || p[1] !== path[i - 1]![1]);
  if (distinct.length < 3) return null;
  const first = distinct[0]!;
  const last = distinct[distinct.length - 1]!;
  return first[0] === last[0] && first[1] === last[1] ? distinct : [...distinct, first];
}

/**
 * Ids of the points inside (or on the edge of) the lasso path, in the order given.
 * @param path the drawn path; it is closed automatically
 * @example idsInLasso([{ id: 1, lngLat: [1, 1] }], [[0, 0], [2, 0], [2, 2], [0, 2]]) // [1]
 */
export function idsInLasso(
  points: readonly { id: number; lngLat: readonly number[] }[],
  path: readonly LngLatPair[],
): number[] {
  const ring = closeRing(path);
  if (!ring) return [];
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of ring) {
    w = Math.min(w, x);
    e = Math.max(e, x);
    s = Math.min(s, y);
    n = Math.max(n, y);
  }
  return points
    .filter(({ lngLat: [x, y] }) => x !== undefined && y !== undefined && x >= w && x <= e && y >= s && y <= n)
    .filter((p) => pointInRing(p.lngLat, ring))
    .map((p) => p.id);
}
