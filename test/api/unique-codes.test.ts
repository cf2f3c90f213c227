import type request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../server/db/migrations/index.ts';
import { makeTestApp, signedIn, type TestApp } from '../helpers/app.ts';

/** A village's 12-digit code and a township's 9-digit code identify one live record each. */
let t: TestApp;
let admin: request.Agent;
let existing: { id: number; properties: Record<string, unknown>; geometry: { coordinates: number[] } };

beforeAll(async () => {
  t = await makeTestApp({ sample: true });
  admin = await signedIn(t.app, 'admin');
  existing = (await admin.get('/api/villages?q=羊草沟').expect(200)).body.features[0];
});
afterAll(() => t.close());

const count = async (table: string) => Number(((await t.db.knex(table).count({ n: '*' })) as { n: unknown }[])[0]!.n);

function newVillage(code: string) {
  const [lng, lat] = existing.geometry.coordinates as [number, number];
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [lng + 0.001, lat + 0.001] },
    properties: { code, code_edition: 2024, name: '重码村', township_id: existing.properties.township_id },
  };
}

describe('unique codes', () => {
  it('refuses a second live village with the same code: 409 naming the field, nothing written', async () => {
    const [villages, revisions] = [await count('villages'), await count('revisions')];
    const res = await admin
      .post('/api/villages')
      .send(newVillage(String(existing.properties.code)))
      .expect(409);
    expect(res.body.error.code).toBe('duplicate');
    expect(res.body.error.message).toBe('Another village already has this code');
    expect(res.body.error.details).toEqual([
      { path: 'properties.code', message: 'Another village already has this code' },
    ]);
    expect(JSON.stringify(res.body)).not.toMatch(/SQLITE|constraint|insert into/i);
    expect([await count('villages'), await count('revisions')]).toEqual([villages, revisions]);
  });

  it('refuses renaming a village onto another one’s code', async () => {
    const other = (
      await admin.get(`/api/villages?township=${existing.properties.township_id}&limit=2`).expect(200)
    ).body.features.find((f: { id: number }) => f.id !== existing.id);
    const res = await admin
      .patch(`/api/villages/${other.id}`)
      .set('If-Match', `"${other.properties.version}"`)
      .send({ properties: { code: existing.properties.code } })
      .expect(409);
    expect(res.body.error.code).toBe('duplicate');
    const after = (await admin.get(`/api/villages/${other.id}`).expect(200)).body;
    expect(after.properties.code).toBe(other.properties.code);
  });

  it('refuses a second township with the same code', async () => {
    const tw = (await admin.get('/api/townships?limit=1').expect(200)).body.features[0];
    const res = await admin
      .post('/api/townships')
      .send({
        type: 'Feature',
        geometry: tw.geometry,
        properties: { code: tw.properties.code, name: '重码镇', county: '示例县' },
      })
      .expect(409);
    expect(res.body.error.message).toBe('Another township already has this code');
  });

  it('frees a deleted village’s code for a new record', async () => {
    const created = (await admin.post('/api/villages').send(newVillage('210199100398')).expect(201)).body;
    await admin.delete(`/api/villages/${created.id}`).set('If-Match', '"1"').expect(200);
    await admin.post('/api/villages').send(newVillage('210199100398')).expect(201);
  });

  it('will not migrate over duplicates it cannot choose between, and says which', async () => {
    const migration = MIGRATIONS.find((m) => m.name === '202611280001_unique_codes')!;
    await migration.down(t.db.knex, t.db.dialect);
    const code = String(existing.properties.code);
    await t.db
      .knex('villages')
      .where({ id: existing.id + 1 })
      .update({ code });
    await expect(migration.up(t.db.knex, t.db.dialect)).rejects.toThrow(
      `villages.code unique: these codes are used more than once (${code} × 2)`,
    );
  });
});
