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
/** Statements one sink keeps prepared (batch sizes × layouts). */
const MAX_STATEMENTS = 8;

/** In a layout: the column's value is bound per row… */
const OWN = -1;
/** …or once for the whole batch (the same in every row); `k ≥ 0`: it is column k's value in every row. */
const ONCE = -2;

/**
 * How a batch's values are bound. node-sqlite3 converts every bound value on the main thread,
 * which was the import's largest single cost: a column holding one value throughout the batch
 * (no boundaries, no notes, this year's incomes) is bound once, and a column equal to an earlier
 * one in every row (a point's bbox is its lng/lat) reuses that one's parameter. Values are compared
 * with Object.is, so what is stored is exactly what binding every value would store.
 */
function layoutOf(batch: readonly (readonly unknown[])[]): number[] {
  const first = batch[0]!;
  const layout = first.map((v, c) => {
    if (batch.every((r) => Object.is(r[c], v))) return ONCE;
    for (let k = 0; k < c; k++) if (batch.every((r) => Object.is(r[c], r[k]))) return k;
    return OWN;
  });
  // An alias of a column bound once is bound once itself; of an alias, of what that one reuses.
  return layout.map((l) => (l >= 0 ? (layout[l] === ONCE ? ONCE : layout[l] === OWN ? l : layout[l]!) : l));
}

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
  const fixed = names.map((k) => constants[k] ?? null);
  const head = `INSERT INTO ${quoteId(table)} (${[...columns, ...names].map(quoteId).join(', ')}) VALUES `;
  const shared = names.map((_, j) => `?${j + 1}`);
  const perStatement = Math.max(1, Math.min(MAX_ROWS, Math.floor((MAX_PARAMS - names.length) / columns.length)));
  const statements = new Map<string, sqlite3.Statement>();
  const plain = columns.map(() => OWN);

  /** SQL for `rows` rows laid out by `layout` (see {@link layoutOf}). */
  const sqlFor = (rows: number, layout: readonly number[]) => {
    let p = names.length;
    const once = layout.map((l) => (l === ONCE ? `?${++p}` : ''));
    const tuples: string[] = [];
    for (let i = 0; i < rows; i++) {
      const own: string[] = [];
      for (let c = 0; c < layout.length; c++)
        own.push(layout[c] === ONCE ? once[c]! : layout[c] === OWN ? `?${++p}` : own[layout[c]!]!);
      tuples.push(`(${[...own, ...shared].join(', ')})`);
    }
    return head + tuples.join(', ');
  };
  const prepared = (rows: number, layout: readonly number[]) =>
    new Promise<sqlite3.Statement>((resolve, reject) => {
      const key = `${rows}:${layout.join(',')}`;
      const known = statements.get(key);
      if (known) return resolve(known);
      const stmt = db.prepare(sqlFor(rows, layout), (err) => (err ? reject(err) : resolve(stmt)));
      statements.set(key, stmt);
    });
  const run = (stmt: sqlite3.Statement, params: unknown[]) =>
    new Promise<void>((resolve, reject) => stmt.run(params, (err: Error | null) => (err ? reject(err) : resolve())));

  // The last statement run: a batch is handed to node-sqlite3 (its values bound on this thread)
  // once the one before is written, and write resolves then, so the caller prepares the next
  // batch while SQLite's thread writes this one. Its failure is reported by the next write or flush.
  let running: Promise<void> = Promise.resolve();
  return {
    async write(rows) {
      for (let i = 0; i < rows.length; i += perStatement) {
        const batch = rows.slice(i, i + perStatement);
        for (const r of batch)
          if (r.length !== columns.length) throw new Error(`bulk insert into ${table}: a row has ${r.length} values`);
        // A new layout is a new statement to prepare: past a few, batches take the plain one.
        let layout = layoutOf(batch);
        if (statements.size >= MAX_STATEMENTS && !statements.has(`${batch.length}:${layout.join(',')}`)) layout = plain;
        const own = layout.filter((l) => l === OWN).length;
        const once = layout.filter((l) => l === ONCE).length;
        const params = new Array<unknown>(fixed.length + once + batch.length * own);
        let p = 0;
        for (const v of fixed) params[p++] = v;
        for (let c = 0; c < layout.length; c++) if (layout[c] === ONCE) params[p++] = batch[0]![c] ?? null;
        for (const r of batch)
          for (let c = 0; c < layout.length; c++) if (layout[c] === OWN) params[p++] = r[c] ?? null;
        await running;
        running = prepared(batch.length, layout).then((stmt) => run(stmt, params));
        running.catch(() => undefined);
      }
    },
    async flush() {
      await running;
    },
    async close() {
      const failure = await running.then(
        () => undefined,
        (error: unknown) => ({ error }),
      );
      const all = [...statements.values()];
      statements.clear();
      await Promise.all(all.map((s) => new Promise<void>((resolve) => s.finalize(() => resolve()))));
      if (failure) throw failure.error;
    },
  };
}
