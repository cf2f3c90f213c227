/**
 * Child process of crash-loop.rel.ts: imports one CSV into a SQLite file through ImportService, the
 * service behind POST /api/import, as admin. Prints "start" before, "tx" and "committed" around
 * the write transaction, and "done <json>" after, so the parent knows where its SIGKILL landed.
 * Usage: import-child.ts <db file> <csv file>
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { createServices, systemClock } from '../../server/app.ts';
import { toSessionUser } from '../../server/auth/session-service.ts';
import { testConfig } from '../../server/config.ts';
import { openDatabase } from '../../server/db/connection.ts';
import { UserRepository } from '../../server/repositories/user-repository.ts';

const [dbFile, csvFile] = process.argv.slice(2) as [string, string];
const config = testConfig({ DB_FILE: dbFile });
const db = openDatabase(config);
// Every transaction of the import goes through db.knex.transaction: mark its start and commit.
const transaction = db.knex.transaction.bind(db.knex);
Object.defineProperty(db.knex, 'transaction', {
  configurable: true,
  value: async (fn: (tx: Knex.Transaction) => Promise<unknown>) => {
    const out = await transaction(async (tx) => {
      process.stdout.write('tx\n');
      return fn(tx);
    });
    process.stdout.write('committed\n');
    return out;
  },
});
const services = createServices(db, config, systemClock);
const admin = await new UserRepository(db).byUsername('admin');
if (!admin) throw new Error('no admin in the database');
const bytes = fs.readFileSync(csvFile);
process.stdout.write('start\n');
const report = await services.imports.run(toSessionUser(admin), {
  layer: 'villages',
  crs: 'auto',
  dryRun: false,
  swap: false,
  encoding: null,
  filename: path.basename(csvFile),
  bytes,
  ip: null,
});
process.stdout.write(`done ${JSON.stringify({ created: report.created, invalid: report.invalid })}\n`);
await db.close();
