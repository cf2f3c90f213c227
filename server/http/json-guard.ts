import type { RequestHandler } from 'express';
import { jsonDeeperThan } from '../io/json-depth.ts';
import { HttpError } from './errors.ts';

/** Deeper JSON than any real request (GeoJSON MultiPolygons nest 4 arrays inside 2 objects). */
export const MAX_JSON_DEPTH = 32;

/** Throws 400 when a JSON body nests deeper than `max`; used as express.json's `verify` hook. */
export function assertJsonDepth(buf: Buffer, max = MAX_JSON_DEPTH): void {
  if (jsonDeeperThan(buf, max)) throw new HttpError(400, 'too_deep', `JSON nested deeper than ${max} levels`);
}

/**
 * A write whose body is neither JSON nor a multipart upload (the import and photo routes) gets
 * 415 naming what to send, instead of a validation error about a body that was never read.
 */
export const jsonOrUpload: RequestHandler = (req, _res, next) => {
  if (!['POST', 'PATCH', 'PUT'].includes(req.method)) return next();
  const length = req.headers['content-length'];
  const hasBody = req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
  if (!hasBody || req.is('application/json') || req.is('multipart/form-data')) return next();
  throw new HttpError(
    415,
    'unsupported_media_type',
    `Send the body as JSON (Content-Type: application/json), not ${String(req.headers['content-type'] ?? 'untyped bytes').slice(0, 60)}`,
  );
};
