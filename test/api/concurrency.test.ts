import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, signedIn, type TestApp } from '../helpers/app.ts';

/**
 * Two app instances over one SQLite file stand for two server processes: each has its own
 * connection, so this exercises the database's locking, not just Node's single thread.
 */
let dir: string;
let a: TestApp;
let b: TestApp;
let clients: request.Agent[];
let asset: number;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiangtu-conc-'));
  const file = path.join(dir, 'db.sqlite');
  a = await makeTestApp({ sample: true, dbFile: file });
  b = await makeTestApp({ dbFile: file });
  clients = [await signedIn(a.app, 'admin'), await signedIn(b.app, 'official')];
  const v = (await clients[0]!.get('/api/villages?limit=1').expect(200)).body.features[0];
  asset = (
    await clients[0]!
      .post('/api/assets')
      .send({
        geometry: v.geometry,
        properties: { village_id: v.id, category: '经营性资产', subtype: '冷库', name: '计数', book_value: 0 },
      })
      .expect(201)
  ).body.id;
});
afterAll(async () => {
  await a.close();
  await b.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('two clients editing the same asset', () => {
  it('lets exactly one win; the other gets 412 with the current version', async () => {
    const [x, y] = clients as [request.Agent, request.Agent];
    const v = (await x.get(`/api/assets/${asset}`).expect(200)).body.properties.version;
    const [r1, r2] = await Promise.all([
      x
        .patch(`/api/assets/${asset}`)
        .set('If-Match', `"${v}"`)
        .send({ properties: { lessee: '甲' } }),
      y
        .patch(`/api/assets/${asset}`)
        .set('If-Match', `"${v}"`)
        .send({ properties: { lessee: '乙' } }),
    ]);
    expect([r1.status, r2.status].sort()).toEqual([200, 412]);
    const loser = r1.status === 412 ? r1 : r2;
    const winner = r1.status === 200 ? r1 : r2;
    expect(loser.body.error.current_version).toBe(v + 1);
    const now = (await y.get(`/api/assets/${asset}`).expect(200)).body.properties;
    expect(now.lessee).toBe(winner.body.properties.lessee);
    expect(now.version).toBe(v + 1);
  });

  it('loses no update when 8 clients on two processes increment a counter 10 times each', async () => {
    const workers = Array.from({ length: 8 }, (_, i) => clients[i % 2]!);
    let conflicts = 0;
    await Promise.all(
      workers.map(async (c) => {
        for (let done = 0; done < 10;) {
          const cur = (await c.get(`/api/assets/${asset}`).expect(200)).body.properties;
          const res = await c
            .patch(`/api/assets/${asset}`)
            .set('If-Match', `"${cur.version}"`)
            .send({ properties: { book_value: cur.book_value + 1 } });
          if (res.status === 200) done++;
          else if (res.status === 412) conflicts++;
          else throw new Error(`unexpected ${res.status}: ${JSON.stringify(res.body)}`);
        }
      }),
    );
    const final = (await clients[0]!.get(`/api/assets/${asset}`).expect(200)).body.properties;
    expect(final.book_value).toBe(80);
    const history = (await clients[0]!.get(`/api/assets/${asset}/history`).expect(200)).body.revisions;
    expect(history.filter((h: { action: string }) => h.action === 'update').length).toBe(80 + 1);
    // Contention really happened, and was answered with 412s rather than lost writes or 5xx.
    expect(conflicts).toBeGreaterThan(0);
  }, 60_000);
});
