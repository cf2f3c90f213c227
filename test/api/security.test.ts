/**
 * The security controls of docs/reliability.md that other tests do not already prove: headers on
 * HTML and API answers, CSRF refusals, uploads served safely, no internals in error bodies, and
 * imports and exports in the audit log for admins only. (Login limits, lockout, session
 * fixation and the SameSite cookie: session.test.ts; magic-byte checks: photos.test.ts.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, signedIn, type TestApp } from '../helpers/app.ts';
import { makePng } from '../helpers/images.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiangtu-security-'));
const staticDir = path.join(dir, 'dist');
const uploads = path.join(dir, 'uploads');
let t: TestApp;
let admin: request.Agent;

beforeAll(async () => {
  fs.mkdirSync(staticDir, { recursive: true });
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>乡图</title><div id="app"></div>');
  t = await makeTestApp({ sample: true, config: { STATIC_DIR: staticDir, UPLOAD_DIR: uploads } });
  admin = await signedIn(t.app, 'admin');
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function expectHardened(res: request.Response): void {
  const csp = String(res.headers['content-security-policy']);
  const script = /script-src ([^;]+)/.exec(csp)?.[1] ?? '';
  expect(script).toBe("'self'");
  expect(csp).toMatch(/default-src 'self'/);
  expect(csp).toMatch(/object-src 'none'/);
  expect(csp).toMatch(/frame-ancestors 'none'/);
  expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
  expect(res.headers['referrer-policy']).toBe('no-referrer');
  expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
  expect(res.headers['x-powered-by']).toBeUndefined();
}

describe('headers', () => {
  it.each([
    ['the app shell', '/'],
    ['a client route', '/map/villages/3'],
    ['the API reference page', '/api/docs'],
    ['the health check', '/api/health'],
    ['an API error', '/api/villages'],
  ])('harden %s (%s): CSP without inline scripts, nosniff, no framing', async (_what, url) => {
    const res = await request(t.app).get(url);
    expect(res.status).toBeLessThan(500);
    expectHardened(res);
  });

  it('harden a signed-in JSON answer', async () => {
    expectHardened(await admin.get('/api/villages?limit=1').expect(200));
  });
});

describe('CSRF', () => {
  it.each([
    ['Origin', 'https://evil.example'],
    ['Origin', 'null'],
    ['Referer', 'https://evil.example/page'],
  ])('refuses a write with a foreign %s (%s) with 403 JSON, writing nothing', async (header, value) => {
    const before = (await admin.get('/api/chains?limit=1').expect(200)).body.total;
    const res = await admin
      .post('/api/chains')
      .set(header, value)
      .send({ properties: { name: 'csrf' } })
      .expect(403);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body.error.code).toBe('cross_origin');
    expect((await admin.get('/api/chains?limit=1').expect(200)).body.total).toBe(before);
  });

  it('lets a same-origin write through', async () => {
    const res = await admin.post('/api/chains').set('Origin', 'http://localhost').set('Host', 'localhost');
    expect(res.status).not.toBe(403);
  });
});

describe('uploads', () => {
  it('are stored under their hash, outside any user-chosen path, and served typed with nosniff', async () => {
    const asset = (await admin.get('/api/assets?limit=1').expect(200)).body.features[0];
    const res = await admin
      .post(`/api/assets/${asset.id}/photos`)
      .set('If-Match', `"${asset.properties.version}"`)
      .attach('photo', makePng(3, 3), { filename: '../../../evil.html', contentType: 'text/html' })
      .expect(201);
    const hash = (res.body.properties.photos as string[]).at(-1)!;
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.readdirSync(uploads)).toEqual([`${hash}.png`]);
    expect(fs.existsSync(path.join(dir, 'evil.html'))).toBe(false);
    const file = await admin.get(`/api/files/${hash}`).expect(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.headers['content-disposition']).toBe('inline');
    await request(t.app).get(`/api/files/${hash}`).expect(401);
  });
});

describe('error bodies', () => {
  const internals = /SQLITE|constraint|select |insert |update |\bat .+\(|node_modules|\.ts:\d+/i;

  it('name a unique-constraint clash without SQL', async () => {
    const taken = await admin.post('/api/users').send({ username: 'admin', password: 'long-enough', role: 'planner' });
    expect(taken.status).toBe(409);
    expect(JSON.stringify(taken.body)).not.toMatch(internals);
  });

  it('say only "internal" when the database is gone', async () => {
    const broken = await makeTestApp({ sample: true });
    const agent = await signedIn(broken.app, 'admin');
    await broken.db.close();
    for (const url of ['/api/villages?limit=1', '/api/health', '/api/stats']) {
      const res = await agent.get(url);
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ error: { code: 'internal', message: 'Internal server error', details: [] } });
      expect(res.text).not.toMatch(internals);
    }
  });
});

describe('the audit log', () => {
  it('records imports and exports (and refused imports) for admins, and is closed to everyone else', async () => {
    const planner = await signedIn(t.app, 'planner');
    await planner.get('/api/export/villages.csv').expect(200);
    await planner
      .post('/api/import?layer=villages&dryRun=false')
      .attach('file', Buffer.from('{"type":"FeatureCollection","features":[{"type":"Feature"}]}'), 'v.geojson')
      .expect(422);
    const secretary = await signedIn(t.app, 'secretary');
    await secretary.post('/api/import?layer=villages').expect(403);
    const entries = (await admin.get('/api/audit?limit=20').expect(200)).body.entries as {
      action: string;
      username: string;
    }[];
    const mine = (u: string) => entries.filter((e) => e.username === u).map((e) => e.action);
    expect(mine('planner')).toEqual(expect.arrayContaining(['export', 'import_rejected', 'login']));
    expect(mine('secretary')).toEqual(expect.arrayContaining(['denied']));
    for (const role of ['official', 'planner', 'secretary']) {
      const res = await (await signedIn(t.app, role)).get('/api/audit').expect(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    await request(t.app).get('/api/audit').expect(401);
  });
});
