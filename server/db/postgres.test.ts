import { describe, expect, it } from 'vitest';
import { migratedTestDatabase } from '../../test/helpers/app.ts';
import { rollbackAll } from './migrate.ts';

/** PostGIS specifics; the rest of the API suite runs on PostgreSQL through `npm run test:pg`. */
const enabled = Boolean(process.env.TEST_DATABASE_URL);
if (!enabled) console.warn('server/db/postgres.test.ts: SKIPPED — set TEST_DATABASE_URL (npm run test:pg) to run it');

const now = '2026-11-27T00:00:00.000Z';
const SPATIAL = ['townships', 'villages', 'assets', 'stations', 'chain_nodes'];

describe.skipIf(!enabled)('PostgreSQL + PostGIS', () => {
  const t = migratedTestDatabase();

  it('gives every spatial table a bbox geometry column with a GiST index', async () => {
    const cols = (
      await t.db.knex.raw<{ rows: { table_name: string; udt_name: string }[] }>(
        `select table_name, udt_name from information_schema.columns
          where table_schema = ? and column_name = 'bbox' order by table_name`,
        [t.schema],
      )
    ).rows;
    expect(cols).toEqual([...SPATIAL].sort().map((t) => ({ table_name: t, udt_name: 'geometry' })));
    const idx = (
      await t.db.knex.raw<{ rows: { tablename: string; indexdef: string }[] }>(
        `select tablename, indexdef from pg_indexes where schemaname = ? and indexname like '%_bbox_gist'`,
        [t.schema],
      )
    ).rows;
    expect(idx.map((i) => i.tablename).sort()).toEqual([...SPATIAL].sort());
    for (const i of idx) expect(i.indexdef).toMatch(/USING gist \(bbox\)/);
  });

  it('finds rows by bbox through the GiST index, exactly, and keeps bbox in step with updates', async () => {
    const k = t.db.knex;
    const rows = [];
    for (let i = 0; i < 2000; i++) {
      const x = 100 + (i % 50) * 0.1;
      const y = 30 + Math.floor(i / 50) * 0.1;
      rows.push({ code: String(i), name: `t${i}`, county: 'c', geometry: '{}', minx: x, miny: y, maxx: x, maxy: y });
    }
    await k.batchInsert(
      'townships',
      rows.map((r) => ({ ...r, created_at: now, updated_at: now })),
      500,
    );
    await k.raw('ANALYZE townships');
    const q = t.db.dialect.whereBBox(
      k('townships as t').select('t.code'),
      'townships',
      't',
      [100.05, 30.05, 100.25, 30.15],
    );
    const plan = (await k.raw<{ rows: Record<string, string>[] }>(`EXPLAIN ${q.toString()}`)).rows
      .map((r) => Object.values(r)[0])
      .join('\n');
    expect(plan).toMatch(/townships_bbox_gist/);
    // x ∈ {100.1, 100.2} × y = 30.1: codes 51, 52: exact double comparisons, no 32-bit float slack.
    expect(((await q) as { code: string }[]).map((r) => r.code).sort()).toEqual(['51', '52']);
    await k('townships').where({ code: '51' }).update({ minx: 0, maxx: 0 });
    expect(((await q) as { code: string }[]).map((r) => r.code)).toEqual(['52']);
  });

  it('rolls back to nothing', async () => {
    await rollbackAll(t.db);
    const left = (
      await t.db.knex.raw<{ rows: unknown[] }>(
        `select table_name from information_schema.tables where table_schema = ? and table_name not like 'knex_%'`,
        [t.schema],
      )
    ).rows;
    expect(left).toEqual([]);
  });
});
