/** Where to put a polygon's label: the centroid of its largest outer ring. Pure, `[lng, lat]`. */

type Ring = readonly (readonly number[])[];

/** Signed area (shoelace, in squared degrees) and centroid of a ring. */
function ringCentroid(ring: Ring): { area: number; lngLat: [number, number] } {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [x0, y0] = ring[j] as [number, number];
    const [x1, y1] = ring[i] as [number, number];
    const cross = x0 * y1 - x1 * y0;
    a += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  if (a === 0) {
    const first = ring[0] ?? [0, 0];
    return { area: 0, lngLat: [first[0] ?? 0, first[1] ?? 0] };
  }
  return { area: Math.abs(a / 2), lngLat: [cx / (3 * a), cy / (3 * a)] };
}

/**
 * The label position of a Polygon or MultiPolygon: the centroid of its largest outer ring.
 * @returns `[lng, lat]`, or null for an empty geometry
 * @example labelPoint({ type: 'Polygon', coordinates: [[[0,0],[2,0],[2,2],[0,2],[0,0]]] }) // [1, 1]
 */
export function labelPoint(
  geometry: { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] },
): [number, number] | null {
  const outers = geometry.type === 'Polygon' ? [geometry.coordinates[0]] : geometry.coordinates.map((p) => p[0]);
  let best: { area: number; lngLat: [number, number] } | null = null;
  for (const ring of outers) {
    if (!ring || ring.length === 0) continue;
    const c = ringCentroid(ring);
    if (!best || c.area > best.area) best = c;
  }
  return best?.lngLat ?? null;
}

/** A GeoJSON geometry of any type (or none). */
export type AnyGeometry = { type: string; coordinates: unknown } | null;

/** Where a feature's symbol goes: the point itself, inside the largest polygon, a line's middle vertex. */
export function anchorOf(g: AnyGeometry): [number, number] | null {
  if (!g) return null;
  switch (g.type) {
    case 'Point':
      return g.coordinates as [number, number];
    case 'Polygon':
      return labelPoint({ type: 'Polygon', coordinates: g.coordinates as Ring[] });
    case 'MultiPolygon':
      return labelPoint({ type: 'MultiPolygon', coordinates: g.coordinates as Ring[][] });
    case 'LineString': {
      const c = g.coordinates as [number, number][];
      return c[Math.floor(c.length / 2)] ?? null;
    }
    default:
      return null;
  }
}
