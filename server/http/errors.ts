import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';

export interface ErrorDetail {
  path: string;
  message: string;
}

/** An error with an HTTP status and the JSON body `{"error":{code,message,details}}` of ARCHITECTURE.md. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const notFound = (what: string): HttpError => new HttpError(404, 'not_found', `${what} not found`);
export const badRequest = (message: string, details: ErrorDetail[] = []): HttpError =>
  new HttpError(400, 'bad_request', message, details);

export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, 'not_found', `No API route ${req.method} ${req.path}`));
};

/** What a unique index on `columns` means to a client. */
const UNIQUE_MEANING: Record<string, string> = {
  'townships.code': 'Another township already has this code',
  'villages.code': 'Another village already has this code',
};

/**
 * A unique-index violation from SQLite (`UNIQUE constraint failed: villages.code`) or PostgreSQL
 * (23505, constraint `villages_code_live_unique`) as a 409 naming the field, else null.
 */
export function uniqueViolation(err: unknown): HttpError | null {
  const e = err as { code?: unknown; message?: unknown; constraint?: unknown } | null;
  let key: string | undefined;
  if (e?.code === 'SQLITE_CONSTRAINT' && typeof e.message === 'string')
    key = /UNIQUE constraint failed: (\w+\.\w+)/.exec(e.message)?.[1];
  else if (e?.code === '23505' && typeof e.constraint === 'string')
    key = /^(\w+?)_(\w+)_live_unique$/.exec(e.constraint)?.slice(1, 3).join('.');
  if (!key) return null;
  const [, column] = key.split('.');
  const message = UNIQUE_MEANING[key] ?? `Another record already has this ${column}`;
  return new HttpError(409, 'duplicate', message, [{ path: `properties.${column}`, message }]);
}

/** Maps Express body-parser failures to 4xx and everything unknown to a 500 without internals. */
export function errorHandler(
  log: Logger,
  onError?: (status: number, req: Request, res: Response) => void,
): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let e: HttpError;
    if (err instanceof HttpError) e = err;
    else if (err?.type === 'entity.too.large')
      e = new HttpError(413, 'payload_too_large', `Request body exceeds ${err.limit} bytes`);
    else if (err?.type === 'entity.parse.failed')
      e = new HttpError(400, 'invalid_json', 'Request body is not valid JSON');
    else if (typeof err?.code === 'string' && err.code.startsWith('Z_'))
      e = new HttpError(400, 'bad_encoding', 'Request body is not valid gzip or deflate data');
    else if (uniqueViolation(err)) e = uniqueViolation(err)!;
    else if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500)
      e = new HttpError(err.status, 'bad_request', String(err.message ?? 'Bad request'));
    else {
      log.error({ err, url: req.originalUrl }, 'unhandled error');
      e = new HttpError(500, 'internal', 'Internal server error');
    }
    onError?.(e.status, req, res);
    if (res.headersSent) return;
    res.status(e.status).json({ error: { code: e.code, message: e.message, details: e.details, ...e.extra } });
  };
}
