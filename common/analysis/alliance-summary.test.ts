import area from '@turf/area';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { describe, expect, it } from 'vitest';
import { incomeBand } from '../income.ts';
import { compareAlliances, pointInRing, summarizeAlliance } from './alliance-summary.ts';
import { stationCoverage } from './coverage.ts';
import { randomAssets, randomNodes, randomStations, randomVillages, rng } from './test-random.ts';
import type { VillageInput } from './types.ts';

/** A small square boundary around a village's site. */
const squareAround = (v: VillageInput, h: number): VillageInput => {
  const [x, y] = v.lngLat;
  const ring = [
    [x - h, y - h],
    [x + h, y - h],
    [x + h, y + h],
    [x - h, y + h],
    [x - h, y - h],
  ];
  return { ...v, boundary: { type: 'Polygon', coordinates: [ring] } };
};

describe('summarizeAlliance', () => {
  it('equals direct sums, and its hull holds every member (150 random cases)', () => {
    for (let seed = 1; seed <= 150; seed++) {
      const r = rng(30000 + seed);
      const villages = randomVillages(r, r.int(3, 60)).map((v) =>
        r.chance(0.5) ? squareAround(v, r.float(0.002, 0.01)) : v,
      );
      const members = r.sample(villages, r.int(1, 8));
      const ids = new Set(members.map((m) => m.id));
      const assets = randomAssets(r, r.int(0, 120), villages);
      const nodes = randomNodes(r, r.int(0, 40), villages, 3);
      const stations = randomStations(r, r.int(0, 25)).map((s) => ({
        ...s,
        village_id: r.chance(0.3) ? r.pick(villages).id : null,
      }));
      const coverage = stationCoverage(villages, stations);
      const chains = [
        { id: 1, name: '稻米', lead_product: '优质粳米' },
        { id: 2, name: '肉牛', lead_product: '冷鲜牛肉' },
      ];
      const s = summarizeAlliance({
        members,
        lead_village_id: members[0]!.id,
        assets,
        chainNodes: nodes,
        chains,
        stations,
        coverage,
      });
      const ctx = `seed ${seed}`;
      const sum = (f: (v: VillageInput) => number | null) => members.reduce((n, v) => n + (f(v) ?? 0), 0);

      expect(s.member_count, ctx).toBe(members.length);
      expect(s.population, ctx).toEqual({
        registered: sum((v) => v.registered_population),
        resident: sum((v) => v.resident_population),
      });
      expect(s.income.total, ctx).toBeCloseTo(
        sum((v) => v.total_income),
        9,
      );
      expect(s.income.operating, ctx).toBeCloseTo(
        sum((v) => v.operating_income),
        9,
      );
      for (const band of ['空壳村', '薄弱村', '一般村', '强村'] as const)
        expect(s.income.by_band[band], ctx).toBe(members.filter((m) => incomeBand(m.operating_income) === band).length);
      expect(s.income.by_band.未知).toBe(members.filter((m) => m.operating_income === null).length);

      const own = assets.filter((a) => ids.has(a.village_id));
      expect(
        s.assets_by_subtype.reduce((n, x) => n + x.count, 0),
        ctx,
      ).toBe(own.length);
      for (const x of s.assets_by_subtype) {
        const of = own.filter((a) => a.subtype === x.subtype);
        expect(x.count).toBe(of.length);
        const bv = of.filter((a) => a.book_value !== null);
        if (bv.length === 0) expect(x.book_value).toBeNull();
        else
          expect(x.book_value!).toBeCloseTo(
            bv.reduce((n, a) => n + a.book_value!, 0),
            9,
          );
      }

      const stages = new Set(nodes.filter((n) => n.village_id !== null && ids.has(n.village_id)).map((n) => n.stage));
      expect(new Set(s.chain_stages.present), ctx).toEqual(stages);

      const covered = members.filter((m) => coverage.find((c) => c.village_id === m.id)!.covered);
      expect(s.coverage, ctx).toEqual({
        villages: members.length,
        covered_villages: covered.length,
        residents: sum((v) => v.resident_population ?? v.registered_population),
        covered_residents: covered.reduce((n, v) => n + (v.resident_population ?? v.registered_population ?? 0), 0),
      });

      if (s.hull) {
        const hull = { type: 'Feature' as const, properties: {}, geometry: s.hull };
        expect(s.area_km2, ctx).toBeCloseTo(area(hull) / 1e6, 6);
        for (const m of members) expect(booleanPointInPolygon(m.lngLat as [number, number], hull), ctx).toBe(true);
        const inside = stations
          .filter(
            (st) =>
              (st.village_id != null && ids.has(st.village_id)) ||
              booleanPointInPolygon(st.lngLat as [number, number], hull),
          )
          .map((st) => st.id)
          .sort((a, b) => a - b);
        expect(s.stations.ids, ctx).toEqual(inside);
      } else {
        expect(members.length).toBeLessThan(3);
        expect(s.area_km2).toBe(0);
      }
    }
  });

  it('reports the alliance part of a chain missing 仓储冷链', () => {
    const villages = randomVillages(rng(8), 4);
    const s = summarizeAlliance({
      members: villages.slice(0, 2),
      lead_village_id: 1,
      assets: [],
      chainNodes: [
        { id: 1, chain_id: 7, village_id: 1, stage: '种植基地', lngLat: villages[0]!.lngLat },
        { id: 2, chain_id: 7, village_id: 2, stage: '初加工', lngLat: villages[1]!.lngLat },
        { id: 3, chain_id: 7, village_id: 3, stage: '仓储冷链', lngLat: villages[2]!.lngLat },
      ],
      chains: [{ id: 7, name: '草莓', lead_product: '设施草莓' }],
      stations: [],
      coverage: [],
    });
    expect(s.chain_stages.present).toEqual(['种植基地', '初加工']);
    expect(s.chain_stages.missing.filter((m) => m.required).map((m) => m.group)).toEqual(['仓储冷链', '物流', '销售']);
    expect(s.chain_stages.by_chain[0]).toMatchObject({ chain_id: 7, name: '草莓' });
  });
});

describe('pointInRing', () => {
  it('counts the boundary as inside', () => {
    const ring = [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
      [0, 0],
    ];
    expect(pointInRing([0.5, 0.5], ring)).toBe(true);
    expect(pointInRing([1, 0.5], ring)).toBe(true);
    expect(pointInRing([1.5, 0.5], ring)).toBe(false);
  });
});

describe('compareAlliances', () => {
  it('puts the headline figures of two drafts side by side', () => {
    const r = rng(11);
    const villages = randomVillages(r, 20);
    const base = { assets: [], chainNodes: [], chains: [], stations: [], coverage: [] };
    const a = summarizeAlliance({ ...base, members: villages.slice(0, 4), lead_village_id: 1 });
    const b = summarizeAlliance({ ...base, members: villages.slice(0, 7), lead_village_id: 1 });
    const rows = compareAlliances(a, b);
    expect(rows.find((x) => x.key === 'member_count')).toMatchObject({ label_zh: '成员村数', a: 4, b: 7 });
    expect(new Set(rows.map((x) => x.key)).size).toBe(rows.length);
    for (const row of rows) expect(row.label_en.length).toBeGreaterThan(0);
  });
});
