import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePng } from '../helpers/images.ts';
import { makeTestApp, signedIn, type TestApp } from '../helpers/app.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiangtu-photos-'));
let t: TestApp;
let secretary: request.Agent;
let planner: request.Agent;
let ownVillage: number;
let ownAsset: number;
let otherAsset: number;

const etagOf = (res: request.Response) => String(res.headers.etag);

async function freshVersion(agent: request.Agent, id: number): Promise<string> {
  return etagOf(await agent.get(`/api/assets/${id}`).expect(200));
}

beforeAll(async () => {
  t = await makeTestApp({ sample: true, config: { UPLOAD_DIR: dir, PHOTO_MAX_COUNT: 2, PHOTO_MAX_BYTES: 60_000 } });
  secretary = await signedIn(t.app, 'secretary');
  planner = await signedIn(t.app, 'planner');
  ownVillage = (await secretary.get('/api/session').expect(200)).body.user.village_id as number;
  const assets = (await secretary.get('/api/assets').expect(200)).body.features as {
    id: number;
    properties: { village_id: number };
  }[];
  ownAsset = assets.find((a) => a.properties.village_id === ownVillage)!.id;
  otherAsset = assets.find((a) => a.properties.village_id !== ownVillage)!.id;
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('POST /api/assets/:id/photos', () => {
  it('stores a real image by its hash, lists it on the asset and serves it with its type', async () => {
    const png = makePng(40, 30);
    const v = await freshVersion(secretary, ownAsset);
    const res = await secretary
      .post(`/api/assets/${ownAsset}/photos`)
      .set('If-Match', v)
      .attach('photo', png, { filename: 'house.jpg', contentType: 'image/jpeg' })
      .expect(201);
    const hash = res.body.properties.photos.at(-1) as string;
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(res.headers.etag).toBe(`"${Number(JSON.parse(v)) + 1}"`);
    expect(fs.readFileSync(path.join(dir, `${hash}.png`)).equals(png)).toBe(true);
    const row = await t.db.knex('files').where({ sha256: hash }).first();
    expect(row).toMatchObject({ mime: 'image/png', bytes: png.length, width: 40, height: 30, created_by: 'secretary' });

    const file = await planner.get(`/api/files/${hash}`).expect(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    expect(Buffer.compare(file.body as Buffer, png)).toBe(0);
    await planner.get(`/api/files/${hash}`).set('If-None-Match', `"${hash}"`).expect(304);

    const history = (await secretary.get(`/api/assets/${ownAsset}/history`).expect(200)).body.revisions;
    expect(history[0]).toMatchObject({ action: 'update', user: 'secretary', changed: ['photos'] });
  });

  it('refuses a file that is not an image by its bytes, whatever its name says', async () => {
    const v = await freshVersion(secretary, ownAsset);
    const res = await secretary
      .post(`/api/assets/${ownAsset}/photos`)
      .set('If-Match', v)
      .attach('photo', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), {
        filename: 'photo.png',
        contentType: 'image/png',
      })
      .expect(400);
    expect(res.body.error.code).toBe('unsupported_type');
    expect(res.body.error.details).toEqual([{ path: 'photo', message: 'not a JPEG, PNG or WebP image' }]);
    expect(await freshVersion(secretary, ownAsset)).toBe(v);
  });

  it('refuses a photo over the size limit with 413 naming it', async () => {
    const v = await freshVersion(secretary, ownAsset);
    const big = Buffer.concat([makePng(10, 10), Buffer.alloc(70_000)]);
    const res = await secretary
      .post(`/api/assets/${ownAsset}/photos`)
      .set('If-Match', v)
      .attach('photo', big, 'big.png')
      .expect(413);
    expect(res.body.error).toMatchObject({ code: 'payload_too_large', message: 'The photo is larger than 59 KB' });
  });

  it('refuses more photos than the limit with 409 and leaves the list as it was', async () => {
    let v = await freshVersion(secretary, ownAsset);
    const second = await secretary
      .post(`/api/assets/${ownAsset}/photos`)
      .set('If-Match', v)
      .attach('photo', makePng(8, 8, [200, 10, 10]), 'b.png')
      .expect(201);
    expect(second.body.properties.photos).toHaveLength(2);
    v = etagOf(second);
    const res = await secretary
      .post(`/api/assets/${ownAsset}/photos`)
      .set('If-Match', v)
      .attach('photo', makePng(8, 8, [10, 10, 200]), 'c.png')
      .expect(409);
    expect(res.body.error).toMatchObject({ code: 'too_many_photos', max_photos: 2 });
    expect((await secretary.get(`/api/assets/${ownAsset}`)).body.properties.photos).toHaveLength(2);
  });

  it("refuses another village's asset (403) and a planner (403), storing nothing", async () => {
    const png = makePng(9, 9, [1, 2, 3]);
    const v = await freshVersion(secretary, otherAsset);
    const res = await secretary
      .post(`/api/assets/${otherAsset}/photos`)
      .set('If-Match', v)
      .attach('photo', png, 'x.png')
      .expect(403);
    expect(res.body.error.code).toBe('forbidden');
    await planner.post(`/api/assets/${otherAsset}/photos`).set('If-Match', v).attach('photo', png, 'x.png').expect(403);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.png'))).toHaveLength(2);
    expect(await freshVersion(secretary, otherAsset)).toBe(v);
  });

  it('needs If-Match (428) and refuses a stale one (412)', async () => {
    const png = makePng(5, 5);
    await secretary.post(`/api/assets/${ownAsset}/photos`).attach('photo', png, 'a.png').expect(428);
    const res = await secretary
      .post(`/api/assets/${ownAsset}/photos`)
      .set('If-Match', '"1"')
      .attach('photo', png, 'a.png')
      .expect(412);
    expect(res.body.error.code).toBe('version_conflict');
  });

  it('asks for the field "photo" when none is sent', async () => {
    const v = await freshVersion(secretary, ownAsset);
    const res = await secretary.post(`/api/assets/${ownAsset}/photos`).set('If-Match', v).expect(400);
    expect(res.body.error.details).toEqual([{ path: 'photo', message: 'required' }]);
  });
});

describe('DELETE /api/assets/:id/photos/:hash', () => {
  it('detaches a photo as a new version; a restore brings it back', async () => {
    const before = (await secretary.get(`/api/assets/${ownAsset}`).expect(200)).body;
    const [first] = before.properties.photos as string[];
    const res = await secretary
      .delete(`/api/assets/${ownAsset}/photos/${first}`)
      .set('If-Match', `"${before.properties.version}"`)
      .expect(200);
    expect(res.body.properties.photos).not.toContain(first);
    await secretary.delete(`/api/assets/${ownAsset}/photos/${first}`).set('If-Match', etagOf(res)).expect(404);
    const [detached, attached] = (await secretary.get(`/api/assets/${ownAsset}/history`)).body.revisions;
    expect(detached.changed).toEqual(['photos']);
    const restored = await secretary.post(`/api/assets/${ownAsset}/restore`).send({ revision: attached.id });
    expect(restored.status).toBe(200);
    expect(restored.body.properties.photos).toContain(first);
  });

  it('answers 404 for a file that does not exist or a malformed hash', async () => {
    await planner.get(`/api/files/${'0'.repeat(64)}`).expect(404);
    await planner.get('/api/files/..%2Fxiangtu.sqlite').expect(404);
  });
});
