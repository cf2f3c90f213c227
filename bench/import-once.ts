/**
 * One CSV import of villages in a process of its own, and where its time went: wall time, the
 * node process's CPU (all its threads: node-sqlite3's included), how long its main thread waited
 * (event loop idle: for the database or its worker), and, on PostgreSQL, the CPU of the server
 * processes serving its connections (from /proc; WAL writer and checkpointer not counted).
 *
 *   npx tsx bench/import-once.ts [--rows 100000] [--pg postgres://…] [--csv /tmp/villages-100k.csv]
 *
 * The CSV is the first `rows` villages of the 500k synthetic dataset's export (as the bench's
 * import; written once to `--csv`), imported into a fresh database holding only its townships.
 */
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { importTarget, openDataset, serve } from './server.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    villages: { type: 'string', default: '500000' },
    pg: { type: 'string', default: '' },
    csv: { type: 'string', default: '' },
  },
});
const rows = Number(values.rows);
const villages = Number(values.villages);
const csvFile = values.csv || `${os.tmpdir()}/xiangtu-bench/villages-${villages}-first-${rows}.csv`;

if (!fs.existsSync(csvFile)) {
  const source = await openDataset(villages);
  const s = await serve(source);
  const lines = (await s.get('/api/export/villages.csv')).bytes.toString('utf8').split('\n');
  fs.writeFileSync(csvFile, [lines[0], ...lines.slice(1, rows + 1)].join('\n'));
  await s.close();
  await source.close();
}
const body = fs.readFileSync(csvFile, 'utf8');

/** CPU seconds (user + system) of each PostgreSQL server process on this machine, by pid. */
function postgresCpu(): Map<number, number> {
  const tick = 100; // USER_HZ on Linux
  const out = new Map<number, number>();
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(pid), (Number(f[11]) + Number(f[12])) / tick);
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** The server processes serving this process's connections (the machine's other users' not counted). */
function ownBackends(db: { knex: unknown }): number[] {
  const pool = (db.knex as { client: { pool: { free: { resource: unknown }[]; used: { resource: unknown }[] } } })
    .client.pool;
  return [...pool.free, ...pool.used].map((r) => (r.resource as { processID: number }).processID);
}

const pgUrl = values.pg || undefined;
const { db, target, drop } = await importTarget(villages, pgUrl);
global.gc?.();
const form = new FormData();
form.set('file', new Blob([body], { type: 'text/csv' }), 'villages.csv');
const load = os.loadavg()[0]!;
const elu0 = performance.eventLoopUtilization();
const cpu0 = process.cpuUsage();
const pg0 = pgUrl ? postgresCpu() : new Map<number, number>();
const t0 = performance.now();
const res = await fetch(`${target.base}/api/import?layer=villages&dryRun=false`, {
  method: 'POST',
  headers: { cookie: target.cookie },
  body: form,
});
const text = await res.text();
const wall = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const elu = performance.eventLoopUtilization(elu0);
const pg1 = pgUrl ? postgresCpu() : new Map<number, number>();
const pg = pgUrl ? ownBackends(db).reduce((sum, pid) => sum + (pg1.get(pid) ?? 0) - (pg0.get(pid) ?? 0), 0) : 0;
if (res.status !== 200) throw new Error(`import: HTTP ${res.status} ${text.slice(0, 300)}`);
console.log(
  JSON.stringify({
    db: db.dialect.name,
    rows,
    wall: +wall.toFixed(2),
    rowsPerSec: Math.round(rows / wall),
    nodeUser: +(cpu.user / 1e6).toFixed(2),
    nodeSys: +(cpu.system / 1e6).toFixed(2),
    mainIdle: +(elu.idle / 1000).toFixed(2),
    ...(pgUrl ? { postgres: +pg.toFixed(2) } : {}),
    load: +load.toFixed(2),
    loadAfter: +os.loadavg()[0]!.toFixed(2),
  }),
);
await drop();
process.exit(0);
