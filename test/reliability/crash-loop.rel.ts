/**
 * Crash loop: a large import (REL_CRASH_ROWS villages, 2,500 by default) in a child process,
 * SIGKILLed at a random moment (within the quickest whole run seen), 20 times. After every kill the file passes
 * `PRAGMA integrity_check` and holds the import wholly or not at all — never part of it.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connection.ts';
import { migrateLatest } from '../../server/db/migrate.ts';
import { seedSample } from '../../server/db/seeds/sample.ts';
import { SAMPLE_DIR } from '../helpers/app.ts';

const ROWS = Number(process.env.REL_CRASH_ROWS ?? 2500);
const KILLS = Number(process.env.REL_CRASH_KILLS ?? 20);
const CHILD = path.join(import.meta.dirname, 'import-child.ts');

let dir: string;
let base: string;
let csv: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiangtu-rel-crash-'));
  base = path.join(dir, 'base.sqlite');
  const db = openDatabase({ DB_FILE: base });
  await migrateLatest(db);
  await seedSample(db, SAMPLE_DIR);
  const townships = (await db.knex('townships').select('code').orderBy('id')) as { code: string }[];
  const ext = (await db
    .knex('villages')
    .min({ x: 'minx' })
    .max({ X: 'maxx' })
    .min({ y: 'miny' })
    .max({ Y: 'maxy' })
    .first()) as {
    x: number;
    X: number;
    y: number;
    Y: number;
  };
  await db.close(); // checkpoints the WAL: the base is one self-contained file
  // New villages: codes <township><300–999> (the sample's stop at 218), inside the county's extent.
  const lines = ['统计用区划代码,代码年份,村名,乡镇代码,经度,纬度,户籍人口'];
  for (let i = 0; i < ROWS; i++) {
    const t = townships[i % townships.length]!.code;
    const n = 300 + Math.floor(i / townships.length);
    if (n > 999) throw new Error('too many rows for the code space');
    const lng = ext.x + Math.random() * (ext.X - ext.x);
    const lat = ext.y + Math.random() * (ext.Y - ext.y);
    lines.push(`${t}${n},2023,压测村${i},${t},${lng.toFixed(6)},${lat.toFixed(6)},${100 + i}`);
  }
  csv = path.join(dir, 'villages.csv');
  fs.writeFileSync(csv, lines.join('\n') + '\n');
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Where the child was, by what it had printed: reading and checking, writing, or committed. */
type Phase = 'checking' | 'writing' | 'committed' | 'after';
function phaseOf(out: string): Phase {
  if (out.includes('done ')) return 'after';
  if (out.includes('committed\n')) return 'committed';
  return out.includes('tx\n') ? 'writing' : 'checking';
}

/**
 * Runs the import child on `file`; kills it `killAfterMs` after it says "start" (never, if null).
 * `ms`: from "start" to "done", if it got that far.
 */
function runImport(
  file: string,
  killAfterMs: number | null,
): Promise<{ started: boolean; done: boolean; ms: number | null; phaseAtKill: Phase }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file, csv], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let startedAt = 0;
    let ms: number | null = null;
    let phaseAtKill: Phase = 'after';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      if (!startedAt && out.includes('start\n')) {
        startedAt = performance.now();
        if (killAfterMs !== null)
          setTimeout(() => {
            phaseAtKill = phaseOf(out);
            child.kill('SIGKILL');
          }, killAfterMs);
      }
      if (ms === null && out.includes('done ')) ms = performance.now() - startedAt;
    });
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('exit', (code, signal) => {
      if (code !== 0 && signal !== 'SIGKILL') return reject(new Error(`import child failed (${code}):\n${err}`));
      resolve({ started: startedAt > 0, done: ms !== null, ms, phaseAtKill });
    });
  });
}

async function inspect(file: string): Promise<{ integrity: string; villages: number; imports: number }> {
  const db = openDatabase({ DB_FILE: file });
  try {
    const rows = (await db.knex.raw('PRAGMA integrity_check')) as { integrity_check: string }[];
    const villages = (await db.knex('villages').count({ n: '*' }).first()) as { n: number };
    const imports = (await db.knex('imports').count({ n: '*' }).first()) as { n: number };
    return {
      integrity: rows.map((r) => r.integrity_check).join('; '),
      villages: Number(villages.n),
      imports: Number(imports.n),
    };
  } finally {
    await db.close();
  }
}

describe(`an import of ${ROWS} villages killed with SIGKILL at a random moment, ${KILLS} times`, () => {
  it('leaves an intact file holding all of the import or none of it', async () => {
    const before = await inspect(base);
    // Calibration: one whole run says how long the import takes here.
    const whole = path.join(dir, 'whole.sqlite');
    fs.copyFileSync(base, whole);
    const full = await runImport(whole, null);
    expect(full.done).toBe(true);
    const durations = [full.ms!];
    const complete = await inspect(whole);
    expect(complete.villages).toBe(before.villages + ROWS);

    const outcomes: { killAt: number; mid: boolean; phase: Phase; present: boolean }[] = [];
    for (let i = 0; i < KILLS; i++) {
      const file = path.join(dir, `kill-${i}.sqlite`);
      fs.copyFileSync(base, file);
      // Within the quickest whole import seen so far: the machine is shared, its speed varies.
      const killAt = Math.round(Math.random() * Math.min(...durations));
      const run = await runImport(file, killAt);
      const after = await inspect(file);
      expect(after.integrity, `kill ${i} at ${killAt} ms`).toBe('ok');
      expect([before.villages, before.villages + ROWS], `kill ${i}: a partial import`).toContain(after.villages);
      const present = after.villages === before.villages + ROWS;
      expect(after.imports).toBe(before.imports + (present ? 1 : 0));
      if (run.done) expect(present, `kill ${i}: "done" was printed, the import must be there`).toBe(true);
      if (run.ms !== null) durations.push(run.ms);
      const mid = run.started && !run.done;
      outcomes.push({ killAt, mid, phase: run.phaseAtKill, present });
      fs.rmSync(file, { force: true });
      for (const ext of ['-wal', '-shm']) fs.rmSync(file + ext, { force: true });
    }
    const mid = outcomes.filter((o) => o.mid).length;
    const n = (phase: Phase) => outcomes.filter((o) => o.phase === phase).length;
    console.log(
      `[crash-loop] ${ROWS} villages, whole import ${full.ms!.toFixed(0)} ms (quickest ${Math.min(...durations).toFixed(0)} ms); ` +
        `${KILLS}/${KILLS} kills left an intact file with all or none of the import; ${mid} landed mid-import: ` +
        `${n('checking')} while reading and checking, ${n('writing')} inside the write transaction, ` +
        `${n('committed')} after the commit; ${n('after')} after it had finished; ` +
        `${outcomes.filter((o) => o.present).length} with the import present`,
    );
    expect(mid).toBeGreaterThan(KILLS / 2);
    // The case that matters most was exercised: a kill with the import's transaction open.
    expect(n('writing')).toBeGreaterThan(0);
  });
});
