import type { Knex } from 'knex';
import type { Database } from '../../server/db/connection.ts';
import { hashPassword } from '../../server/auth/password.ts';
import { DEMO_PASSWORD } from '../../server/db/seeds/sample.ts';
import { synthesize, type SynthOptions, type SynthRow } from './generate.ts';

/**
 * One multi-row `INSERT … VALUES (…), (…)` per ≤ 30,000 bound values (under SQLite's 32,766),
 * on both databases. Knex's own multi-row insert on SQLite is a compound SELECT capped at 500
 * terms and is several times slower.
 */
export async function insertRows(knex: Knex, table: string, rows: readonly SynthRow[]): Promise<void> {
  if (!rows.length) return;
  const columns = Object.keys(rows[0]!);
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const per = Math.max(1, Math.floor(30_000 / columns.length));
  for (let i = 0; i < rows.length; i += per) {
    const part = rows.slice(i, i + per);
    const values: (string | number | null)[] = [];
    for (const row of part) for (const c of columns) values.push(row[c] ?? null);
    await knex.raw(
      `INSERT INTO ?? (${columns.map(() => '??').join(', ')}) VALUES ${part.map(() => tuple).join(', ')}`,
      [table, ...columns, ...values],
    );
  }
}

/**
 * Loads a synthetic dataset into an empty, migrated database in one transaction, batch by
 * batch, plus an `admin` account with the demo password. Returns rows per table.
 */
export async function loadSynth(
  db: Database,
  opts: SynthOptions,
  onBatch?: (table: string, total: number) => void,
  /** Load only these tables (e.g. townships, to import villages into). */
  only?: readonly string[],
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  await db.knex.transaction(async (trx) => {
    const [existing] = (await trx('villages').count({ n: '*' })) as { n: number | string }[];
    if (Number(existing?.n) > 0) throw new Error('data:synth needs an empty database: it already has villages');
    for (const { table, rows } of synthesize(opts)) {
      if (only && !only.includes(table)) continue;
      await insertRows(trx, table, rows);
      counts[table] = (counts[table] ?? 0) + rows.length;
      onBatch?.(table, counts[table]);
    }
    const at = opts.at ?? new Date().toISOString();
    await trx('users').insert({
      username: 'admin',
      display_name: '系统管理员',
      role: 'admin',
      township_ids: '[]',
      password_hash: await hashPassword(DEMO_PASSWORD),
      version: 1,
      created_at: at,
      updated_at: at,
    });
  });
  await db.dialect.afterBulkLoad(db.knex, [...Object.keys(counts), 'users']);
  return counts;
}
