import { describe, expect, it } from 'vitest';
import { EMPTY_FILTERS } from './map-query.ts';
import { niceScale } from './map-export.ts';
import {
  FLAG_OFF_COLOR,
  FLAG_ON_COLOR,
  SECRETARY_STATE_COLORS,
  assetLegend,
  stationLegend,
  villageColor,
  villageLegend,
  villageMatches,
} from './themes.ts';
import { BAND_COLORS } from './styles.ts';

const v = (township_id: number, income_band: string | null, flags: string[], secretary_state = 'none') => ({
  township_id,
  income_band,
  flags,
  secretary_state,
});
const villages = [
  v(1, '薄弱村', ['脱贫村'], 'vacant'),
  v(1, '强村', [], 'posted'),
  v(2, '薄弱村', ['易地搬迁安置村', '脱贫村'], 'ending'),
  v(2, null, [], 'none'),
];

describe('village themes', () => {
  it('colours by income band, by secretary state and by a flag', () => {
    expect(villageColor(villages[0]!, { theme: 'income', flag: null })).toBe(BAND_COLORS.薄弱村);
    expect(villageColor(villages[2]!, { theme: 'secretary', flag: null })).toBe(SECRETARY_STATE_COLORS.ending);
    expect(villageColor(villages[2]!, { theme: 'flag', flag: '脱贫村' })).toBe(FLAG_ON_COLOR);
    expect(villageColor(villages[1]!, { theme: 'flag', flag: '脱贫村' })).toBe(FLAG_OFF_COLOR);
  });

  it('legend rows count what each colour is drawn for, for every theme', () => {
    for (const choice of [
      { theme: 'income', flag: null },
      { theme: 'secretary', flag: null },
      { theme: 'flag', flag: '脱贫村' },
    ] as const) {
      const rows = villageLegend(villages, choice);
      expect(
        rows.reduce((n, r) => n + r.count, 0),
        choice.theme,
      ).toBe(villages.length);
      for (const r of rows) {
        expect(r.count).toBe(villages.filter((x) => villageColor(x, choice) === r.color).length);
      }
    }
  });

  it('glyph legends list only the kinds present, in vocabulary order, with counts', () => {
    expect(assetLegend(['冷库', '耕地', '耕地']).map((r) => [r.term, r.count, r.glyph])).toEqual([
      ['耕地', 2, '耕'],
      ['冷库', 1, '冷'],
    ]);
    expect(stationLegend(['站点', '乡镇中心']).map((r) => r.term)).toEqual(['乡镇中心', '站点']);
  });

  it('filters: every non-empty filter must match; flags match any', () => {
    const pass = (f: Partial<typeof EMPTY_FILTERS>) =>
      villages.filter((x) => villageMatches(x, { ...EMPTY_FILTERS, ...f })).length;
    expect(pass({})).toBe(4);
    expect(pass({ band: ['薄弱村'] })).toBe(2);
    expect(pass({ band: ['薄弱村'], township: [2] })).toBe(1);
    expect(pass({ flag: ['易地搬迁安置村', '脱贫村'] })).toBe(2);
    expect(pass({ sec: ['vacant', 'ending'] })).toBe(2);
    expect(pass({ subtype: ['耕地'] })).toBe(4); // asset filter leaves villages alone
  });
});

describe('niceScale', () => {
  it('picks 1, 2 or 5 × 10ⁿ metres that fit', () => {
    expect(niceScale(12.3, 120)).toMatchObject({ metres: 1000, label: '1 km' });
    expect(niceScale(1, 120)).toMatchObject({ metres: 100, px: 100, label: '100 m' });
    expect(niceScale(40, 120)).toMatchObject({ metres: 2000, px: 50 });
  });
});
