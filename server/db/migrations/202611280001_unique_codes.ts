import type { Knex } from 'knex';

/**
 * A township's 9-digit code and a village's 12-digit code identify it (DOMAIN.md): at most one
 * live (not soft-deleted) row per code. Partial unique indexes, the same SQL on SQLite and
 * PostgreSQL; a write that would repeat a code fails with 409 `duplicate` (server/http/errors.ts).
 */
const INDEXES = [
  { table: 'townships', name: 'townships_code_live_unique' },
  { table: 'villages', name: 'villages_code_live_unique' },
] as const;

export async function up(knex: Knex): Promise<void> {
  for (const { table, name } of INDEXES) {
    const dups = (await knex(table)
      .select('code')
      .count({ n: '*' })
      .whereNull('deleted_at')
      .groupBy('code')
      .havingRaw('count(*) > 1')
      .limit(10)) as { code: string; n: number | string }[];
    if (dups.length)
      throw new Error(
        `Cannot make ${table}.code unique: these codes are used more than once (${dups
          .map((d) => `${d.code} × ${d.n}`)
          .join(', ')}). Fix or delete the duplicates, then migrate again.`,
      );
    await knex.raw(`CREATE UNIQUE INDEX ${name} ON ${table} (code) WHERE deleted_at IS NULL`);
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const { name } of INDEXES) await knex.raw(`DROP INDEX IF EXISTS ${name}`);
}
