import type { Knex } from 'knex';
import type { Dialect } from '../dialects/dialect.ts';

/**
 * A counter per spatial table that rises with every write to it (triggers, so every process and
 * code path counts): per-process caches of a table (the cluster index for the nation's zoomed-out
 * map) compare it to know they are stale. docs/scale.md "Zoomed-out views".
 */
const TABLES = ['townships', 'villages', 'assets', 'stations', 'chain_nodes'];

export async function up(knex: Knex, dialect: Dialect): Promise<void> {
  await knex.schema.createTable('change_stamps', (t) => {
    t.string('table_name', 64).primary();
    t.bigInteger('stamp').notNullable().defaultTo(0);
  });
  await knex('change_stamps').insert(TABLES.map((table_name) => ({ table_name, stamp: 0 })));
  for (const table of TABLES) await dialect.createChangeStamp(knex, table);
}

export async function down(knex: Knex, dialect: Dialect): Promise<void> {
  for (const table of TABLES) await dialect.dropChangeStamp(knex, table);
  await knex.schema.dropTableIfExists('change_stamps');
}
