import type request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haversineM } from '../../common/geo.ts';
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
