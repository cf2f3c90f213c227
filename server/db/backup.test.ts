import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backupSqlite, pidFileOf, restoreSqlite, runningServer, stamp } from './backup.ts';
import { openDatabase } from './connection.ts';
import { migrateLatest } from './migrate.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiangtu-backup-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('backup', () => {
  it('stamps names in UTC, sortable, without colons', () => {
    expect(stamp(new Date('2026-11-27T02:15:09.123Z'))).toBe('20261127-021509');
  });

  it('sees a server by its pid file only while that process lives', () => {
    const db = path.join(dir, 'pid.sqlite');
    expect(runningServer(db)).toBeNull();
    fs.writeFileSync(pidFileOf(db), `${process.pid}\n`);
    expect(runningServer(db)).toBe(process.pid);
    fs.writeFileSync(pidFileOf(db), '2147483646\n'); // no such process: a stale file after a crash
    expect(runningServer(db)).toBeNull();
  });

  it('copies a database, restores it over another and keeps the replaced one aside', async () => {
    const src = path.join(dir, 'src.sqlite');
    const db = openDatabase({ DB_FILE: src });
    await migrateLatest(db);
    await db.knex('settings').insert({ key: 'k', value: '1', version: 1, updated_at: 'x', updated_by: 'test' });
    const backup = await backupSqlite(src, path.join(dir, 'backups'), new Date('2026-11-27T02:15:00Z'));
    await db.close();
    expect(path.basename(backup.file)).toBe('src-20261127-021500.sqlite');
    await expect(backupSqlite(src, path.join(dir, 'backups'), new Date('2026-11-27T02:15:00Z'))).rejects.toThrow(
      /exists already/,
    );

    const target = path.join(dir, 'target.sqlite');
    fs.writeFileSync(target, 'old contents');
    const r = await restoreSqlite(backup.file, target, new Date('2026-11-28T00:00:00Z'));
    expect(fs.readFileSync(r.aside!, 'utf8')).toBe('old contents');
    const restored = openDatabase({ DB_FILE: target });
    expect(await restored.knex('settings').where({ key: 'k' }).first()).toMatchObject({ value: '1' });
    await restored.close();
  });

  it('refuses what is not a Xiangtu database, and a missing source', async () => {
    const other = path.join(dir, 'other.sqlite');
    const db = openDatabase({ DB_FILE: other });
    await db.knex.raw('CREATE TABLE t (x)');
    await db.close();
    await expect(restoreSqlite(other, path.join(dir, 'x.sqlite'))).rejects.toThrow(/not a Xiangtu database/);
    await expect(backupSqlite(path.join(dir, 'missing.sqlite'), dir)).rejects.toThrow(/No database file/);
  });
});
