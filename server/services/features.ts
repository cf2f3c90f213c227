import type { Row } from '../repositories/feature-repository.ts';
import type { LayerSpec } from '../repositories/layer-specs.ts';

export interface Feature {
  type: 'Feature';
  id: number;
  geometry: unknown;
  properties: Record<string, unknown>;
}

export interface FeatureCollection {
  type: 'FeatureCollection';
  features: Feature[];
  total?: number;
}

/** Turns a decoded row into a GeoJSON Feature: hidden columns dropped, geometry parsed. */
export function rowToFeature(spec: LayerSpec, row: Row, geometryColumn = spec.geometryColumn): Feature {
  const properties: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (k === 'id' || spec.hiddenColumns.includes(k)) continue;
    properties[k] = v;
  }
  const g = geometryColumn ? row[geometryColumn] : null;
  return {
    type: 'Feature',
    id: Number(row.id),
    geometry: typeof g === 'string' ? JSON.parse(g) : null,
    properties,
  };
}
