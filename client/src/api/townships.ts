import type { BBox } from '../../../common/schemas/geometry.ts';
import type { RowMeta, TownshipProps } from '../../../common/schemas/records.ts';
import { getJson, withQuery } from './http.ts';
import { assertCollection, type ArealGeometry, type FeatureCollection } from './geojson.ts';
import { ApiError } from './http.ts';

export type TownshipFeatureProps = TownshipProps & RowMeta;
export type TownshipCollection = FeatureCollection<ArealGeometry, TownshipFeatureProps>;

/** One township as the index lists it: no geometry; its extent `[minx, miny, maxx, maxy]`. */
export interface TownshipEntry {
  id: number;
  code: string;
  name: string;
  county: string;
  extent: BBox | null;
}

/**
 * `GET /api/townships/index`: every township, without its boundary (the browser revalidates it
 * with its ETag, so an unchanged index costs a 304).
 */
export async function fetchTownshipIndex(signal?: AbortSignal): Promise<TownshipEntry[]> {
  const body = await getJson<{ townships?: unknown }>('/api/townships/index', signal);
  if (!Array.isArray(body?.townships))
    throw new ApiError({ status: 200, code: 'bad_response', message: 'Expected a township index' });
  return body.townships as TownshipEntry[];
}

/** `GET /api/townships?bbox=…`: the boundaries of the townships meeting a view, a page at a time. */
export async function fetchTownshipOutlines(
  bbox: BBox,
  page: { limit: number; offset?: number },
  signal?: AbortSignal,
): Promise<TownshipCollection> {
  const url = withQuery('/api/townships', {
    bbox: bbox.map((v) => Number(v.toFixed(6))).join(','),
    limit: page.limit,
    offset: page.offset || undefined,
  });
  return assertCollection(await getJson<unknown>(url, signal));
}

/** `GET /api/townships/at`: the township whose boundary holds the point, or null. */
export async function fetchTownshipAt(
  lngLat: readonly [number, number],
  signal?: AbortSignal,
): Promise<Omit<TownshipEntry, 'extent'> | null> {
  const body = await getJson<{ township: Omit<TownshipEntry, 'extent'> | null }>(
    withQuery('/api/townships/at', { lng: lngLat[0], lat: lngLat[1] }),
    signal,
  );
  return body?.township ?? null;
}
