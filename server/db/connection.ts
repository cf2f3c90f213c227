import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import type { Config } from '../config.ts';
import type { Dialect } from './dialects/dialect.ts';
import { postgresConnection, postgresDialect } from './dialects/postgres.ts';
import { SQLITE_PRAGMAS, SQLITE_READ_PRAGMAS, SqliteImmediateClient, sqliteDialect } from './dialects/sqlite.ts';

/** Read connections to a SQLite file. */
const READ_POOL_SIZE = 3;

export interface Database {
  /** Every write, every transaction, and reads that must see a transaction's own writes. */
  knex: Knex;
  /**
   * Reads outside a transaction (map layers, detail, stats, sessions). On SQLite, a small pool of
   * query-only connections: in WAL mode they read the last commit while a long write transaction
   * holds the one write connection, so the map does not wait for an import. On PostgreSQL (a pool
   * already) and for `:memory:` (a second connection would open another, empty database) it is
   * `knex` itself.
   */
  read: Knex;
  dialect: Dialect;
  close(): Promise<void>;
}

/**
 * Opens the configured database: PostgreSQL + PostGIS when `DATABASE_URL` is set (a pool, every
 * query confined to `DATABASE_SCHEMA`), else SQLite: one write connection, WAL, foreign keys,
 * BEGIN IMMEDIATE writes, and beside it a pool of read-only connections (`read`).
 */
export function openDatabase(
  config: Pick<Config, 'DB_FILE' | 'DATABASE_URL'> & Partial<Pick<Config, 'DATABASE_SCHEMA'>>,
): Database {
  if (config.DATABASE_URL) {
    const schema = config.DATABASE_SCHEMA ?? 'public';
    const knex = knexFactory(postgresConnection(config.DATABASE_URL, schema));
    return { knex, read: knex, dialect: postgresDialect(schema), close: () => knex.destroy() };
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
  if (file === ':memory:') return { knex, read: knex, dialect: sqliteDialect, close: () => knex.destroy() };
  const read = knexFactory({
    client: SqliteImmediateClient as unknown as typeof Knex.Client,
    connection: { filename: file },
    useNullAsDefault: true,
    // node-sqlite3 runs each query on libuv's thread pool (4 threads): more readers would queue there.
    pool: {
      min: 0,
      max: READ_POOL_SIZE,
      afterCreate(
        conn: { exec(sql: string, cb: (err: Error | null) => void): void },
        done: (err: Error | null, conn: unknown) => void,
      ) {
        conn.exec(SQLITE_READ_PRAGMAS.join(';\n'), (err) => done(err, conn));
      },
    },
  });
  return {
    knex,
    read,
    dialect: sqliteDialect,
    close: async () => {
      await read.destroy();
      await knex.destroy();
    },
  };
}
