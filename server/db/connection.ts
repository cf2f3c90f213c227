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
  const sqlite = (pool: Knex.PoolConfig, pragmas: readonly string[]) =>
    knexFactory({
      client: SqliteImmediateClient as unknown as typeof Knex.Client,
      connection: { filename: file },
      useNullAsDefault: true,
      pool: {
        ...pool,
        afterCreate(
          conn: { exec(sql: string, cb: (err: Error | null) => void): void },
          done: (err: Error | null, conn: unknown) => void,
        ) {
          conn.exec(pragmas.join(';\n'), (err) => done(err, conn));
        },
      },
    });
  // An in-memory database lives and dies with its one connection: never reap it.
  const knex = sqlite({ min: 1, max: 1, idleTimeoutMillis: Number.MAX_SAFE_INTEGER }, SQLITE_PRAGMAS);
  if (file === ':memory:') return { knex, read: knex, dialect: sqliteDialect, close: () => knex.destroy() };
  // node-sqlite3 runs each query on libuv's thread pool (4 threads): more readers would queue there.
  const read = sqlite({ min: 0, max: READ_POOL_SIZE }, SQLITE_READ_PRAGMAS);
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
