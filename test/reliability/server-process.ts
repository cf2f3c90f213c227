/** A real Xiangtu server in a child process (`tsx server/index.ts`), over a SQLite file in a temp dir. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT_DIR } from '../../server/config.ts';

export const DEMO_PASSWORD = 'xiangtu-demo';

export interface ServerProcess {
  url: string;
  dir: string;
  dbFile: string;
  child: ChildProcess;
  /** SIGTERM, then wait for the process to exit. */
  stop(): Promise<void>;
}

/** Starts the server on a free port with the sample county seeded; resolves once it listens. */
export async function startServer(env: Record<string, string> = {}): Promise<ServerProcess> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiangtu-rel-'));
  const dbFile = path.join(dir, 'xiangtu.sqlite');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT_DIR, 'server', 'index.ts')], {
    cwd: ROOT_DIR,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DB_FILE: dbFile,
      SEED_SAMPLE: '1',
      BASEMAP: 'none',
      LOG_LEVEL: 'warn',
      STATIC_DIR: path.join(dir, 'no-client'),
      UPLOAD_DIR: path.join(dir, 'uploads'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 90 s:\n${output}`)), 90_000);
    const onData = (b: Buffer) => {
      output += b.toString();
      const m = /running: (http:\/\/localhost:\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!.replace('localhost', '127.0.0.1'));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${String(code)}:\n${output}`));
    });
  });
  // Keep draining the pipes so the child never blocks on a full one; warnings stay readable.
  child.stdout!.removeAllListeners('data');
  child.stderr!.removeAllListeners('data');
  child.stdout!.on('data', () => {});
  child.stderr!.on('data', (b: Buffer) => process.stderr.write(b));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { url, dir, dbFile, child, stop };
}

/** Signs in once and returns the session cookie (`name=value`), to reuse for every request. */
export async function signIn(url: string, username: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 201) throw new Error(`login as ${username}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('xiangtu_session='));
  if (!cookie) throw new Error('no session cookie');
  return cookie.split(';')[0]!;
}

/** A fetch with the cookie (and, for writes, the server's own Origin, as a browser sends). */
export async function api(
  url: string,
  cookie: string,
  pathname: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const res = await fetch(`${url}${pathname}`, {
    method: init.method ?? 'GET',
    headers: {
      cookie,
      origin: url,
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...init.headers,
    },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body, headers: res.headers };
}
