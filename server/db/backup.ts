/**
 * Backups of the SQLite file (docs/reliability-operations.md): `VACUUM INTO` a timestamped file,
 * safe while the server runs and writes (it reads one WAL snapshot), and restore with checks.
 * PostgreSQL has pg_dump/pg_restore for this; these functions are for SQLite files only.
 */
import fs from 'node:fs';
import path from 'node:path';
import sqlite3 from 'sqlite3';

type Conn = InstanceType<typeof sqlite3.Database>;

function open(file: string, mode: number): Promise<Conn> {
  return new Promise((resolve, reject) => {
    const conn: Conn = new sqlite3.Database(file, mode, (err) => (err ? reject(err) : resolve(conn)));
  });
}
function all<T>(conn: Conn, sql: string, params: unknown[] = []): Promise<T[]> {
  return new Promise((resolve, reject) =>
    conn.all(sql, params, (err, rows) => (err ? reject(err) : resolve(rows as T[]))),
  );
}
function run(conn: Conn, sql: string, params: unknown[] = []): Promise<void> {
  return new Promise((resolve, reject) => conn.run(sql, params, (err) => (err ? reject(err) : resolve())));
}
function close(conn: Conn): Promise<void> {
  return new Promise((resolve, reject) => conn.close((err) => (err ? reject(err) : resolve())));
}

/** `20261127-101500` (UTC): sorts by time, no characters a file system dislikes. */
export function stamp(at: Date): string {
  return at
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/-|:/g, '')
    .replace('T', '-');
}

/** Where a running server (server/index.ts) leaves its process id: beside the database file. */
export function pidFileOf(dbFile: string): string {
  return `${dbFile}.pid`;
}

/** Writes the pid file and removes it again when the process exits. */
export function writePidFile(dbFile: string): void {
  const file = pidFileOf(dbFile);
  fs.writeFileSync(file, `${process.pid}\n`);
  process.on('exit', () => {
    try {
      if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.rmSync(file);
    } catch {
      // already gone
    }
  });
}

/** The pid of a live server using `dbFile`, or null (no pid file, or its process is gone). */
export function runningServer(dbFile: string): number | null {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(pidFileOf(dbFile), 'utf8').trim());
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (e) {
    // EPERM: alive but someone else's — still a server holding the file.
    return (e as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}

/** `PRAGMA integrity_check` of a SQLite file opened read-only: "ok", or what is wrong. */
export async function integrityOf(file: string): Promise<string> {
  const conn = await open(file, sqlite3.OPEN_READONLY);
  try {
    const rows = await all<{ integrity_check: string }>(conn, 'PRAGMA integrity_check');
    return rows.map((r) => r.integrity_check).join('; ');
  } finally {
    await close(conn);
  }
}

/** Names of the user tables of a SQLite file (sqlite_* and R*Tree shadow tables excepted). */
export async function tablesOf(file: string): Promise<string[]> {
  const conn = await open(file, sqlite3.OPEN_READONLY);
  try {
    const rows = await all<{ name: string }>(
      conn,
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    );
    return rows.map((r) => r.name);
  } finally {
    await close(conn);
  }
}

export interface BackupResult {
  file: string;
  bytes: number;
  ms: number;
}

/**
 * Copies the live database into `<dir>/<name>-<stamp>.sqlite` with `VACUUM INTO`: one consistent
 * snapshot (a read transaction, so writers carry on), compacted, checked with integrity_check.
 * Written under a temporary name and renamed, so a file with the final name is always whole.
 */
export async function backupSqlite(dbFile: string, dir: string, at = new Date()): Promise<BackupResult> {
  if (!fs.existsSync(dbFile)) throw new Error(`No database file at ${dbFile}`);
  fs.mkdirSync(dir, { recursive: true });
  const started = performance.now();
  const name = `${path.basename(dbFile).replace(/\.(sqlite3?|db)$/, '')}-${stamp(at)}.sqlite`;
  const file = path.join(dir, name);
  if (fs.existsSync(file)) throw new Error(`${file} exists already`);
  const tmp = `${file}.partial`;
  fs.rmSync(tmp, { force: true });
  const conn = await open(dbFile, sqlite3.OPEN_READWRITE);
  try {
    conn.configure('busyTimeout', 10_000);
    await run(conn, 'VACUUM INTO ?', [tmp]);
  } finally {
    await close(conn);
  }
  const integrity = await integrityOf(tmp);
  if (integrity !== 'ok') {
    fs.rmSync(tmp, { force: true });
    throw new Error(`The copy failed its integrity check: ${integrity}`);
  }
  fs.renameSync(tmp, file);
  return { file, bytes: fs.statSync(file).size, ms: performance.now() - started };
}

export interface RestoreResult {
  /** Where the replaced database went (with its -wal, if it had one), or null if there was none. */
  aside: string | null;
  bytes: number;
  ms: number;
}

/**
 * Puts `backup` in place of `dbFile`. Refuses a backup that fails integrity_check or is not a
 * Xiangtu database, and refuses while a server is using `dbFile`. The old file (and its WAL) is
 * kept as `<dbFile>.before-restore-<stamp>`; the new one arrives by an atomic rename.
 */
export async function restoreSqlite(backup: string, dbFile: string, at = new Date()): Promise<RestoreResult> {
  const started = performance.now();
  if (!fs.existsSync(backup)) throw new Error(`No backup file at ${backup}`);
  const integrity = await integrityOf(backup).catch((e: Error) => e.message);
  if (integrity !== 'ok') throw new Error(`${backup} is not a sound SQLite database: ${integrity}`);
  const tables = await tablesOf(backup);
  for (const t of ['knex_migrations', 'villages', 'users'])
    if (!tables.includes(t)) throw new Error(`${backup} is not a Xiangtu database (no table ${t})`);
  const pid = runningServer(dbFile);
  if (pid !== null)
    throw new Error(`A server (pid ${pid}) is using ${dbFile}: stop it first, then restore (${pidFileOf(dbFile)})`);

  fs.mkdirSync(path.dirname(dbFile), { recursive: true });
  // The copy lands beside the target first, so the final step is a rename within one file system.
  const tmp = `${dbFile}.restore-${stamp(at)}`;
  fs.copyFileSync(backup, tmp);
  const fd = fs.openSync(tmp, 'r+');
  fs.fsyncSync(fd);
  fs.closeSync(fd);

  let aside: string | null = null;
  if (fs.existsSync(dbFile)) {
    aside = `${dbFile}.before-restore-${stamp(at)}`;
    fs.copyFileSync(dbFile, aside);
  }
  // A WAL left by the old file belongs with it (SQLite would replay it onto the new one).
  for (const ext of ['-wal', '-shm']) {
    if (!fs.existsSync(dbFile + ext)) continue;
    if (aside && ext === '-wal') fs.renameSync(dbFile + ext, aside + ext);
    else fs.rmSync(dbFile + ext);
  }
  fs.renameSync(tmp, dbFile);
  const after = await integrityOf(dbFile);
  if (after !== 'ok') throw new Error(`The restored file failed its integrity check: ${after}`);
  return { aside, bytes: fs.statSync(dbFile).size, ms: performance.now() - started };
}
