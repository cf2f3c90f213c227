/** Small geodesy helpers used on both sides. Positions are `[lng, lat]` in degrees. */

export const EARTH_RADIUS_M = 6371008.8;

/** Square metres per 亩 (1 亩 = 2000/3 m²). */
export const M2_PER_MU = 2000 / 3;

/** Converts m² to 亩. @example m2ToMu(666.67) // ≈ 1 */
export function m2ToMu(m2: number): number {
  return m2 / M2_PER_MU;
}

/**
 * Great-circle (haversine) distance in metres between two `[lng, lat]` positions.
 * @example haversineM([123, 42], [123.01, 42]) // ≈ 826
 */
export function haversineM(a: readonly number[], b: readonly number[]): number {
  const toRad = Math.PI / 180;
  const dLat = (b[1]! - a[1]!) * toRad;
  const dLng = (b[0]! - a[0]!) * toRad;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(a[1]! * toRad) * Math.cos(b[1]! * toRad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(s)));
}

/** The bbox `[west, south, east, north]` of any GeoJSON coordinates array. */
export function coordsBBox(coords: unknown): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const walk = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number') {
      const [x, y] = c as number[];
      if (x! < box[0]) box[0] = x!;
      if (y! < box[1]) box[1] = y!;
      if (x! > box[2]) box[2] = x!;
      if (y! > box[3]) box[3] = y!;
      return;
    }
    for (const part of c) walk(part);
  };
  walk(coords);
  return box;
}

/**
 * Convex hull (Andrew's monotone chain) of `[lng, lat]` points, as a closed counter-clockwise ring.
 * @returns the ring, or null when the points are fewer than 3 or all collinear
 */
export function convexHull(points: readonly (readonly number[])[]): number[][] | null {
  const pts = [...points]
    .map((p) => [p[0]!, p[1]!])
    .sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!)
    .filter((p, i, arr) => i === 0 || p[0] !== arr[i - 1]![0] || p[1] !== arr[i - 1]![1]);
  if (pts.length < 3) return null;
  const cross = (o: number[], a: number[], b: number[]) =>
    (a[0]! - o[0]!) * (b[1]! - o[1]!) - (a[1]! - o[1]!) * (b[0]! - o[0]!);
  const lower: number[][] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: number[][] = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0) upper.pop();
    upper.push(p);
  }
  const hull = [...lower.slice(0, -1), ...upper.slice(0, -1)];
  if (hull.length < 3) return null;
  return [...hull, hull[0]!];
}

/** Every position of a GeoJSON geometry's coordinates, flattened. */
export function positionsOf(coords: unknown, out: number[][] = []): number[][] {
  if (!Array.isArray(coords)) return out;
  if (typeof coords[0] === 'number') {
    out.push(coords as number[]);
    return out;
  }
  for (const c of coords) positionsOf(c, out);
  return out;
}

/** Geodesic area of a polygon ring in m² (spherical excess approximation used by Turf). */
export function ringAreaM2(ring: readonly (readonly number[])[]): number {
  const rad = Math.PI / 180;
  let total = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const p1 = ring[i]!;
    const p2 = ring[i + 1]!;
    const p3 = ring[(i + 2) % (ring.length - 1)]!;
    total += (p3[0]! * rad - p1[0]! * rad) * Math.sin(p2[1]! * rad);
  }
  return Math.abs((total * EARTH_RADIUS_M * EARTH_RADIUS_M) / 2);
}

/** Area in m² of a Polygon or MultiPolygon (holes subtracted); 0 for other geometry types. */
export function geometryAreaM2(g: { type: string; coordinates: unknown }): number {
  const polygon = (rings: number[][][]) =>
    rings.reduce((sum, ring, i) => sum + (i === 0 ? ringAreaM2(ring) : -ringAreaM2(ring)), 0);
  if (g.type === 'Polygon') return polygon(g.coordinates as number[][][]);
  if (g.type === 'MultiPolygon') return (g.coordinates as number[][][][]).reduce((s, p) => s + polygon(p), 0);
  return 0;
}
