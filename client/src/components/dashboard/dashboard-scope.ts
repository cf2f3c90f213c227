/**
 * The dashboard's scope in its URL: `?township=1,2` those townships, `?township=all` the county;
 * without it an official sees their own townships and everyone else the county.
 */
export const COUNTY = 'all';

/** The township ids a dashboard URL asks for (empty: the whole county). */
export function scopeFromQuery(q: unknown, ownTownships: readonly number[]): number[] {
  const s = Array.isArray(q) ? String(q[0] ?? '') : typeof q === 'string' ? q : '';
  if (s === COUNTY) return [];
  const ids = [...new Set(s.split(',').map((x) => Number(x)))].filter((n) => Number.isInteger(n) && n > 0);
  if (ids.length) return ids.sort((a, b) => a - b);
  return [...ownTownships].sort((a, b) => a - b);
}

/** The query value of a scope: `all` for the county, else the ids. */
export function scopeToQuery(ids: readonly number[]): string {
  return ids.length ? [...ids].sort((a, b) => a - b).join(',') : COUNTY;
}
