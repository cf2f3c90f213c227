/**
 * Benchmark fixtures: a synthetic dataset per size and database (built once, cached under
 * $TMPDIR/xiangtu-bench for SQLite, schema `bench_<n>` for PostgreSQL), and the real app
 * served over HTTP on a loopback port, signed in as the synthetic admin.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { createApp, createServices, systemClock } from '../server/app.ts';
import { CLUSTER_TABLES } from '../server/routes/clusters.ts';
import { loadConfig } from '../server/config.ts';
import { openDatabase, type Database } from '../server/db/connection.ts';
import { migrateLatest } from '../server/db/migrate.ts';
import { DEMO_PASSWORD } from '../server/db/seeds/sample.ts';
import { loadSynth } from '../scripts/synth/load.ts';

export const CACHE_DIR = path.join(os.tmpdir(), 'xiangtu-bench');

export interface Served {
  db: Database;
  base: string;
  cookie: string;
  /** GET with the session; the body as bytes. */
  get(pathAndQuery: string): Promise<{ status: number; bytes: Buffer; ms: number }>;
  close(): Promise<void>;
}

/** Opens (building on first use) the synthetic dataset of `villages` on SQLite or `pgUrl`. */
export async function openDataset(villages: number, pgUrl?: string, log = console.error): Promise<Database> {
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const file = path.join(CACHE_DIR, `synth-${villages}.sqlite`);
  const db = pgUrl
    ? openDatabase({ DB_FILE: ':memory:', DATABASE_URL: pgUrl, DATABASE_SCHEMA: `bench_${villages}` })
    : openDatabase({ DB_FILE: file });
  await migrateLatest(db);
  const [row] = (await db.knex('villages').count({ n: '*' })) as { n: number | string }[];
  if (Number(row?.n) !== villages) {
    if (Number(row?.n) > 0) throw new Error(`${pgUrl ? `schema bench_${villages}` : file} is not a fresh dataset`);
    const t0 = performance.now();
    log(`bench: building ${villages} villages on ${db.dialect.name} (once; cached)…`);
    await loadSynth(db, { villages });
    log(`bench: built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  return db;
}

/** Serves the app over `db` on 127.0.0.1 (with `env` over the defaults) and signs in. */
export async function serve(db: Database, env: Record<string, string> = {}): Promise<Served> {
  const config = { ...loadConfig({ LOG_LEVEL: 'silent', SEED_SAMPLE: '0', ...env }), DB_FILE: ':memory:' };
  const services = createServices(db, config, systemClock);
  // As server/index.ts does when it starts listening.
  await services.clusterIndex.warm(CLUSTER_TABLES);
  await services.townshipIndex.current();
  const app = createApp({ db, config, log: pino({ level: 'silent' }), version: 'bench', clock: systemClock, services });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const login = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }),
  });
  if (login.status !== 201) throw new Error(`bench: login failed (${login.status})`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return {
    db,
    base,
    cookie,
    async get(p) {
      const t0 = performance.now();
      const res = await fetch(base + p, { headers: { cookie } });
      const bytes = Buffer.from(await res.arrayBuffer());
      return { status: res.status, bytes, ms: performance.now() - t0 };
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/**
 * An empty database holding only the synthetic dataset's townships (a fresh schema on PostgreSQL,
 * dropped by `drop`), served and signed in: where the import benchmarks import.
 */
export async function importTarget(
  villages: number,
  pgUrl?: string,
): Promise<{ db: Database; target: Served; drop: () => Promise<void> }> {
  const schema = `bench_import_${Date.now()}`;
  const db = openDatabase(
    pgUrl ? { DB_FILE: ':memory:', DATABASE_URL: pgUrl, DATABASE_SCHEMA: schema } : { DB_FILE: ':memory:' },
  );
  await migrateLatest(db);
  await loadSynth(db, { villages }, undefined, ['townships']);
  const target = await serve(db);
  return {
    db,
    target,
    drop: async () => {
      await target.close();
      if (pgUrl) await db.knex.raw('DROP SCHEMA ?? CASCADE', [schema]);
      await db.close();
    },
  };
}
