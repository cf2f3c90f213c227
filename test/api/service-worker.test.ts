import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.ts';

describe('serving the service worker', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiangtu-sw-'));
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>乡图</title>');
    fs.writeFileSync(path.join(dir, 'sw.js'), "self.addEventListener('fetch', () => {});");
    fs.writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1);');
    t = await makeTestApp({ config: { STATIC_DIR: dir } });
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('allows a same-origin worker in the CSP and nothing else', async () => {
    const res = await request(t.app).get('/');
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("worker-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/worker-src[^;]*(blob:|\*|unsafe)/);
  });

  it('serves sw.js as JavaScript that is always revalidated, while hashed assets are immutable', async () => {
    const sw = await request(t.app).get('/sw.js');
    expect(sw.status).toBe(200);
    expect(sw.headers['content-type']).toMatch(/javascript/);
    expect(sw.headers['cache-control']).toBe('no-cache');
    const asset = await request(t.app).get('/assets/index-abc123.js');
    expect(asset.headers['cache-control']).toMatch(/immutable/);
  });
});
