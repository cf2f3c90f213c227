/**
 * Property tests of the coordinate functions: conversions round-trip inside China, distances and
 * areas are never negative, ring winding normalisation is idempotent and keeps the area.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convexHull, geometryAreaM2, haversineM, ringAreaM2 } from '../../common/geo.ts';
import { pointInRing, ringSignedArea, rewind } from '../../common/geometry-checks.ts';
import { BD09, fromWgs84, GCJ02, gaussKruger, toWgs84, WEB_MERCATOR } from './crs.ts';

const RUNS = 200;
const opts = { numRuns: RUNS };
const lng = fc.double({ min: 73.5, max: 134.8, noNaN: true });
const lat = fc.double({ min: 18.2, max: 53.5, noNaN: true });
const point = fc.tuple(lng, lat);
/** 1e-7° ≈ 1 cm. */
const close = (a: number[], b: number[], tol = 1e-7) => Math.abs(a[0]! - b[0]!) < tol && Math.abs(a[1]! - b[1]!) < tol;

/** A simple polygon: points at increasing angles around a centre (a star-shaped ring, closed). */
const ring = fc
  .tuple(point, fc.array(fc.double({ min: 0.001, max: 0.05, noNaN: true }), { minLength: 3, maxLength: 30 }))
  .map(([[x, y], radii]) => {
    const pts = radii.map((r, i) => {
      const a = (2 * Math.PI * i) / radii.length;
      return [x + r * Math.cos(a), y + r * Math.sin(a)];
    });
    return [...pts, pts[0]!];
  });

describe('GCJ-02 and BD-09', () => {
  it.each([
    ['GCJ-02', GCJ02],
    ['BD-09', BD09],
  ])('%s → WGS-84 inverts WGS-84 → %s to within 1 cm inside China', (_n, crs) => {
    const to = toWgs84(crs);
    const from = fromWgs84(crs);
    fc.assert(
      fc.property(point, (p) => {
        const back = to(from(p));
        expect(close(back, p), `${p} → ${from(p)} → ${back}`).toBe(true);
        // The offset itself is real (tens to hundreds of metres) and bounded.
        const shift = haversineM(p, from(p));
        expect(shift).toBeGreaterThan(1);
        expect(shift).toBeLessThan(1500);
      }),
      opts,
    );
  });
});

describe('projected systems', () => {
  it('Gauss-Krüger 3° zones and Web Mercator round-trip to within 1 cm', () => {
    fc.assert(
      fc.property(point, (p) => {
        const zone = Math.round(p[0] / 3);
        const gk = gaussKruger(4513 + zone - 25)!;
        for (const crs of [gk, WEB_MERCATOR]) {
          const back = toWgs84(crs)(fromWgs84(crs)(p));
          expect(close(back, p), `${crs.id} ${p} → ${back}`).toBe(true);
        }
      }),
      opts,
    );
  });
});

describe('distances and areas', () => {
  it('haversine is non-negative, symmetric, zero to itself and obeys the triangle inequality', () => {
    fc.assert(
      fc.property(point, point, point, (a, b, c) => {
        const ab = haversineM(a, b);
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(ab).toBeCloseTo(haversineM(b, a), 6);
        expect(haversineM(a, a)).toBe(0);
        expect(haversineM(a, c)).toBeLessThanOrEqual(ab + haversineM(b, c) + 1e-6);
      }),
      opts,
    );
  });

  it('ring and polygon areas are non-negative and do not depend on winding', () => {
    fc.assert(
      fc.property(ring, (r) => {
        const a = ringAreaM2(r);
        expect(a).toBeGreaterThan(0);
        expect(ringAreaM2([...r].reverse())).toBeCloseTo(a, 3);
        expect(geometryAreaM2({ type: 'Polygon', coordinates: [r] })).toBeGreaterThan(0);
      }),
      opts,
    );
  });
});

describe('winding', () => {
  it('rewind makes outer rings counter-clockwise, is idempotent and keeps the area', () => {
    fc.assert(
      fc.property(ring, fc.boolean(), (r, flip) => {
        const g = { type: 'Polygon', coordinates: [flip ? [...r].reverse() : r] };
        const once = rewind(g);
        expect(ringSignedArea(once.coordinates[0]!)).toBeGreaterThan(0);
        expect(rewind(once)).toEqual(once);
        expect(geometryAreaM2(once)).toBeCloseTo(geometryAreaM2(g), 3);
      }),
      opts,
    );
  });

  it('the convex hull is counter-clockwise, closed and holds every point', () => {
    fc.assert(
      fc.property(fc.array(point, { minLength: 3, maxLength: 40 }), (pts) => {
        const hull = convexHull(pts);
        if (!hull) return; // collinear
        expect(hull[0]).toEqual(hull.at(-1));
        // Never clockwise (nearly collinear points may leave a sliver of area 0 in floating point).
        expect(ringSignedArea(hull)).toBeGreaterThanOrEqual(0);
        for (const p of pts) {
          const onHull = hull.some((q) => q[0] === p[0] && q[1] === p[1]);
          const inside = pointInRing(p, hull);
          // A point on an edge may fall either way of the ray test: allow a hair of tolerance.
          const nearEdge = hull.some((q, i) => {
            const n = hull[i + 1];
            if (!n) return false;
            const cross = (n[0]! - q[0]!) * (p[1] - q[1]!) - (n[1]! - q[1]!) * (p[0] - q[0]!);
            return Math.abs(cross) < 1e-9;
          });
          expect(onHull || inside || nearEdge, `${p} outside ${JSON.stringify(hull)}`).toBe(true);
        }
      }),
      opts,
    );
  });
});
