import type request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, signedIn, type TestApp } from '../helpers/app.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- responses are read as plain JSON */

// Lists and export pages read rows differently from single reads (on SQLite: one JSON text per
// row, floating-point columns beside it; FeatureRepository.select). Both must give the same record.
let t: TestApp;
let admin: request.Agent;

beforeAll(async () => {
  t = await makeTestApp({ sample: true });
  admin = await signedIn(t.app, 'admin');
});
afterAll(() => t.close());

describe('a list gives each record exactly as a single read does', () => {
  it('for awkward values: 17-digit doubles, quotes, newlines, emoji, nulls, JSON columns', async () => {
    const asset = (await admin.get('/api/assets?limit=1').expect(200)).body.features[0];
    const notes = '引号 "quoted" \\ back\nnew line 😀 \u2028';
    await t.db
      .knex('assets')
      .where({ id: asset.id })
      .update({ area_mu: 0.1 + 0.2, book_value: 1e-7 / 3, lessee: null, notes });
    const village = (await admin.get('/api/villages?limit=1').expect(200)).body.features[0];
    await t.db
      .knex('villages')
      .where({ id: village.id })
      .update({ operating_income: 123456789.12345679, honours: JSON.stringify(['全国文明村', '"引号"']) });

    for (const [layer, id] of [
      ['assets', asset.id],
      ['villages', village.id],
    ] as const) {
      const one = (await admin.get(`/api/${layer}/${id}`).expect(200)).body;
      const listed = (await admin.get(`/api/${layer}?limit=5000`).expect(200)).body.features.find(
        (f: any) => f.id === id,
      );
      expect(listed).toEqual(one);
    }
    const one = (await admin.get(`/api/assets/${asset.id}`).expect(200)).body;
    expect(one.properties).toMatchObject({ area_mu: 0.30000000000000004, book_value: 1e-7 / 3, lessee: null, notes });
  });

  it('for every sample record of every layer', async () => {
    for (const layer of ['townships', 'villages', 'assets', 'secretaries', 'stations', 'chains', 'alliances']) {
      const list = (await admin.get(`/api/${layer}?limit=5000`).expect(200)).body.features;
      expect(list.length).toBeGreaterThan(0);
      for (const f of list.slice(0, 5)) expect(f).toEqual((await admin.get(`/api/${layer}/${f.id}`).expect(200)).body);
    }
  });
});
