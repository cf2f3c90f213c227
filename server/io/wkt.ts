/**
 * Well-Known Text geometry: parsed from CSV/XLSX cells, written to them. Z and M values are read
 * and dropped; `SRID=…;` prefixes (EWKT) are reported to the caller.
 */
import type { RawGeometry } from './types.ts';
import { formatCoord } from './geometry.ts';

export class WktError extends Error {}

type Coords = number[] | Coords[];

/**
 * Parses WKT into a GeoJSON-shaped geometry.
 * @example parseWkt('POINT (123.1 41.8)') // { geometry: { type: 'Point', coordinates: [123.1, 41.8] }, srid: null }
 */
export function parseWkt(input: string): { geometry: RawGeometry; srid: number | null } {
  let s = input.trim();
  let srid: number | null = null;
  const m = /^SRID=(\d+);/i.exec(s);
  if (m) {
    srid = Number(m[1]);
    s = s.slice(m[0].length);
  }
  let i = 0;
  const ws = () => {
    while (i < s.length && /\s/.test(s[i]!)) i++;
  };
  const word = (): string => {
    ws();
    const start = i;
    while (i < s.length && /[A-Za-z]/.test(s[i]!)) i++;
    return s.slice(start, i).toUpperCase();
  };
  const expect = (c: string) => {
    ws();
    if (s[i] !== c) throw new WktError(`expected "${c}" at character ${i + 1}`);
    i++;
  };
  const peek = () => {
    ws();
    return s[i];
  };
  const position = (): number[] => {
    const nums: number[] = [];
    for (;;) {
      ws();
      const start = i;
      while (i < s.length && /[-+0-9.eE]/.test(s[i]!)) i++;
      if (start === i) break;
      const n = Number(s.slice(start, i));
      if (!Number.isFinite(n)) throw new WktError(`not a number: "${s.slice(start, i)}"`);
      nums.push(n);
    }
    if (nums.length < 2 || nums.length > 4) throw new WktError(`a position needs 2 to 4 numbers at character ${i + 1}`);
    return nums.slice(0, 2);
  };
  /** depth 0: a position; 1: a list of positions; 2: a list of lists … */
  const list = (depth: number): Coords => {
    if (depth === 0) {
      // MULTIPOINT allows both (1 2, 3 4) and ((1 2), (3 4))
      if (peek() === '(') {
        expect('(');
        const p = position();
        expect(')');
        return p;
      }
      return position();
    }
    expect('(');
    const out: Coords[] = [list(depth - 1)];
    while (peek() === ',') {
      i++;
      out.push(list(depth - 1));
    }
    expect(')');
    return out;
  };
  const DEPTH: Record<string, [string, number]> = {
    POINT: ['Point', 0],
    LINESTRING: ['LineString', 1],
    POLYGON: ['Polygon', 2],
    MULTIPOINT: ['MultiPoint', 1],
    MULTILINESTRING: ['MultiLineString', 2],
    MULTIPOLYGON: ['MultiPolygon', 3],
  };
  const geometry = (): RawGeometry => {
    const kind = word();
    const dims = word();
    if (dims === 'EMPTY') throw new WktError(`${kind} EMPTY has no coordinates`);
    if (dims && !['Z', 'M', 'ZM'].includes(dims)) throw new WktError(`unexpected "${dims}" after ${kind}`);
    if (kind === 'GEOMETRYCOLLECTION') {
      expect('(');
      const geometries = [geometry()];
      while (peek() === ',') {
        i++;
        geometries.push(geometry());
      }
      expect(')');
      return { type: 'GeometryCollection', geometries };
    }
    const d = DEPTH[kind];
    if (!d) throw new WktError(kind ? `unknown geometry type "${kind}"` : 'no geometry type');
    if (d[1] === 0) {
      expect('(');
      const p = position();
      expect(')');
      return { type: d[0], coordinates: p };
    }
    return { type: d[0], coordinates: list(d[1]) };
  };
  const g = geometry();
  ws();
  if (i < s.length) throw new WktError(`unexpected text after the geometry at character ${i + 1}`);
  return { geometry: g, srid };
}

const pos = (p: unknown) => (p as number[]).map(formatCoord).join(' ');
const seq = (c: unknown, depth: number): string =>
  depth === 0 ? pos(c) : `(${(c as unknown[]).map((x) => seq(x, depth - 1)).join(', ')})`;

/** Writes a GeoJSON geometry as WKT, coordinates rounded to 7 decimals. */
export function toWkt(g: { type: string; coordinates?: unknown }): string {
  switch (g.type) {
    case 'Point':
      return `POINT (${pos(g.coordinates)})`;
    case 'LineString':
      return `LINESTRING ${seq(g.coordinates, 1)}`;
    case 'Polygon':
      return `POLYGON ${seq(g.coordinates, 2)}`;
    case 'MultiPoint':
      return `MULTIPOINT ${seq(g.coordinates, 1)}`;
    case 'MultiLineString':
      return `MULTILINESTRING ${seq(g.coordinates, 2)}`;
    case 'MultiPolygon':
      return `MULTIPOLYGON ${seq(g.coordinates, 3)}`;
    default:
      throw new WktError(`cannot write ${g.type} as WKT`);
  }
}
