/**
 * The app's one write path for field edits: `sendWrite` sends now, or keeps the write on the
 * device (IndexedDB) and replays it when the connection returns. This module wires the
 * `OutboxQueue` to the browser (fetch, `navigator.onLine`, the `online` event, Web Locks);
 * `stores/outbox.ts` starts it for the signed-in user. See docs/offline.md.
 */
import { OutboxDb } from './outbox-db.ts';
import { OutboxError, OutboxQueue } from './outbox-queue.ts';
import type { WriteRequest, WriteResult } from './types.ts';

export type {
  ConflictChoice,
  DeviceEdits,
  EntryConflict,
  EntryError,
  OutboxEntry,
  SyncState,
  WriteRequest,
  WriteResult,
} from './types.ts';
export { deviceEdits } from './device-edits.ts';
export { OutboxError, type OutboxSnapshot } from './outbox-queue.ts';

let db: OutboxDb | null = null;
let current: { userId: number; queue: OutboxQueue } | null = null;
let listening = false;

declare global {
  interface Window {
    /** Test hook (e2e only): drives `sendWrite` the way the editing forms do. */
    __xiangtuOutbox?: { send: (req: WriteRequest) => Promise<WriteResult> };
  }
}

function flushNow(): void {
  void current?.queue.flush();
}

function listen(): void {
  if (listening) return;
  listening = true;
  window.addEventListener('online', flushNow);
  // A phone waking the app up is the likeliest moment for a connection to have come back.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') flushNow();
  });
}

function withLock<T>(fn: () => Promise<T>): Promise<T> {
  // Two tabs replaying the same queue would send a write twice.
  return navigator.locks ? navigator.locks.request('xiangtu-outbox', fn) : fn();
}

/**
 * Starts (or wakes) the outbox of `userId`: reads their waiting writes and replays them. Writes of
 * other users on this device stay untouched until they sign in.
 */
export function startOutbox(userId: number): OutboxQueue {
  if (current?.userId === userId) {
    flushNow(); // e.g. signed in again after a 401 paused the replay
    return current.queue;
  }
  stopOutbox();
  db ??= new OutboxDb(indexedDB);
  const queue = new OutboxQueue({
    db,
    userId,
    fetch: (url, init) => fetch(url, init),
    isOnline: () => navigator.onLine,
    clock: {
      now: () => new Date(),
      setTimeout: (fn, ms) => window.setTimeout(fn, ms),
      clearTimeout: (h) => window.clearTimeout(h as number),
    },
    withLock,
  });
  current = { userId, queue };
  listen();
  window.__xiangtuOutbox ??= { send: sendWrite };
  void queue.ready().then(() => queue.flush());
  return queue;
}

/** Stops replaying (signed out); the writes stay on the device for when the user returns. */
export function stopOutbox(): void {
  current?.queue.dispose();
  current = null;
}

/** The running outbox, if someone is signed in. */
export function currentOutbox(): OutboxQueue | null {
  return current?.queue ?? null;
}

/**
 * Sends a write to the API, or keeps it on the device when there is no connection.
 * @returns `{ queued: false, status, etag, body }` when the server answered (any status; `etag`
 *   is the new version without quotes, ready for the next If-Match), or `{ queued: true, entryId }`
 *   when the write waits on the device (offline, or earlier writes are still waiting)
 * @throws OutboxError when no one is signed in, or for a write that could not be replayed later
 *   (PATCH/DELETE of a record created offline and not sent yet)
 * @example
 *   const r = await sendWrite({ method: 'PATCH', url: '/api/villages/7', body: { properties: { notes: '…' } },
 *     ifMatch: '3', layer: 'villages', id: 7, label: '羊草沟村 · 修改' });
 */
export function sendWrite(req: WriteRequest): Promise<WriteResult> {
  if (!current) return Promise.reject(new OutboxError('bad_request', 'No one is signed in: nothing can be sent'));
  return current.queue.send(req);
}
