/**
 * Bulk inserts on SQLite through node-sqlite3's prepared statements: one multi-row
 * `INSERT … VALUES` per batch size, prepared once and re-bound for every batch. Constants are
 * numbered parameters (`?1`…) shared by every row, so a batch binds only what differs per row.
 */
import type { Knex } from 'knex';
import type sqlite3 from 'sqlite3';
import type { RowSink } from './dialect.ts';
import { quoteId, rawConnection } from './raw-connection.ts';

/** Bound parameters per statement, under SQLite's limit of 32,766. */
const MAX_PARAMS = 30_000;
/** Rows per statement. */
const MAX_ROWS = 500;

export async function sqliteReserveIds(tx: Knex.Transaction, table: string, n: number): Promise<number[]> {
  // AUTOINCREMENT gives max(largest id ever, recorded in sqlite_sequence; largest id now) + 1.
  const [row] = (await tx.raw(
    `SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = ?), 0),
                coalesce((SELECT max(id) FROM ${quoteId(table)}), 0)) AS base`,
    [table],
  )) as { base: number }[];
  const base = Number(row!.base);
  return Array.from({ length: n }, (_, i) => base + 1 + i);
}

export async function sqliteRowSink(
  tx: Knex.Transaction,
  table: string,
  columns: readonly string[],
  constants: Readonly<Record<string, unknown>>,
): Promise<RowSink> {
  const db = await rawConnection<sqlite3.Database>(tx);
  const names = Object.keys(constants);
  const fixed = names.map((k) => constants[k]);
  const head = `INSERT INTO ${quoteId(table)} (${[...columns, ...names].map(quoteId).join(', ')}) VALUES `;
  const shared = names.map((_, j) => `?${j + 1}`);
  const perStatement = Math.max(1, Math.min(MAX_ROWS, Math.floor((MAX_PARAMS - names.length) / columns.length)));
  const statements = new Map<number, sqlite3.Statement>();

  const sqlFor = (rows: number) => {
    let p = names.length;
    const tuples: string[] = [];
    for (let i = 0; i < rows; i++) tuples.push(`(${[...columns.map(() => `?${++p}`), ...shared].join(', ')})`);
    return head + tuples.join(', ');
  };
  const prepared = (rows: number) =>
    new Promise<sqlite3.Statement>((resolve, reject) => {
      const known = statements.get(rows);
      if (known) return resolve(known);
      const stmt = db.prepare(sqlFor(rows), (err) => (err ? reject(err) : resolve(stmt)));
      statements.set(rows, stmt);
    });
  const run = (stmt: sqlite3.Statement, params: unknown[]) =>
    new Promise<void>((resolve, reject) => stmt.run(params, (err: Error | null) => (err ? reject(err) : resolve())));

  return {
    async write(rows) {
      for (let i = 0; i < rows.length; i += perStatement) {
        const batch = rows.slice(i, i + perStatement);
        const params = new Array<unknown>(fixed.length + batch.length * columns.length);
        let p = 0;
        for (const v of fixed) params[p++] = v;
        for (const r of batch) {
          if (r.length !== columns.length) throw new Error(`bulk insert into ${table}: a row has ${r.length} values`);
          for (const v of r) params[p++] = v === undefined ? null : v;
        }
        await run(await prepared(batch.length), params);
      }
    },
    async close() {
      const all = [...statements.values()];
      statements.clear();
      await Promise.all(all.map((s) => new Promise<void>((resolve) => s.finalize(() => resolve()))));
    },
  };
}
