/**
 * Structural checks that zod cannot express: closed rings, self-intersections, holes inside
 * their shell, vertex caps. Structure-only validators accept bow-ties and holes outside their
 * shell (issue #9 notes), so this runs on every written geometry. Positions are `[lng, lat]`.
 */

/** Polygons above this many vertices are refused before any quadratic work is attempted. */
export const MAX_VERTICES = 20_000;

export interface GeometryIssue {
  /** Path below the geometry, e.g. `coordinates.0` for the outer ring. */
  path: (string | number)[];
  message: string;
}

type Pos = readonly number[];
type Ring = readonly Pos[];

const samePos = (a: Pos, b: Pos) => a[0] === b[0] && a[1] === b[1];

function orient(a: Pos, b: Pos, c: Pos): number {
  const v = (b[0]! - a[0]!) * (c[1]! - a[1]!) - (b[1]! - a[1]!) * (c[0]! - a[0]!);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

function onSegment(a: Pos, b: Pos, p: Pos): boolean {
  return (
    Math.min(a[0]!, b[0]!) <= p[0]! &&
    p[0]! <= Math.max(a[0]!, b[0]!) &&
    Math.min(a[1]!, b[1]!) <= p[1]! &&
    p[1]! <= Math.max(a[1]!, b[1]!)
  );
}

/** True when segments ab and cd share any point (touching counts). */
export function segmentsIntersect(a: Pos, b: Pos, c: Pos, d: Pos): boolean {
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  if (o1 !== o2 && o3 !== o4) return true;
  return (
    (o1 === 0 && onSegment(a, b, c)) ||
    (o2 === 0 && onSegment(a, b, d)) ||
    (o3 === 0 && onSegment(c, d, a)) ||
    (o4 === 0 && onSegment(c, d, b))
  );
}

/**
 * Whether a closed ring crosses or touches itself anywhere other than between consecutive
 * segments. A sweep over segments sorted by their west edge keeps it near O(n log n) for real
 * boundaries (worst case quadratic, bounded by MAX_VERTICES).
 */
export function ringSelfIntersects(ring: Ring): boolean {
  const n = ring.length - 1; // segments; the ring is closed
  if (n < 3) return false;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (i, j) => Math.min(ring[i]![0]!, ring[i + 1]![0]!) - Math.min(ring[j]![0]!, ring[j + 1]![0]!),
  );
  const active: number[] = [];
  for (const i of order) {
    const a = ring[i]!;
    const b = ring[i + 1]!;
    const minX = Math.min(a[0]!, b[0]!);
    for (let k = active.length - 1; k >= 0; k--) {
      const j = active[k]!;
      if (Math.max(ring[j]![0]!, ring[j + 1]![0]!) < minX) {
        active.splice(k, 1);
        continue;
      }
      const adjacent = Math.abs(i - j) === 1 || Math.abs(i - j) === n - 1;
      if (adjacent) {
        // Neighbours share one vertex; they are only bad if they fold back over each other.
        const [shared, p, q] = j === i + 1 || (i === n - 1 && j === 0) ? [b, a, ring[j + 1]!] : [a, b, ring[j]!];
        if (orient(p, shared, q) === 0 && onSegment(shared, p, q) && !samePos(q, shared)) return true;
        if (orient(q, shared, p) === 0 && onSegment(shared, q, p) && !samePos(p, shared)) return true;
        continue;
      }
      if (segmentsIntersect(a, b, ring[j]!, ring[j + 1]!)) return true;
    }
    active.push(i);
  }
  return false;
}

/** Ray-casting point-in-ring test. */
export function pointInRing(p: Pos, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i]![0]!;
    const yi = ring[i]![1]!;
    const xj = ring[j]![0]!;
    const yj = ring[j]![1]!;
    if (yi > p[1]! !== yj > p[1]! && p[0]! < ((xj - xi) * (p[1]! - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * Whether a point lies in a Polygon or MultiPolygon: inside an outer ring and outside that
 * polygon's holes (an enclave in a hole belongs to another area). False for other geometries.
 */
export function pointInArea(p: Pos, g: { type: string; coordinates: unknown }): boolean {
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') return false;
  const polygons = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as Ring[][];
  return polygons.some(
    (rings) => rings.length > 0 && pointInRing(p, rings[0]!) && !rings.slice(1).some((h) => pointInRing(p, h)),
  );
}

/** Signed area (shoelace, planar degrees²): positive for counter-clockwise rings. */
export function ringSignedArea(ring: Ring): number {
  let s = 0;
  for (let i = 0; i < ring.length - 1; i++) s += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  return s / 2;
}

function polygonIssues(rings: readonly Ring[], base: (string | number)[]): GeometryIssue[] {
  const issues: GeometryIssue[] = [];
  rings.forEach((ring, r) => {
    const path = [...base, r];
    if (ring.length < 4) issues.push({ path, message: 'a ring needs at least 4 positions' });
    else if (!samePos(ring[0]!, ring[ring.length - 1]!))
      issues.push({ path, message: 'ring is not closed: its first and last positions differ' });
    else if (ringSelfIntersects(ring)) issues.push({ path, message: 'ring intersects itself' });
    else if (Math.abs(ringSignedArea(ring)) === 0) issues.push({ path, message: 'ring has no area' });
    else if (r > 0 && rings[0] && !ring.every((p) => pointInRing(p, rings[0]!) || rings[0]!.some((q) => samePos(p, q))))
      issues.push({ path, message: 'hole lies outside its outer ring' });
  });
  return issues;
}

function countVertices(coords: unknown): number {
  if (!Array.isArray(coords)) return 0;
  if (typeof coords[0] === 'number') return 1;
  let n = 0;
  for (const c of coords) n += countVertices(c);
  return n;
}

/**
 * Topology issues of a structurally valid GeoJSON geometry (paths relative to the geometry).
 * @example geometryIssues({ type: 'Polygon', coordinates: [[[0,0],[1,1],[1,0],[0,1],[0,0]]] })
 * // [{ path: ['coordinates', 0], message: 'ring intersects itself' }]
 */
export function geometryIssues(g: { type: string; coordinates: unknown }): GeometryIssue[] {
  if (g.type === 'Point') return [];
  if (countVertices(g.coordinates) > MAX_VERTICES)
    return [{ path: ['coordinates'], message: `geometry has more than ${MAX_VERTICES} vertices` }];
  if (g.type === 'Polygon') return polygonIssues(g.coordinates as Ring[], ['coordinates']);
  if (g.type === 'MultiPolygon')
    return (g.coordinates as Ring[][]).flatMap((poly, i) => polygonIssues(poly, ['coordinates', i]));
  return [];
}

/** Returns a copy with outer rings counter-clockwise and holes clockwise (RFC 7946 §3.1.6). */
export function rewind<G extends { type: string; coordinates: unknown }>(g: G): G {
  const fix = (rings: Ring[]) =>
    rings.map((ring, i) => {
      const ccw = ringSignedArea(ring) > 0;
      return (i === 0) === ccw ? ring : [...ring].reverse();
    });
  if (g.type === 'Polygon') return { ...g, coordinates: fix(g.coordinates as Ring[]) };
  if (g.type === 'MultiPolygon') return { ...g, coordinates: (g.coordinates as Ring[][]).map(fix) };
  return g;
}
