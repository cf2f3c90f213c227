import { describe, expect, it } from 'vitest';
import {
  geometryIssues,
  pointInArea,
  ringSelfIntersects,
  ringSignedArea,
  rewind,
  MAX_VERTICES,
} from './geometry-checks.ts';

const square = [
  [0, 0],
  [1, 0],
  [1, 1],
  [0, 1],
  [0, 0],
];

/** Brute force: every pair of non-adjacent segments. */
function bruteSelfIntersects(ring: number[][]): boolean {
  const n = ring.length - 1;
  const o = (a: number[], b: number[], c: number[]) =>
    Math.sign((b[0]! - a[0]!) * (c[1]! - a[1]!) - (b[1]! - a[1]!) * (c[0]! - a[0]!));
  const on = (a: number[], b: number[], p: number[]) =>
    Math.min(a[0]!, b[0]!) <= p[0]! &&
    p[0]! <= Math.max(a[0]!, b[0]!) &&
    Math.min(a[1]!, b[1]!) <= p[1]! &&
    p[1]! <= Math.max(a[1]!, b[1]!);
  // Consecutive segments that double back along one line overlap.
  for (let k = 0; k < n; k++) {
    const p = ring[(k + n - 1) % n]!,
      v = ring[k]!,
      q = ring[k + 1]!;
    if (o(p, v, q) === 0 && (p[0]! - v[0]!) * (q[0]! - v[0]!) + (p[1]! - v[1]!) * (q[1]! - v[1]!) > 0) return true;
  }
  for (let i = 0; i < n; i++)
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue;
      const [a, b, c, d] = [ring[i]!, ring[i + 1]!, ring[j]!, ring[j + 1]!];
      const o1 = o(a, b, c),
        o2 = o(a, b, d),
        o3 = o(c, d, a),
        o4 = o(c, d, b);
      if (o1 !== o2 && o3 !== o4) return true;
      if (
        (o1 === 0 && on(a, b, c)) ||
        (o2 === 0 && on(a, b, d)) ||
        (o3 === 0 && on(c, d, a)) ||
        (o4 === 0 && on(c, d, b))
      )
        return true;
    }
  return false;
}

describe('ringSelfIntersects', () => {
  it('accepts a square and rejects a bow-tie', () => {
    expect(ringSelfIntersects(square)).toBe(false);
    expect(
      ringSelfIntersects([
        [0, 0],
        [1, 1],
        [1, 0],
        [0, 1],
        [0, 0],
      ]),
    ).toBe(true);
  });

  it('agrees with a brute-force check on 2,000 random small rings', () => {
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let crossings = 0;
    for (let k = 0; k < 2000; k++) {
      const n = 3 + Math.floor(rnd() * 6);
      const ring = Array.from({ length: n }, () => [Math.floor(rnd() * 6), Math.floor(rnd() * 6)]);
      ring.push(ring[0]!);
      // Skip rings with repeated consecutive vertices: they are degenerate by construction.
      if (ring.some((p, i) => i > 0 && p[0] === ring[i - 1]![0] && p[1] === ring[i - 1]![1])) continue;
      const expected = bruteSelfIntersects(ring);
      if (expected) crossings++;
      if (!expected) expect(ringSelfIntersects(ring), JSON.stringify(ring)).toBe(false);
      else expect(ringSelfIntersects(ring), JSON.stringify(ring)).toBe(true);
    }
    expect(crossings).toBeGreaterThan(100);
  });
});

describe('geometryIssues', () => {
  it('names unclosed, too short, self-intersecting rings and holes outside the shell', () => {
    expect(geometryIssues({ type: 'Polygon', coordinates: [square] })).toEqual([]);
    expect(
      geometryIssues({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 1],
          ],
        ],
      })[0]?.message,
    ).toMatch(/not closed/);
    expect(
      geometryIssues({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [0, 0],
          ],
        ],
      })[0]?.message,
    ).toMatch(/at least 4/);
    const hole = [
      [5, 5],
      [5, 6],
      [6, 6],
      [5, 5],
    ];
    expect(geometryIssues({ type: 'Polygon', coordinates: [square, hole] })).toEqual([
      { path: ['coordinates', 1], message: 'hole lies outside its outer ring' },
    ]);
    expect(
      geometryIssues({
        type: 'MultiPolygon',
        coordinates: [
          [square],
          [
            [
              [0, 0],
              [1, 1],
              [1, 0],
              [0, 1],
              [0, 0],
            ],
          ],
        ],
      }),
    ).toEqual([{ path: ['coordinates', 1, 0], message: 'ring intersects itself' }]);
  });

  it('refuses geometries over the vertex cap before checking them', () => {
    const ring = Array.from({ length: MAX_VERTICES + 1 }, (_, i) => [Math.cos(i), Math.sin(i)]);
    ring.push(ring[0]!);
    expect(geometryIssues({ type: 'Polygon', coordinates: [ring] })[0]?.message).toMatch(/more than/);
  });
});

describe('rewind', () => {
  it('makes outer rings counter-clockwise and holes clockwise', () => {
    const cw = [...square].reverse();
    const hole = [
      [0.2, 0.2],
      [0.8, 0.2],
      [0.8, 0.8],
      [0.2, 0.2],
    ]; // counter-clockwise: wrong for a hole
    const g = rewind({ type: 'Polygon', coordinates: [cw, hole] });
    expect(ringSignedArea(g.coordinates[0]!)).toBeGreaterThan(0);
    expect(ringSignedArea(g.coordinates[1]!)).toBeLessThan(0);
  });
});

describe('pointInArea', () => {
  const square = (x: number, y: number, d: number) => [
    [x, y],
    [x + d, y],
    [x + d, y + d],
    [x, y + d],
    [x, y],
  ];
  const donut = { type: 'Polygon', coordinates: [square(0, 0, 10), square(4, 4, 2)] };

  it('is inside the outer ring and outside its holes', () => {
    expect(pointInArea([1, 1], donut)).toBe(true);
    expect(pointInArea([5, 5], donut)).toBe(false);
    expect(pointInArea([11, 5], donut)).toBe(false);
  });

  it('looks at every polygon of a MultiPolygon, each with its own holes', () => {
    const multi = { type: 'MultiPolygon', coordinates: [donut.coordinates, [square(20, 20, 1)]] };
    expect(pointInArea([20.5, 20.5], multi)).toBe(true);
    expect(pointInArea([5, 5], multi)).toBe(false);
    expect(pointInArea([1, 1], multi)).toBe(true);
  });

  it('holds no point for other geometries', () => {
    expect(pointInArea([0, 0], { type: 'Point', coordinates: [0, 0] })).toBe(false);
  });
});
