/** The one place that talks HTTP: JSON in, typed JSON out, every failure an `ApiError`. */

/** What went wrong, as plain data (safe to keep in a store). */
export interface ApiErrorInfo {
  /** HTTP status; 0 when the server could not be reached or answered nonsense. */
  status: number;
  /** The server's `error.code`, or `network` / `bad_response` for failures on our side. */
  code: string;
  message: string;
  details?: unknown[];
  /** Further fields of the server's error object (`retry_after_s`, `current_version`, …). */
  extra?: Record<string, unknown>;
}

/** A failed request, carrying the server's `{"error":{"code","message","details"}}` when it sent one. */
export class ApiError extends Error implements ApiErrorInfo {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly details?: unknown[];
  readonly extra?: Record<string, unknown>;

  constructor(info: ApiErrorInfo) {
    super(info.message);
    this.status = info.status;
    this.code = info.code;
    if (info.details) this.details = info.details;
    if (info.extra) this.extra = info.extra;
  }

  /** A plain copy for stores and templates. */
  toInfo(): ApiErrorInfo {
    return { status: this.status, code: this.code, message: this.message, details: this.details, extra: this.extra };
  }
}

/** True for the rejection of a request that was aborted on purpose (a newer one replaced it). */
export function isAbortError(e: unknown): boolean {
  return e instanceof DOMException && e.name === 'AbortError';
}

/** Any thrown value as `ApiErrorInfo` (unexpected ones become code `unknown`). */
export function toErrorInfo(e: unknown): ApiErrorInfo {
  if (e instanceof ApiError) return e.toInfo();
  return { status: 0, code: 'unknown', message: e instanceof Error ? e.message : String(e) };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads the server's error envelope; falls back to the status text. */
function errorFromBody(status: number, statusText: string, body: unknown): ApiError {
  const err = isRecord(body) && isRecord(body.error) ? body.error : null;
  const { code, message, details, ...extra } = err ?? {};
  return new ApiError({
    status,
    code: typeof code === 'string' ? code : `http_${status}`,
    message: typeof message === 'string' ? message : statusText || `HTTP ${status}`,
    details: Array.isArray(details) ? details : undefined,
    extra: Object.keys(extra).length ? extra : undefined,
  });
}

type UnauthenticatedListener = (e: ApiError) => void;
const unauthenticatedListeners = new Set<UnauthenticatedListener>();

/**
 * Calls `listener` whenever the server answers 401 (no session, or it expired).
 * @returns a function that removes the listener again
 */
export function onUnauthenticated(listener: UnauthenticatedListener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

/**
 * Builds the error of a failed response and tells the 401 listeners about it (also used by
 * `api/records.ts` for answers that came through `offline/outbox.ts`).
 */
export function failure(status: number, statusText: string, body: unknown): ApiError {
  const e = errorFromBody(status, statusText, body);
  if (status === 401) for (const listener of unauthenticatedListeners) listener(e);
  return e;
}

/** Builds `path?query`, skipping undefined and null values. */
export function withQuery(path: string, query: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export interface RequestOptions {
  /** JSON request body (sent with `Content-Type: application/json`). */
  body?: unknown;
  /** The version the write is based on; sent as `If-Match: "<version>"`. */
  ifMatch?: number;
  signal?: AbortSignal;
}

/**
 * Sends one request to the API and reads the JSON answer (`undefined` for 204 No Content).
 * @throws ApiError on a network failure, a non-2xx status or a body that is not JSON;
 *   the DOMException `AbortError` when `signal` aborts (check with `isAbortError`).
 */
export async function requestJson<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (opts.ifMatch !== undefined) headers['If-Match'] = `"${opts.ifMatch}"`;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (e) {
    if (isAbortError(e)) throw e;
    throw new ApiError({ status: 0, code: 'network', message: e instanceof Error ? e.message : String(e) });
  }
  if (res.status === 204) return undefined as T;
  let body: unknown;
  try {
    body = await res.json();
  } catch (e) {
    if (isAbortError(e)) throw e;
    if (!res.ok) throw failure(res.status, res.statusText, null);
    throw new ApiError({ status: res.status, code: 'bad_response', message: 'The server did not answer with JSON' });
  }
  if (!res.ok) throw failure(res.status, res.statusText, body);
  return body as T;
}

/**
 * GETs JSON from the API.
 * @throws ApiError on a network failure, a non-2xx status or a body that is not JSON;
 *   the DOMException `AbortError` when `signal` aborts (check with `isAbortError`).
 */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return requestJson<T>('GET', path, { signal });
}
