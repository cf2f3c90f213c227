/** The alliances layer (党建联建): saved plans with their member villages; geometry is the members' hull. */
import type { AllianceProps, RowMeta } from '../../../common/schemas/records.ts';
import type { AllianceSummary } from '../../../common/analysis/alliance-summary.ts';
import { getJson, requestJson } from './http.ts';
import { assertCollection, assertFeature, type Feature, type FeatureCollection } from './geojson.ts';

export type { AllianceProps };
export type AllianceFeatureProps = AllianceProps & RowMeta & { member_count: number };
export interface HullGeometry {
  type: 'Polygon';
  coordinates: number[][][];
}
export type AllianceFeature = Feature<HullGeometry | null, AllianceFeatureProps>;
export type AllianceCollection = FeatureCollection<HullGeometry | null, AllianceFeatureProps>;

/** `GET /api/alliances`: every alliance with its hull. */
export async function fetchAlliances(signal?: AbortSignal): Promise<AllianceCollection> {
  return assertCollection(await getJson<unknown>('/api/alliances', signal));
}

/** `GET /api/alliances/:id`. */
export async function fetchAlliance(id: number, signal?: AbortSignal): Promise<AllianceFeature> {
  return assertFeature(await getJson<unknown>(`/api/alliances/${encodeURIComponent(id)}`, signal));
}

/**
 * `POST /api/alliances`: saves a new alliance.
 * @throws ApiError 400 `validation_failed` with `details[].path` like `properties.lead_village_id`
 */
export async function createAlliance(properties: AllianceProps): Promise<AllianceFeature> {
  return assertFeature(await requestJson<unknown>('POST', '/api/alliances', { body: { properties } }));
}

/**
 * `PATCH /api/alliances/:id`: changes some fields of the version the edit started from.
 * @throws ApiError 412 `version_conflict` (`extra.current_version`) when someone saved meanwhile
 */
export async function updateAlliance(
  id: number,
  version: number,
  properties: Partial<AllianceProps>,
): Promise<AllianceFeature> {
  return assertFeature(
    await requestJson<unknown>('PATCH', `/api/alliances/${encodeURIComponent(id)}`, {
      body: { properties },
      ifMatch: version,
    }),
  );
}

/** `GET /api/alliances/:id/summary`. */
export async function fetchAllianceSummary(
  id: number,
  signal?: AbortSignal,
): Promise<AllianceSummary & { alliance_id: number; name: string }> {
  return getJson(`/api/alliances/${encodeURIComponent(id)}/summary`, signal);
}

/** Where a saved alliance's plan downloads as GeoJSON (hull with figures, and the members). */
export function planGeoJsonUrl(id: number): string {
  return `/api/alliances/${encodeURIComponent(id)}/plan.geojson`;
}
