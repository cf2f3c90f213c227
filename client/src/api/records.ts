/**
 * A typed client for any layer's records (`/api/{layer}/:id`, docs/api.md): read one with its
 * version, create, patch and delete with `If-Match`, history and restore. Every write goes through
 * `sendWrite()` (offline/outbox.ts), so it may come back queued on the device instead of answered.
 */
import type { Geometry } from '../../../common/schemas/geometry.ts';
import type { LayerName } from '../../../common/schemas/layers.ts';
import { sendWrite, type WriteRequest } from '../offline/outbox.ts';
import { assertFeature } from './geojson.ts';
import { ApiError, failure, getJson } from './http.ts';

export type RecordProps = Record<string, unknown> & {
  version: number;
  updated_at?: string;
  updated_by?: string | null;
};

export interface RecordFeature {
  type: 'Feature';
  id: number;
  geometry: Geometry | null;
  properties: RecordProps;
}

/** What a record is edited as: its writable properties and its geometry. */
export interface RecordState {
  geometry: Geometry | null;
  properties: Record<string, unknown>;
}

/** One write of a record, as `GET /api/{layer}/:id/history` lists it (newest first). */
export interface Revision {
  id: number;
  version: number;
  action: 'create' | 'update' | 'delete' | 'restore' | 'import';
  user: string | null;
  at: string;
  changed: string[];
  before: RecordState | null;
  after: RecordState | null;
}

/** The outcome of a write: saved (with the new state), kept on the device, or refused as stale. */
export type WriteOutcome =
  | { kind: 'saved'; feature: RecordFeature | null; version: number }
  | { kind: 'queued'; entryId: number }
  | { kind: 'conflict'; currentVersion: number | null };

export const recordUrl = (layer: LayerName, id?: number) =>
  id === undefined ? `/api/${layer}` : `/api/${layer}/${encodeURIComponent(id)}`;

/** The version in an ETag (`"3"` → 3). */
export function versionOfEtag(etag: string | null): number | null {
  const m = etag ? /(\d+)/.exec(etag) : null;
  return m ? Number(m[1]) : null;
}

/** `GET /api/{layer}/:id`: one record; `version` is its ETag (equal to `properties.version`). */
export async function fetchRecord(
  layer: LayerName,
  id: number,
  signal?: AbortSignal,
): Promise<{ feature: RecordFeature; version: number }> {
  const feature = assertFeature<Geometry | null, RecordProps>(await getJson<unknown>(recordUrl(layer, id), signal));
  return { feature, version: Number(feature.properties.version) };
}

/** `GET /api/{layer}/:id/history`. */
export async function fetchHistory(layer: LayerName, id: number, signal?: AbortSignal): Promise<Revision[]> {
  const body = await getJson<{ revisions?: Revision[] }>(`${recordUrl(layer, id)}/history`, signal);
  if (!Array.isArray(body?.revisions))
    throw new ApiError({ status: 200, code: 'bad_response', message: 'Expected {"revisions": [...]}' });
  return body.revisions;
}

/**
 * Sends one write and reads its answer: 2xx → saved, 412 → conflict, anything else → ApiError.
 * @throws ApiError (`network` when the server cannot be reached and nothing was queued)
 */
export async function write(req: WriteRequest): Promise<WriteOutcome> {
  let res;
  try {
    res = await sendWrite(req);
  } catch (e) {
    throw new ApiError({ status: 0, code: 'network', message: e instanceof Error ? e.message : String(e) });
  }
  if (res.queued) return { kind: 'queued', entryId: res.entryId };
  const body = res.body as { error?: { current_version?: unknown } } | null;
  if (res.status === 412) {
    const v = body?.error?.current_version;
    return { kind: 'conflict', currentVersion: typeof v === 'number' ? v : null };
  }
  if (res.status < 200 || res.status >= 300) throw failure(res.status, '', res.body);
  const feature = (res.body as { type?: unknown } | null)?.type === 'Feature' ? (res.body as RecordFeature) : null;
  const version =
    versionOfEtag(res.etag) ?? feature?.properties.version ?? Number((res.body as { version?: number }).version);
  return { kind: 'saved', feature, version };
}

/** `POST /api/{layer}`: creates a record (201). */
export function createRecord(layer: LayerName, state: RecordState, label: string): Promise<WriteOutcome> {
  const body = state.geometry === null ? { properties: state.properties } : state;
  return write({ method: 'POST', url: recordUrl(layer), body, layer, label });
}

/** `PATCH /api/{layer}/:id` with `If-Match`: only the fields in `patch` change. */
export function patchRecord(
  layer: LayerName,
  id: number,
  version: number,
  patch: Partial<RecordState>,
  label: string,
): Promise<WriteOutcome> {
  return write({ method: 'PATCH', url: recordUrl(layer, id), body: patch, ifMatch: String(version), layer, id, label });
}

/** `DELETE /api/{layer}/:id` with `If-Match` (soft: history keeps it, restore brings it back). */
export function deleteRecord(layer: LayerName, id: number, version: number, label: string): Promise<WriteOutcome> {
  return write({ method: 'DELETE', url: recordUrl(layer, id), ifMatch: String(version), layer, id, label });
}

/**
 * `POST /api/{layer}/:id/restore`: writes revision `revision`'s state back as a new version
 * (undeletes a deleted record). `version`, when given, is sent as `If-Match`.
 */
export function restoreRecord(
  layer: LayerName,
  id: number,
  revision: number,
  version: number | null,
  label: string,
): Promise<WriteOutcome> {
  return write({
    method: 'POST',
    url: `${recordUrl(layer, id)}/restore`,
    body: { revision },
    ...(version === null ? {} : { ifMatch: String(version) }),
    layer,
    id,
    label,
  });
}
