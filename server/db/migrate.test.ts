import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './connection.ts';
import { migrateLatest, rollbackAll } from './migrate.ts';

const now = '2026-11-27T00:00:00.000Z';
const meta = { version: 1, created_at: now, updated_at: now };
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
    await k('townships').where({ id }).delete();
    expect(await k('townships_rtree').select()).toEqual([]);
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
