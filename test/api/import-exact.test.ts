import type request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeatureRepository } from '../../server/repositories/feature-repository.ts';
import { LAYERS } from '../../server/repositories/layer-specs.ts';
import { makeTestApp, signedIn, type TestApp } from '../helpers/app.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- rows are read as plain objects */

// Imports bind their values through prepared statements (server/db/dialects/*-bulk.ts). These
// decimals are ones SQLite's own text → double conversion gets one unit in the last place wrong
// (e.g. CAST('122.9463431' AS REAL) = 122.94634309999999, JavaScript's 122.94634310000001): a
// write path that sent numbers as text would store them off by that much.
const POINTS = [
  [122.9463431, 41.6558484],
  [122.945214, 41.7396566],
  [122.908296, 41.7068835],
] as const;
const MONEY = [246.869332, 438.019914, 246.869332] as const;
const code = (i: number) => `21019910077${i}`;

let t: TestApp;
let planner: request.Agent;
let admin: request.Agent;

beforeAll(async () => {
  t = await makeTestApp({ sample: true });
  planner = await signedIn(t.app, 'planner');
  admin = await signedIn(t.app, 'admin');
});
afterAll(() => t.close());

const stamp = async () =>
  Number(((await t.db.knex('change_stamps').where({ table_name: 'villages' }).first()) as any).stamp);

describe('a real import', () => {
  it('stores doubles exactly (17 significant digits), ids in row order, the spatial index and stamp with them', async () => {
    const stampBefore = await stamp();
    const file = Buffer.from(
      [
        'code,code_edition,name,township_code,lng,lat,incomes',
        ...POINTS.map(
          ([x, y], i) =>
            `${code(i)},2024,精确${i}村,210199100,${x},${y},"[{""year"":2025,""total"":${MONEY[(i + 1) % 3]},""operating"":${MONEY[i]}}]"`,
        ),
      ].join('\n'),
    );
    const res = await planner.post('/api/import?layer=villages&dryRun=false').attach('file', file, 'v.csv').expect(200);
    expect(res.body).toMatchObject({ created: 3, invalid: 0 });
    const rows = (await t.db
      .knex('villages')
      .whereIn(
        'code',
        POINTS.map((_, i) => code(i)),
      )
      .orderBy('id')) as any[];
    expect(rows.map((r) => r.code)).toEqual(POINTS.map((_, i) => code(i)));
    rows.forEach((r, i) => {
      const [x, y] = POINTS[i]!;
      for (const [col, want] of [
        ['lng', x],
        ['lat', y],
        ['minx', x],
        ['maxx', x],
        ['miny', y],
        ['maxy', y],
        ['operating_income', MONEY[i]!],
      ] as const)
        expect(Number(r[col]).toPrecision(17), `${col} of row ${i + 1}`).toBe(want.toPrecision(17));
      expect(JSON.parse(r.location).coordinates).toEqual([x, y]);
      expect(JSON.parse(r.incomes)[0].total).toBe(MONEY[(i + 1) % 3]);
    });
    const revs = (await t.db.knex('revisions').where({ import_id: res.body.import_id }).orderBy('row_id')) as any[];
    expect(revs.map((r) => Number(r.row_id))).toEqual(rows.map((r) => Number(r.id)));
    expect(revs.map((r) => JSON.parse(r.after).geometry.coordinates)).toEqual(POINTS.map((p) => [...p]));
    expect(await stamp()).toBeGreaterThan(stampBefore);
    // Found through the spatial index by a window around each point alone.
    for (const [i, [x, y]] of POINTS.entries()) {
      const box = [x - 1e-6, y - 1e-6, x + 1e-6, y + 1e-6].join(',');
      const near = (await admin.get(`/api/villages?bbox=${box}`).expect(200)).body.features as any[];
      expect(near.map((f) => f.properties.code)).toContain(code(i));
    }
  });

  it('leaves the spatial index holding exactly the rows that have a bbox', async () => {
    const withBox = (await t.db.knex('villages').whereNotNull('minx').orderBy('id').pluck('id')).map(Number);
    if (t.db.dialect.name === 'sqlite') {
      const indexed = (await t.db.knex('villages_rtree').orderBy('id').pluck('id')).map(Number);
      expect(indexed).toEqual(withBox);
      // Its 32-bit boxes hold the row's exact one.
      const loose = await t.db
        .knex('villages as v')
        .join('villages_rtree as r', 'r.id', 'v.id')
        .where((w) => w.whereRaw('r.minx > v.minx').orWhereRaw('r.maxx < v.maxx'))
        .orWhereRaw('r.miny > v.miny')
        .orWhereRaw('r.maxy < v.maxy')
        .count({ n: '*' });
      expect(Number((loose[0] as any).n)).toBe(0);
    } else {
      const boxed = (await t.db.knex('villages').whereNotNull('bbox').orderBy('id').pluck('id')).map(Number);
      expect(boxed).toEqual(withBox);
    }
  });
});

describe('bulk inserts (FeatureRepository.openInsert)', () => {
  it('fail as a whole when a batch breaks a constraint, leaving the database usable', async () => {
    const repo = new FeatureRepository(t.db, LAYERS.townships);
    const count = async () => Number(((await t.db.knex('townships').count({ n: '*' })) as any)[0].n);
    const before = await count();
    const [taken] = (await t.db.knex('townships').orderBy('id').limit(1).pluck('id')).map(Number);
    const row = (i: number) => ({
      code: `21019998${i}`,
      name: `批量${i}镇`,
      county: '测试县',
      geometry: '{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}',
      minx: 0,
      miny: 0,
      maxx: 1,
      maxy: 1,
    });
    const meta = { version: 1, created_at: 'x', created_by: 't', updated_at: 'x', updated_by: 't' };
    await expect(
      t.db.knex.transaction(async (tx) => {
        const ids = await repo.reserveIds(tx, 3);
        const sink = await repo.openInsert(tx, meta);
        try {
          await sink.write(ids.slice(0, 2), [row(1), row(2)]);
          await sink.write([taken!], [row(3)]); // an id that exists
          await sink.flush();
        } finally {
          await sink.close();
        }
      }),
    ).rejects.toThrow();
    expect(await count()).toBe(before);
    // The same connection writes again: statements were released, the transaction rolled back.
    await t.db.knex.transaction(async (tx) => {
      const ids = await repo.reserveIds(tx, 2);
      expect(ids[1]).toBe(ids[0]! + 1);
      const sink = await repo.openInsert(tx, meta);
      await sink.write(ids, [row(4), row(5)]);
      await sink.flush();
      await sink.close();
    });
    expect(await count()).toBe(before + 2);
  });
});

describe('row sinks (dialect.openRowSink)', () => {
  it('store every value as given, whether a column is constant, a copy of another or varies in a batch', async () => {
    const columns = ['at', 'user_id', 'username', 'ip', 'details'];
    const rows = Array.from({ length: 1200 }, (_, i) => [
      `2026-11-29T00:00:${String(i % 60).padStart(2, '0')}Z`,
      i < 500 ? 7 : i, // constant in the first batch only
      i < 700 ? `u${i}` : 'same', // varies, then constant
      i < 500 ? `u${i}` : null, // a copy of username in the first batch
      i % 3 ? `row ${i}` : null,
    ]);
    await t.db.knex.transaction(async (tx) => {
      const sink = await t.db.dialect.openRowSink(tx, 'audit_log', columns, { action: 'sink-test' });
      try {
        await sink.write(rows.slice(0, 500));
        await sink.write(rows.slice(500, 1199));
        await sink.write(rows.slice(1199));
        await sink.flush();
      } finally {
        await sink.close();
      }
    });
    const stored = (await t.db.knex('audit_log').where({ action: 'sink-test' }).orderBy('id').select(columns)) as any[];
    expect(stored.map((r) => columns.map((c) => (c === 'user_id' ? Number(r[c]) : r[c])))).toEqual(rows);
  });
});
