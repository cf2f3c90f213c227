import type request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, signedIn, type TestApp } from '../helpers/app.ts';
import { download, freshApp } from './io-helpers.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- features are compared as plain JSON */

/**
 * Round trip for each format: export the sample county, import the files into an EMPTY database
 * (townships first, then what hangs on them), export again: the same features and properties.
 */

let sample: TestApp;
let admin: request.Agent;

beforeAll(async () => {
  sample = await makeTestApp({ sample: true });
  admin = await signedIn(sample.app, 'admin');
});
afterAll(() => sample.close());

/** What is exported, in import order, and how features are matched (database ids differ). */
const STEPS = [
  { layer: 'townships', query: '', key: (p: any) => p.code },
  { layer: 'villages', query: '', key: (p: any) => p.code },
  { layer: 'villages', query: '?geom=boundary', key: (p: any) => p.code },
  { layer: 'assets', query: '', key: (p: any) => p.external_id },
  { layer: 'stations', query: '', key: (p: any) => `${p.name}/${p.township_code}` },
  { layer: 'secretaries', query: '', key: (p: any) => `${p.name}/${p.village_code}/${p.role}` },
] as const;

/** Ids, versions and who/when differ between databases; everything else must not. */
const VOLATILE = ['id', 'version', 'updated_at', 'updated_by', 'township_id', 'village_id'];

async function snapshot(agent: request.Agent, layer: string, query: string, key: (p: any) => string) {
  const fc = JSON.parse((await download(agent, `/api/export/${layer}.geojson${query}`)).body.toString());
  const keys = new Set(fc.features.map((f: any) => key(f.properties)));
  expect(keys.size, `${layer}: one feature per key`).toBe(fc.features.length);
  return new Map(
    fc.features.map((f: any) => {
      const properties = Object.fromEntries(Object.entries(f.properties).filter(([k]) => !VOLATILE.includes(k)));
      return [key(f.properties), { geometry: f.geometry, properties }];
    }),
  );
}

describe.each(['geojson', 'csv', 'xlsx', 'kml', 'zip'])('round trip through %s', (format) => {
  it('export → import into an empty database → the same features and properties', async () => {
    const { t, admin: target } = await freshApp();
    try {
      for (const step of STEPS) {
        const file = await download(admin, `/api/export/${step.layer}.${format}${step.query}`);
        expect(file.status).toBe(200);
        const res = await target
          .post(`/api/import?layer=${step.layer}&dryRun=false`)
          .attach('file', file.body, `${step.layer}.${format}`);
        expect(
          res.status,
          `${step.layer}${step.query}: ${JSON.stringify(res.body.error?.details ?? res.body.errors)?.slice(0, 500)}`,
        ).toBe(200);
        expect(res.body.invalid).toBe(0);
      }
      for (const step of STEPS) {
        const before = await snapshot(admin, step.layer, step.query, step.key);
        const after = await snapshot(target, step.layer, step.query, step.key);
        expect(after.size, `${step.layer}${step.query}`).toBe(before.size);
        expect(before.size).toBeGreaterThan(0);
        for (const [k, f] of before) expect(after.get(k), `${step.layer}${step.query} ${k}`).toEqual(f);
      }
    } finally {
      await t.close();
    }
  });
});
