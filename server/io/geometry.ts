/** Geometry helpers for files: coordinate rounding, shape normalisation, vertex counts. */
import { pointInRing, ringSignedArea } from '../../common/geometry-checks.ts';
import type { RawGeometry } from './types.ts';

/** Exports and imports keep at most 7 decimals (about 1 cm). */
export const roundCoord = (n: number): number => Math.round(n * 1e7) / 1e7;

/** A coordinate as text: at most 7 decimals, never in exponent notation. */
export function formatCoord(n: number): string {
  const s = roundCoord(n).toFixed(7);
  return s.replace(/\.?0+$/, '') || '0';
}

export type Pos = number[];

/** Applies `fn` to every position of a geometry (GeometryCollections included). */
export function mapPositions<G extends RawGeometry>(g: G, fn: (p: Pos) => Pos): G {
  if (g.type === 'GeometryCollection')
    return { ...g, geometries: (g.geometries ?? []).map((x) => mapPositions(x, fn)) };
  return { ...g, coordinates: mapCoords(g.coordinates, fn) };
}

// Module-level walkers, not closures made per call: imports call these once per row, and a
// named closure costs a property definition each time it is made when run through tsx.
function mapCoords(c: unknown, fn: (p: Pos) => Pos): unknown {
  if (!Array.isArray(c)) return c;
  if (typeof c[0] === 'number') return fn(c as Pos);
  return c.map((x) => mapCoords(x, fn));
}

function collectPositions(c: unknown, out: Pos[]): void {
  if (!Array.isArray(c)) return;
  if (typeof c[0] === 'number') out.push(c as Pos);
  else for (const x of c) collectPositions(x, out);
}

/** Every position of a geometry, in order. */
export function positions(g: RawGeometry, out: Pos[] = []): Pos[] {
  if (g.type === 'GeometryCollection') {
    for (const x of g.geometries ?? []) positions(x, out);
    return out;
  }
  collectPositions(g.coordinates, out);
  return out;
}

const DEPTH: Record<string, number> = {
  Point: 0,
  LineString: 1,
  MultiPoint: 1,
  Polygon: 2,
  MultiLineString: 2,
  MultiPolygon: 3,
};

/** Checks nesting and numbers; drops Z/M. Returns an error message for malformed coordinates. */
function cleanCoordinates(c: unknown, depth: number): { ok: true; value: unknown } | { ok: false; message: string } {
  if (!Array.isArray(c)) return { ok: false, message: 'coordinates must be arrays' };
  if (depth === 0) {
    if (c.length < 2 || !c.every((x) => typeof x === 'number' && Number.isFinite(x)))
      return { ok: false, message: 'a position must be [x, y] numbers' };
    return { ok: true, value: [c[0], c[1]] };
  }
  const out: unknown[] = [];
  for (const x of c) {
    const r = cleanCoordinates(x, depth - 1);
    if (!r.ok) return r;
    out.push(r.value);
  }
  return { ok: true, value: out };
}

const MAX_COLLECTION_DEPTH = 8;

export type Normalized =
  { ok: true; geometry: RawGeometry & { coordinates: unknown } } | { ok: false; message: string };

/**
 * Brings a file's geometry to the kinds the layers store (Point, LineString, Polygon, MultiPolygon):
 * one-member multi-geometries become single ones, polygon collections MultiPolygons, Z is dropped.
 */
export function normalizeGeometry(g: RawGeometry, nesting = 0): Normalized {
  if (g.type === 'GeometryCollection') {
    // A CSV cell can hold any JSON: bound the recursion, no real file nests collections this deep.
    if (nesting >= MAX_COLLECTION_DEPTH)
      return { ok: false, message: `geometry collections nested deeper than ${MAX_COLLECTION_DEPTH} levels` };
    const parts: RawGeometry[] = [];
    for (const x of g.geometries ?? []) {
      const n = normalizeGeometry(x, nesting + 1);
      if (!n.ok) return n;
      parts.push(n.geometry);
    }
    if (parts.length === 1) return { ok: true, geometry: parts[0] as RawGeometry & { coordinates: unknown } };
    if (parts.length && parts.every((p) => p.type === 'Polygon' || p.type === 'MultiPolygon'))
      return {
        ok: true,
        geometry: {
          type: 'MultiPolygon',
          coordinates: parts.flatMap((p) => (p.type === 'Polygon' ? [p.coordinates] : (p.coordinates as unknown[]))),
        },
      };
    return {
      ok: false,
      message: `a collection of ${parts.map((p) => p.type).join(', ') || 'nothing'} cannot be stored: one shape per row`,
    };
  }
  const depth = DEPTH[g.type];
  if (depth === undefined) return { ok: false, message: `unknown geometry type "${String(g.type)}"` };
  const c = cleanCoordinates(g.coordinates, depth);
  if (!c.ok) return c;
  const coords = c.value as unknown[];
  if ((g.type === 'MultiPoint' || g.type === 'MultiLineString') && coords.length === 1)
    return { ok: true, geometry: { type: g.type.slice(5), coordinates: coords[0] } };
  if (g.type === 'MultiPoint' || g.type === 'MultiLineString')
    return { ok: false, message: `a ${g.type} of ${coords.length} parts cannot be stored: one shape per row` };
  if (g.type === 'MultiPolygon' && coords.length === 1)
    return { ok: true, geometry: { type: 'Polygon', coordinates: coords[0] } };
  return { ok: true, geometry: { type: g.type, coordinates: coords } };
}

/** Rounds every coordinate to 7 decimals. */
export const roundGeometry = <G extends RawGeometry>(g: G): G => mapPositions(g, (p) => p.map(roundCoord));

export function countVertices(g: RawGeometry): number {
  return positions(g).length;
}

/**
 * A point inside a polygon (for a village committee taken from its boundary): the ring centroid
 * when it lies inside, else the middle of the widest inside stretch of the line through it.
 */
export function interiorPoint(g: { type: string; coordinates: unknown }): Pos {
  const polys = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as Pos[][][];
  const largest = polys.reduce((a, b) => (Math.abs(ringSignedArea(b[0]!)) > Math.abs(ringSignedArea(a[0]!)) ? b : a));
  const outer = largest[0]!;
  let cx = 0;
  let cy = 0;
  let a = 0;
  for (let i = 0; i < outer.length - 1; i++) {
    const [x0, y0] = outer[i] as [number, number];
    const [x1, y1] = outer[i + 1] as [number, number];
    const k = x0 * y1 - x1 * y0;
    a += k;
    cx += (x0 + x1) * k;
    cy += (y0 + y1) * k;
  }
  const c = a === 0 ? outer[0]! : [cx / (3 * a), cy / (3 * a)];
  const inside = (p: Pos) => pointInRing(p, outer) && !largest.slice(1).some((h) => pointInRing(p, h));
  if (inside(c)) return c;
  const y = c[1]!;
  const xs: number[] = [];
  for (const ring of largest)
    for (let i = 0; i < ring.length - 1; i++) {
      const [x0, y0] = ring[i] as [number, number];
      const [x1, y1] = ring[i + 1] as [number, number];
      if (y0 > y !== y1 > y) xs.push(x0 + ((y - y0) * (x1 - x0)) / (y1 - y0));
    }
  xs.sort((p, q) => p - q);
  let best: Pos = outer[0]!;
  let width = -1;
  for (let i = 0; i + 1 < xs.length; i += 2)
    if (xs[i + 1]! - xs[i]! > width) {
      width = xs[i + 1]! - xs[i]!;
      best = [(xs[i]! + xs[i + 1]!) / 2, y];
    }
  return best;
}
