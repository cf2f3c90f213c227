/** The one place that talks HTTP: JSON in, typed JSON out, every failure an `ApiError`. */

/** What went wrong, as plain data (safe to keep in a store). */
export interface ApiErrorInfo {
  /** HTTP status; 0 when the server could not be reached or answered nonsense. */
  status: number;
  /** The server's `error.code`, or `network` / `bad_response` for failures on our side. */
  code: string;
  message: string;
  details?: unknown[];
}

/** A failed request, carrying the server's `{"error":{"code","message","details"}}` when it sent one. */
export class ApiError extends Error implements ApiErrorInfo {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly details?: unknown[];

  constructor(info: ApiErrorInfo) {
    super(info.message);
    this.status = info.status;
    this.code = info.code;
    if (info.details) this.details = info.details;
  }

  /** A plain copy for stores and templates. */
  toInfo(): ApiErrorInfo {
    return { status: this.status, code: this.code, message: this.message, details: this.details };
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
  return new ApiError({
    status,
    code: typeof err?.code === 'string' ? err.code : `http_${status}`,
    message: typeof err?.message === 'string' ? err.message : statusText || `HTTP ${status}`,
    details: Array.isArray(err?.details) ? err.details : undefined,
  });
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

/**
 * GETs JSON from the API.
 * @throws ApiError on a network failure, a non-2xx status or a body that is not JSON;
 *   the DOMException `AbortError` when `signal` aborts (check with `isAbortError`).
 */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { headers: { Accept: 'application/json' }, credentials: 'same-origin', signal });
  } catch (e) {
    if (isAbortError(e)) throw e;
    throw new ApiError({ status: 0, code: 'network', message: e instanceof Error ? e.message : String(e) });
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch (e) {
    if (isAbortError(e)) throw e;
    if (!res.ok) throw errorFromBody(res.status, res.statusText, null);
    throw new ApiError({ status: res.status, code: 'bad_response', message: 'The server did not answer with JSON' });
  }
  if (!res.ok) throw errorFromBody(res.status, res.statusText, body);
  return body as T;
}
