import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import type { Config } from '../config.ts';
import type { Dialect } from './dialects/dialect.ts';
import { postgresConnection, postgresDialect } from './dialects/postgres.ts';
import { SQLITE_PRAGMAS, SqliteImmediateClient, sqliteDialect } from './dialects/sqlite.ts';

export interface Database {
  knex: Knex;
  dialect: Dialect;
  close(): Promise<void>;
}

/**
 * Opens the configured database: PostgreSQL + PostGIS when `DATABASE_URL` is set (a pool, every
 * query confined to `DATABASE_SCHEMA`), else SQLite: one connection, WAL, foreign keys,
 * BEGIN IMMEDIATE writes.
 */
export function openDatabase(
  config: Pick<Config, 'DB_FILE' | 'DATABASE_URL'> & Partial<Pick<Config, 'DATABASE_SCHEMA'>>,
): Database {
  if (config.DATABASE_URL) {
    const schema = config.DATABASE_SCHEMA ?? 'public';
    const knex = knexFactory(postgresConnection(config.DATABASE_URL, schema));
    return { knex, dialect: postgresDialect(schema), close: () => knex.destroy() };
  }
  const file = config.DB_FILE;
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const knex = knexFactory({
    client: SqliteImmediateClient as unknown as typeof Knex.Client,
    connection: { filename: file },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      // An in-memory database lives and dies with its one connection: never reap it.
      idleTimeoutMillis: Number.MAX_SAFE_INTEGER,
      afterCreate(
        conn: { exec(sql: string, cb: (err: Error | null) => void): void },
        done: (err: Error | null, conn: unknown) => void,
      ) {
        conn.exec(SQLITE_PRAGMAS.join(';\n'), (err) => done(err, conn));
      },
    },
  });
  return { knex, dialect: sqliteDialect, close: () => knex.destroy() };
}
