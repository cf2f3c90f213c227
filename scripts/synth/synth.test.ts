import type request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, signedIn, type TestApp } from '../../test/helpers/app.ts';
import { onChineseLand } from './china.ts';
import { synthesize } from './generate.ts';
import { loadSynth } from './load.ts';

const rowsOf = (villages: number, seed = 8) => [...synthesize({ villages, seed })];

describe('synthesize', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    expect(JSON.stringify(rowsOf(300))).toEqual(JSON.stringify(rowsOf(300)));
    expect(JSON.stringify(rowsOf(300, 9))).not.toEqual(JSON.stringify(rowsOf(300)));
  });

  it('puts every village on land inside its bbox, with the documented ratios', () => {
    const batches = rowsOf(2000);
    const count = (t: string) => batches.filter((b) => b.table === t).reduce((n, b) => n + b.rows.length, 0);
    expect([count('villages'), count('assets'), count('secretaries'), count('stations'), count('chains')]).toEqual([
      2000, 1000, 400, 200, 2,
    ]);
    for (const b of batches.filter((x) => x.table === 'villages'))
      for (const v of b.rows) {
        const [x, y] = [Number(v.lng), Number(v.lat)];
        expect(onChineseLand(x, y) || onChineseLand(x, y + 0.05) || onChineseLand(x + 0.05, y)).toBe(true);
        expect(x >= Number(v.minx) && x <= Number(v.maxx) && y >= Number(v.miny) && y <= Number(v.maxy)).toBe(true);
        expect(String(v.code)).toMatch(/^\d{12}$/);
      }
  });
});

describe('loadSynth', () => {
  let t: TestApp;
  let agent: request.Agent;
  beforeAll(async () => {
    t = await makeTestApp();
    await loadSynth(t.db, { villages: 500 });
    agent = await signedIn(t.app, 'admin');
  });
  afterAll(() => t.close());

  it('loads data the API serves, through the spatial index', async () => {
    const all = (await agent.get('/api/villages?limit=1000').expect(200)).body;
    expect(all.total).toBe(500);
    const v = all.features[0];
    const [x, y] = v.geometry.coordinates as [number, number];
    const near = (await agent.get(`/api/villages?bbox=${x - 0.001},${y - 0.001},${x + 0.001},${y + 0.001}`).expect(200))
      .body;
    expect(near.features.map((f: { id: number }) => f.id)).toContain(v.id);
    expect(near.total).toBeLessThan(10);
  });

  it('leaves id sequences past the loaded rows, so new records can be created', async () => {
    const v = (await agent.get('/api/villages?limit=1').expect(200)).body.features[0];
    const res = await agent
      .post('/api/stations')
      .send({
        geometry: v.geometry,
        properties: { name: '新站', level: '站点', township_id: v.properties.township_id, functions: [] },
      })
      .expect(201);
    expect(res.body.id).toBe(51);
  });

  it('refuses a database that already has villages', async () => {
    await expect(loadSynth(t.db, { villages: 10 })).rejects.toThrow(/empty database/);
  });
});
