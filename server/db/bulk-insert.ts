import type { Knex } from 'knex';

/**
 * Bound parameters per statement: under SQLite's limit (32,766 since 3.32) and PostgreSQL's
 * (65,535), with room to spare.
 */
const MAX_PARAMS = 30_000;
/** Rows per statement: beyond a few hundred the statement text costs more than the round trip saves. */
const MAX_ROWS = 500;

/**
 * Inserts `rows` (all with the same keys) with multi-row `INSERT … VALUES (…), (…) RETURNING id`
 * statements, a few hundred rows each, and returns the new ids in the order of `rows`.
 *
 * Knex compiles a multi-row insert on SQLite as `SELECT … UNION ALL SELECT …`, which SQLite caps
 * at 500 terms; a VALUES list has no such cap and is what both databases insert fastest. Both
 * return RETURNING rows of a plain VALUES insert in the order of the VALUES (PostgreSQL and SQLite
 * process the list in order; Django's bulk_create relies on the same) — checked below as far as
 * it can be: one id per row, all distinct.
 */
export async function insertReturningIds(
  tx: Knex | Knex.Transaction,
  table: string,
  rows: readonly Record<string, unknown>[],
): Promise<number[]> {
  if (!rows.length) return [];
  const columns = Object.keys(rows[0]!);
  for (const r of rows) {
    const keys = Object.keys(r);
    if (keys.length !== columns.length || keys.some((k, i) => k !== columns[i]))
      throw new Error(`insertReturningIds: rows of ${table} differ in their columns`);
  }
  const perChunk = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMS / columns.length)));
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const head = `INSERT INTO ?? (${columns.map(() => '??').join(', ')}) VALUES `;
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += perChunk) {
    const chunk = rows.slice(i, i + perChunk);
    const bindings: unknown[] = [table, ...columns];
    for (const r of chunk) for (const c of columns) bindings.push(r[c] === undefined ? null : r[c]);
    const sql = `${head}${chunk.map(() => tuple).join(', ')} RETURNING id`;
    const res = (await tx.raw(sql, bindings as Knex.RawBinding[])) as { rows?: { id: unknown }[] } | { id: unknown }[];
    const out = Array.isArray(res) ? res : (res.rows ?? []);
    if (out.length !== chunk.length)
      throw new Error(`insertReturningIds: ${table} returned ${out.length} ids for ${chunk.length} rows`);
    for (const r of out) ids.push(Number(r.id));
  }
  if (new Set(ids).size !== ids.length) throw new Error(`insertReturningIds: ${table} returned repeated ids`);
  return ids;
}
