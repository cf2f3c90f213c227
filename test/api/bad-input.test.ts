/**
 * The bad-input corpus (test/fixtures/bad-input/): each malformed request or file is answered
 * with a 4xx JSON error naming the problem, no row of any table changes, no file is stored, and
 * the server still answers a health check. Afterwards Object.prototype is as it was.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readZip } from '../../server/io/zip.ts';
import { CORPUS, type BadInput, type Ctx } from '../fixtures/bad-input/index.ts';
import { makeTestApp, signedIn, type TestApp } from '../helpers/app.ts';
import { download } from './io-helpers.ts';
import { dbFingerprint } from '../helpers/fingerprint.ts';

const uploads = fs.mkdtempSync(path.join(os.tmpdir(), 'xiangtu-bad-input-'));
let t: TestApp;
const agents = {} as Record<'admin' | 'planner', request.Agent>;
let ctx: Ctx;
const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();

beforeAll(async () => {
  t = await makeTestApp({ sample: true, config: { UPLOAD_DIR: uploads, PHOTO_MAX_BYTES: 200_000 } });
  agents.admin = await signedIn(t.app, 'admin');
  agents.planner = await signedIn(t.app, 'planner');
  const a = agents.admin;
  const feature = async (url: string) => (await a.get(url).expect(200)).body;
  const asset = (await feature('/api/assets?limit=1')).features[0];
  const village = (await feature('/api/villages?limit=1')).features[0];
  const township = (await feature('/api/townships?limit=1')).features[0];
  const users = (await feature('/api/users')).users as { id: number; username: string; version: number }[];
  const planner = users.find((u) => u.username === 'planner')!;
  const zip = (await download(agents.planner, '/api/export/villages.zip?township=1')).body;
  ctx = {
    asset: { id: asset.id, version: asset.properties.version },
    village: {
      id: village.id,
      version: village.properties.version,
      code: village.properties.code,
      lng: village.geometry.coordinates[0],
      lat: village.geometry.coordinates[1],
    },
    township: { id: township.id, version: township.properties.version, code: township.properties.code },
    chain: (await feature('/api/chains?limit=1')).features[0].id,
    alliance: (await feature('/api/alliances?limit=1')).features[0].id,
    user: { id: planner.id, version: planner.version },
    settingsVersion: (await feature('/api/settings')).version,
    shapefile: new Map(readZip(zip).map((e) => [e.name, e.read()])),
  };
});
afterAll(async () => {
  await t.close();
  fs.rmSync(uploads, { recursive: true, force: true });
});

const auditMax = async () => Number(((await t.db.knex('audit_log').max({ m: 'id' }).first()) as { m: number }).m ?? 0);

const resolve = async <T>(v: T | ((c: Ctx) => T | Promise<T>)): Promise<T> =>
  typeof v === 'function' ? (v as (c: Ctx) => T | Promise<T>)(ctx) : v;

async function send(c: BadInput): Promise<request.Response> {
  const base = c.as === 'anonymous' ? request(t.app) : agents[c.as ?? 'admin'];
  let req = base[c.method](await resolve(c.url));
  for (const [k, v] of Object.entries(c.headers ?? {})) req = req.set(k, v);
  if (c.ifMatch !== undefined) req = req.set('If-Match', await resolve(c.ifMatch));
  if (c.json !== undefined) return req.send((await resolve(c.json)) as object);
  // As given: superagent would serialise a Buffer sent as JSON into {"type":"Buffer",…}.
  if (c.raw)
    return req
      .set('Content-Type', c.raw.type)
      .serialize((x: unknown) => x as string)
      .send(await resolve(c.raw.body));
  if (c.upload) {
    const body = await resolve(c.upload.body);
    return req.attach(c.upload.field, Buffer.from(body), {
      filename: c.upload.name,
      ...(c.upload.type ? { contentType: c.upload.type } : {}),
    });
  }
  return req;
}

const ALL = Object.entries(CORPUS).flatMap(([category, cases]) =>
  cases.map((c) => [`${category}: ${c.what}`, c] as const),
);

describe('the bad-input corpus', () => {
  it('has at least 150 cases, each named once', () => {
    expect(ALL.length).toBeGreaterThanOrEqual(150);
    expect(new Set(ALL.map(([name]) => name)).size).toBe(ALL.length);
    expect(ALL.filter(([, c]) => c.status < 400 || c.status >= 500)).toEqual([]);
  });

  it.each(ALL)('%s', async (_name, c) => {
    const before = await dbFingerprint(t.db);
    const lastAudit = await auditMax();
    const files = fs.readdirSync(uploads).length;
    const res = await send(c);
    const body = res.body as {
      error?: { code?: string; message?: string; details?: { path: string; message: string }[] };
    };
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(c.status);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(typeof body.error?.code).toBe('string');
    const text = [body.error?.message ?? '', ...(body.error?.details ?? []).map((d) => `${d.path} ${d.message}`)].join(
      '\n',
    );
    expect(text).toMatch(c.message);
    expect(JSON.stringify(res.body)).not.toMatch(/\bat \S+ \(|node_modules|SQLITE_|select .* from/i);
    // The audit log records a refused import; nothing else may be written.
    const { audit_log: _after, ...after } = await dbFingerprint(t.db);
    const { audit_log: _before, ...expected } = before;
    expect(after).toEqual(expected);
    const audited = (await t.db.knex('audit_log').where('id', '>', lastAudit).pluck('action')) as string[];
    expect(audited.filter((a) => a !== 'import_rejected')).toEqual([]);
    expect(fs.readdirSync(uploads).length).toBe(files);
    await request(t.app).get('/api/health').expect(200);
  });

  it('leaves Object.prototype unpolluted', () => {
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).role).toBeUndefined();
  });
});
