/**
 * Plane geometry for the sample generator. Shapes are built in a local metric plane (x east,
 * y north, metres) around an origin, then converted to WGS-84 `[lng, lat]` for output.
 * The plane uses the same spherical earth as `haversineM`, so distances agree with the app's.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { EARTH_RADIUS_M } from '../../common/geo.ts';
import type { Rng } from './random.ts';

/** A point in the local plane, metres east and north of the origin. */
export type XY = [number, number];

const M_PER_DEG = (EARTH_RADIUS_M * Math.PI) / 180;

/** An equirectangular projection about `origin` ([lng, lat]); exact enough over a county. */
export class LocalPlane {
  private readonly kx: number;

  constructor(readonly origin: readonly [number, number]) {
    this.kx = M_PER_DEG * Math.cos((origin[1] * Math.PI) / 180);
  }

  /** `[lng, lat]`, rounded to 6 decimals (≈ 0.1 m). */
  toLngLat(p: readonly number[]): [number, number] {
    return [round6(this.origin[0] + p[0]! / this.kx), round6(this.origin[1] + p[1]! / M_PER_DEG)];
  }

  toXY(lngLat: readonly number[]): XY {
    return [(lngLat[0]! - this.origin[0]) * this.kx, (lngLat[1]! - this.origin[1]) * M_PER_DEG];
  }

  /** Converts polygon coordinates to `[lng, lat]`, dropping vertices that rounding merged. */
  polygonToLngLat(rings: Position[][]): Position[][] {
    return rings.map((ring) => dedupe(ring.map((p) => this.toLngLat(p))));
  }
}

export function round6(v: number): number {
  const r = Math.round(v * 1e6) / 1e6;
  return r === 0 ? 0 : r; // no -0 in the output
}

export function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

/** Drops consecutive repeated positions (keeps the ring closed). */
export function dedupe(ring: Position[]): Position[] {
  const out: Position[] = [];
  for (const p of ring) {
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  return out;
}

export function dist(a: readonly number[], b: readonly number[]): number {
  return Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!);
}

/** Twice the signed area of a closed ring (shoelace); positive when counter-clockwise. */
export function signedArea2(ring: readonly Position[]): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const a = ring[i]!;
    const b = ring[i + 1]!;
    s += a[0]! * b[1]! - b[0]! * a[1]!;
  }
  return s;
}

/** RFC 7946 winding: outer rings counter-clockwise, holes clockwise. */
export function rewindPolygon(rings: Position[][]): Position[][] {
  return rings.map((ring, i) => {
    const ccw = signedArea2(ring) > 0;
    return (i === 0) === ccw ? ring : [...ring].reverse();
  });
}

export function rewind(g: Polygon | MultiPolygon): Polygon | MultiPolygon {
  return g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: rewindPolygon(g.coordinates) }
    : { type: 'MultiPolygon', coordinates: g.coordinates.map(rewindPolygon) };
}

/** Closes a list of vertices into a ring. */
export function closeRing(points: readonly XY[]): Position[] {
  return [...points.map((p) => [p[0], p[1]]), [points[0]![0], points[0]![1]]];
}

export function pointInRing(p: readonly number[], ring: readonly Position[]): boolean {
  const [x, y] = [p[0]!, p[1]!];
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = [ring[i]![0]!, ring[i]![1]!];
    const [xj, yj] = [ring[j]![0]!, ring[j]![1]!];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** The polygons of a Polygon or MultiPolygon. */
export function polygonsOf(g: Polygon | MultiPolygon): Position[][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

export function pointInAreal(p: readonly number[], g: Polygon | MultiPolygon): boolean {
  return polygonsOf(g).some(
    (rings) => pointInRing(p, rings[0]!) && !rings.slice(1).some((hole) => pointInRing(p, hole)),
  );
}

function segmentDistance(p: readonly number[], a: readonly number[], b: readonly number[]): number {
  const dx = b[0]! - a[0]!;
  const dy = b[1]! - a[1]!;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0]! - a[0]!) * dx + (p[1]! - a[1]!) * dy) / len2));
  return Math.hypot(p[0]! - (a[0]! + t * dx), p[1]! - (a[1]! + t * dy));
}

/** Distance from a point to the nearest edge of any ring of a shape. */
export function distanceToEdges(p: readonly number[], g: Polygon | MultiPolygon): number {
  let best = Infinity;
  for (const rings of polygonsOf(g))
    for (const ring of rings)
      for (let i = 0; i + 1 < ring.length; i++) best = Math.min(best, segmentDistance(p, ring[i]!, ring[i + 1]!));
  return best;
}

/** True when `p` lies inside the shape at least `margin` metres from its edges. */
export function insideWithMargin(p: readonly number[], g: Polygon | MultiPolygon, margin: number): boolean {
  return pointInAreal(p, g) && distanceToEdges(p, g) >= margin;
}

function segmentsCross(a: Position, b: Position, c: Position, d: Position): boolean {
  const orient = (p: Position, q: Position, r: Position) =>
    Math.sign((q[0]! - p[0]!) * (r[1]! - p[1]!) - (q[1]! - p[1]!) * (r[0]! - p[0]!));
  return orient(a, b, c) * orient(a, b, d) < 0 && orient(c, d, a) * orient(c, d, b) < 0;
}

/** True when no two non-adjacent edges of a closed ring cross. */
export function isSimpleRing(ring: readonly Position[]): boolean {
  const n = ring.length - 1;
  for (let i = 0; i < n; i++)
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue;
      if (segmentsCross(ring[i]!, ring[i + 1]!, ring[j]!, ring[j + 1]!)) return false;
    }
  return true;
}

/**
 * A wobbly polyline from `a` to `b` (both included): `segments` pieces, each inner vertex pushed
 * sideways by a smooth random amount that fades to zero at both ends.
 */
export function wobblyLine(a: XY, b: XY, segments: number, amplitude: number, rng: Rng): XY[] {
  const len = dist(a, b);
  const [nx, ny] = [-(b[1] - a[1]) / len, (b[0] - a[0]) / len];
  const phase1 = rng.range(0, Math.PI * 2);
  const phase2 = rng.range(0, Math.PI * 2);
  const out: XY[] = [a];
  for (let i = 1; i < segments; i++) {
    const t = i / segments;
    const wave = 0.6 * Math.sin(2 * Math.PI * t + phase1) + 0.3 * Math.sin(5 * Math.PI * t + phase2);
    const off = amplitude * Math.sin(Math.PI * t) * (wave + rng.range(-0.25, 0.25));
    const along = t + rng.range(-0.15, 0.15) / segments;
    out.push([a[0] + (b[0] - a[0]) * along + nx * off, a[1] + (b[1] - a[1]) * along + ny * off]);
  }
  out.push(b);
  return out;
}

/** A point at `distance` metres from `p` in direction `angle` (radians, counter-clockwise from east). */
export function offset(p: readonly number[], distance: number, angle: number): XY {
  return [p[0]! + distance * Math.cos(angle), p[1]! + distance * Math.sin(angle)];
}

/** The vertices of a rectangle w × h centred on `c`, rotated by `angle`, corners jittered by `jitter` m. */
export function rectangle(c: XY, w: number, h: number, angle: number, jitter: number, rng: Rng): XY[] {
  const corners: XY[] = [
    [-w / 2, -h / 2],
    [w / 2, -h / 2],
    [w / 2, h / 2],
    [-w / 2, h / 2],
  ];
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
  return corners.map(([x, y]) => {
    const jx = x + rng.range(-jitter, jitter);
    const jy = y + rng.range(-jitter, jitter);
    return [c[0] + jx * cos - jy * sin, c[1] + jx * sin + jy * cos];
  });
}

/** A roundish blob of `n` vertices with mean radius `r` around `c` (ponds, woods, waste land). */
export function blob(c: XY, r: number, n: number, roughness: number, rng: Rng): XY[] {
  const phase = rng.range(0, Math.PI * 2);
  const stretch = rng.range(0.75, 1.25);
  const out: XY[] = [];
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n;
    const rr = r * (1 + roughness * rng.range(-1, 1));
    const x = rr * Math.cos(a) * stretch;
    const y = (rr * Math.sin(a)) / stretch;
    out.push([c[0] + x * Math.cos(phase) - y * Math.sin(phase), c[1] + x * Math.sin(phase) + y * Math.cos(phase)]);
  }
  return out;
}
