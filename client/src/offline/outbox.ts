/**
 * The one door every record write goes through (`client/src/api/records.ts` and the editors).
 *
 * Contract with the offline queue (issue #5): callers send a `WriteRequest` and get either the
 * server's answer (`queued: false`, any HTTP status, the caller handles 412 with the conflict view)
 * or, when the device is offline, `queued: true` with the id of the entry kept on the device for
 * later (the caller says "已保存在本机，联网后上传" and updates its view optimistically).
 *
 * This body is the online-only implementation: it always sends now. The offline helper replaces
 * the body with the queueing one; the exported names and signatures stay exactly as they are.
 */

export interface WriteRequest {
  method: 'POST' | 'PATCH' | 'DELETE';
  /** e.g. '/api/assets/12' */
  url: string;
  /** JSON body. */
  body?: unknown;
  /** The version, sent as If-Match: "<version>". */
  ifMatch?: string;
  /** What it touches (for the pending list). */
  layer: string;
  id?: number;
  /** Human text for the pending list, e.g. '闲置农房 · 修改'. */
  label: string;
}

export type WriteResult =
  | { queued: false; status: number; etag: string | null; body: unknown } // sent now (any HTTP status)
  | { queued: true; entryId: number }; // kept on the device for later

/**
 * Sends a write now (same conventions as `api/http.ts`: same-origin credentials, JSON, `If-Match`
 * quoted; the browser adds `Origin`, which the server checks against CSRF).
 * @returns the answer whatever its status; a body that is not JSON comes back as null
 * @throws TypeError (from fetch) when the server cannot be reached at all
 */
export async function sendWrite(req: WriteRequest): Promise<WriteResult> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (req.body !== undefined) headers['Content-Type'] = 'application/json';
  if (req.ifMatch !== undefined) headers['If-Match'] = `"${req.ifMatch}"`;
  const res = await fetch(req.url, {
    method: req.method,
    headers,
    body: req.body === undefined ? undefined : JSON.stringify(req.body),
    credentials: 'same-origin',
  });
  let body: unknown = null;
  if (res.status !== 204) {
    try {
      body = await res.json();
    } catch {
      body = null;
    }
  }
  return { queued: false, status: res.status, etag: res.headers.get('ETag'), body };
}
