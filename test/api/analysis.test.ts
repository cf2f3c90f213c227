import type request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PartnerIndex,
  chainGaps,
  stationCoverage,
  suggestPartners,
  summarizeAlliance,
  summarizeCoverage,
} from '../../common/analysis/index.ts';
import { haversineM } from '../../common/geo.ts';
import { AnalysisRepository } from '../../server/repositories/analysis-repository.ts';
import {
  assetInputs,
  chainInputs,
  nodeInputs,
  townshipInputs,
  villageInputs,
} from '../../server/services/analysis-service.ts';
import { makeTestApp, signedIn, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let planner: request.Agent;
const byName = new Map<string, number>();

beforeAll(async () => {
  t = await makeTestApp({ sample: true });
  planner = await signedIn(t.app, 'planner');
  for (const f of (await planner.get('/api/villages?limit=10000').expect(200)).body.features)
    byName.set(f.properties.name, f.id);
});
afterAll(() => t.close());

describe('GET /api/analysis/coverage', () => {
  it('marks each village covered or not, consistently with the stations and their radii', async () => {
    const cov = (await planner.get('/api/analysis/coverage').expect(200)).body;
    expect(cov.radius_m).toBe(1200);
    const stations = (await planner.get('/api/stations?limit=10000').expect(200)).body.features;
    for (const v of cov.villages) {
      // Independent check: covered iff some station's effective radius reaches the village.
      const reach = stations.some(
        (s: { geometry: { coordinates: number[] }; properties: { effective_radius_m: number } }) =>
          haversineM(s.geometry.coordinates, v.lngLat) <= s.properties.effective_radius_m,
      );
      expect(v.covered, v.name).toBe(reach);
    }
    expect(cov.summary.overall.villages).toBe(60);
    expect(cov.summary.overall.covered_villages).toBe(
      cov.villages.filter((v: { covered: boolean }) => v.covered).length,
    );
    expect(cov.summary.by_township).toHaveLength(4);
    expect(cov.suggestions).toHaveLength(3);
    expect(cov.suggestions[0].gain_residents).toBeGreaterThanOrEqual(cov.suggestions[1].gain_residents);
  });

  it('takes a radius, a township filter and k', async () => {
    const wide = (await planner.get('/api/analysis/coverage?radius=5000').expect(200)).body;
    const narrow = (await planner.get('/api/analysis/coverage?k=1').expect(200)).body;
    expect(wide.radius_m).toBe(5000);
    expect(wide.summary.overall.covered_villages).toBeGreaterThan(narrow.summary.overall.covered_villages);
    expect(narrow.suggestions).toHaveLength(1);
    const one = (await planner.get('/api/analysis/coverage?township=1').expect(200)).body;
    expect(one.villages.every((v: { township_id: number }) => v.township_id === 1)).toBe(true);
    await planner.get('/api/analysis/coverage?radius=abc').expect(400);
    await planner.get('/api/analysis/coverage?k=999').expect(400);
  });
});

describe('GET /api/analysis/partners', () => {
  it('ranks partners within the distance, each with reasons whose shares sum to 1', async () => {
    const res = (
      await planner.get(`/api/analysis/partners?village=${byName.get('柳河村')}&maxKm=10&limit=5`).expect(200)
    ).body;
    expect(res.suggestions).toHaveLength(5);
    for (const s of res.suggestions) {
      expect(s.distance_m).toBeLessThanOrEqual(10_000);
      const shares = s.reasons.reduce((a: number, r: { share: number }) => a + r.share, 0);
      expect(shares).toBeCloseTo(1, 6);
      expect(s.reasons[0].text_zh).toBeTruthy();
      expect(s.lngLat).toHaveLength(2);
    }
    const scores = res.suggestions.map((s: { score: number }) => s.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('lets a planner weigh the reasons', async () => {
    const id = byName.get('柳河村');
    const near = (
      await planner
        .get(`/api/analysis/partners?village=${id}&w_distance=1&w_income=0&w_chain=0&w_asset=0&w_township=0`)
        .expect(200)
    ).body.suggestions;
    const d = near.map((s: { distance_m: number }) => s.distance_m);
    expect([...d].sort((a, b) => a - b)).toEqual(d);
    await planner
      .get(`/api/analysis/partners?village=${id}&w_distance=0&w_income=0&w_chain=0&w_asset=0&w_township=0`)
      .expect(400);
    await planner.get('/api/analysis/partners?village=999999').expect(404);
    await planner.get('/api/analysis/partners').expect(400);
  });
});

describe('GET /api/chains/:id/gaps', () => {
  it('finds that 草莓 lacks 仓储冷链 and names the nearest 冷库', async () => {
    const chains = (await planner.get('/api/chains').expect(200)).body.features;
    const strawberry = chains.find((c: { properties: { name: string } }) => c.properties.name === '草莓');
    const gaps = (await planner.get(`/api/chains/${strawberry.id}/gaps`).expect(200)).body;
    const cold = gaps.missing.find((m: { stage: string }) => m.stage === '仓储冷链');
    expect(cold.required).toBe(true);
    expect(cold.suppliers[0]).toMatchObject({ name: '谭家甸子村', via: 'asset', subtype: '冷库' });
    const d = cold.suppliers.map((s: { distance_m: number }) => s.distance_m);
    expect([...d].sort((a, b) => a - b)).toEqual(d);
  });

  it('analyses a draft selection of villages the same way as a saved alliance', async () => {
    const alliances = (await planner.get('/api/alliances').expect(200)).body.features;
    const a = alliances.find((x: { properties: { chain_ids: number[] } }) => x.properties.chain_ids.length);
    const chain = a.properties.chain_ids[0];
    const saved = (await planner.get(`/api/chains/${chain}/gaps?alliance=${a.id}`).expect(200)).body;
    const draft = (
      await planner.get(`/api/chains/${chain}/gaps?villages=${a.properties.member_village_ids.join(',')}`).expect(200)
    ).body;
    expect(draft.missing).toEqual(saved.missing);
    await planner.get(`/api/chains/${chain}/gaps?villages=1&alliance=${a.id}`).expect(400);
  });
});

describe('alliance summaries and plans', () => {
  it('summarises a draft selection and a saved alliance the same way', async () => {
    const alliances = (await planner.get('/api/alliances').expect(200)).body.features;
    const a = alliances.find((x: { properties: { status: string } }) => x.properties.status === '实施中');
    const saved = (await planner.get(`/api/alliances/${a.id}/summary`).expect(200)).body;
    const draft = (
      await planner
        .post('/api/analysis/alliance-summary')
        .send({
          member_village_ids: a.properties.member_village_ids,
          lead_village_id: a.properties.lead_village_id,
          chain_ids: a.properties.chain_ids,
        })
        .expect(200)
    ).body;
    const { alliance_id: _i, name: _n, ...rest } = saved;
    expect(draft).toEqual(rest);
    expect(saved.member_count).toBe(a.properties.member_village_ids.length);
    const villages = (
      await planner.get(`/api/villages?village=${a.properties.member_village_ids.join(',')}`).expect(200)
    ).body.features;
    const residents = villages.reduce(
      (s: number, v: { properties: { resident_population: number } }) => s + v.properties.resident_population,
      0,
    );
    expect(saved.population.resident).toBe(residents);
    expect(saved.area_km2).toBeGreaterThan(1);
  });

  it('refuses a draft naming unknown villages or a lead outside it', async () => {
    await planner
      .post('/api/analysis/alliance-summary')
      .send({ member_village_ids: [1, 424242] })
      .expect(400);
    await planner
      .post('/api/analysis/alliance-summary')
      .send({ member_village_ids: [1, 2], lead_village_id: 3 })
      .expect(400);
  });

  it('exports a plan as GeoJSON: the hull with its figures and every member', async () => {
    const a = (await planner.get('/api/alliances').expect(200)).body.features[0];
    const res = await planner.get(`/api/alliances/${a.id}/plan.geojson`).expect(200);
    expect(res.headers['content-type']).toMatch(/geo\+json/);
    expect(res.headers['content-disposition']).toMatch(/attachment/);
    const fc = JSON.parse(res.text);
    expect(fc.features[0].geometry.type).toBe('Polygon');
    expect(fc.features[0].properties).toMatchObject({ kind: 'alliance', member_count: a.properties.member_count });
    // Flat scalar properties, as GIS tools and Shapefiles need.
    for (const v of Object.values(fc.features[0].properties))
      expect(['string', 'number', 'boolean']).toContain(typeof v);
    expect(fc.features.filter((f: { properties: { kind: string } }) => f.properties.kind === 'member')).toHaveLength(
      a.properties.member_count,
    );
  });
});

/**
 * The analyses read only what their answer depends on (a township's villages, a village's
 * neighbourhood, an alliance's members); the oracles below read everything, as they once did, and
 * compute the same answers with the same pure functions.
 */
describe('scoped reads answer as reading everything would', () => {
  async function everything() {
    const repo = new AnalysisRepository(t.db);
    const [villages, nodes, assets, townships, chains] = await Promise.all([
      repo.villages({}, { boundary: true }),
      repo.chainNodes(),
      repo.assets(),
      repo.townships(),
      repo.chains(),
    ]);
    const stations = (await planner.get('/api/stations?limit=10000').expect(200)).body.features.map(
      (f: { id: number; geometry: { coordinates: [number, number] }; properties: Record<string, unknown> }) => ({
        id: f.id,
        name: f.properties.name,
        level: f.properties.level,
        lngLat: f.geometry.coordinates,
        radius_m: (f.properties.service_radius_m as number | null) ?? 1200,
        village_id: f.properties.village_id ?? null,
        township_id: f.properties.township_id,
      }),
    );
    return {
      villages: villageInputs(villages),
      nodes: nodeInputs(nodes),
      assets: assetInputs(assets),
      townships: townshipInputs(townships),
      chains: chainInputs(chains),
      stations,
    };
  }

  it("a village's partners, at every village of the sample and several distances", async () => {
    const all = await everything();
    const index = new PartnerIndex({
      villages: all.villages,
      chainNodes: all.nodes,
      assets: all.assets,
      townships: all.townships,
    });
    let compared = 0;
    for (const v of all.villages)
      for (const maxKm of [2, 8, 40]) {
        const res = (await planner.get(`/api/analysis/partners?village=${v.id}&maxKm=${maxKm}&limit=20`).expect(200))
          .body;
        const expected = suggestPartners(v.id, index, { maxKm, limit: 20 });
        expect(res.suggestions.map(({ lngLat: _, ...s }: { lngLat: unknown }) => s)).toEqual(expected);
        compared += expected.length;
      }
    expect(compared).toBeGreaterThan(100);
    // Adjacent townships are among the reasons, so the townships read around a village matter.
    expect(all.townships.some((x) => x.adjacent.length)).toBe(true);
  });

  it("a township's coverage", async () => {
    const all = await everything();
    const whole = stationCoverage(all.villages, all.stations);
    for (const township of new Set(all.villages.map((v) => v.township_id))) {
      const cov = (await planner.get(`/api/analysis/coverage?township=${township}`).expect(200)).body;
      const mine = all.villages.filter((v) => v.township_id === township);
      const expected = whole.filter((r) => mine.some((v) => v.id === r.village_id));
      expect(cov.villages.map((r: { village_id: number; covered: boolean; nearest_distance_m: number }) => r)).toEqual(
        expected.map((r) => expect.objectContaining(r)),
      );
      expect(cov.summary).toEqual(summarizeCoverage(expected, mine));
    }
  });

  it("a draft alliance's summary, with its chains named or found", async () => {
    const all = await everything();
    const ids = all.villages.slice(0, 6).map((v) => v.id);
    for (const chain_ids of [[], all.chains.slice(0, 1).map((c) => c.id)]) {
      const res = (
        await planner
          .post('/api/analysis/alliance-summary')
          .send({ member_village_ids: ids, lead_village_id: ids[0], chain_ids })
          .expect(200)
      ).body;
      const members = ids.map((id) => all.villages.find((v) => v.id === id)!);
      const chainIds = new Set(
        chain_ids.length ? chain_ids : all.nodes.filter((n) => ids.includes(n.village_id!)).map((n) => n.chain_id),
      );
      expect(chainIds.size).toBeGreaterThan(0);
      expect(res).toEqual(
        summarizeAlliance({
          members,
          lead_village_id: ids[0]!,
          assets: all.assets,
          chainNodes: all.nodes.filter((n) => chainIds.has(n.chain_id)),
          chains: all.chains.filter((c) => chainIds.has(c.id)),
          stations: all.stations,
          coverage: stationCoverage(members, all.stations),
          thresholds: { shell: 5, weak: 10, strong: 50 },
        }),
      );
    }
  });
});

describe('chain gaps found near the chain answer as reading everything would', () => {
  it('for every chain, alone and in an alliance, few suppliers and many (the search grows)', async () => {
    const repo = new AnalysisRepository(t.db);
    const [villages, nodes, assets, chains] = await Promise.all([
      repo.villages(),
      repo.chainNodes(),
      repo.assets(),
      repo.chains(),
    ]);
    const all = { villages: villageInputs(villages), nodes: nodeInputs(nodes), assets: assetInputs(assets) };
    const alliances = (await planner.get('/api/alliances?limit=100').expect(200)).body.features as {
      id: number;
      properties: { member_village_ids: number[] };
    }[];
    expect(alliances.length).toBeGreaterThan(0);
    let suppliers = 0;
    for (const c of chainInputs(chains))
      for (const limit of [1, 5, 20])
        for (const alliance of [null, alliances[0]!]) {
          const q = `limit=${limit}${alliance ? `&alliance=${alliance.id}` : ''}`;
          const res = (await planner.get(`/api/chains/${c.id}/gaps?${q}`).expect(200)).body;
          const expected = chainGaps(
            all.nodes.filter((n) => n.chain_id === c.id),
            {
              villages: all.villages,
              nodesAll: all.nodes,
              assets: all.assets,
              scopeVillageIds: alliance?.properties.member_village_ids,
              limit,
              leadProduct: c.lead_product,
            },
          );
          expect(res).toEqual({ chain_id: c.id, alliance_id: alliance?.id ?? null, ...expected });
          suppliers += expected.missing.reduce((n, m) => n + m.suppliers.length, 0);
        }
    expect(suppliers).toBeGreaterThan(50);
  });
});
