/**
 * `npm run data:synth -- --villages N [--seed S] [--extent w,s,e,n]`: loads a deterministic
 * synthetic dataset of N villages into the configured database (DB_FILE, or DATABASE_URL for
 * PostgreSQL), which must be empty. See scripts/synth/generate.ts and docs/scale.md.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/connection.ts';
import { migrateLatest } from '../server/db/migrate.ts';
import { loadSynth } from './synth/load.ts';

const { values } = parseArgs({
  options: { villages: { type: 'string' }, seed: { type: 'string' }, extent: { type: 'string' } },
});
const villages = Number(values.villages);
const seed = values.seed === undefined ? undefined : Number(values.seed);
const extent = values.extent?.split(',').map(Number);
const bad =
  !Number.isInteger(villages) || villages < 1 || villages > 2_000_000
    ? '--villages must be an integer from 1 to 2000000'
    : seed !== undefined && !Number.isInteger(seed)
      ? '--seed must be an integer'
      : extent &&
          (extent.length !== 4 ||
            extent.some((x) => !Number.isFinite(x)) ||
            extent[0]! >= extent[2]! ||
            extent[1]! >= extent[3]!)
        ? '--extent must be w,s,e,n in degrees with w < e and s < n'
        : null;
if (bad) {
  console.error(`data:synth: ${bad}`);
  process.exit(1);
}

const config = loadConfig();
const db = openDatabase(config);
try {
  await migrateLatest(db);
  const started = performance.now();
  const counts = await loadSynth(db, {
    villages,
    seed,
    extent: extent as [number, number, number, number] | undefined,
  });
  const s = (performance.now() - started) / 1000;
  console.log(
    `data:synth: ${Object.entries(counts)
      .map(([t, n]) => `${n} ${t}`)
      .join(', ')} in ${s.toFixed(1)} s into ${config.DATABASE_URL ? 'PostgreSQL' : config.DB_FILE}`,
  );
} catch (err) {
  // Driver errors quote the whole statement: the first line names the problem.
  console.error(`data:synth: ${(err instanceof Error ? err.message : String(err)).slice(-300)}`);
  process.exitCode = 1;
} finally {
  await db.close();
}
