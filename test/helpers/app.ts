import request from 'supertest';
import { afterAll, beforeAll } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { pino } from 'pino';
import { createApp, createServices, systemClock, type Clock, type Services } from '../../server/app.ts';
import { ROOT_DIR, testConfig, type Config } from '../../server/config.ts';
import { openDatabase, type Database } from '../../server/db/connection.ts';
import { migrateLatest } from '../../server/db/migrate.ts';
import { seedSample } from '../../server/db/seeds/sample.ts';

export const SAMPLE_DIR = path.join(ROOT_DIR, 'data', 'sample');

export interface TestApp {
  app: ReturnType<typeof createApp>;
  db: Database;
  config: Config;
  services: Services;
  close(): Promise<void>;
}

/**
 * `TEST_DATABASE_URL=postgres://…` runs every API test against PostgreSQL + PostGIS instead of
 * SQLite (`npm run test:pg` sets it on a fresh database). Each test app then gets its own schema.
 */
const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

/**
 * Where a test database lives. SQLite: `dbFile` (shared by whoever names it) or memory.
 * PostgreSQL: a schema named after `dbFile` (shared the same way), or a fresh throw-away one.
 */
export function testDatabaseEnv(dbFile?: string): Pick<Config, 'DB_FILE' | 'DATABASE_SCHEMA'> & {
  DATABASE_URL?: string;
} {
  if (!TEST_DATABASE_URL) return { DB_FILE: dbFile ?? ':memory:', DATABASE_SCHEMA: 'public' };
  const schema = dbFile
    ? `t_${createHash('sha256').update(dbFile).digest('hex').slice(0, 16)}`
    : `t_${randomBytes(8).toString('hex')}`;
  return { DB_FILE: ':memory:', DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema };
}

/**
 * A migrated database of its own for the tests of the enclosing describe block (a fresh schema on
 * PostgreSQL, dropped afterwards): `db` and `schema` are set before its first test.
 */
export function migratedTestDatabase(): { db: Database; schema: string } {
  const held = {} as { db: Database; schema: string };
  beforeAll(async () => {
    const env = testDatabaseEnv();
    held.schema = env.DATABASE_SCHEMA;
    held.db = openDatabase(env);
    await migrateLatest(held.db);
  });
  afterAll(async () => {
    if (held.db.dialect.name === 'postgres') await held.db.knex.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [held.schema]);
    await held.db.close();
  });
  return held;
}

/**
 * A real app over a real, migrated database — SQLite (in memory unless `dbFile` is given), or
 * PostgreSQL when `TEST_DATABASE_URL` is set — optionally loaded with the sample county.
 */
export async function makeTestApp(
  opts: { sample?: boolean; dbFile?: string; config?: Partial<Config>; clock?: Clock } = {},
): Promise<TestApp> {
  const config = testConfig({ ...testDatabaseEnv(opts.dbFile), ...opts.config });
  const db = openDatabase(config);
  await migrateLatest(db);
  const clock = opts.clock ?? systemClock;
  const services = createServices(db, config, clock);
  if (opts.sample) {
    await seedSample(db, SAMPLE_DIR, new Date('2026-11-27T00:00:00Z'));
    await services.layers.recordBaseline('sample-data');
  }
  const app = createApp({ db, config, log: pino({ level: 'silent' }), version: 'test', clock, services });
  const dropSchema = db.dialect.name === 'postgres' && !opts.dbFile;
  const close = async () => {
    // A throw-away schema goes with its app; a named one (`dbFile`) outlives it, like a file.
    if (dropSchema) await db.knex.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [config.DATABASE_SCHEMA]);
    await db.close();
  };
  return { app, db, config, services, close };
}

export const DEMO_PASSWORD = 'xiangtu-demo';

/** A supertest agent signed in as `username` (sample accounts use the demo password). */
export async function signedIn(
  app: TestApp['app'],
  username: string,
  password = DEMO_PASSWORD,
): Promise<request.Agent> {
  const agent = request.agent(app);
  const res = await agent.post('/api/session').send({ username, password });
  if (res.status !== 201) throw new Error(`login as ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return agent;
}
