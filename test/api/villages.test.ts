import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, signedIn, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let api: request.Agent;
beforeAll(async () => {
  t = await makeTestApp({ sample: true });
  api = await signedIn(t.app, 'planner');
});
afterAll(() => t.close());

interface FC {
  type: string;
  total: number;
  features: {
    id: number;
    geometry: { type: string; coordinates: number[] } | null;
    properties: Record<string, unknown>;
  }[];
}

describe('GET /api/health', () => {
  it('reports the database and version', async () => {
    const res = await request(t.app).get('/api/health').expect(200);
    expect(res.body).toEqual({ ok: true, db: process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite', version: 'test' });
  });
});

describe('GET /api/townships', () => {
  it('returns every sample township as GeoJSON polygons', async () => {
    const res = await api.get('/api/townships').expect(200);
    expect(res.headers['content-type']).toMatch(/application\/geo\+json/);
    const fc = res.body as FC;
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.length).toBeGreaterThanOrEqual(3);
    for (const f of fc.features) {
      expect(['Polygon', 'MultiPolygon']).toContain(f.geometry?.type);
      expect(f.properties.code).toMatch(/^\d{9}$/);
      expect(f.properties).not.toHaveProperty('minx');
    }
  });
});

describe('GET /api/villages', () => {
  it('lists village points with derived township and income band', async () => {
    const fc = (await api.get('/api/villages').expect(200)).body as FC;
    expect(fc.total).toBe(fc.features.length);
    expect(fc.features.length).toBeGreaterThanOrEqual(50);
    const bands = new Set(fc.features.map((f) => f.properties.income_band));
    expect([...bands].sort()).toEqual(['一般村', '强村', '空壳村', '薄弱村'].sort());
    const v = fc.features[0]!;
    expect(v.geometry?.type).toBe('Point');
    expect(v.properties.township_name).toBeTruthy();
    expect(Array.isArray(v.properties.incomes)).toBe(true);
    expect(v.properties).not.toHaveProperty('boundary');
  });

  it('answers a bbox with exactly the villages whose point lies inside it', async () => {
    const all = ((await api.get('/api/villages').expect(200)).body as FC).features;
    const lngs = all.map((f) => f.geometry!.coordinates[0]!).sort((a, b) => a - b);
    const lats = all.map((f) => f.geometry!.coordinates[1]!).sort((a, b) => a - b);
    // The south-west quarter of the county.
    const bbox = [lngs[0]!, lats[0]!, lngs[Math.floor(lngs.length / 2)]!, lats[Math.floor(lats.length / 2)]!];
    const expected = all
      .filter(
        ({ geometry: g }) =>
          g!.coordinates[0]! >= bbox[0]! &&
          g!.coordinates[0]! <= bbox[2]! &&
          g!.coordinates[1]! >= bbox[1]! &&
          g!.coordinates[1]! <= bbox[3]!,
      )
      .map((f) => f.id);
    // geom=location filters on the union bbox of point and boundary: a superset of the points inside.
    const got = ((await api.get(`/api/villages?bbox=${bbox.join(',')}`).expect(200)).body as FC).features.map(
      (f) => f.id,
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.every((id) => got.includes(id))).toBe(true);
    expect(got.length).toBeLessThan(all.length);
  });

  it('returns boundaries with geom=boundary', async () => {
    const fc = (await api.get('/api/villages?geom=boundary&limit=5').expect(200)).body as FC;
    expect(fc.features).toHaveLength(5);
    for (const f of fc.features) expect(['Polygon', 'MultiPolygon']).toContain(f.geometry?.type);
  });

  it('filters by township, by q, and pages with limit/offset', async () => {
    const townships = ((await api.get('/api/townships').expect(200)).body as FC).features;
    const tid = townships[0]!.id;
    const inT = (await api.get(`/api/villages?township=${tid}`).expect(200)).body as FC;
    expect(inT.features.length).toBeGreaterThan(0);
    expect(inT.features.every((f) => f.properties.township_id === tid)).toBe(true);

    const q = (await api.get(`/api/villages?q=${encodeURIComponent('羊草沟')}`).expect(200)).body as FC;
    expect(q.features.map((f) => f.properties.name)).toEqual(['羊草沟村']);

    const p1 = (await api.get('/api/villages?limit=10&offset=0').expect(200)).body as FC;
    const p2 = (await api.get('/api/villages?limit=10&offset=10').expect(200)).body as FC;
    expect(p1.features).toHaveLength(10);
    expect(p2.total).toBe(p1.total);
    expect(new Set([...p1.features, ...p2.features].map((f) => f.id)).size).toBe(20);
  });

  it.each([
    ['bbox=1,2,3', 'bbox'],
    ['bbox=10,50,5,60', 'bbox'],
    ['bbox=0,0,200,10', 'bbox'],
    ['limit=0', 'limit'],
    ['limit=abc', 'limit'],
    ['offset=-1', 'offset'],
    ['township=x', 'township'],
    ['geom=line', 'geom'],
    ['limit=1&limit=2', 'limit'],
  ])('rejects ?%s with 400 naming %s', async (qs, param) => {
    const res = await api.get(`/api/villages?${qs}`).expect(400);
    expect(res.body.error.code).toBe('invalid_query');
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(param);
  });
});

describe('GET /api/villages/:id', () => {
  it('returns one village with an ETag of its version', async () => {
    const res = await api.get('/api/villages/1').expect(200);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body.id).toBe(1);
    expect(res.body.properties.code).toMatch(/^\d{12}$/);
  });

  it('answers 404 in the JSON error format for unknown or malformed ids', async () => {
    for (const id of ['999999', 'abc', '0', '1e3']) {
      const res = await api.get(`/api/villages/${id}`).expect(404);
      expect(res.body).toEqual({ error: { code: 'not_found', message: 'Village not found', details: [] } });
    }
  });
});

describe('unknown API routes', () => {
  it('answer 404 JSON', async () => {
    const res = await api.get('/api/nope').expect(404);
    expect(res.body.error.code).toBe('not_found');
  });
});

describe('security headers', () => {
  it('send a CSP without inline scripts and without upgrading plain-http LAN requests', async () => {
    const res = await request(t.app).get('/api/health').expect(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});
