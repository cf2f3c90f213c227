import { describe, expect, it } from 'vitest';
import { INCOME_BANDS } from '../../../common/enums.ts';
import {
  BAND_COLORS,
  LEGEND_ENTRIES,
  UNKNOWN_BAND_COLOR,
  bandColor,
  bandKey,
  countByBand,
  textColorOn,
} from './styles.ts';

describe('map styles', () => {
  describe('bandColor', () => {
    it('gives each income band its own colour', () => {
      const colours = INCOME_BANDS.map((b) => bandColor(b));
      expect(new Set(colours).size).toBe(INCOME_BANDS.length);
      expect(colours).not.toContain(UNKNOWN_BAND_COLOR);
    });

    it('draws a village without a known band in grey', () => {
      expect(bandColor(null)).toBe(UNKNOWN_BAND_COLOR);
      expect(bandColor(undefined)).toBe(UNKNOWN_BAND_COLOR);
      expect(bandColor('富裕村')).toBe(UNKNOWN_BAND_COLOR);
    });
  });

  describe('bandKey', () => {
    it('maps the Chinese band names to i18n keys', () => {
      expect(bandKey('空壳村')).toBe('shell');
      expect(bandKey('强村')).toBe('strong');
      expect(bandKey(null)).toBe('unknown');
    });
  });

  describe('LEGEND_ENTRIES', () => {
    it('lists exactly the colours the map draws, bands first and unknown last', () => {
      expect(LEGEND_ENTRIES.map((e) => e.color)).toEqual([
        ...INCOME_BANDS.map((b) => BAND_COLORS[b]),
        UNKNOWN_BAND_COLOR,
      ]);
      expect(LEGEND_ENTRIES.at(-1)?.key).toBe('unknown');
    });
  });

  describe('textColorOn', () => {
    it('puts white text on dark colours and dark text on light ones', () => {
      expect(textColorOn('#d7191c')).toBe('#ffffff');
      expect(textColorOn('#fdae61')).toBe('#1f2421');
      expect(textColorOn('#ffffff')).toBe('#1f2421');
      expect(textColorOn('#000000')).toBe('#ffffff');
    });
  });

  describe('countByBand', () => {
    it('counts villages per band, unknown ones included', () => {
      expect(countByBand(['强村', '强村', '空壳村', null, 'x'])).toEqual({
        shell: 1,
        weak: 0,
        ordinary: 0,
        strong: 2,
        unknown: 2,
      });
    });
  });
});
