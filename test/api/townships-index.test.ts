import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSynth } from '../../scripts/synth/load.ts';
import { LookupRepository } from '../../server/repositories/lookup-repository.ts';
import { BEHAVIOURS } from '../../server/services/layers/behaviours.ts';
import { makeTestApp, signedIn, type TestApp } from '../helpers/app.ts';

/** 5,100 synthetic townships (a 0.1° square each) in one box: more than a list's default 5,000. */
const BOX = [112, 30, 116, 33] as const;
const N = 5100;
type Entry = { id: number; code: string; name: string; county: string; extent: [number, number, number, number] };

let t: TestApp;
let admin: request.Agent;
beforeAll(async () => {
  t = await makeTestApp();
  // Villages are generated 17 to a township; only the townships (and the admin) are loaded.
  await loadSynth(t.db, { villages: N * 17, extent: BOX }, undefined, ['townships']);
  admin = await signedIn(t.app, 'admin');
});
afterAll(() => t.close());

const index = async () => (await admin.get('/api/townships/index').expect(200)).body.townships as Entry[];
const contains = ([w, s, e, n]: readonly number[], [x, y]: readonly number[]) =>
  x! >= w! && x! <= e! && y! >= s! && y! <= n!;

describe('GET /api/townships/index', () => {
  it('lists every township, beyond the list’s first 5,000, in id order with its extent and no geometry', async () => {
    const res = await admin.get('/api/townships/index').expect(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    const all = res.body.townships as Entry[];
    expect(all).toHaveLength(N);
    expect(all.map((x) => x.id)).toEqual([...all.map((x) => x.id)].sort((a, b) => a - b));
    const list = (await admin.get('/api/townships?limit=1').expect(200)).body;
    expect(list.total).toBe(N);
    const last = all[all.length - 1]!;
    expect(Object.keys(last).sort()).toEqual(['code', 'county', 'extent', 'id', 'name']);
    // The extent holds the township's boundary.
    const f = (await admin.get(`/api/townships/${last.id}`).expect(200)).body;
    expect([last.code, last.name, last.county]).toEqual([f.properties.code, f.properties.name, f.properties.county]);
    for (const p of f.geometry.coordinates[0] as [number, number][]) expect(contains(last.extent, p)).toBe(true);
    // Compact: no geometry, about 100 bytes a township.
    expect(res.text.length / N).toBeLessThan(130);
  });

  it('answers 304 to its own ETag until a township changes, by the API or by another process', async () => {
    const first = await admin.get('/api/townships/index').expect(200);
    const tag = first.headers.etag as string;
    expect(tag).toMatch(/^"townships-\d+"$/);
    expect(first.headers['cache-control']).toBe('private, no-cache');
    const again = await admin.get('/api/townships/index').set('If-None-Match', tag).expect(304);
    expect(again.text ?? '').toBe('');
    await admin.get('/api/townships/index').set('If-None-Match', `"x", W/${tag}`).expect(304);

    // An edit through the API: a new tag, the new name.
    const id = (first.body.townships as Entry[])[N - 1]!.id;
    const v = (await admin.get(`/api/townships/${id}`).expect(200)).headers.etag as string;
    await admin
      .patch(`/api/townships/${id}`)
      .set('If-Match', v)
      .send({ properties: { name: '新名镇' } })
      .expect(200);
    const edited = await admin.get('/api/townships/index').set('If-None-Match', tag).expect(200);
    expect(edited.headers.etag).not.toBe(tag);
    expect((edited.body.townships as Entry[]).find((x) => x.id === id)?.name).toBe('新名镇');

    // A write outside this process (straight to the database) moves the tag too.
    await t.db.knex('townships').where({ id }).update({ name: '库里改名镇' });
    const outside = await admin.get('/api/townships/index').set('If-None-Match', edited.headers.etag as string);
    expect(outside.status).toBe(200);
    expect((outside.body.townships as Entry[]).find((x) => x.id === id)?.name).toBe('库里改名镇');
  });

  it('leaves deleted townships out', async () => {
    const victim = (await index())[N - 2]!;
    const v = (await admin.get(`/api/townships/${victim.id}`).expect(200)).headers.etag as string;
    await admin.delete(`/api/townships/${victim.id}`).set('If-Match', v).expect(200);
    const after = await index();
    expect(after).toHaveLength(N - 1);
    expect(after.some((x) => x.id === victim.id)).toBe(false);
  });

  it('refuses query parameters and anonymous callers', async () => {
    const bad = await admin.get('/api/townships/index?limit=10').expect(400);
    expect(bad.body.error.code).toBe('invalid_query');
    await request(t.app).get('/api/townships/index').expect(401);
  });
});

describe('GET /api/townships?bbox= (outlines by view)', () => {
  it('returns the outlines of the townships whose extent meets the view, as the index says', async () => {
    const view = [114.2, 31.1, 114.9, 31.6] as const;
    const meets = ([w, s, e, n]: readonly number[]) => w! <= view[2] && e! >= view[0] && s! <= view[3] && n! >= view[1];
    const expected = (await index()).filter((x) => meets(x.extent)).map((x) => x.id);
    expect(expected.length).toBeGreaterThan(20);
    const fc = (await admin.get(`/api/townships?bbox=${view.join(',')}&limit=2000`).expect(200)).body;
    expect(fc.features.map((f: { id: number }) => f.id)).toEqual(expected);
    expect(fc.features[0].geometry.type).toBe('Polygon');
  });
});

describe('GET /api/townships/at', () => {
  it('names the township holding a point (the lowest id where squares overlap), null outside all', async () => {
    const all = await index();
    const some = all.filter((_, i) => i % 997 === 0);
    for (const x of some) {
      const [w, s, e, n] = x.extent;
      const p = [(w + e) / 2, (s + n) / 2] as const;
      const expected = all.filter((y) => contains(y.extent, p))[0]!;
      const res = await admin.get(`/api/townships/at?lng=${p[0]}&lat=${p[1]}`).expect(200);
      expect(res.body.township).toEqual({
        id: expected.id,
        code: expected.code,
        name: expected.name,
        county: expected.county,
      });
    }
    const away = await admin.get('/api/townships/at?lng=90&lat=45').expect(200);
    expect(away.body).toEqual({ township: null });
  });

  it('leaves out the hole of a township', async () => {
    const ring = (x: number, y: number, d: number) => [
      [x, y],
      [x + d, y],
      [x + d, y + d],
      [x, y + d],
      [x, y],
    ];
    const created = await admin
      .post('/api/townships')
      .send({
        type: 'Feature',
        geometry: { type: 'Polygon', coordinates: [ring(100, 40, 1), ring(100.4, 40.4, 0.2).reverse()] },
        properties: { code: '990000001', name: '环形镇', county: '测试县' },
      })
      .expect(201);
    const at = async (lng: number, lat: number) =>
      (await admin.get(`/api/townships/at?lng=${lng}&lat=${lat}`).expect(200)).body.township as Entry | null;
    expect((await at(100.1, 40.1))?.id).toBe(created.body.id);
    expect(await at(100.5, 40.5)).toBeNull();

    // An enclave in the hole: the permission policy places a free point as /at does.
    const enclave = await admin
      .post('/api/townships')
      .send({
        type: 'Feature',
        geometry: { type: 'Polygon', coordinates: [ring(100.4, 40.4, 0.2)] },
        properties: { code: '990000002', name: '飞地镇', county: '测试县' },
      })
      .expect(201);
    expect((await at(100.5, 40.5))?.id).toBe(enclave.body.id);
    const scope = (lng: number, lat: number) =>
      BEHAVIOURS['chain-nodes'].scope(
        { geometry: { type: 'Point', coordinates: [lng, lat] }, properties: {} },
        new LookupRepository(t.db),
        undefined,
      );
    expect((await scope(100.5, 40.5)).townshipIds).toEqual([enclave.body.id]);
    expect((await scope(100.1, 40.1)).townshipIds).toEqual([created.body.id]);
    expect(await scope(90, 45)).toMatchObject({ townshipIds: [], unresolved: true });
  });

  it('refuses a point that is missing, not a number or off the globe', async () => {
    for (const q of ['lng=100', 'lng=abc&lat=30', 'lng=200&lat=30', 'lng=100&lat=-91', 'lng=100&lat=30&x=1']) {
      const res = await admin.get(`/api/townships/at?${q}`).expect(400);
      expect(res.body.error.code, q).toBe('invalid_query');
    }
  });
});
