/** The GeoJSON shapes the API returns (RFC 7946; `feature.id` is the row id). */
import type { ArealGeometry, PointGeometry } from '../../../common/schemas/geometry.ts';
import { ApiError } from './http.ts';

export interface Feature<G, P> {
  type: 'Feature';
  id: number;
  geometry: G;
  properties: P;
}

export interface FeatureCollection<G, P> {
  type: 'FeatureCollection';
  features: Feature<G, P>[];
  /** Rows matching the filters before `limit`/`offset` (list endpoints). */
  total?: number;
}

export type { ArealGeometry, PointGeometry };

/** Throws `bad_response` unless `body` looks like a FeatureCollection (a cheap guard, not a full parse). */
export function assertCollection<G, P>(body: unknown): FeatureCollection<G, P> {
  const fc = body as Partial<FeatureCollection<G, P>> | null;
  if (!fc || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw new ApiError({ status: 200, code: 'bad_response', message: 'Expected a GeoJSON FeatureCollection' });
  }
  return fc as FeatureCollection<G, P>;
}

/** Throws `bad_response` unless `body` looks like a Feature. */
export function assertFeature<G, P>(body: unknown): Feature<G, P> {
  const f = body as Partial<Feature<G, P>> | null;
  if (!f || f.type !== 'Feature' || typeof f.properties !== 'object' || f.properties === null) {
    throw new ApiError({ status: 200, code: 'bad_response', message: 'Expected a GeoJSON Feature' });
  }
  return f as Feature<G, P>;
}
