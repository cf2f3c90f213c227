import type { Geometry } from '../../../common/schemas/geometry.ts';
import { deviceEdits, recordKey, type PatchBody } from './device-edits.ts';
import type { OutboxDb } from './outbox-db.ts';
import type { ConflictChoice, EntryError, OutboxEntry, SyncState, WriteRequest, WriteResult } from './types.ts';

/** What the queue needs from its surroundings; the browser passes its own, tests pass theirs. */
export interface OutboxDeps {
  db: OutboxDb;
  /** The signed-in user: only their entries are stored under their id and replayed. */
  userId: number;
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  /** `navigator.onLine`: false means certainly offline (true only means "maybe"). */
  isOnline: () => boolean;
  clock: {
    now(): Date;
    setTimeout(fn: () => void, ms: number): unknown;
    clearTimeout(handle: unknown): void;
  };
  /** Runs the replay under a lock shared by the app's tabs (Web Locks), so no write is sent twice. */
  withLock?: <T>(fn: () => Promise<T>) => Promise<T>;
  /** Retry delays after a failed attempt: `baseMs`, doubled each time up to `maxMs`. */
  retry?: { baseMs: number; maxMs: number };
}

export interface OutboxSnapshot {
  entries: readonly OutboxEntry[];
  state: SyncState;
}

/** A write the outbox refuses to keep (it could never be replayed correctly). */
export class OutboxError extends Error {
  override readonly name = 'OutboxError';
  constructor(
    readonly code: 'bad_request' | 'unsent_record' | 'not_found' | 'wrong_state',
    message: string,
  ) {
    super(message);
  }
}

type Outcome = 'next' | 'network' | 'retry-later' | 'signed-out';

/** `"7"` → `7`; weak validators and missing headers → null. */
function versionOf(etag: string | null): string | null {
  const m = etag?.match(/^"([^"]*)"$/);
  return m ? m[1]! : null;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function errorOf(status: number, body: unknown): EntryError {
  const e = isRecord(body) && isRecord(body.error) ? body.error : {};
  return {
    status,
    code: typeof e.code === 'string' ? e.code : `http_${status}`,
    message: typeof e.message === 'string' ? e.message : `HTTP ${status}`,
    ...(Array.isArray(e.details) ? { details: e.details } : {}),
  };
}

async function readBody(res: Response): Promise<unknown> {
  if (res.status === 204) return null;
  return res.json().catch(() => null);
}

/** Only fetch's own "could not reach the server" failure queues a write; anything else is a bug. */
function isNetworkError(e: unknown): boolean {
  return e instanceof TypeError;
}

/**
 * The offline outbox of one signed-in user: writes that could not be sent are kept in IndexedDB
 * and replayed strictly in the order they were made, one at a time. See docs/offline.md.
 */
export class OutboxQueue {
  private entries: OutboxEntry[] = [];
  private state: SyncState = 'idle';
  private readonly loaded: Promise<void>;
  private flushing: Promise<void> | null = null;
  private again = false;
  private timer: unknown = null;
  private failures = 0;
  private disposed = false;
  private readonly listeners = new Set<(s: OutboxSnapshot) => void>();

  constructor(private readonly deps: OutboxDeps) {
    this.loaded = this.refresh();
  }

  /** The entries and the replay state as last seen. */
  snapshot(): OutboxSnapshot {
    return { entries: this.entries, state: this.state };
  }

  /** Calls `listener` after every change. @returns a function that removes it */
  onChange(listener: (s: OutboxSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once the stored entries have been read. */
  ready(): Promise<void> {
    return this.loaded;
  }

  /**
   * Sends a write now, or keeps it for later: when the device is offline, when fetch cannot reach
   * the server, or when earlier writes are still waiting (so order is kept). HTTP errors of a write
   * sent now go back to the caller.
   * @throws OutboxError for a write that could not be replayed (not under /api, or addressing a
   *   record by something other than its numeric id, such as one created offline and not yet sent)
   */
  async send(req: WriteRequest): Promise<WriteResult> {
    if (!req.url.startsWith('/api/')) throw new OutboxError('bad_request', `Not an API URL: ${req.url}`);
    if (req.method !== 'POST' && !/^\/api\/[a-z-]+\/\d+$/.test(recordKey(req.url))) {
      throw new OutboxError(
        'unsent_record',
        `${req.method} ${req.url} does not name a saved record; a record created offline can be edited once it has been sent`,
      );
    }
    await this.loaded;
    if (this.mustWait(recordKey(req.url)) || !this.deps.isOnline()) return this.enqueue(req);
    let res: Response;
    try {
      res = await this.deps.fetch(req.url, this.init(req));
    } catch (e) {
      if (!isNetworkError(e)) throw e;
      this.setState('offline');
      const queued = await this.enqueue(req, false);
      this.scheduleRetry();
      return queued;
    }
    return { queued: false, status: res.status, etag: versionOf(res.headers.get('ETag')), body: await readBody(res) };
  }

  /** Replays the waiting entries; concurrent calls share one run. */
  flush(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    if (this.flushing) {
      this.again = true; // a write queued while the run was deciding it had nothing left to send
      return this.flushing;
    }
    const lock = this.deps.withLock ?? ((fn) => fn());
    this.flushing = (async () => {
      do {
        this.again = false;
        await lock(() => this.replay());
      } while (this.again && this.state !== 'offline' && this.state !== 'signed-out' && !this.disposed);
    })().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  /** Drops an entry (the user gave the edit up). */
  async discard(entryId: number): Promise<void> {
    await this.deps.db.delete(entryId);
    await this.refresh();
    void this.flush(); // later writes of the same record may have been waiting behind it
  }

  /** Sends a failed entry again as it is (e.g. after the user's rights were fixed). */
  async retry(entryId: number): Promise<void> {
    const entry = await this.stored(entryId, 'failed');
    await this.deps.db.put({ ...entry, status: 'pending', error: undefined });
    await this.refresh();
    await this.flush();
  }

  /**
   * Settles a conflict with the user's choice, over the server's version the conflict view showed
   * (sent as If-Match). A PATCH: the chosen fields replace the edit and the later edits of the
   * record merged into the view (`deviceEdits`); choosing nothing (the server's version throughout)
   * drops them all. A DELETE or a restore is sent again as it was. Later writes of the record that
   * were not merged keep their order and are chained onto the version the resolution produces.
   */
  async resolve(entryId: number, choice: ConflictChoice = {}): Promise<void> {
    const entry = await this.stored(entryId, 'conflict');
    const ifMatch = entry.conflict!.theirsVersion;
    if (entry.req.method !== 'PATCH') {
      await this.deps.db.put({ ...entry, req: { ...entry.req, ifMatch }, status: 'pending', conflict: undefined });
    } else {
      await this.refresh();
      const merged = deviceEdits(this.entries, entryId, choice.through)?.entryIds ?? [entryId];
      const body: PatchBody = {};
      if (choice.properties && Object.keys(choice.properties).length) body.properties = choice.properties;
      if (choice.geometry !== undefined) body.geometry = choice.geometry;
      const keep = Object.keys(body).length
        ? { ...entry, req: { ...entry.req, body, ifMatch }, status: 'pending' as const, conflict: undefined }
        : null;
      // One transaction: a crash must not leave merged edits behind to be sent over the choice.
      await this.deps.db.replace(keep, keep ? merged.filter((id) => id !== entryId) : merged);
    }
    await this.refresh();
    await this.flush();
  }

  /** Stops the retry timer and the listeners (sign-out, or another user signed in). */
  dispose(): void {
    this.disposed = true;
    this.clearTimer();
    this.listeners.clear();
  }

  private async stored(entryId: number, status: OutboxEntry['status']): Promise<OutboxEntry> {
    const entry = await this.deps.db.get(entryId);
    if (!entry || entry.userId !== this.deps.userId) throw new OutboxError('not_found', `No entry ${entryId}`);
    if (entry.status !== status) throw new OutboxError('wrong_state', `Entry ${entryId} is ${entry.status}`);
    return entry;
  }

  /** Earlier writes are waiting: any pending one (order), or a stuck one of the same record. */
  private mustWait(key: string): boolean {
    return this.entries.some((e) => e.status === 'pending' || recordKey(e.req.url) === key);
  }

  private async enqueue(req: WriteRequest, kick = true): Promise<WriteResult> {
    const entry: Omit<OutboxEntry, 'id'> = {
      userId: this.deps.userId,
      createdAt: this.deps.clock.now().toISOString(),
      req,
      baseIfMatch: req.ifMatch,
      status: 'pending',
      attempts: 0,
    };
    const entryId = await this.deps.db.add(entry);
    await this.refresh();
    if (kick && this.state !== 'offline') void this.flush();
    return { queued: true, entryId };
  }

  private init(req: WriteRequest): RequestInit {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (req.body !== undefined) headers['Content-Type'] = 'application/json';
    if (req.ifMatch !== undefined) headers['If-Match'] = `"${req.ifMatch}"`;
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);
    return { method: req.method, headers, body, credentials: 'same-origin' };
  }

  private async replay(): Promise<void> {
    this.clearTimer();
    if (this.disposed) return;
    if (!this.deps.isOnline()) return this.setState('offline'); // the `online` event starts us again
    for (;;) {
      await this.refresh(); // another tab may have sent or discarded entries meanwhile
      const next = this.nextSendable();
      if (!next) {
        this.failures = 0;
        return this.setState('idle');
      }
      this.setState('syncing');
      const outcome = await this.replayOne(next);
      if (this.disposed) return;
      if (outcome === 'signed-out') return this.setState('signed-out');
      if (outcome !== 'next') {
        await this.refresh();
        this.setState('offline');
        return this.scheduleRetry();
      }
      this.failures = 0;
    }
  }

  /** The oldest pending entry whose record has no conflict or failure waiting before it. */
  private nextSendable(): OutboxEntry | undefined {
    const stuck = new Set<string>();
    for (const e of this.entries) {
      const key = recordKey(e.req.url);
      if (e.status !== 'pending') stuck.add(key);
      else if (!stuck.has(key)) return e;
    }
    return undefined;
  }

  private async replayOne(entry: OutboxEntry): Promise<Outcome> {
    let res: Response;
    try {
      res = await this.deps.fetch(entry.req.url, this.init(entry.req));
    } catch (e) {
      if (isNetworkError(e)) return 'network';
      throw e;
    }
    const body = await readBody(res);
    if (res.ok) {
      await this.deps.db.delete(entry.id);
      await this.chainVersions(entry, versionOf(res.headers.get('ETag')));
      return 'next';
    }
    if (res.status === 401) return 'signed-out';
    if (res.status === 412) return this.markConflict(entry);
    if (res.status >= 500 || res.status === 429 || res.status === 408) {
      await this.deps.db.put({ ...entry, attempts: entry.attempts + 1, error: errorOf(res.status, body) });
      return 'retry-later';
    }
    await this.deps.db.put({
      ...entry,
      status: 'failed',
      attempts: entry.attempts + 1,
      error: errorOf(res.status, body),
    });
    return 'next';
  }

  /**
   * Later writes of the same record were made on top of this one, with the version it started
   * from (the caller could not know the version it would produce): point them at the new one.
   */
  private async chainVersions(sent: OutboxEntry, newVersion: string | null): Promise<void> {
    if (newVersion === null || sent.req.method === 'POST') return;
    const key = recordKey(sent.req.url);
    const old = new Set([sent.baseIfMatch, sent.req.ifMatch].filter((v) => v !== undefined));
    for (const e of this.entries) {
      if (e.id <= sent.id || recordKey(e.req.url) !== key || e.req.ifMatch === undefined) continue;
      if (!old.has(e.req.ifMatch)) continue;
      await this.deps.db.put({ ...e, req: { ...e.req, ifMatch: newVersion } });
    }
  }

  /** 412: someone saved first. Keep the entry with the server's current record beside it. */
  private async markConflict(entry: OutboxEntry): Promise<Outcome> {
    let res: Response;
    try {
      res = await this.deps.fetch(recordKey(entry.req.url), {
        headers: { Accept: 'application/json' },
        credentials: 'same-origin',
      });
    } catch (e) {
      if (isNetworkError(e)) return 'network';
      throw e;
    }
    const body = await readBody(res);
    if (res.status === 401) return 'signed-out';
    const props = isRecord(body) && isRecord(body.properties) ? body.properties : null;
    const version = versionOf(res.headers.get('ETag')) ?? (props?.version !== undefined ? String(props.version) : null);
    const attempts = entry.attempts + 1;
    if (!res.ok || !props || version === null) {
      await this.deps.db.put({ ...entry, status: 'failed', attempts, error: errorOf(res.status, body) });
    } else {
      const geometry = isRecord(body) && body.geometry !== undefined ? (body.geometry as Geometry | null) : undefined;
      await this.deps.db.put({
        ...entry,
        status: 'conflict',
        attempts,
        conflict: {
          theirs: props,
          theirsVersion: version,
          ...(geometry === undefined ? {} : { theirsGeometry: geometry }),
        },
      });
    }
    return 'next';
  }

  private scheduleRetry(): void {
    if (this.disposed) return;
    const { baseMs, maxMs } = this.deps.retry ?? { baseMs: 2_000, maxMs: 300_000 };
    const delay = Math.min(maxMs, baseMs * 2 ** this.failures);
    this.failures++;
    this.clearTimer();
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, delay);
  }

  private clearTimer(): void {
    if (this.timer !== null) this.deps.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private async refresh(): Promise<void> {
    this.entries = await this.deps.db.list(this.deps.userId);
    this.emit();
  }

  private setState(state: SyncState): void {
    if (this.state === state) return;
    this.state = state;
    this.emit();
  }

  private emit(): void {
    const s = this.snapshot();
    for (const l of this.listeners) l(s);
  }
}
