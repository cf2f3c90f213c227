import request from 'supertest';
import path from 'node:path';
import { pino } from 'pino';
import { createApp, createServices, systemClock, type Clock } from '../../server/app.ts';
import { ROOT_DIR, testConfig, type Config } from '../../server/config.ts';
import { openDatabase, type Database } from '../../server/db/connection.ts';
import { migrateLatest } from '../../server/db/migrate.ts';
import { seedSample } from '../../server/db/seeds/sample.ts';

export const SAMPLE_DIR = path.join(ROOT_DIR, 'data', 'sample');

export interface TestApp {
  app: ReturnType<typeof createApp>;
  db: Database;
  config: Config;
  close(): Promise<void>;
}

/**
 * A real app over a real, migrated SQLite database (in memory unless `dbFile` is given),
 * optionally loaded with the sample county.
 */
export async function makeTestApp(
  opts: { sample?: boolean; dbFile?: string; config?: Partial<Config>; clock?: Clock } = {},
): Promise<TestApp> {
  const config = testConfig({ ...(opts.dbFile ? { DB_FILE: opts.dbFile } : {}), ...opts.config });
  const db = openDatabase(config);
  await migrateLatest(db);
  const clock = opts.clock ?? systemClock;
  const services = createServices(db, config, clock);
  if (opts.sample) {
    await seedSample(db, SAMPLE_DIR, new Date('2026-11-27T00:00:00Z'));
    await services.layers.recordBaseline('sample-data');
  }
  const app = createApp({ db, config, log: pino({ level: 'silent' }), version: 'test', clock, services });
  return { app, db, config, close: () => db.close() };
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
