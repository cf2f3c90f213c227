import { describe, expect, it } from 'vitest';
import {
  OVERLAP_BEND,
  PAIR_BEND_STEP,
  arrowHead,
  linkPath,
  pathLength,
  planBends,
  trimPath,
  type XY,
} from './chain-geometry.ts';

const pos = (entries: [number, XY][]) => new Map<number, XY>(entries);

describe('chain link geometry', () => {
  describe('planBends', () => {
    it('keeps a lone link straight', () => {
      const bends = planBends(
        [{ id: 1, from: 1, to: 2 }],
        pos([
          [1, [0, 0]],
          [2, [100, 0]],
        ]),
      );
      expect(bends.get(1)).toBe(0);
    });

    it('bends A→B and B→A to opposite sides', () => {
      const p = pos([
        [1, [0, 0]],
        [2, [100, 0]],
      ]);
      const bends = planBends(
        [
          { id: 1, from: 1, to: 2 },
          { id: 2, from: 2, to: 1 },
        ],
        p,
      );
      const mid1 = linkPath([0, 0], [100, 0], bends.get(1)!)[12]!;
      const mid2 = linkPath([100, 0], [0, 0], bends.get(2)!)[12]!;
      expect(Math.abs(bends.get(1)!)).toBe(PAIR_BEND_STEP / 2);
      expect(Math.sign(mid1[1])).toBe(-Math.sign(mid2[1]));
      expect(Math.abs(mid1[1] - mid2[1])).toBeGreaterThan(15);
    });

    it('fans out three links between the same nodes, the middle one straight', () => {
      const bends = planBends(
        [
          { id: 5, from: 1, to: 2 },
          { id: 6, from: 1, to: 2 },
          { id: 7, from: 1, to: 2 },
        ],
        pos([
          [1, [0, 0]],
          [2, [100, 0]],
        ]),
      );
      expect([bends.get(5), bends.get(6), bends.get(7)]).toEqual([-PAIR_BEND_STEP, 0, PAIR_BEND_STEP]);
    });

    it('bends a link away from a node it would run over', () => {
      // 1 → 3 passes 4 px below node 2 (the overlap in the sample 草莓 chain's seedling links).
      const p = pos([
        [1, [0, 0]],
        [2, [100, 4]],
        [3, [200, 0]],
      ]);
      const bends = planBends([{ id: 1, from: 1, to: 3 }], p);
      expect(Math.abs(bends.get(1)!)).toBe(OVERLAP_BEND);
      const mid = linkPath(p.get(1)!, p.get(3)!, bends.get(1)!)[12]!;
      expect(mid[1]).toBeLessThan(0); // node 2 is below (y > 0): the curve goes up
    });

    it('bends the longer of two links leaving a node at almost the same angle', () => {
      const p = pos([
        [1, [0, 0]],
        [2, [100, 8]],
        [3, [300, 40]],
      ]);
      const bends = planBends(
        [
          { id: 1, from: 1, to: 2 },
          { id: 2, from: 1, to: 3 },
        ],
        p,
      );
      expect(bends.get(1)).toBe(0);
      expect(bends.get(2)).not.toBe(0);
    });

    it('leaves links out when a node has no position or the link is a loop', () => {
      const bends = planBends(
        [
          { id: 1, from: 1, to: 9 },
          { id: 2, from: 1, to: 1 },
        ],
        pos([[1, [0, 0]]]),
      );
      expect(bends.size).toBe(0);
    });
  });

  describe('linkPath', () => {
    it('is the two ends for a straight link', () => {
      expect(linkPath([0, 0], [10, 0], 0)).toEqual([
        [0, 0],
        [10, 0],
      ]);
    });

    it('samples a curve from end to end that bulges by half the control offset', () => {
      const pts = linkPath([0, 0], [100, 0], 0.4, 20);
      expect(pts).toHaveLength(21);
      expect(pts[0]).toEqual([0, 0]);
      expect(pts[20]![0]).toBeCloseTo(100, 9);
      expect(pts[20]![1]).toBeCloseTo(0, 9);
      // Left of "east" on a y-down screen is up (negative y); the bulge is half of 0.4 × 100.
      expect(pts[10]![1]).toBeCloseTo(-20, 9);
    });
  });

  describe('trimPath', () => {
    it('cuts pixels off both ends', () => {
      const out = trimPath(
        [
          [0, 0],
          [100, 0],
        ],
        10,
        20,
      )!;
      expect(out[0]).toEqual([10, 0]);
      expect(out[out.length - 1]).toEqual([80, 0]);
      expect(pathLength(out)).toBeCloseTo(70, 9);
    });

    it('gives null when nothing is left', () => {
      expect(
        trimPath(
          [
            [0, 0],
            [10, 0],
          ],
          6,
          6,
        ),
      ).toBeNull();
    });

    it('keeps the inner points of a curve', () => {
      const curve = linkPath([0, 0], [100, 0], 0.4);
      const out = trimPath(curve, 8, 8)!;
      expect(pathLength(out)).toBeCloseTo(pathLength(curve) - 16, 6);
    });
  });

  describe('arrowHead', () => {
    it('puts the tip on the end, pointing along the last stretch', () => {
      const [tip, left, right] = arrowHead(
        [
          [0, 0],
          [100, 0],
        ],
        10,
        4,
      )!;
      expect(tip).toEqual([100, 0]);
      expect(left[0]).toBeCloseTo(90, 9);
      expect(right[0]).toBeCloseTo(90, 9);
      expect(Math.abs(left[1] - right[1])).toBeCloseTo(8, 9);
    });

    it('gives null for a path shorter than the arrowhead', () => {
      expect(
        arrowHead(
          [
            [0, 0],
            [5, 0],
          ],
          10,
          4,
        ),
      ).toBeNull();
    });
  });
});
