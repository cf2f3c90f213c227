/**
 * The geometry part of a Shapefile (.shp + .shx), per the ESRI technical description (1998).
 * Reading checks every length against the buffer; polygons are rebuilt from rings by orientation
 * (clockwise outer rings, counter-clockwise holes). Writing reverses RFC 7946 rings to match.
 */
import type { FileHandle } from 'node:fs/promises';
import { pointInRing, ringSignedArea } from '../../common/geometry-checks.ts';
import type { Pos } from './geometry.ts';
import { invalidFile, IoError, MAX_FILE_VERTICES } from './limits.ts';
import type { RawGeometry } from './types.ts';

export const SHP_POINT = 1;
export const SHP_POLYLINE = 3;
export const SHP_POLYGON = 5;
const SHP_MULTIPOINT = 8;
/** Base type of each supported shape type (Z and M variants read as 2D). */
const BASE: Record<number, number> = {
  0: 0,
  1: 1,
  3: 3,
  5: 5,
  8: 8,
  11: 1,
  13: 3,
  15: 5,
  18: 8,
  21: 1,
  23: 3,
  25: 5,
  28: 8,
};

/** Groups rings into polygons: each hole goes to the smallest outer ring containing it. */
function polygonFromRings(rings: Pos[][]): RawGeometry {
  const outers: Pos[][][] = [];
  const holes: Pos[][] = [];
  for (const r of rings) {
    if (ringSignedArea(r) <= 0) outers.push([r]);
    else holes.push(r);
  }
  if (!outers.length)
    return rings.length === 1
      ? { type: 'Polygon', coordinates: rings }
      : { type: 'MultiPolygon', coordinates: rings.map((r) => [r]) };
  for (const h of holes) {
    const owner = outers
      .filter((o) => pointInRing(h[0]!, o[0]!))
      .sort((a, b) => Math.abs(ringSignedArea(a[0]!)) - Math.abs(ringSignedArea(b[0]!)))[0];
    if (owner) owner.push(h);
    else outers.push([h]); // an orphan "hole": keep it as a shape of its own
  }
  return outers.length === 1
    ? { type: 'Polygon', coordinates: outers[0] }
    : { type: 'MultiPolygon', coordinates: outers };
}

/** Reads every shape of a .shp; null for null shapes. */
export function readShp(buf: Buffer, what = 'the .shp'): { shapeType: number; shapes: (RawGeometry | null)[] } {
  const bad = (why: string) => invalidFile(`${what} is damaged (${why})`);
  if (buf.length < 100 || buf.readInt32BE(0) !== 9994) throw bad('it does not start like a shapefile');
  const shapeType = buf.readInt32LE(32);
  if (BASE[shapeType] === undefined) throw bad(`unknown shape type ${shapeType}`);
  const declared = buf.readInt32BE(24) * 2;
  if (declared > buf.length) throw bad(`it is cut short: ${buf.length} of its ${declared} bytes`);
  const stop = Math.max(100, declared);
  const shapes: (RawGeometry | null)[] = [];
  let vertices = 0;
  let p = 100;
  while (p < stop) {
    if (p + 8 > stop) throw bad(`record ${shapes.length + 1} is cut short`);
    const length = buf.readInt32BE(p + 4) * 2;
    const start = p + 8;
    const end = start + length;
    if (length < 4 || end > stop) throw bad(`record ${shapes.length + 1} runs past the end of the file`);
    const type = BASE[buf.readInt32LE(start)];
    if (type === undefined) throw bad(`record ${shapes.length + 1} has an unknown shape type`);
    if (type === 0) shapes.push(null);
    else if (type === SHP_POINT) {
      if (length < 20) throw bad(`record ${shapes.length + 1} is too short`);
      shapes.push({ type: 'Point', coordinates: [buf.readDoubleLE(start + 4), buf.readDoubleLE(start + 12)] });
      vertices++;
    } else {
      const multipoint = type === SHP_MULTIPOINT;
      const parts = multipoint ? 1 : buf.readInt32LE(start + 36);
      const points = buf.readInt32LE(start + (multipoint ? 36 : 40));
      const partsAt = start + 44;
      const pointsAt = multipoint ? start + 40 : partsAt + parts * 4;
      if (parts < 0 || points < 0 || pointsAt + points * 16 > end)
        throw bad(`record ${shapes.length + 1} is cut short`);
      vertices += points;
      if (vertices > MAX_FILE_VERTICES)
        throw new IoError(413, 'payload_too_large', `The shapefile has more than ${MAX_FILE_VERTICES} vertices`);
      const xy = (i: number): Pos => [buf.readDoubleLE(pointsAt + i * 16), buf.readDoubleLE(pointsAt + i * 16 + 8)];
      if (multipoint) shapes.push({ type: 'MultiPoint', coordinates: Array.from({ length: points }, (_, i) => xy(i)) });
      else {
        const starts = Array.from({ length: parts }, (_, i) => buf.readInt32LE(partsAt + i * 4));
        const lists = starts.map((s, i) => {
          const e = i + 1 < parts ? starts[i + 1]! : points;
          if (s < 0 || e > points || s > e) throw bad(`record ${shapes.length + 1} has bad part offsets`);
          return Array.from({ length: e - s }, (_, k) => xy(s + k));
        });
        if (type === SHP_POLYGON) shapes.push(polygonFromRings(lists));
        else
          shapes.push(
            lists.length === 1
              ? { type: 'LineString', coordinates: lists[0] }
              : { type: 'MultiLineString', coordinates: lists },
          );
      }
    }
    p = end;
  }
  return { shapeType: BASE[shapeType]!, shapes };
}

/** The shape type a geometry is written as. */
export function shpTypeOf(g: { type: string } | null): number | null {
  if (!g) return null;
  if (g.type === 'Point') return SHP_POINT;
  if (g.type === 'LineString' || g.type === 'MultiLineString') return SHP_POLYLINE;
  if (g.type === 'Polygon' || g.type === 'MultiPolygon') return SHP_POLYGON;
  return null;
}

type Box = [number, number, number, number];
const grow = (b: Box, p: Pos): Box => [
  Math.min(b[0], p[0]!),
  Math.min(b[1], p[1]!),
  Math.max(b[2], p[0]!),
  Math.max(b[3], p[1]!),
];
const EMPTY: Box = [Infinity, Infinity, -Infinity, -Infinity];

/** Writes one .shp and its .shx, record by record, with the headers filled in at the end. */
export class ShpWriter {
  private shpPos = 100;
  private shxPos = 100;
  private n = 0;
  private box: Box = EMPTY;

  constructor(
    private readonly shp: FileHandle,
    private readonly shx: FileHandle,
    private readonly shapeType: number,
  ) {}

  private content(g: { type: string; coordinates: unknown } | null): Buffer {
    if (!g) return Buffer.from([0, 0, 0, 0]);
    if (g.type === 'Point') {
      const b = Buffer.alloc(20);
      const [x, y] = g.coordinates as number[];
      b.writeInt32LE(SHP_POINT, 0);
      b.writeDoubleLE(x!, 4);
      b.writeDoubleLE(y!, 12);
      this.box = grow(this.box, [x!, y!]);
      return b;
    }
    let parts: Pos[][];
    if (g.type === 'LineString') parts = [g.coordinates as Pos[]];
    else if (g.type === 'MultiLineString') parts = g.coordinates as Pos[][];
    else {
      const polys = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as Pos[][][];
      // Shapefile rings: outer clockwise, holes counter-clockwise (the reverse of RFC 7946).
      parts = polys.flatMap((rings) =>
        rings.map((r, i) => ((i === 0) === ringSignedArea(r) > 0 ? [...r].reverse() : r)),
      );
    }
    const points = parts.flat();
    let box: Box = EMPTY;
    for (const p of points) box = grow(box, p);
    this.box = grow(grow(this.box, [box[0], box[1]]), [box[2], box[3]]);
    const b = Buffer.alloc(44 + parts.length * 4 + points.length * 16);
    b.writeInt32LE(this.shapeType, 0);
    box.forEach((v, i) => b.writeDoubleLE(v, 4 + i * 8));
    b.writeInt32LE(parts.length, 36);
    b.writeInt32LE(points.length, 40);
    let k = 0;
    parts.forEach((part, i) => {
      b.writeInt32LE(k, 44 + i * 4);
      k += part.length;
    });
    const at = 44 + parts.length * 4;
    points.forEach((p, i) => {
      b.writeDoubleLE(p[0]!, at + i * 16);
      b.writeDoubleLE(p[1]!, at + i * 16 + 8);
    });
    return b;
  }

  async add(g: { type: string; coordinates: unknown } | null): Promise<void> {
    const body = this.content(g);
    const head = Buffer.alloc(8);
    head.writeInt32BE(++this.n, 0);
    head.writeInt32BE(body.length / 2, 4);
    const index = Buffer.alloc(8);
    index.writeInt32BE(this.shpPos / 2, 0);
    index.writeInt32BE(body.length / 2, 4);
    const rec = Buffer.concat([head, body]);
    await this.shp.write(rec, 0, rec.length, this.shpPos);
    await this.shx.write(index, 0, 8, this.shxPos);
    this.shpPos += rec.length;
    this.shxPos += 8;
  }

  private header(length: number): Buffer {
    const h = Buffer.alloc(100);
    h.writeInt32BE(9994, 0);
    h.writeInt32BE(length / 2, 24);
    h.writeInt32LE(1000, 28);
    h.writeInt32LE(this.shapeType, 32);
    const box = this.n && Number.isFinite(this.box[0]) ? this.box : [0, 0, 0, 0];
    box.forEach((v, i) => h.writeDoubleLE(v, 36 + i * 8));
    return h;
  }

  async finish(): Promise<void> {
    await this.shp.write(this.header(this.shpPos), 0, 100, 0);
    await this.shx.write(this.header(this.shxPos), 0, 100, 0);
  }
}
