import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './connection.ts';
import { migrateLatest, rollbackAll } from './migrate.ts';
import * as liveSpatialIndex from './migrations/202611300001_live_spatial_index.ts';

const now = '2026-11-27T00:00:00.000Z';
const meta = { version: 1, created_at: now, updated_at: now };
const township = (code: string, minx: number, miny: number, maxx: number, maxy: number) => ({
  code,
  name: code,
  county: 'c',
  geometry: '{}',
  minx,
  miny,
  maxx,
  maxy,
  ...meta,
});
let db: Database | undefined;
afterEach(async () => {
  await db?.close();
  db = undefined;
});

describe('migrations', () => {
  it('create every domain table, and roll back to nothing', async () => {
    db = openDatabase({ DB_FILE: ':memory:' });
    expect(await migrateLatest(db)).toEqual([
      '202611270001_create_domain',
      '202611280001_unique_codes',
      '202611290001_change_stamps',
      '202611300001_live_spatial_index',
    ]);
    const tables = (await db.knex.raw("select name from sqlite_master where type='table'")) as { name: string }[];
    const names = tables.map((t) => t.name);
    for (const t of [
      'townships',
      'villages',
      'assets',
      'secretaries',
      'assessments',
      'stations',
      'chains',
      'chain_nodes',
      'chain_links',
      'alliances',
      'alliance_members',
      'users',
      'sessions',
      'revisions',
      'settings',
      'villages_rtree',
      'change_stamps',
    ]) {
      expect(names).toContain(t);
    }
    expect(await migrateLatest(db)).toEqual([]);
    await rollbackAll(db);
    const left = (await db.knex.raw(
      "select name from sqlite_master where type='table' and name not like 'knex_%' and name not like 'sqlite_%'",
    )) as unknown[];
    expect(left).toEqual([]);
  });

  it('keep the R*Tree in step with inserts, bbox updates and deletes', async () => {
    db = openDatabase({ DB_FILE: ':memory:' });
    await migrateLatest(db);
    const k = db.knex;
    const [id] = await k('townships').insert({
      code: '210199100',
      name: 't',
      county: 'c',
      geometry: '{}',
      minx: 1,
      miny: 2,
      maxx: 3,
      maxy: 4,
      ...meta,
    });
    expect(await k('townships_rtree').select()).toEqual([{ id, minx: 1, maxx: 3, miny: 2, maxy: 4 }]);
    await k('townships').where({ id }).update({ minx: 5, maxx: 6 });
    expect(await k('townships_rtree').select('minx', 'maxx')).toEqual([{ minx: 5, maxx: 6 }]);
    await k('townships').where({ id }).update({ name: 'renamed' });
    expect(await k('townships_rtree').count({ n: '*' })).toEqual([{ n: 1 }]);
    // A soft-deleted row leaves the index; restored, it comes back.
    await k('townships').where({ id }).update({ deleted_at: now });
    expect(await k('townships_rtree').select()).toEqual([]);
    await k('townships').where({ id }).update({ minx: 4 });
    expect(await k('townships_rtree').select()).toEqual([]);
    await k('townships').where({ id }).update({ deleted_at: null });
    expect(await k('townships_rtree').select()).toEqual([{ id, minx: 4, maxx: 6, miny: 2, maxy: 4 }]);
    await k('townships').where({ id }).delete();
    expect(await k('townships_rtree').select()).toEqual([]);
    const [gone] = await k('townships').insert({ ...township('210199101', 1, 2, 3, 4), deleted_at: now });
    expect(await k('townships_rtree').where({ id: gone })).toEqual([]);
  });

  it('take soft-deleted rows out of the R*Tree when the live-index migration runs, and back on rollback', async () => {
    db = openDatabase({ DB_FILE: ':memory:' });
    const k = db.knex;
    await migrateLatest(db);
    // As before the migration.
    await liveSpatialIndex.down(k, db.dialect);
    const [live] = await k('townships').insert(township('210199100', 1, 2, 3, 4));
    const [gone] = await k('townships').insert({ ...township('210199101', 1, 2, 3, 4), deleted_at: now });
    expect((await k('townships_rtree').select('id')).map((r) => r.id)).toEqual([live, gone]);
    await liveSpatialIndex.up(k, db.dialect);
    expect((await k('townships_rtree').select('id')).map((r) => r.id)).toEqual([live]);
    await liveSpatialIndex.down(k, db.dialect);
    expect((await k('townships_rtree').select('id')).map((r) => r.id)).toEqual([live, gone]);
  });

  it("count a bbox's live rows from the R*Tree exactly, rows just outside an edge left out", async () => {
    db = openDatabase({ DB_FILE: ':memory:' });
    await migrateLatest(db);
    const k = db.knex;
    // Bounds a hair (far below a 32-bit float's step) inside and outside each edge of the window.
    const [w, s, e, n] = [116.1, 39.9, 116.3, 40.1];
    const d = 1e-9;
    const rows = [
      [w - 0.01, s, w - d, n], // left of the window
      [w - 0.01, s, w, n], // touches its west edge
      [e + d, s, e + 0.01, n], // right of it
      [e, s, e + 0.01, n], // touches its east edge
      [w, s - 0.01, e, s - d], // below
      [w, n + d, e, n + 0.01], // above
      [w, n, e, n + 0.01], // touches its north edge
      [116.2, 40, 116.2, 40], // a point inside
      [116.2, 40.5, 116.2, 40.5], // a point far outside
    ];
    for (const [i, [x0, y0, x1, y1]] of rows.entries())
      await k('townships').insert(township(`21019910${i}`, x0!, y0!, x1!, y1!));
    await k('townships').insert({ ...township('210199199', 116.2, 40, 116.2, 40), deleted_at: now });
    const exact = async (b: number[]) =>
      Number(
        (
          (await k('townships')
            .whereNull('deleted_at')
            .where('minx', '<=', b[2]!)
            .andWhere('maxx', '>=', b[0]!)
            .andWhere('miny', '<=', b[3]!)
            .andWhere('maxy', '>=', b[1]!)
            .count({ n: '*' })) as { n: number }[]
        )[0]!.n,
      );
    const rtree = Number(
      (
        (await k('townships_rtree')
          .where('minx', '<=', e)
          .andWhere('maxx', '>=', w)
          .andWhere('miny', '<=', n)
          .andWhere('maxy', '>=', s)
          .count({ n: '*' })) as { n: number }[]
      )[0]!.n,
    );
    // The R*Tree alone would count the rows a hair outside (its bounds are rounded outwards).
    expect(rtree).toBeGreaterThan(await exact([w, s, e, n]));
    for (const b of [
      [w, s, e, n],
      [w - d, s - d, e + d, n + d],
      [116.2, 40, 116.2, 40],
      [0, 0, 1, 1],
      [-180, -90, 180, 90],
    ])
      expect(await db.dialect.countInBBox!(k, 'townships', b)).toBe(await exact(b));
  });

  it('run SQLite in WAL mode with foreign keys on and synchronous=FULL', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiangtu-'));
    db = openDatabase({ DB_FILE: path.join(dir, 'x.sqlite') });
    const [mode] = (await db.knex.raw('PRAGMA journal_mode')) as { journal_mode: string }[];
    const [fk] = (await db.knex.raw('PRAGMA foreign_keys')) as { foreign_keys: number }[];
    const [sync] = (await db.knex.raw('PRAGMA synchronous')) as { synchronous: number }[];
    expect(mode?.journal_mode).toBe('wal');
    expect(fk?.foreign_keys).toBe(1);
    expect(sync?.synchronous).toBe(2);
  });

  it('start write transactions with BEGIN IMMEDIATE', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiangtu-'));
    const file = path.join(dir, 'x.sqlite');
    db = openDatabase({ DB_FILE: file });
    await migrateLatest(db);
    const other = openDatabase({ DB_FILE: file });
    try {
      // A transaction that has only read still holds the write lock: another connection's write waits.
      await db.knex.transaction(async (trx) => {
        await trx('settings').select();
        await other.knex.raw('PRAGMA busy_timeout = 0');
        await expect(other.knex('settings').insert({ key: 'k', value: '1', updated_at: now })).rejects.toThrow(
          /SQLITE_BUSY/,
        );
      });
    } finally {
      await other.close();
    }
  });
});
