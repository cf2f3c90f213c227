import { describe, expect, it } from 'vitest';
import { HitGrid } from './village-hit.ts';

describe('HitGrid', () => {
  describe('#clickablePixel', () => {
    it('clicks the centre of a point nothing covers', () => {
      const grid = new HitGrid([{ x: 100, y: 100, hit: 10 }]);
      expect(grid.clickablePixel(0)).toEqual({ x: 100, y: 100 });
    });

    it('clicks the uncovered side of a point half hidden by a later one', () => {
      const grid = new HitGrid([
        { x: 100, y: 100, hit: 10 },
        { x: 106, y: 100, hit: 10 },
      ]);
      const p = grid.clickablePixel(0);
      expect(p).not.toBeNull();
      expect(p!.x).toBeLessThan(100);
      expect((p!.x - 106) ** 2 + (p!.y - 100) ** 2).toBeGreaterThan(100);
    });

    it('gives up on a point entirely under a later one', () => {
      const grid = new HitGrid([
        { x: 100, y: 100, hit: 10 },
        { x: 100, y: 100, hit: 10 },
      ]);
      expect(grid.clickablePixel(0)).toBeNull();
      expect(grid.clickablePixel(1)).toEqual({ x: 100, y: 100 });
    });

    it('respects a veto (e.g. a pixel under the panel)', () => {
      const grid = new HitGrid([{ x: 100, y: 100, hit: 10 }]);
      const p = grid.clickablePixel(0, (x) => x > 104);
      expect(p!.x).toBeGreaterThan(104);
    });
  });
});
