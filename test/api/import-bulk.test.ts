import type request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertReturningIds } from '../../server/db/bulk-insert.ts';
import { makeTestApp, signedIn, type TestApp } from '../helpers/app.ts';
import { writeCounts } from './io-helpers.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- reports are read as plain JSON */

// Imports write a few hundred rows per statement (server/db/bulk-insert.ts): these files cross
// those chunks' boundaries, so a row lost, doubled or paired with another row's id would show.
const N = 1234;

let t: TestApp;
let planner: request.Agent;
let admin: request.Agent;

beforeAll(async () => {
  t = await makeTestApp({ sample: true });
  planner = await signedIn(t.app, 'planner');
  admin = await signedIn(t.app, 'admin');
});
afterAll(() => t.close());

const code = (i: number) => `2101991${String(60000 + i).padStart(5, '0')}`;
const file = (n: number, bad?: number, from = 0) =>
  Buffer.from(
    [
      'code,code_edition,name,township_code,lng,lat,registered_population',
      ...Array.from({ length: n }, (_, i) =>
        [
          code(from + i),
          2024,
          i === bad ? '' : `批量${i}村`,
          '210199100',
          122.9 + (i % 50) * 0.001,
          41.7 + Math.floor(i / 50) * 0.001,
          100 + i,
        ].join(','),
      ),
    ].join('\n'),
  );

describe('a real import of more rows than one statement carries', () => {
  it('is all or nothing even when the invalid row is the last of many', async () => {
    const before = await writeCounts(t);
    const res = await planner
      .post('/api/import?layer=villages&dryRun=false')
      .attach('file', file(N, N - 1), 'v.csv')
      .expect(422);
    expect(res.body.error.details).toEqual([{ path: `row ${N}: properties.name`, message: expect.any(String) }]);
    expect(await writeCounts(t)).toEqual(before);
  });

  it('writes every row with its own values, one revision each, under one import', async () => {
    const res = await planner
      .post('/api/import?layer=villages&dryRun=false')
      .attach('file', file(N), 'v.csv')
      .expect(200);
    expect(res.body).toMatchObject({ created: N, updated: 0, invalid: 0 });
    const importId = res.body.import_id as number;
    const rows = (await t.db
      .knex('villages')
      .select('id', 'code', 'name', 'registered_population', 'lng', 'version')
      .where('code', 'like', '2101991%')
      .whereIn(
        'code',
        Array.from({ length: N }, (_, i) => code(i)),
      )
      .orderBy('code')) as any[];
    expect(rows).toHaveLength(N);
    rows.forEach((r, i) => {
      expect(r).toMatchObject({ code: code(i), name: `批量${i}村`, registered_population: 100 + i, version: 1 });
      expect(r.lng).toBeCloseTo(122.9 + (i % 50) * 0.001, 9);
    });
    // Each revision belongs to the row it describes.
    const revs = (await t.db
      .knex('revisions')
      .where({ import_id: importId })
      .select('row_id', 'after', 'action')) as any[];
    expect(revs).toHaveLength(N);
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const rev of revs) {
      expect(rev.action).toBe('import');
      const after = JSON.parse(rev.after);
      expect(after.properties.code).toBe(byId.get(rev.row_id)?.code);
    }
    // The spatial index knows the new rows: a bbox list around the first ones finds them.
    const near = (await admin.get('/api/villages?bbox=122.8995,41.6995,122.9105,41.7005&limit=50').expect(200)).body;
    expect(near.features.map((f: any) => f.properties.code)).toEqual(expect.arrayContaining([code(0), code(10)]));
  });
});

describe('a streamed export of more rows than one page', () => {
  it('holds every live village once, in id order (pages are read ahead while one is written)', async () => {
    const res = await admin
      .get('/api/export/villages.geojson')
      .buffer(true)
      .parse((r, cb) => {
        let text = '';
        r.setEncoding('utf8');
        r.on('data', (c: string) => (text += c));
        r.on('end', () => cb(null, text));
      });
    expect(res.status).toBe(200);
    const ids = (JSON.parse(res.body as string).features as any[]).map((f) => f.id as number);
    const live = (await t.db.knex('villages').whereNull('deleted_at').count({ n: '*' }))[0] as { n: number | string };
    expect(ids.length).toBe(Number(live.n));
    expect(ids.length).toBeGreaterThan(1000);
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
  });
});

describe('a real import the database refuses part way', () => {
  // A row the checks accept and the database does not (a trigger stands for any constraint the
  // checks cannot see): by then earlier chunks were written, while later rows were being checked.
  const BAD = 700;
  beforeAll(async () => {
    if (t.db.dialect.name === 'sqlite')
      await t.db.knex.raw(`CREATE TRIGGER refuse_test_village BEFORE INSERT ON villages
        WHEN NEW.name = '批量${BAD}村' BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END`);
    else {
      await t.db.knex.raw(`CREATE FUNCTION refuse_test_village() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.name = '批量${BAD}村' THEN RAISE EXCEPTION 'refused by test trigger'; END IF; RETURN NEW; END $$`);
      await t.db.knex.raw(
        'CREATE TRIGGER refuse_test_village BEFORE INSERT ON villages FOR EACH ROW EXECUTE FUNCTION refuse_test_village()',
      );
    }
  });
  afterAll(async () => {
    await t.db.knex.raw(
      t.db.dialect.name === 'sqlite'
        ? 'DROP TRIGGER refuse_test_village'
        : 'DROP TRIGGER refuse_test_village ON villages; DROP FUNCTION refuse_test_village()',
    );
  });

  it('writes nothing, reports the database’s error, and the next import writes', async () => {
    const before = await writeCounts(t);
    const codes = Array.from({ length: N }, (_, i) => code(10_000 + i));
    const res = await planner
      .post('/api/import?layer=villages&dryRun=false')
      .attach('file', file(N, undefined, 10_000), 'v.csv');
    expect(res.status).toBe(500);
    expect(await writeCounts(t)).toEqual(before);
    expect(Number(((await t.db.knex('villages').whereIn('code', codes).count({ n: '*' })) as any)[0].n)).toBe(0);
    // The connection went back to the pool in working order.
    const ok = await planner
      .post('/api/import?layer=villages&dryRun=false')
      .attach('file', file(BAD, undefined, 10_000), 'v.csv')
      .expect(200);
    expect(ok.body).toMatchObject({ created: BAD, invalid: 0 });
  });
});

describe('insertReturningIds', () => {
  it('returns the ids in the order of the rows, across statements', async () => {
    const rows = Array.from({ length: 1234 }, (_, i) => ({
      at: '2026-11-28',
      action: 'bulk-test',
      details: `row ${i}`,
    }));
    const ids = await t.db.knex.transaction((tx) => insertReturningIds(tx, 'audit_log', rows));
    const stored = (await t.db.knex('audit_log').where({ action: 'bulk-test' }).select('id', 'details')) as any[];
    const idOf = new Map(stored.map((s) => [s.details, Number(s.id)]));
    expect(stored).toHaveLength(1234);
    expect(ids).toEqual(rows.map((r) => idOf.get(r.details)));
  });

  it('refuses rows that differ in their columns', async () => {
    await expect(
      t.db.knex.transaction((tx) => insertReturningIds(tx, 'audit_log', [{ at: 'x', action: 'a' }, { at: 'y' }])),
    ).rejects.toThrow(/differ in their columns/);
  });
});
