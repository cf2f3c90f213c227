import { describe, expect, it } from 'vitest';
import { CHAIN_STAGES } from '../../../common/enums.ts';
import { STAGE_COLORS, UNKNOWN_STAGE_COLOR, contrastRatio, stageColor, stagesPresent } from './chain-styles.ts';
import { MAP_BACKGROUND, textColorOn } from './styles.ts';

/** CIE76 colour difference of two `#rrggbb` colours (D65). */
function deltaE(a: string, b: string): number {
  const lab = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    const f = (v: number) => (v > 0.008856 ? Math.cbrt(v) : 7.787 * v + 16 / 116);
    const x = f((0.4124 * r + 0.3576 * g + 0.1805 * bl) / 0.95047);
    const y = f(0.2126 * r + 0.7152 * g + 0.0722 * bl);
    const z = f((0.0193 * r + 0.1192 * g + 0.9505 * bl) / 1.08883);
    return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
  };
  const [p, q] = [lab(a), lab(b)];
  return Math.hypot(p[0]! - q[0]!, p[1]! - q[1]!, p[2]! - q[2]!);
}

describe('chain styles', () => {
  describe('STAGE_COLORS', () => {
    it('has a colour for each of the twelve stages', () => {
      expect(Object.keys(STAGE_COLORS).sort()).toEqual([...CHAIN_STAGES].sort());
      expect(Object.values(STAGE_COLORS).every((c) => /^#[0-9a-f]{6}$/.test(c))).toBe(true);
    });

    it('keeps every two stages clearly apart (ΔE ≥ 25)', () => {
      const entries = Object.entries(STAGE_COLORS);
      for (const [i, [a, ca]] of entries.entries()) {
        for (const [b, cb] of entries.slice(i + 1)) {
          expect(deltaE(ca, cb), `${a} vs ${b}`).toBeGreaterThanOrEqual(25);
        }
      }
    });

    it('makes every stage stand out from the plain map background and the unknown grey', () => {
      for (const [stage, c] of Object.entries(STAGE_COLORS)) {
        expect(deltaE(c, MAP_BACKGROUND), stage).toBeGreaterThanOrEqual(40);
        expect(deltaE(c, UNKNOWN_STAGE_COLOR), stage).toBeGreaterThanOrEqual(15);
      }
    });

    it('leaves readable text on every stage chip (contrast ≥ 4.5 with the chosen text colour)', () => {
      for (const [stage, c] of Object.entries(STAGE_COLORS)) {
        expect(contrastRatio(c, textColorOn(c)), stage).toBeGreaterThanOrEqual(4.5);
      }
    });
  });

  describe('stageColor', () => {
    it('colours a known stage and greys anything else', () => {
      expect(stageColor('仓储冷链')).toBe(STAGE_COLORS.仓储冷链);
      expect(stageColor('种植基地')).toBe('#2ca02c');
      expect(stageColor('养猪')).toBe(UNKNOWN_STAGE_COLOR);
      expect(stageColor(null)).toBe(UNKNOWN_STAGE_COLOR);
    });
  });

  describe('stagesPresent', () => {
    it('lists each stage once in chain order, dropping unknown words', () => {
      expect(stagesPresent(['品牌', '种植基地', '品牌', '仓储冷链', '别的'])).toEqual(['种植基地', '仓储冷链', '品牌']);
      expect(stagesPresent([])).toEqual([]);
    });
  });

  describe('contrastRatio', () => {
    it('is 21 for black on white and 1 for a colour on itself', () => {
      expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
      expect(contrastRatio('#2ca02c', '#2ca02c')).toBe(1);
    });
  });
});
