/** Vertices drawn on the map ↔ GeoJSON geometry (no Leaflet: unit-tested). Positions are `[lng, lat]`. */
import type { Geometry } from '../../../common/schemas/geometry.ts';

export type DrawKind = 'Point' | 'LineString' | 'Polygon';
export type LngLat = [number, number];

/** How many vertices a shape of `kind` needs. */
export const MIN_VERTICES: Record<DrawKind, number> = { Point: 1, LineString: 2, Polygon: 3 };

/**
 * The geometry of drawn vertices, or null while there are too few (a polygon's ring is closed here).
 * @example verticesToGeometry('LineString', [[1, 2], [3, 4]]) // { type: 'LineString', coordinates: [[1, 2], [3, 4]] }
 */
export function verticesToGeometry(kind: DrawKind, vertices: readonly LngLat[]): Geometry | null {
  if (vertices.length < MIN_VERTICES[kind]) return null;
  const v = vertices.map(([lng, lat]) => [lng, lat]);
  if (kind === 'Point') return { type: 'Point', coordinates: v[v.length - 1]! } as Geometry;
  if (kind === 'LineString') return { type: 'LineString', coordinates: v } as Geometry;
  return { type: 'Polygon', coordinates: [[...v, v[0]!]] } as Geometry;
}

/**
 * The editable vertices of a geometry (a polygon's outer ring without its closing vertex; the
 * first part of a MultiPolygon); null for anything else.
 */
export function geometryToVertices(g: Geometry | null): { kind: DrawKind; vertices: LngLat[] } | null {
  if (!g) return null;
  const pair = (p: readonly number[]): LngLat => [p[0]!, p[1]!];
  if (g.type === 'Point') return { kind: 'Point', vertices: [pair(g.coordinates as number[])] };
  if (g.type === 'LineString') return { kind: 'LineString', vertices: (g.coordinates as number[][]).map(pair) };
  const ring =
    g.type === 'Polygon'
      ? (g.coordinates as number[][][])[0]
      : g.type === 'MultiPolygon'
        ? (g.coordinates as number[][][][])[0]?.[0]
        : undefined;
  if (!ring) return null;
  return { kind: 'Polygon', vertices: ring.slice(0, -1).map(pair) };
}
