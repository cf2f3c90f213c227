import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../server/config.ts';
import { makeTestApp, signedIn, testDatabaseEnv } from '../helpers/app.ts';

const run = promisify(execFile);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiangtu-cli-'));
const DB_FILE = path.join(dir, 'cli.sqlite');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const user = (...args: string[]) =>
  run(path.join(ROOT_DIR, 'node_modules', '.bin', 'tsx'), ['scripts/user.ts', ...args], {
    cwd: ROOT_DIR,
    env: { ...process.env, ...testDatabaseEnv(DB_FILE), LOG_LEVEL: 'silent' },
  });

describe('npm run user', () => {
  it('creates the first admin on an empty database, who can then sign in', async () => {
    const out = await user('add', '--username', 'first', '--role', 'admin');
    expect(out.stdout).toMatch(/created admin "first"/);
    const password = /password: (\S+)/.exec(out.stdout)![1]!;
    const t = await makeTestApp({ dbFile: DB_FILE });
    try {
      const agent = await signedIn(t.app, 'first', password);
      expect((await agent.get('/api/users').expect(200)).body.users).toHaveLength(1);
    } finally {
      await t.close();
    }
  }, 30_000);

  it('refuses a taken username with a message and a failing exit code', async () => {
    await expect(user('add', '--username', 'first', '--role', 'admin')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/taken/),
    });
  }, 30_000);
});
