/**
 * Child process of crash-loop.rel.ts: imports one CSV into a SQLite file through ImportService, the
 * service behind POST /api/import, as admin. Prints "start" before and "done <json>" after, so the
 * parent knows whether its SIGKILL landed mid-import. Usage: import-child.ts <db file> <csv file>
 */
import fs from 'node:fs';
import path from 'node:path';
import { createServices, systemClock } from '../../server/app.ts';
import { toSessionUser } from '../../server/auth/session-service.ts';
import { testConfig } from '../../server/config.ts';
import { openDatabase } from '../../server/db/connection.ts';
import { UserRepository } from '../../server/repositories/user-repository.ts';

const [dbFile, csvFile] = process.argv.slice(2) as [string, string];
const config = testConfig({ DB_FILE: dbFile });
const db = openDatabase(config);
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
