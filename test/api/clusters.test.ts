import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSynth } from '../../scripts/synth/load.ts';
import { makeTestApp, signedIn, type TestApp } from '../helpers/app.ts';

/** Grid clusters over 3,000 synthetic villages in one box (~ a prefecture). */
const BOX = [112, 30, 114, 32] as const;
let t: TestApp;
let agent: request.Agent;
beforeAll(async () => {
  t = await makeTestApp();
  await loadSynth(t.db, { villages: 3000, extent: BOX });
  agent = await signedIn(t.app, 'admin');
});
afterAll(() => t.close());

type Cell = {
  id: string;
  geometry: { coordinates: [number, number] };
  properties: { count: number; id: number | null };
};

describe('GET /api/clusters/{layer}', () => {
  it('counts every village of the view once, in at most grid × grid cells', async () => {
    const res = await agent.get(`/api/clusters/villages?bbox=${BOX.join(',')}&grid=8`).expect(200);
    expect(res.headers['content-type']).toMatch(/geo\+json/);
    const cells = res.body.features as Cell[];
    expect(res.body.grid).toEqual([8, 8]);
    expect(cells.length).toBeGreaterThan(1);
    expect(cells.length).toBeLessThanOrEqual(64);
    const sum = cells.reduce((n, c) => n + c.properties.count, 0);
    expect(sum).toBe(3000);
    expect(res.body.total).toBe(3000);
    for (const c of cells) {
      const [gx, gy] = c.id.split(',').map(Number) as [number, number];
      const [x, y] = c.geometry.coordinates;
      // The mean centre lies in its own cell (0.25° a side here).
      expect(x).toBeGreaterThanOrEqual(112 + gx * 0.25 - 1e-9);
      expect(x).toBeLessThanOrEqual(112 + (gx + 1) * 0.25 + 1e-9);
      expect(y).toBeGreaterThanOrEqual(30 + gy * 0.25 - 1e-9);
      expect(y).toBeLessThanOrEqual(30 + (gy + 1) * 0.25 + 1e-9);
    }
  });

  it('agrees with the bbox list on the count of a smaller view, and names the feature of a single cell', async () => {
    const view = [112.5, 30.5, 113, 31];
    const list = (await agent.get(`/api/villages?bbox=${view.join(',')}&limit=10000`).expect(200)).body;
    const inView = (list.features as { properties: { id?: number }; id: number }[]).length;
    const res = (await agent.get(`/api/clusters/villages?bbox=${view.join(',')}&grid=64`).expect(200)).body;
    // The list takes bboxes that touch the view; clusters take centres inside it: never more.
    expect(res.total).toBeLessThanOrEqual(inView);
    expect(res.total).toBeGreaterThan(inView * 0.8);
    const single = (res.features as Cell[]).find((c) => c.properties.count === 1)!;
    expect(single.properties.id).toEqual(expect.any(Number));
    const v = (await agent.get(`/api/villages/${single.properties.id}`).expect(200)).body;
    expect(v.geometry.coordinates[0]).toBeCloseTo(single.geometry.coordinates[0], 1);
  });

  it('clusters stations too, with the list filters', async () => {
    const all = (await agent.get(`/api/clusters/stations?bbox=${BOX.join(',')}`).expect(200)).body;
    expect(all.total).toBe(300);
    const one = (await agent.get(`/api/clusters/stations?bbox=${BOX.join(',')}&township=1`).expect(200)).body;
    expect(one.total).toBeGreaterThan(0);
    expect(one.total).toBeLessThan(10);
  });

  it('refuses a missing bbox, a grid over 64 and an unclustered layer, naming the problem', async () => {
    const noBox = await agent.get('/api/clusters/villages').expect(400);
    expect(JSON.stringify(noBox.body)).toMatch(/bbox/);
    const big = await agent.get(`/api/clusters/villages?bbox=${BOX.join(',')}&grid=65`).expect(400);
    expect(JSON.stringify(big.body)).toMatch(/grid/);
    await agent.get(`/api/clusters/secretaries?bbox=${BOX.join(',')}`).expect(404);
    await request(t.app)
      .get(`/api/clusters/villages?bbox=${BOX.join(',')}`)
      .expect(401);
  });
});

describe('GET /api/config: when the map asks for clusters', () => {
  it('tells the client the configured threshold (MAP_CLUSTER_ABOVE, default 2,000)', async () => {
    expect((await agent.get('/api/config').expect(200)).body.map).toEqual({ cluster_above: 2000 });
    const other = await makeTestApp({ sample: true, config: { MAP_CLUSTER_ABOVE: 10 } });
    try {
      const a = await signedIn(other.app, 'official');
      expect((await a.get('/api/config').expect(200)).body.map.cluster_above).toBe(10);
    } finally {
      await other.close();
    }
  });
});
