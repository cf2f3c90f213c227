/**
 * Bulk inserts on PostgreSQL: `COPY … FROM STDIN`, one COPY kept open across batches
 * (postgres-copy.ts), or, for a batch holding a value COPY's text cannot carry as node-postgres
 * would send it (a Buffer, an array, a Date), `INSERT … SELECT FROM unnest($1::type[], $2::type[],
 * …)`, one array parameter per column, so a batch of thousands of rows is a handful of parameters
 * (instead of a VALUES list of tens of thousands PostgreSQL parses and plans). Constants are
 * scalar parameters. Numbers travel as their shortest round-trip text, which PostgreSQL reads back
 * to the same double.
 */
import type { Knex } from 'knex';
import type pg from 'pg';
import type { RowSink } from './dialect.ts';
import { afterCopy, copyField, copyText, openCopy, type CopyIn } from './postgres-copy.ts';
import { quoteId, rawConnection } from './raw-connection.ts';

/** Rows per statement. */
const MAX_ROWS = 5_000;

export async function postgresReserveIds(tx: Knex.Transaction, table: string, n: number): Promise<number[]> {
  if (n <= 0) return [];
  const { rows } = (await tx.raw(
    "SELECT nextval(pg_get_serial_sequence(?, 'id'))::bigint AS id FROM generate_series(1, ?::int)",
    [table, n],
  )) as { rows: { id: string }[] };
  return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}

/** Each column's SQL type as `format_type` writes it (`character varying(12)`, `double precision`). */
async function columnTypes(tx: Knex.Transaction, table: string): Promise<Map<string, string>> {
  const { rows } = (await tx.raw(
    `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
     WHERE attrelid = to_regclass(?) AND attnum > 0 AND NOT attisdropped`,
    [table],
  )) as { rows: { name: string; type: string }[] };
  return new Map(rows.map((r) => [r.name, r.type]));
}

export async function postgresRowSink(
  tx: Knex.Transaction,
  table: string,
  columns: readonly string[],
  constants: Readonly<Record<string, unknown>>,
): Promise<RowSink> {
  const client = await rawConnection<pg.Client>(tx);
  const names = Object.keys(constants);
  const fields = names.map((k) => copyField(constants[k]));
  const tail = fields.every((f) => f !== undefined) ? fields.map((f) => `\t${f}`).join('') : undefined;
  const sql = `COPY ${quoteId(table)} (${[...columns, ...names].map(quoteId).join(', ')}) FROM STDIN`;
  /** This sink's COPY while it is open, and every one it opened (their outcomes). */
  let copy: CopyIn | undefined;
  const copies: CopyIn[] = [];
  let unnest: Promise<RowSink> | undefined;
  const ended = () => Promise.all(copies.map((c) => c.end()));
  return {
    async write(rows) {
      if (!rows.length) return;
      let text: string | undefined;
      try {
        text = tail === undefined ? undefined : copyText(rows, columns.length, tail);
      } catch (e) {
        throw new Error(`bulk insert into ${table}: ${(e as Error).message}`);
      }
      if (text === undefined) {
        await ended();
        unnest ??= postgresUnnestSink(tx, table, columns, constants);
        return (await unnest).write(rows);
      }
      if (!copy || copy.isEnded) {
        await ended(); // a failed COPY is reported, not followed by another in the aborted transaction
        copy = await openCopy(tx, client, sql);
        copies.push(copy);
      }
      await copy.write(text);
    },
    async flush() {
      await ended();
      await (await unnest)?.flush();
    },
    async close() {
      const outcomes = await Promise.allSettled(copies.map((c) => c.end()));
      await (await unnest?.catch(() => undefined))?.close();
      const failed = outcomes.find((o) => o.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
}

/** The same sink through `INSERT … SELECT FROM unnest(…)` only (what COPY falls back to). */
export async function postgresUnnestSink(
  tx: Knex.Transaction,
  table: string,
  columns: readonly string[],
  constants: Readonly<Record<string, unknown>>,
): Promise<RowSink> {
  const client = await rawConnection<pg.Client>(tx);
  const types = await columnTypes(tx, table);
  const typeOf = (c: string) => {
    const t = types.get(c);
    if (!t) throw new Error(`bulk insert into ${table}: no column ${c}`);
    return t;
  };
  const names = Object.keys(constants);
  const arrays = columns.map((c, i) => `$${i + 1}::${typeOf(c)}[]`);
  const scalars = names.map((c, j) => `$${columns.length + j + 1}::${typeOf(c)}`);
  const text =
    `INSERT INTO ${quoteId(table)} (${[...columns, ...names].map(quoteId).join(', ')}) ` +
    `SELECT u.*${scalars.map((s) => `, ${s}`).join('')} FROM unnest(${arrays.join(', ')}) AS u`;
  const fixed = names.map((k) => constants[k] ?? null);
  return {
    async write(rows) {
      for (let i = 0; i < rows.length; i += MAX_ROWS) {
        const batch = rows.slice(i, i + MAX_ROWS);
        const cols: unknown[][] = columns.map(() => new Array<unknown>(batch.length));
        batch.forEach((r, j) => {
          if (r.length !== columns.length) throw new Error(`bulk insert into ${table}: a row has ${r.length} values`);
          for (let c = 0; c < r.length; c++) cols[c]![j] = r[c] ?? null;
        });
        await afterCopy(client, () => client.query(text, [...cols, ...fixed]));
      }
    },
    async flush() {},
    async close() {},
  };
}
