/**
 * Any layer's records by id or by filter (`GET /api/{layer}/:id`, `GET /api/{layer}?…`), for views
 * that show records of several layers (the detail panel). Typed per layer by the caller.
 */
import type { LayerName } from '../../../common/schemas/layers.ts';
import type { RowMeta } from '../../../common/schemas/records.ts';
import { getJson, withQuery } from './http.ts';
import { assertCollection, assertFeature, type Feature, type FeatureCollection } from './geojson.ts';

/** A geometry as the API returns it; null for records without one (chains, assessments). */
export type AnyGeometry = { type: string; coordinates: unknown } | null;

/** `GET /api/{layer}/:id`. @throws ApiError 404 `not_found` when there is no such record */
export async function fetchFeature<P>(
  layer: LayerName,
  id: number,
  signal?: AbortSignal,
): Promise<Feature<AnyGeometry, P & RowMeta>> {
  return assertFeature(await getJson<unknown>(`/api/${layer}/${encodeURIComponent(id)}`, signal));
}

/** Filters of `GET /api/{layer}` (see docs/api.md): `village`, `bbox`, `secretary`, `chain` … */
export type FeatureQuery = Record<string, string | number | undefined>;

/** `GET /api/{layer}?…`: the matching records (`limit` defaults to the server's 5000). */
export async function fetchFeatures<P>(
  layer: LayerName,
  query: FeatureQuery,
  signal?: AbortSignal,
): Promise<FeatureCollection<AnyGeometry, P & RowMeta>> {
  return assertCollection(await getJson<unknown>(withQuery(`/api/${layer}`, query), signal));
}
