/** The one file with side effects: config, migrate, seed if empty, listen. */
import fs from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import { createApp, createServices, systemClock } from './app.ts';
import { CLUSTER_TABLES } from './routes/clusters.ts';
import { loadConfig, ROOT_DIR } from './config.ts';
import { writePidFile } from './db/backup.ts';
import { openDatabase } from './db/connection.ts';
import { migrateLatest } from './db/migrate.ts';
import { DEMO_PASSWORD, isEmpty, seedSample } from './db/seeds/sample.ts';

const config = loadConfig();
const log = pino({ level: config.LOG_LEVEL });
const { version } = JSON.parse(fs.readFileSync(path.join(ROOT_DIR, 'package.json'), 'utf8')) as { version: string };

const db = openDatabase(config);
// `npm run restore` refuses to replace the file under a running server: this says one is running.
if (!config.DATABASE_URL && config.DB_FILE !== ':memory:') writePidFile(config.DB_FILE);
const applied = await migrateLatest(db);
if (applied.length) log.info({ applied }, 'migrations applied');

const services = createServices(db, config, systemClock);
let seeded = false;
if (config.SEED_SAMPLE === '1' && (await isEmpty(db))) {
  const counts = await seedSample(db, path.join(ROOT_DIR, 'data', 'sample'));
  // The sample's first state goes into history too, so it can be restored after edits.
  await services.layers.recordBaseline('sample-data');
  seeded = true;
  log.info({ counts }, 'sample data loaded');
}
if (!fs.existsSync(path.join(config.STATIC_DIR, 'index.html'))) {
  log.warn(
    `No client build in ${config.STATIC_DIR}: run "npm run build" (npm start does it for you). Serving the API only.`,
  );
}

const app = createApp({ db, config, log, version, services });
const server = app.listen(config.PORT, config.HOST, () => {
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.PORT;
  const lines = [
    '',
    `  乡图 Xiangtu ${version} is running: http://localhost:${port}`,
    `  database: ${config.DATABASE_URL ? 'PostgreSQL' : config.DB_FILE}`,
  ];
  if (seeded || config.SEED_SAMPLE === '1') {
    lines.push(
      `  demo accounts (sample data only; password "${DEMO_PASSWORD}" — change it):`,
      '    admin · official (first township) · planner · secretary (羊草沟村)',
    );
  }
  console.log(lines.join('\n') + '\n');
  // The nation's zoomed-out map is drawn from in-memory centres: build them before it is asked for.
  services.clusterIndex
    .warm(CLUSTER_TABLES)
    .catch((err: unknown) => log.error({ err }, 'building the cluster index failed; clusters fall back to SQL'));
  // So is the township index every page loads (~0.2 s to serialise the nation's 29,000).
  services.townshipIndex.current().catch((err: unknown) => log.error({ err }, 'building the township index failed'));
});

function shutdown(signal: string) {
  log.info({ signal }, 'shutting down');
  server.close(() => void db.close().then(() => process.exit(0)));
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
