/** The shapes of the offline outbox: what callers send, what they get back, what is kept. */
import type { Geometry } from '../../../common/schemas/geometry.ts';

/** One write to the API, as the editing forms describe it (the contract of `sendWrite`). */
export interface WriteRequest {
  method: 'POST' | 'PATCH' | 'DELETE';
  /** e.g. `/api/assets/12` */
  url: string;
  /** JSON body */
  body?: unknown;
  /** The version the edit is based on, sent as `If-Match: "<version>"`. */
  ifMatch?: string;
  /** What it touches (for the pending list). */
  layer: string;
  id?: number;
  /** Human text for the pending list, e.g. `闲置农房 · 修改`. */
  label: string;
}

export type WriteResult =
  /** Sent now (any HTTP status). */
  | { queued: false; status: number; etag: string | null; body: unknown }
  /** Kept on the device for later. */
  | { queued: true; entryId: number };

/** The server's error envelope, kept with a failed entry. */
export interface EntryError {
  status: number;
  code: string;
  message: string;
  details?: unknown[];
}

/** The server's copy of a record a queued edit collided with (412). */
export interface EntryConflict {
  /** The record's current properties on the server. */
  theirs: Record<string, unknown>;
  /** Its current geometry (absent in entries kept before it was recorded). */
  theirsGeometry?: Geometry | null;
  /** Its current version: resolving re-sends with this as If-Match. */
  theirsVersion: string;
}

/**
 * What the user chose in the conflict view: the fields (and the geometry, when the key is present)
 * to write over the server's current version. Fields left out keep the server's value.
 */
export interface ConflictChoice {
  properties?: Record<string, unknown>;
  geometry?: Geometry | null;
  /**
   * The last entry the choice covers: later edits of the record the view showed merged in are
   * settled with it. Edits made after the view was drawn stay queued. Default: all waiting now.
   */
  through?: number;
}

/** The device's side of a conflict: the conflicting edit and the later edits of that record, merged. */
export interface DeviceEdits {
  /** The entries merged, oldest first (the conflicting one first). */
  entryIds: number[];
  properties: Record<string, unknown>;
  /** Present only when one of the edits changed the geometry. */
  geometry?: Geometry | null;
}

/**
 * A write kept on the device. `pending` waits to be sent; `conflict` and `failed` wait for the
 * user (resolve, retry or discard) and hold back later writes of the same record.
 */
export interface OutboxEntry {
  /** IndexedDB key (auto-increment): the order writes were made in. */
  id: number;
  /** Whose edit this is: only that user's entries are ever replayed. */
  userId: number;
  createdAt: string;
  req: WriteRequest;
  /** The If-Match the write was made with (later writes of the record may have chained off it). */
  baseIfMatch?: string;
  status: 'pending' | 'conflict' | 'failed';
  attempts: number;
  error?: EntryError;
  conflict?: EntryConflict;
}

/** Where the replay stands, for the badge. */
export type SyncState =
  | 'idle' // nothing to do, or everything left needs the user
  | 'syncing'
  | 'offline' // the last attempt could not reach the server; a retry is scheduled
  | 'signed-out'; // the server answered 401: waiting for the user to sign in again
