/**
 * Geometry of chain links on screen (issue #6): which links bend so that none hides another,
 * the quadratic Bézier each bent link follows, where a line stops short of its nodes and the
 * arrowhead at its target end. Pure planar maths on pixel coordinates (no Leaflet), so it is
 * tested on its own; Web Mercator is conformal, so the same rules hold at every zoom.
 */

/** A point in pixels, `[x, y]` (y grows downwards, as on screen). */
export type XY = readonly [number, number];

export interface LinkEnds {
  id: number;
  from: number;
  to: number;
}

/** Control-point offset between parallel links joining the same two nodes, × the link length. */
export const PAIR_BEND_STEP = 0.4;
/** Control-point offset of a link bent away from a node or link it would run over, × its length. */
export const OVERLAP_BEND = 0.3;
/** A node closer than this to another link's straight line (pixels) would hide under it. */
export const NEAR_NODE_PX = 12;
/** Two links leaving one node less than this far apart (degrees) would run on top of each other. */
export const NEAR_ANGLE_DEG = 10;

const sub = (a: XY, b: XY): [number, number] => [a[0] - b[0], a[1] - b[1]];
const len = (v: XY): number => Math.hypot(v[0], v[1]);
const cross = (a: XY, b: XY): number => a[0] * b[1] - a[1] * b[0];
const dot = (a: XY, b: XY): number => a[0] * b[0] + a[1] * b[1];

/** Distance from `p` to segment a–b and the position along it (0 at a, 1 at b). */
function toSegment(p: XY, a: XY, b: XY): { d: number; t: number } {
  const ab = sub(b, a);
  const l2 = dot(ab, ab);
  const t = l2 === 0 ? 0 : Math.max(0, Math.min(1, dot(sub(p, a), ab) / l2));
  return { d: len(sub(p, [a[0] + ab[0] * t, a[1] + ab[1] * t])), t };
}

/** Angle in degrees between the directions a→b and a→c. */
function angleAt(a: XY, b: XY, c: XY): number {
  const u = sub(b, a);
  const v = sub(c, a);
  const cos = dot(u, v) / (len(u) * len(v) || 1);
  return (Math.acos(Math.max(-1, Math.min(1, cos))) * 180) / Math.PI;
}

/**
 * How much each link bends: the signed offset of its Bézier control point from the midpoint,
 * as a fraction of its length, towards the left of its from → to direction (0: straight).
 * - Links joining the same two nodes (A→B twice, or A→B and B→A) fan out symmetrically.
 * - A lone link bends away when its straight line would pass over another node, or leave a
 *   shared node almost along another link (the longer of the two bends).
 * Links whose nodes have no position are left out.
 * @example planBends([{ id: 1, from: 1, to: 2 }, { id: 2, from: 2, to: 1 }], new Map([[1, [0, 0]], [2, [100, 0]]]))
 * // Map { 1 => -0.2, 2 => -0.2 } — each to the right of its own direction, so on opposite sides
 */
export function planBends(links: readonly LinkEnds[], pos: ReadonlyMap<number, XY>): Map<number, number> {
  const bends = new Map<number, number>();
  const drawable = links.filter((l) => pos.has(l.from) && pos.has(l.to) && l.from !== l.to);
  const pairs = new Map<string, LinkEnds[]>();
  for (const l of drawable) {
    const key = `${Math.min(l.from, l.to)}-${Math.max(l.from, l.to)}`;
    pairs.set(key, [...(pairs.get(key) ?? []), l]);
  }
  for (const group of pairs.values()) {
    group.sort((a, b) => a.id - b.id);
    group.forEach((l, i) => {
      const k = group.length > 1 ? i - (group.length - 1) / 2 : 0;
      // Offsets are laid out along the lower-id → higher-id direction; a reversed link's "left" is the other side.
      const sign = l.from < l.to ? 1 : -1;
      bends.set(l.id, k * PAIR_BEND_STEP * sign);
    });
  }

  for (const l of drawable) {
    if (bends.get(l.id) !== 0) continue;
    const a = pos.get(l.from)!;
    const b = pos.get(l.to)!;
    const length = len(sub(b, a));
    if (length === 0) continue;
    let away: XY | null = null;
    // A node it would run over (not its own ends).
    for (const [id, p] of pos) {
      if (id === l.from || id === l.to) continue;
      const { d, t } = toSegment(p, a, b);
      if (d < NEAR_NODE_PX && t > 0.02 && t < 0.98) {
        away = p;
        break;
      }
    }
    // Another link leaving a shared node at almost the same angle: the longer one bends.
    if (!away) {
      for (const o of drawable) {
        if (o.id === l.id) continue;
        const shared = [o.from, o.to].find((n) => n === l.from || n === l.to);
        if (shared === undefined || (o.from === l.from && o.to === l.to) || (o.from === l.to && o.to === l.from))
          continue;
        const s = pos.get(shared)!;
        const mine = shared === l.from ? b : a;
        const theirs = pos.get(shared === o.from ? o.to : o.from)!;
        const oLength = len(sub(theirs, s));
        const longer = length > oLength || (length === oLength && l.id > o.id);
        if (longer && angleAt(s, mine, theirs) < NEAR_ANGLE_DEG) {
          away = theirs;
          break;
        }
      }
    }
    if (!away) continue;
    // Left of a→b is where cross(b − a, p − a) < 0 on screen (y down); bend to the other side.
    const side = cross(sub(b, a), sub(away, a));
    bends.set(l.id, side < 0 ? -OVERLAP_BEND : OVERLAP_BEND);
  }
  return bends;
}

/**
 * Points along the link from `a` to `b`: straight for bend 0, else the quadratic Bézier whose
 * control point sits `bend × length` to the left of the midpoint (on screen, y down).
 * @param segments pieces of the sampled curve
 */
export function linkPath(a: XY, b: XY, bend: number, segments = 24): XY[] {
  if (bend === 0) return [a, b];
  const d = sub(b, a);
  // Left of the direction on a y-down screen is (dy, −dx).
  const c: XY = [(a[0] + b[0]) / 2 + d[1] * bend, (a[1] + b[1]) / 2 - d[0] * bend];
  const out: XY[] = [];
  for (let i = 0; i <= segments; i++) {
    const t = i / segments;
    const u = 1 - t;
    out.push([u * u * a[0] + 2 * u * t * c[0] + t * t * b[0], u * u * a[1] + 2 * u * t * c[1] + t * t * b[1]]);
  }
  return out;
}

/** The length of a polyline in pixels. */
export function pathLength(points: readonly XY[]): number {
  let total = 0;
  for (let i = 1; i < points.length; i++) total += len(sub(points[i]!, points[i - 1]!));
  return total;
}

/** The point `distance` pixels along the polyline from its start (clamped to its ends). */
function pointAlong(points: readonly XY[], distance: number): { p: XY; index: number } {
  let left = Math.max(0, distance);
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const l = len(sub(b, a));
    if (left <= l && l > 0) {
      const t = left / l;
      return { p: [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t], index: i };
    }
    left -= l;
  }
  return { p: points[points.length - 1]!, index: points.length - 1 };
}

/**
 * The polyline with `start` pixels cut off its start and `end` pixels off its end (so a line
 * stops at the edge of its node circles), or null when nothing would be left.
 */
export function trimPath(points: readonly XY[], start: number, end: number): XY[] | null {
  const total = pathLength(points);
  if (points.length < 2 || total <= start + end) return null;
  const from = pointAlong(points, start);
  const to = pointAlong(points, total - end);
  return [from.p, ...points.slice(from.index, to.index), to.p];
}

/**
 * An arrowhead at the end of a polyline: the triangle [tip, left corner, right corner] with
 * the tip on the last point, pointing along the path's last `length` pixels.
 * @returns null for a path shorter than the arrowhead
 */
export function arrowHead(points: readonly XY[], length: number, halfWidth: number): [XY, XY, XY] | null {
  const total = pathLength(points);
  if (points.length < 2 || total < length) return null;
  const tip = points[points.length - 1]!;
  const { p: base } = pointAlong(points, total - length);
  const d = sub(tip, base);
  const l = len(d) || 1;
  const n: XY = [(-d[1] / l) * halfWidth, (d[0] / l) * halfWidth];
  return [tip, [base[0] + n[0], base[1] + n[1]], [base[0] - n[0], base[1] - n[1]]];
}
