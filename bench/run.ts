/**
 * `npm run bench [-- --villages 17000,500000] [--pg postgres://…] [--only bbox,clusters,coverage,export,import,map]`
 *
 * Issue #8's benchmarks on synthetic data (scripts/synth), each printed with the baseline it is
 * measured against in the same run. Not a test: a table to read and to copy into
 * docs/performance.md. PostgreSQL is measured too when `--pg` (or BENCH_DATABASE_URL) is given.
 */
import { parseArgs } from 'node:util';
import { bbox, clusters, coverage, exportGeojson, importCsv, type Result } from './measure.ts';
import { mapPage } from './map.ts';
import { openDataset, serve } from './server.ts';
import { townships } from './townships.ts';

const { values } = parseArgs({
  options: {
    villages: { type: 'string', default: '17000,500000' },
    pg: { type: 'string', default: process.env.BENCH_DATABASE_URL ?? '' },
    only: { type: 'string', default: 'bbox,clusters,coverage,export,import,map' },
  },
});
const sizes = values.villages.split(',').map(Number);
if (sizes.some((n) => !Number.isInteger(n) || n < 100)) {
  console.error('bench: --villages takes sizes ≥ 100, comma-separated');
  process.exit(1);
}
const only = new Set(values.only.split(','));
/** The bbox p95 targets are for the embedded SQLite; PostgreSQL's lists answer to the ratio. */
const targets = (n: number, db: string) => ({ bboxP95: db === 'sqlite' ? (n <= 20_000 ? 20 : 50) : undefined });
const rows: (Result & { db: string; n: number })[] = [];

for (const db of ['sqlite', ...(values.pg ? ['postgres'] : [])]) {
  for (const n of sizes) {
    const database = await openDataset(n, db === 'postgres' ? values.pg : undefined);
    const s = await serve(database);
    const add = (rs: Result[]) => {
      for (const r of rs) {
        rows.push({ ...r, db, n });
        console.error(`  ${db} ${n}: ${r.metric}: ${r.value}`);
      }
    };
    try {
      if (only.has('bbox')) add(await bbox(s, targets(n, db).bboxP95));
      if (only.has('clusters')) add(await clusters(s));
      // Export first, while the process is small; coverage is pure computation: once, on SQLite.
      if (only.has('export')) add(await exportGeojson(s));
      if (only.has('coverage') && db === 'sqlite') add(await coverage(s));
      // The page in Chromium: the client's cost, the same on either database; once, on SQLite.
      if (only.has('map')) add(await townships(s));
      if (only.has('map') && db === 'sqlite') add(await mapPage(database));
      if (only.has('import'))
        add(await importCsv(s, n, Math.min(n, 100_000), db === 'postgres' ? values.pg : undefined));
    } finally {
      await s.close();
      await database.close();
    }
  }
}

const cells = rows.map((r) => [
  r.db,
  String(r.n),
  r.metric,
  r.value,
  r.baseline ?? '',
  r.ratio === undefined ? '' : `${r.ratio.toFixed(1)}×`,
  r.target,
  r.info ? '—' : r.ok ? 'ok' : 'MISSED',
]);
const head = ['db', 'villages', 'measure', 'value', 'baseline (same run)', 'ratio', 'target', ''];
console.log(`| ${head.join(' | ')} |\n|${head.map(() => ' --- ').join('|')}|`);
for (const c of cells) console.log(`| ${c.join(' | ')} |`);
console.log(
  `\n${new Date().toISOString()} · node ${process.version} · npm run bench -- ${process.argv.slice(2).join(' ')}`,
);
// Everything is measured and printed: end here rather than wait for handles a measurement left
// behind (a keep-alive socket of the in-process client, a pool's idle timer).
process.exit(0);
