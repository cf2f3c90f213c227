/**
 * `npm run test:pg [-- vitest args]`: runs the API test suite against PostgreSQL + PostGIS.
 * Creates a fresh database (`xiangtu_test_<random>`) with PostGIS through `PG_ADMIN_URL`
 * (a role allowed to create databases and the extension; default
 * postgres://xiangtu:xiangtu@127.0.0.1:5432/postgres), runs vitest with TEST_DATABASE_URL
 * pointing at it, and drops it afterwards, whatever the result.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { ROOT_DIR } from '../server/config.ts';

const adminUrl = process.env.PG_ADMIN_URL ?? 'postgres://xiangtu:xiangtu@127.0.0.1:5432/postgres';
const dbName = `xiangtu_test_${randomBytes(4).toString('hex')}`;
const testUrl = new URL(adminUrl);
testUrl.pathname = `/${dbName}`;

async function admin(sql: string, url = adminUrl): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

try {
  await admin(`CREATE DATABASE ${dbName}`);
} catch (err) {
  console.error(`test:pg: cannot create a database through PG_ADMIN_URL (${testUrl.host}): ${String(err)}`);
  console.error('Start PostgreSQL and create the role, e.g. see docs/scale.md "Running the tests on PostgreSQL".');
  process.exit(2);
}
let status = 1;
try {
  await admin('CREATE EXTENSION postgis', testUrl.toString());
  const args = process.argv.slice(2);
  console.log(`test:pg: database ${dbName} on ${testUrl.host}`);
  const run = spawnSync(
    path.join(ROOT_DIR, 'node_modules', '.bin', 'vitest'),
    [
      'run',
      '--project',
      'unit',
      // Each test app migrates its own schema over a socket: slower set-up than SQLite in memory.
      '--hookTimeout=60000',
      '--testTimeout=60000',
      ...(args.length ? args : ['test/api', 'server/db', 'scripts/synth']),
    ],
    { cwd: ROOT_DIR, stdio: 'inherit', env: { ...process.env, TEST_DATABASE_URL: testUrl.toString() } },
  );
  status = run.status ?? 1;
} finally {
  await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
}
process.exit(status);
