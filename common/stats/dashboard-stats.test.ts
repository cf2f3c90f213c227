import { describe, expect, it } from 'vitest';
import { DEFAULT_INCOME_THRESHOLDS } from '../income.ts';
import { attentionList, compareUrgency, daysBetween } from './attention.ts';
import { dashboardStats } from './dashboard-stats.ts';
import type { StatsInput, StatsVillage } from './types.ts';

const village = (
  id: number,
  township_id: number,
  operating: (number | null)[],
  flags: string[] = [],
): StatsVillage => ({
  id,
  name: `村${id}`,
  township_id,
  flags,
  incomes: operating.map((o, i) => ({ year: 2022 + i, total: null, operating: o })),
  resident_population: 100 * id,
  registered_population: null,
});

/** Four villages in two townships; two target villages, one with a secretary whose term ends soon. */
function input(township_ids: number[] = []): StatsInput {
  return {
    today: '2026-11-28',
    thresholds: DEFAULT_INCOME_THRESHOLDS,
    radius_m: 1200,
    township_ids,
    villages: [
      village(1, 1, [3, 7]),
      village(2, 1, [60], ['脱贫村']),
      village(3, 2, [12, null], ['党组织软弱涣散村']),
      village(4, 2, []),
    ],
    secretaries: [
      { id: 1, village_id: 2, name: '甲', role: '第一书记', status: '在岗', term_end: '2027-01-10' },
      { id: 2, village_id: 3, name: '乙', role: '第一书记', status: '轮换', term_end: '2026-12-01' },
      { id: 3, village_id: 1, name: '丙', role: '队员', status: '在岗', term_end: '2026-12-01' },
    ],
    assets: [
      {
        id: 1,
        village_id: 1,
        name: '耕地一',
        subtype: '耕地',
        area_mu: 10.5,
        area_m2: null,
        book_value: 1,
        annual_income: 2,
        lessee: '合作社',
        contract_end: '2026-12-31',
      },
      {
        id: 2,
        village_id: 1,
        name: '耕地二',
        subtype: '耕地',
        area_mu: 4.5,
        area_m2: null,
        book_value: null,
        annual_income: null,
        lessee: null,
        contract_end: '2028-01-01',
      },
      {
        id: 3,
        village_id: 3,
        name: '冷库',
        subtype: '冷库',
        area_mu: null,
        area_m2: 800,
        book_value: 120,
        annual_income: 9,
        lessee: null,
        contract_end: '2026-10-01',
      },
    ],
    alliances: [
      { id: 1, name: '联建一', status: '实施中', member_village_ids: [1, 2] },
      { id: 2, name: '联建二', status: '规划中', member_village_ids: [3, 4] },
    ],
    chains: [
      {
        id: 1,
        name: '稻米',
        lead_product: '大米',
        nodes: [
          { village_id: 1, stage: '种植基地' },
          { village_id: 2, stage: '初加工' },
        ],
      },
      { id: 2, name: '肉牛', lead_product: '牛肉', nodes: [{ village_id: 4, stage: '养殖基地' }] },
    ],
    coverage: [
      { village_id: 1, covered: true, nearest_station_id: 1, nearest_distance_m: 300 },
      { village_id: 2, covered: false, nearest_station_id: 1, nearest_distance_m: 5000 },
      { village_id: 3, covered: false, nearest_station_id: 1, nearest_distance_m: 8000 },
      { village_id: 4, covered: true, nearest_station_id: 2, nearest_distance_m: 100 },
    ],
    station_count: 2,
  };
}

const bandsOf = (s: ReturnType<typeof dashboardStats>) =>
  Object.fromEntries(s.income.current.map((b) => [b.band, b.count]));

describe('dashboardStats', () => {
  it('bands villages by the latest year, counts unknown incomes, and trends by year', () => {
    const s = dashboardStats(input());
    expect(bandsOf(s)).toEqual({ 空壳村: 0, 薄弱村: 1, 一般村: 0, 强村: 1, 未填报: 2 });
    expect(s.income.by_year.map((y) => [y.year, y.bands.filter((b) => b.count).map((b) => b.band)])).toEqual([
      [2022, ['空壳村', '一般村', '强村']],
      [2023, ['薄弱村', '未填报']],
    ]);
  });

  it('counts only first secretaries in post and the villages per state', () => {
    const s = dashboardStats(input());
    expect(s.secretaries).toMatchObject({ in_post: 1, terms_ending: 1, target_villages: 2 });
    expect(s.secretaries.village_states).toEqual([
      { state: 'posted', count: 0 },
      { state: 'ending', count: 1 },
      { state: 'vacant', count: 1 },
      { state: 'none', count: 2 },
    ]);
  });

  it('restricts everything to the townships asked for', () => {
    const s = dashboardStats(input([2]));
    expect(s.villages).toEqual({ total: 2, residents: 700 });
    expect(s.coverage).toMatchObject({ villages: 2, covered_villages: 1, residents: 700, covered_residents: 400 });
    expect(s.assets.by_subtype.map((a) => a.subtype)).toEqual(['冷库']);
    expect(s.alliances.by_status.filter((a) => a.count)).toEqual([{ status: '规划中', count: 1 }]);
    expect(s.chains.map((c) => c.name)).toEqual(['肉牛']);
  });

  it('sums assets per subtype in 亩, m² and 万元 and reports chain stage groups present', () => {
    const s = dashboardStats(input());
    expect(s.assets.by_subtype[0]).toMatchObject({ subtype: '耕地', land: true, count: 2, area_mu: 15, book_value: 1 });
    expect(s.assets).toMatchObject({ count: 3, area_mu: 15, area_m2: 800, book_value: 121 });
    expect(s.chains[0]).toMatchObject({
      required_present: 2,
      required_total: 5,
      missing: ['仓储冷链', '物流', '销售'],
    });
  });
});

describe('attentionList', () => {
  it('lists ending terms and contracts (overdue first), vacancies, then uncovered villages by residents', () => {
    const a = attentionList(input(), 90, 50);
    expect(a.items.map((i) => `${i.kind}:${i.id}`)).toEqual([
      'contract_ending:3',
      'contract_ending:1',
      'term_ending:1',
      'vacant_target:3',
      'uncovered:3',
      'uncovered:2',
    ]);
    expect(a.items[0]).toMatchObject({ layer: 'assets', days_left: -58, village_name: '村3' });
    expect(a.counts).toEqual({ term_ending: 1, vacant_target: 1, contract_ending: 2, uncovered: 2 });
  });

  it('caps the items but counts them all, and narrows by days and townships', () => {
    const a = attentionList(input(), 90, 2);
    expect([a.items.length, a.total]).toEqual([2, 6]);
    expect(attentionList(input(), 30, 50).counts.term_ending).toBe(0);
    expect(attentionList(input([1]), 90, 50).items.every((i) => i.village_id <= 2)).toBe(true);
  });

  it('counts days across months and orders equal dates by kind then id', () => {
    expect(daysBetween('2026-11-28', '2027-02-26')).toBe(90);
    const base = { layer: 'villages' as const, village_id: 1, village_name: '', title: '', detail: '' };
    expect(
      compareUrgency(
        { ...base, kind: 'term_ending', id: 2, date: '2027-01-01' },
        { ...base, kind: 'contract_ending', id: 1, date: '2027-01-01' },
      ),
    ).toBeGreaterThan(0);
  });
});
