/**
 * Backups: `npm run backup` while a real server takes a stream of creates, then `npm run restore`
 * into a fresh location. The restored file is sound and equals the source at the backup's moment:
 * every table the writer does not touch has the same rows (checksums), and the tables it appends
 * to (assets, revisions) hold an exact prefix of the source's rows, each asset with its revision.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../server/config.ts';
import { integrityOf, pidFileOf } from '../../server/db/backup.ts';
import { openDatabase } from '../../server/db/connection.ts';
import { api, signIn, startServer, type ServerProcess } from './server-process.ts';

const run = promisify(execFile);
/** `npm run <script>` without npm's own start-up: the same command package.json names. */
const npmScript = (script: 'backup' | 'restore', args: string[], env: Record<string, string>) =>
  run(process.execPath, ['--import', 'tsx', path.join(ROOT_DIR, 'scripts', `${script}.ts`), ...args], {
    cwd: ROOT_DIR,
    env: { ...process.env, ...env },
  });

/** Per table: row count and a SHA-256 of every row in id order. `upTo` cuts appended tables. */
async function fingerprint(file: string, upTo: Record<string, number> = {}) {
  const db = openDatabase({ DB_FILE: file });
  try {
    const tables = (
      (await db.knex.raw(
        // change_stamps are counters that writes after the backup move on: compared on their own.
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_rtree%' AND name <> 'change_stamps' ORDER BY name",
      )) as { name: string }[]
    ).map((r) => r.name);
    const out: Record<string, { rows: number; sha256: string }> = {};
    for (const t of tables) {
      let q = db.knex(t).select('*').orderByRaw('rowid');
      if (upTo[t] !== undefined) q = q.whereRaw('rowid <= ?', [upTo[t]]);
      const rows = (await q) as unknown[];
      out[t] = { rows: rows.length, sha256: createHash('sha256').update(JSON.stringify(rows)).digest('hex') };
    }
    return out;
  } finally {
    await db.close();
  }
}

async function maxRowid(file: string, table: string): Promise<number> {
  const db = openDatabase({ DB_FILE: file });
  try {
    const r = (await db.knex(table).max({ m: 'rowid' }).first()) as { m: number | null };
    return Number(r.m ?? 0);
  } finally {
    await db.close();
  }
}

let server: ServerProcess;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
  if (server) fs.rmSync(server.dir, { recursive: true, force: true });
});

describe('npm run backup and npm run restore', () => {
  it('copy a database that is being written to, and restore it whole elsewhere', async () => {
    const { url, dir, dbFile } = server;
    expect(fs.existsSync(pidFileOf(dbFile))).toBe(true);
    const cookie = await signIn(url, 'admin');
    const asset = ((await api(url, cookie, '/api/assets?limit=1')).body as { features: Record<string, unknown>[] })
      .features[0]!;
    const { id: _id, ...rest } = asset;
    const props = asset.properties as Record<string, unknown>;
    const picked = Object.fromEntries(
      Object.entries(props).filter(([k]) => ['village_id', 'category', 'subtype', 'ownership'].includes(k)),
    );
    const body = (n: number) => ({ ...rest, properties: { ...picked, name: `backup-${n}` } });
    // The writer: creates, two at a time, until told to stop.
    let writing = true;
    let created = 0;
    const writer = async () => {
      while (writing) {
        const res = await api(url, cookie, '/api/assets', { method: 'POST', body: body(created) });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        created++;
      }
    };
    const writers = [writer(), writer()];
    await new Promise((r) => setTimeout(r, 1000));

    const backupDir = path.join(dir, 'backups');
    const t0 = performance.now();
    const { stdout } = await npmScript('backup', [], { DB_FILE: dbFile, BACKUP_DIR: backupDir });
    const backupMs = performance.now() - t0;
    const createdAtBackup = created;
    await new Promise((r) => setTimeout(r, 1000));
    writing = false;
    await Promise.all(writers);
    expect(created).toBeGreaterThan(createdAtBackup); // writes went on around the backup

    const [file] = fs.readdirSync(backupDir);
    expect(file).toMatch(/^xiangtu-\d{8}-\d{6}\.sqlite$/);
    const backup = path.join(backupDir, file!);
    expect(stdout).toContain(backup);
    expect(await integrityOf(backup)).toBe('ok');

    // Restore refuses while the server runs, then works once it has stopped.
    const refused = await npmScript('restore', [backup], { DB_FILE: dbFile }).catch((e: { stderr: string }) => e);
    expect((refused as { stderr: string }).stderr).toMatch(/server \(pid \d+\) is using/);
    await server.stop();
    expect(fs.existsSync(pidFileOf(dbFile))).toBe(false);

    const fresh = path.join(dir, 'restored', 'xiangtu.sqlite');
    const t1 = performance.now();
    const restoredOut = (await npmScript('restore', [backup], { DB_FILE: fresh })).stdout;
    const restoreMs = performance.now() - t1;
    expect(await integrityOf(fresh)).toBe('ok');

    // Equal to the source at the backup's moment: appended tables up to the backup's last row.
    const upTo = { assets: await maxRowid(fresh, 'assets'), revisions: await maxRowid(fresh, 'revisions') };
    const restored = await fingerprint(fresh);
    const source = await fingerprint(dbFile, upTo);
    expect(restored).toEqual(source);
    // The assets' change stamp was taken at the backup's moment: raised by the writes before it,
    // behind the source's, which the writes after it raised further.
    const stampOf = async (file: string) => {
      const db = openDatabase({ DB_FILE: file });
      try {
        const r = (await db.knex('change_stamps').where({ table_name: 'assets' }).first()) as { stamp: number };
        return Number(r.stamp);
      } finally {
        await db.close();
      }
    };
    const [backupStamp, sourceStamp] = [await stampOf(fresh), await stampOf(dbFile)];
    expect(backupStamp).toBeGreaterThan(0);
    expect(backupStamp).toBeLessThan(sourceStamp);
    const db = openDatabase({ DB_FILE: fresh });
    try {
      const orphans = await db
        .knex('assets as a')
        .whereNotExists(db.knex('revisions as r').where('r.table_name', 'assets').whereRaw('r.row_id = a.id').select(1))
        .count({ n: '*' })
        .first();
      expect(Number((orphans as { n: number }).n)).toBe(0);
    } finally {
      await db.close();
    }
    const inBackup = Object.values(restored).length;
    console.log(
      `[backup] ${(fs.statSync(backup).size / 1e6).toFixed(1)} MB backup in ${backupMs.toFixed(0)} ms ` +
        `(npm run backup, process start included) while ${created} creates went on ` +
        `(${createdAtBackup} before it returned); restore ${restoreMs.toFixed(0)} ms; ` +
        `${inBackup} tables equal to the source at the backup's moment\n  ${stdout.trim()}\n  ${restoredOut.trim()}`,
    );

    // A damaged backup is refused, and the database it would have replaced is left alone.
    const bad = path.join(dir, 'bad.sqlite');
    fs.writeFileSync(bad, fs.readFileSync(backup).subarray(0, 8192));
    const before = fs.readFileSync(fresh);
    const err = await npmScript('restore', [bad], { DB_FILE: fresh }).catch((e: { stderr: string }) => e);
    expect((err as { stderr: string }).stderr).toMatch(/restore refused/);
    expect(fs.readFileSync(fresh).equals(before)).toBe(true);
  });
});
