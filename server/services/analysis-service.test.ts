import { describe, expect, it } from 'vitest';
import { rng } from '../../common/analysis/test-random.ts';
import { haversineM } from '../../common/geo.ts';
import { boxAroundM } from './analysis-service.ts';

describe('boxAroundM', () => {
  it('holds every point within the distance, at any latitude China has and beyond', () => {
    const r = rng(11);
    let checked = 0;
    for (let i = 0; i < 2000; i++) {
      const p = [r.float(73, 135), r.float(-70, 80)] as const;
      const m = r.float(100, 200_000);
      const [w, s, e, n] = boxAroundM(p, m);
      // Points at the distance (a hair under) in every direction, found by stepping outwards.
      for (let k = 0; k < 16; k++) {
        const bearing = (k / 16) * 2 * Math.PI;
        let lo = 0;
        let hi = 10;
        const at = (deg: number) => [p[0] + deg * Math.sin(bearing), p[1] + deg * Math.cos(bearing)] as const;
        for (let j = 0; j < 50; j++) {
          const mid = (lo + hi) / 2;
          if (haversineM(p, at(mid)) < m) lo = mid;
          else hi = mid;
        }
        const q = at(lo);
        if (Math.abs(q[1]) > 90) continue;
        expect(q[0] >= w && q[0] <= e && q[1] >= s && q[1] <= n).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(30_000);
  });
});
