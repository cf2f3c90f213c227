/// <reference lib="dom" />
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deviceEdits } from '../../client/src/offline/device-edits.ts';
import { OutboxDb } from '../../client/src/offline/outbox-db.ts';
import { OutboxError, OutboxQueue } from '../../client/src/offline/outbox-queue.ts';
import type { WriteRequest } from '../../client/src/offline/types.ts';
import { DEMO_PASSWORD, makeTestApp, type TestApp } from '../helpers/app.ts';

// The outbox replays against the real API (Express + migrated SQLite) on an ephemeral port; only
// the network's availability and the clock are in the test's hands.

let t: TestApp;
let server: Server;
let base = '';

async function signIn(username: string): Promise<{ cookie: string; user: { id: number; village_id: number | null } }> {
  const res = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(res.status).toBe(201);
  const body = (await res.json()) as { user: { id: number; village_id: number | null } };
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, user: body.user };
}

/** The device's connection: switched off and on by the tests; logs what reached the server. */
class Network {
  online = true;
  /** Fetches allowed before the connection drops (Infinity: never). */
  budget = Infinity;
  calls: string[] = [];
  constructor(public cookie: string) {}
  fetch = async (url: string, init: RequestInit): Promise<Response> => {
    if (!this.online || this.budget <= 0) throw new TypeError('Failed to fetch');
    this.budget--;
    this.calls.push(`${init.method ?? 'GET'} ${url}`);
    return fetch(base + url, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), cookie: this.cookie },
    });
  };
}

class ManualClock {
  timers: { fn: () => void; ms: number }[] = [];
  now = () => new Date('2026-12-01T08:00:00Z');
  setTimeout = (fn: () => void, ms: number) => this.timers.push({ fn, ms });
  clearTimeout = (h: unknown) => {
    this.timers.splice((h as number) - 1, 1, { fn: () => {}, ms: -1 });
  };
  /** Fires the last scheduled timer. */
  fire(): void {
    const last = this.timers.at(-1);
    last?.fn();
  }
  pending(): number[] {
    return this.timers.filter((x) => x.ms >= 0).map((x) => x.ms);
  }
}

let secretary: Awaited<ReturnType<typeof signIn>>;
let admin: Awaited<ReturnType<typeof signIn>>;
let villageUrl = '';
let assetUrl = '';
let spareAssetUrl = '';
let idb: IDBFactory;
let net: Network;
let clock: ManualClock;

function makeQueue(userId = secretary.user.id): OutboxQueue {
  return new OutboxQueue({
    db: new OutboxDb(idb),
    userId,
    fetch: net.fetch,
    isOnline: () => net.online,
    clock,
  });
}

async function current(url: string): Promise<{ version: string; props: Record<string, unknown> }> {
  const res = await fetch(base + url, { headers: { cookie: admin.cookie } });
  const body = (await res.json()) as { properties: Record<string, unknown> };
  return { version: String(body.properties.version), props: body.properties };
}

/** Someone else (the township office) saves the record first. */
async function saveAsAdmin(url: string, ifMatch: string, properties: Record<string, unknown>): Promise<void> {
  const res = await fetch(base + url, {
    method: 'PATCH',
    headers: { cookie: admin.cookie, 'Content-Type': 'application/json', 'If-Match': `"${ifMatch}"` },
    body: JSON.stringify({ properties }),
  });
  expect(res.status).toBe(200);
}

function edit(url: string, properties: Record<string, unknown>, ifMatch: string): WriteRequest {
  const [, layer, id] = url.split('/').slice(1);
  return {
    method: 'PATCH',
    url,
    body: { properties },
    ifMatch,
    layer: layer!,
    id: Number(id),
    label: `${layer} · 修改`,
  };
}

beforeAll(async () => {
  t = await makeTestApp({ sample: true });
  server = await new Promise((resolve) => {
    const s = t.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  secretary = await signIn('secretary');
  admin = await signIn('admin');
  villageUrl = `/api/villages/${secretary.user.village_id}`;
  const assets = await fetch(`${base}/api/assets?village=${secretary.user.village_id}&limit=1`, {
    headers: { cookie: secretary.cookie },
  });
  const fc = (await assets.json()) as { features: { id: number }[] };
  assetUrl = `/api/assets/${fc.features[0]!.id}`;
  const spare = await fetch(`${base}/api/assets`, {
    method: 'POST',
    headers: { cookie: admin.cookie, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      geometry: { type: 'Point', coordinates: [122.93, 41.77] },
      properties: { village_id: secretary.user.village_id, category: '经营性资产', subtype: '冷库', name: '待删除' },
    }),
  });
  expect(spare.status).toBe(201);
  spareAssetUrl = `/api/assets/${((await spare.json()) as { id: number }).id}`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  await t.close();
});

beforeEach(() => {
  idb = new IDBFactory();
  net = new Network(secretary.cookie);
  clock = new ManualClock();
});

describe('OutboxQueue', () => {
  describe('#send', () => {
    it('sends at once when online and hands HTTP errors back to the caller, keeping nothing', async () => {
      const q = makeQueue();
      const { version } = await current(villageUrl);
      const ok = await q.send(edit(villageUrl, { notes: '在线修改' }, version));
      expect(ok).toMatchObject({ queued: false, status: 200, etag: String(Number(version) + 1) });
      const bad = await q.send(edit(villageUrl, { households: -5 }, String(Number(version) + 1)));
      expect(bad).toMatchObject({ queued: false, status: 400, body: { error: { code: 'validation_failed' } } });
      expect(q.snapshot().entries).toEqual([]);
    });

    it('keeps a write on the device when offline, or when fetch cannot reach the server', async () => {
      const q = makeQueue();
      net.online = false;
      const r1 = await q.send(edit(villageUrl, { notes: '离线一' }, '1'));
      net.online = true;
      net.budget = 0; // navigator.onLine says yes, but the request fails
      const r2 = await q.send(edit(assetUrl, { notes: '离线二' }, '1'));
      expect(r1).toMatchObject({ queued: true });
      expect(r2).toMatchObject({ queued: true });
      expect(q.snapshot().entries.map((e) => [e.req.url, e.status])).toEqual([
        [villageUrl, 'pending'],
        [assetUrl, 'pending'],
      ]);
      expect(net.calls).toEqual([]);
    });

    it('refuses an edit of a record that has no id yet (created offline, not sent)', async () => {
      const q = makeQueue();
      const req = { ...edit('/api/assets/new', { name: 'x' }, '1') };
      await expect(q.send(req)).rejects.toThrow(OutboxError);
      await expect(q.send(req)).rejects.toMatchObject({ code: 'unsent_record' });
    });
  });

  describe('#flush', () => {
    it('replays in order and chains If-Match across two edits of one record', async () => {
      const q = makeQueue();
      const v = await current(villageUrl);
      const a = await current(assetUrl);
      net.online = false;
      // The form still holds the version it loaded: both village edits say If-Match v.
      await q.send(edit(villageUrl, { notes: '第一次' }, v.version));
      await q.send(edit(assetUrl, { notes: '资产备注' }, a.version));
      await q.send(edit(villageUrl, { households: 321 }, v.version));
      net.online = true;
      await q.flush();
      expect(net.calls).toEqual([`PATCH ${villageUrl}`, `PATCH ${assetUrl}`, `PATCH ${villageUrl}`]);
      expect(q.snapshot()).toEqual({ entries: [], state: 'idle' });
      const after = await current(villageUrl);
      expect(after.version).toBe(String(Number(v.version) + 2));
      expect(after.props).toMatchObject({ notes: '第一次', households: 321 });
      expect((await current(assetUrl)).props.notes).toBe('资产备注');
    });

    it('turns a 412 into a conflict with the server copy, holds later edits of that record, and goes on with others', async () => {
      const q = makeQueue();
      const v = await current(villageUrl);
      const a = await current(assetUrl);
      net.online = false;
      await q.send(edit(villageUrl, { notes: '书记的版本' }, v.version));
      await q.send(edit(villageUrl, { party_members: 33 }, v.version));
      await q.send(edit(assetUrl, { notes: '照常发送' }, a.version));
      await saveAsAdmin(villageUrl, v.version, { notes: '乡镇的版本' });
      net.online = true;
      await q.flush();

      const [conflict, held] = q.snapshot().entries;
      expect(conflict).toMatchObject({ status: 'conflict', req: { url: villageUrl } });
      expect(conflict!.conflict).toMatchObject({
        theirsVersion: String(Number(v.version) + 1),
        theirs: { notes: '乡镇的版本' },
        theirsGeometry: { type: 'Point' },
      });
      expect(held).toMatchObject({ status: 'pending', req: { body: { properties: { party_members: 33 } } } });
      expect(q.snapshot().entries).toHaveLength(2); // the asset edit went through
      expect((await current(assetUrl)).props.notes).toBe('照常发送');
      // The conflict view shows both village edits as one.
      expect(deviceEdits(q.snapshot().entries, conflict!.id)).toEqual({
        entryIds: [conflict!.id, held!.id],
        properties: { notes: '书记的版本', party_members: 33 },
      });
    });
  });

  describe('#resolve', () => {
    /** Two offline edits of the village; the office saves notes first; the replay stops at a conflict. */
    let round = 0;
    async function conflicted(q: OutboxQueue) {
      const v = await current(villageUrl);
      const theirs = `乡镇的版本 ${++round}`; // a value the record does not have yet: a real change
      net.online = false;
      await q.send(edit(villageUrl, { notes: '书记的版本' }, v.version));
      await q.send(edit(villageUrl, { party_members: 33 + round }, v.version));
      await saveAsAdmin(villageUrl, v.version, { notes: theirs });
      net.online = true;
      await q.flush();
      const [conflict, held] = q.snapshot().entries;
      expect(conflict!.status).toBe('conflict');
      return { v: Number(v.version), theirs, conflict: conflict!, held: held! };
    }

    it('sends the fields chosen over the version shown, in place of the merged edits', async () => {
      const q = makeQueue();
      const { v, theirs, conflict, held } = await conflicted(q);
      net.calls = [];
      await q.resolve(conflict.id, { properties: { party_members: 100 }, through: held.id });
      expect(q.snapshot()).toEqual({ entries: [], state: 'idle' });
      expect(net.calls).toEqual([`PATCH ${villageUrl}`]); // one write for both edits
      const after = await current(villageUrl);
      expect(after.version).toBe(String(v + 2));
      expect(after.props).toMatchObject({ notes: theirs, party_members: 100 }); // their notes kept
    });

    it('takes the server’s version: nothing chosen drops the edits shown, and nothing is sent', async () => {
      const q = makeQueue();
      const { v, conflict, held } = await conflicted(q);
      net.calls = [];
      await q.resolve(conflict.id, { through: held.id });
      expect(q.snapshot().entries).toEqual([]);
      expect(net.calls).toEqual([]);
      expect((await current(villageUrl)).version).toBe(String(v + 1));
    });

    it('keeps an edit made after the view was drawn, and sends it after, chained onto the new version', async () => {
      const q = makeQueue();
      const { v, conflict, held } = await conflicted(q);
      net.online = false;
      await q.send(edit(villageUrl, { households: 222 }, String(v)));
      net.online = true;
      net.calls = [];
      await q.resolve(conflict.id, { properties: { notes: '合并后的版本' }, through: held.id });
      expect(q.snapshot()).toEqual({ entries: [], state: 'idle' });
      expect(net.calls).toEqual([`PATCH ${villageUrl}`, `PATCH ${villageUrl}`]);
      const after = await current(villageUrl);
      expect(after.version).toBe(String(v + 3));
      expect(after.props).toMatchObject({ notes: '合并后的版本', households: 222 });
      expect(after.props.party_members).not.toBe(33 + round); // chosen against in the view
    });

    it('sends a chosen geometry', async () => {
      const q = makeQueue();
      const a = await current(assetUrl);
      net.online = false;
      await q.send(edit(assetUrl, { notes: '离线' }, a.version));
      await saveAsAdmin(assetUrl, a.version, { notes: '乡镇' });
      net.online = true;
      await q.flush();
      const [conflict] = q.snapshot().entries;
      const point = { type: 'Point' as const, coordinates: [122.93, 41.77] };
      await q.resolve(conflict!.id, { geometry: point });
      expect(q.snapshot().entries).toEqual([]);
      const after = await fetch(base + assetUrl, { headers: { cookie: admin.cookie } });
      expect(((await after.json()) as { geometry: unknown }).geometry).toEqual(point);
    });

    it('sends a conflicting delete again over the version shown', async () => {
      const q = makeQueue();
      const assetUrl = spareAssetUrl; // another asset: this one is deleted
      const a = await current(assetUrl);
      net.online = false;
      await q.send({ method: 'DELETE', url: assetUrl, ifMatch: a.version, layer: 'assets', label: '删除' });
      await saveAsAdmin(assetUrl, a.version, { notes: '删除前' });
      net.online = true;
      await q.flush();
      const [conflict] = q.snapshot().entries;
      expect(conflict!.status).toBe('conflict');
      expect(deviceEdits(q.snapshot().entries, conflict!.id)).toBeNull();
      await q.resolve(conflict!.id);
      expect(q.snapshot().entries).toEqual([]);
      const gone = await fetch(base + assetUrl, { headers: { cookie: admin.cookie } });
      expect(gone.status).toBe(404);
    });

    it('refuses an entry that is not in conflict', async () => {
      const q = makeQueue();
      net.online = false;
      const r = await q.send(edit(villageUrl, { notes: 'x' }, '1'));
      await expect(q.resolve((r as { entryId: number }).entryId, {})).rejects.toMatchObject({ code: 'wrong_state' });
    });
  });

  describe('#flush (failures)', () => {
    it('marks a write the server refuses (400) as failed with its message, and goes on with others', async () => {
      const q = makeQueue();
      const v = await current(villageUrl);
      const a = await current(assetUrl);
      net.online = false;
      await q.send(edit(villageUrl, { households: -5 }, v.version));
      await q.send(edit(assetUrl, { notes: '失败之后' }, a.version));
      net.online = true;
      await q.flush();
      const [failed, ...rest] = q.snapshot().entries;
      expect(rest).toEqual([]);
      expect(failed).toMatchObject({ status: 'failed', error: { status: 400, code: 'validation_failed' } });
      expect(failed!.error!.details).toEqual(
        expect.arrayContaining([expect.objectContaining({ path: 'properties.households' })]),
      );
      expect((await current(villageUrl)).version).toBe(v.version); // nothing half-written
      await q.discard(failed!.id);
      expect(q.snapshot().entries).toEqual([]);
    });

    it('stops at the first network failure, keeps the rest, and retries later with backoff', async () => {
      const q = makeQueue();
      const v = await current(villageUrl);
      const a = await current(assetUrl);
      net.online = false;
      await q.send(edit(villageUrl, { notes: '一' }, v.version));
      await q.send(edit(assetUrl, { notes: '二' }, a.version));
      await q.send(edit(villageUrl, { notes: '三' }, v.version));
      net.online = true;
      net.budget = 1;
      await q.flush();
      expect(net.calls).toEqual([`PATCH ${villageUrl}`]);
      expect(q.snapshot().state).toBe('offline');
      expect(q.snapshot().entries.map((e) => e.req.url)).toEqual([assetUrl, villageUrl]);
      expect(clock.pending()).toEqual([2000]);
      await q.flush(); // still down: the next wait is longer
      expect(clock.pending()).toEqual([4000]);

      net.budget = Infinity;
      clock.fire();
      await q.flush();
      expect(q.snapshot()).toEqual({ entries: [], state: 'idle' });
      expect((await current(villageUrl)).props.notes).toBe('三');
    });

    it('survives a reload and replays only the signed-in user’s writes', async () => {
      net.online = false;
      const v = await current(villageUrl);
      const before = makeQueue();
      await before.send(edit(villageUrl, { notes: '重新打开之后' }, v.version));
      before.dispose();
      net.online = true;

      const otherUser = makeQueue(admin.user.id);
      await otherUser.ready();
      expect(otherUser.snapshot().entries).toEqual([]);
      await otherUser.flush();
      expect(net.calls).toEqual([]);

      const reloaded = makeQueue();
      await reloaded.ready();
      expect(reloaded.snapshot().entries.map((e) => e.req.body)).toEqual([{ properties: { notes: '重新打开之后' } }]);
      await reloaded.flush();
      expect(reloaded.snapshot().entries).toEqual([]);
      expect((await current(villageUrl)).props.notes).toBe('重新打开之后');
    });

    it('pauses on 401 until the user signs in again, keeping the write', async () => {
      const v = await current(villageUrl);
      net.online = false;
      const q = makeQueue();
      await q.send(edit(villageUrl, { notes: '会话过期' }, v.version));
      net.online = true;
      net.cookie = 'xiangtu_session=expired';
      await q.flush();
      expect(q.snapshot().state).toBe('signed-out');
      expect(q.snapshot().entries).toHaveLength(1);
      expect(clock.pending()).toEqual([]); // no retrying with a dead session

      net.cookie = (await signIn('secretary')).cookie;
      await q.flush();
      expect(q.snapshot()).toEqual({ entries: [], state: 'idle' });
    });
  });
});
