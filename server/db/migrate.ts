import type { Knex } from 'knex';
import type { Database } from './connection.ts';
import { MIGRATIONS, type Migration } from './migrations/index.ts';

/** Feeds knex's migrator from the static list, handing each migration the active dialect. */
function migrationSource(db: Database): Knex.MigrationSource<Migration> {
  return {
    getMigrations: async () => MIGRATIONS,
    getMigrationName: (m) => m.name,
    getMigration: async (m) => ({
      up: (knex: Knex) => m.up(knex, db.dialect),
      down: (knex: Knex) => m.down(knex, db.dialect),
    }),
  };
}

/** Applies every pending migration; returns the names applied. */
export async function migrateLatest(db: Database): Promise<string[]> {
  await db.dialect.prepare(db.knex);
  const [, applied] = (await db.knex.migrate.latest({ migrationSource: migrationSource(db) })) as [number, string[]];
  return applied;
}

export async function rollbackAll(db: Database): Promise<void> {
  await db.knex.migrate.rollback({ migrationSource: migrationSource(db) }, true);
}
