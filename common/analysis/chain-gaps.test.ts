import { describe, expect, it } from 'vitest';
import { CHAIN_STAGES, type ChainStage } from '../enums.ts';
import { haversineM } from '../geo.ts';
import { ASSET_STAGE, STAGE_GROUPS, chainGaps, productionStages, stagePresence } from './chain-gaps.ts';
import { randomAssets, randomNodes, randomVillages, rng } from './test-random.ts';
import type { AssetInput, ChainNodeInput, LngLat, VillageInput } from './types.ts';

/** Direct set computation of the gaps and an all-items scan for the suppliers. */
function bruteGaps(
  chain: ChainNodeInput[],
  villages: VillageInput[],
  nodesAll: ChainNodeInput[],
  assets: AssetInput[],
  scopeIds: number[] | undefined,
  leadProduct: string | null,
  limit: number,
) {
  const scope = new Set(scopeIds ?? chain.flatMap((n) => (n.village_id === null ? [] : [n.village_id])));
  const inScope = chain.filter((n) => scopeIds === undefined || (n.village_id !== null && scope.has(n.village_id)));
  const have = new Set<string>(inScope.map((n) => n.stage));
  const present = CHAIN_STAGES.filter((s) => have.has(s));
  const origins: LngLat[] = [
    ...inScope.map((n) => n.lngLat),
    ...villages.filter((v) => scope.has(v.id)).map((v) => v.lngLat),
  ];
  const missing = STAGE_GROUPS.filter((g) => g.stages.every((s) => !have.has(s))).map((g) => {
    const fill: ChainStage[] = g.group === '生产' ? productionStages(leadProduct) : [...g.stages];
    const items = [
      ...nodesAll
        .filter((n) => fill.includes(n.stage) && (n.village_id === null || !scope.has(n.village_id)))
        .map((n) => ({ key: n.village_id === null ? `node:${n.id}` : `v:${n.village_id}`, p: n.lngLat })),
      ...assets
        .filter((a) => (ASSET_STAGE[a.subtype] ?? []).some((s) => fill.includes(s)) && !scope.has(a.village_id))
        .map((a) => ({ key: `v:${a.village_id}`, p: a.lngLat })),
    ];
    const best = new Map<string, number>();
    for (const it of items)
      for (const o of origins) {
        const d = haversineM(o, it.p);
        if (d < (best.get(it.key) ?? Infinity)) best.set(it.key, d);
      }
    const suppliers = [...best.entries()].sort((a, b) => a[1] - b[1]).slice(0, limit);
    return { group: g.group, required: g.required, suppliers };
  });
  return { present, missing };
}

describe('chainGaps', () => {
  it('agrees with a direct set computation and an all-items nearest scan (200 random cases)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const r = rng(20000 + seed);
      const villages = randomVillages(r, r.int(1, 80));
      const stages = r.sample(CHAIN_STAGES, r.int(1, CHAIN_STAGES.length));
      const nodesAll = randomNodes(r, r.int(0, 60), villages, 4);
      const chain = randomNodes(r, r.int(0, 12), villages, 1, stages).map((n, i) => ({
        ...n,
        id: 1000 + i,
        chain_id: 99,
      }));
      nodesAll.push(...chain);
      const assets = randomAssets(r, r.int(0, 100), villages);
      const scope = r.chance(0.5) ? r.sample(villages, r.int(0, 8)).map((v) => v.id) : undefined;
      const lead = r.pick([null, '设施草莓', '冷鲜牛肉', '优质粳米', '陶瓷']);
      const limit = r.int(1, 8);
      const got = chainGaps(chain, { villages, nodesAll, assets, scopeVillageIds: scope, limit, leadProduct: lead });
      const want = bruteGaps(chain, villages, nodesAll, assets, scope, lead, limit);
      const ctx = `seed ${seed}`;
      expect(got.present, ctx).toEqual(want.present);
      expect(
        got.missing.map((m) => [m.group, m.required]),
        ctx,
      ).toEqual(want.missing.map((m) => [m.group, m.required]));
      got.missing.forEach((m, i) => {
        const w = want.missing[i]!;
        const keys = m.suppliers.map((s) => (s.village_id === null ? `node:${s.node_id}` : `v:${s.village_id}`));
        expect(keys, `${ctx} ${m.group}`).toEqual(w.suppliers.map((x) => x[0]));
        m.suppliers.forEach((s, j) => {
          expect(s.distance_m, `${ctx} ${m.group}`).toBeCloseTo(w.suppliers[j]![1], 6);
          if (j > 0) expect(s.distance_m).toBeGreaterThanOrEqual(m.suppliers[j - 1]!.distance_m);
          expect(m.stages).toContain(s.stage);
          if (s.via === 'asset') expect(ASSET_STAGE[s.subtype!]).toContain(s.stage);
          if (s.village_id !== null && scope) expect(scope).not.toContain(s.village_id);
        });
      });
    }
  });

  it('counts only the nodes at scope villages as present', () => {
    const villages = randomVillages(rng(4), 3);
    const node = (id: number, village: number, stage: ChainStage): ChainNodeInput => ({
      id,
      chain_id: 1,
      village_id: village,
      stage,
      lngLat: villages[village - 1]!.lngLat,
    });
    const chain = [node(1, 1, '种植基地'), node(2, 2, '初加工'), node(3, 3, '仓储冷链')];
    const gaps = chainGaps(chain, { villages, nodesAll: chain, assets: [], scopeVillageIds: [1, 2] });
    expect(gaps.present).toEqual(['种植基地', '初加工']);
    const cold = gaps.missing.find((m) => m.group === '仓储冷链')!;
    expect(cold.suppliers.map((s) => [s.village_id, s.via, s.node_id])).toEqual([[3, 'node', 3]]);
  });
});

describe('stage model', () => {
  it('chooses the production stage from the lead product', () => {
    expect(productionStages('冷鲜牛肉')).toEqual(['养殖基地']);
    expect(productionStages('设施草莓')).toEqual(['种植基地']);
    expect(productionStages('陶瓷')).toEqual(['种植基地', '养殖基地']);
    expect(productionStages(null)).toEqual(['种植基地', '养殖基地']);
  });

  it('reports each required group once, with its first fitting stage', () => {
    const { present, missing } = stagePresence(['育种研发', '精深加工', '批发市场', '品牌']);
    expect(present).toEqual(['育种研发', '精深加工', '批发市场', '品牌']);
    expect(missing.map((m) => [m.group, m.stage, m.required])).toEqual([
      ['仓储冷链', '仓储冷链', true],
      ['物流', '物流', true],
      ['农文旅', '农文旅', false],
      ['社会化服务', '社会化服务', false],
    ]);
    expect(stagePresence([], '肉牛').missing[0]).toMatchObject({ group: '生产', stage: '养殖基地', required: true });
  });
});
