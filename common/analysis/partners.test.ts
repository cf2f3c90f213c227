import { describe, expect, it } from 'vitest';
import { INCOME_BANDS } from '../enums.ts';
import { haversineM } from '../geo.ts';
import { incomeBand, type IncomeThresholds } from '../income.ts';
import {
  DEFAULT_PARTNER_WEIGHTS,
  PartnerIndex,
  reasonSummary,
  suggestPartners,
  type PartnerWeights,
} from './partners.ts';
import { randomAssets, randomNodes, randomTownships, randomVillages, rng } from './test-random.ts';
import type { AssetInput, ChainNodeInput, TownshipInput, VillageInput } from './types.ts';

/** Scores every other village straight from the raw arrays. */
function bruteScores(
  t: VillageInput,
  villages: VillageInput[],
  nodes: ChainNodeInput[],
  assets: AssetInput[],
  townships: TownshipInput[],
  maxKm: number,
  w: PartnerWeights,
  th: IncomeThresholds,
) {
  const stages = (id: number) => new Set(nodes.filter((n) => n.village_id === id).map((n) => n.stage as string));
  const subtypes = (id: number) => new Set(assets.filter((a) => a.village_id === id).map((a) => a.subtype));
  const symDiff = (a: Set<string>, b: Set<string>) =>
    [...a].filter((x) => !b.has(x)).length + [...b].filter((x) => !a.has(x)).length;
  const adjacent = (a: number, b: number) =>
    townships.some((x) => (x.id === a && x.adjacent.includes(b)) || (x.id === b && x.adjacent.includes(a)));
  const rank = (v: VillageInput) => {
    const b = incomeBand(v.operating_income, th);
    return b === null ? null : INCOME_BANDS.indexOf(b);
  };
  return villages
    .filter((c) => c.id !== t.id && haversineM(t.lngLat, c.lngLat) <= maxKm * 1000)
    .map((c) => {
      const d = haversineM(t.lngLat, c.lngLat);
      const [rt, rc] = [rank(t), rank(c)];
      const s = {
        distance: 1 - d / (maxKm * 1000),
        income: rt === null || rc === null ? 0 : Math.abs(rt - rc) / 3,
        chain: Math.min(1, symDiff(stages(t.id), stages(c.id)) / 3),
        asset: Math.min(1, symDiff(subtypes(t.id), subtypes(c.id)) / 4),
        township: c.township_id === t.township_id ? 1 : adjacent(t.township_id, c.township_id) ? 0.5 : 0,
      };
      const keys = Object.keys(s) as (keyof typeof s)[];
      const wSum = keys.reduce((n, k) => n + w[k], 0);
      return { id: c.id, d, s, score: wSum > 0 ? keys.reduce((n, k) => n + w[k] * s[k], 0) / wSum : 0 };
    })
    .sort((a, b) => b.score - a.score || a.d - b.d || a.id - b.id);
}

describe('suggestPartners', () => {
  it('scores, ranks and explains exactly like a direct recomputation (200 random cases)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const r = rng(9000 + seed);
      const villages = randomVillages(r, r.int(1, 120), undefined, 5);
      const nodes = randomNodes(r, r.int(0, 60), villages);
      const assets = randomAssets(r, r.int(0, 150), villages);
      const townships = randomTownships(r, 5);
      const index = new PartnerIndex({ villages, chainNodes: nodes, assets, townships });
      const weights: PartnerWeights = r.chance(0.3)
        ? { ...DEFAULT_PARTNER_WEIGHTS }
        : {
            distance: r.float(0, 1),
            income: r.float(0, 1),
            chain: r.float(0, 1),
            asset: r.float(0, 1),
            township: r.int(0, 2),
          };
      const thresholds = r.chance(0.5) ? { shell: 5, weak: 10, strong: 50 } : { shell: 10, weak: 30, strong: 80 };
      const maxKm = r.float(1, 30);
      const limit = r.int(1, 15);
      const target = r.pick(villages);
      const got = suggestPartners(r.chance(0.5) ? target.id : target, index, { maxKm, limit, weights, thresholds });
      const want = bruteScores(target, villages, nodes, assets, townships, maxKm, weights, thresholds).slice(0, limit);
      const ctx = `seed ${seed}`;
      expect(
        got.map((g) => g.village_id),
        ctx,
      ).toEqual(want.map((x) => x.id));
      got.forEach((g, i) => {
        const x = want[i]!;
        expect(g.score, ctx).toBeCloseTo(x.score, 12);
        expect(g.distance_m, ctx).toBeCloseTo(x.d, 6);
        expect(g.distance_m).toBeLessThanOrEqual(maxKm * 1000);
        expect(g.village_id).not.toBe(target.id);
        for (const reason of g.reasons) expect(reason.value, `${ctx} ${reason.kind}`).toBeCloseTo(x.s[reason.kind], 12);
        const shares = g.reasons.map((reason) => reason.share);
        if (g.score > 0)
          expect(
            shares.reduce((a, b) => a + b, 0),
            ctx,
          ).toBeCloseTo(1, 12);
        else expect(shares.every((s) => s === 0)).toBe(true);
        expect([...shares].sort((a, b) => b - a)).toEqual(shares);
        if (i > 0) {
          const p = got[i - 1]!;
          expect(p.score > g.score || (p.score === g.score && p.distance_m <= g.distance_m)).toBe(true);
        }
      });
    }
  });

  it('writes specific reason texts', () => {
    const v = (id: number, lng: number, income: number, township: number): VillageInput => ({
      id,
      name: `村${id}`,
      township_id: township,
      lngLat: [lng, 41.7],
      resident_population: 100,
      registered_population: 100,
      operating_income: income,
      total_income: income,
      flags: [],
    });
    const villages = [v(1, 123, 80, 1), v(2, 123.03, 7, 1), v(3, 123.05, 20, 2)];
    const index = new PartnerIndex({
      villages,
      chainNodes: [
        { village_id: 1, stage: '种植基地' },
        { village_id: 2, stage: '仓储冷链' },
        { village_id: 2, stage: '物流' },
      ],
      assets: [{ village_id: 2, subtype: '冷库' }],
      townships: [
        { id: 1, name: 'A', adjacent: [2] },
        { id: 2, name: 'B', adjacent: [] },
      ],
    });
    const [first, second] = suggestPartners(1, index, { maxKm: 10 });
    expect(first!.village_id).toBe(2);
    const texts = Object.fromEntries(first!.reasons.map((x) => [x.kind, x.text_zh]));
    expect(texts).toEqual({
      distance: '距离 2.5 公里',
      income: '收入互补：强村带薄弱村',
      chain: '补充产业链环节：仓储冷链、物流；村1可输出产业链环节：种植基地',
      asset: '补充资产：冷库',
      township: '同一乡镇',
    });
    expect(second!.reasons.find((x) => x.kind === 'township')!.text_zh).toBe('相邻乡镇');
    expect(reasonSummary(first!)).toContain('收入互补：强村带薄弱村');
  });

  it('rejects negative weights and unknown targets', () => {
    const index = new PartnerIndex({ villages: randomVillages(rng(1), 3) });
    expect(() => suggestPartners(1, index, { weights: { distance: -1 } })).toThrow(RangeError);
    expect(() => suggestPartners(99, index)).toThrow(RangeError);
  });
});
