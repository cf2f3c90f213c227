import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app.ts';
import { parseQuery } from '../http/query.ts';

const coordinate = (min: number, max: number) =>
  z
    .string()
    .max(30)
    .regex(/^-?\d+(\.\d+)?$/, 'expected a number in degrees')
    .transform(Number)
    .pipe(z.number().min(min).max(max));

export const townshipAtQuerySchema = z.object({ lng: coordinate(-180, 180), lat: coordinate(-90, 90) }).strict();

/** An index of townships matches `If-None-Match` when it carries the current tag (lists and W/ too). */
function fresh(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === etag || t === '*');
}

/**
 * `GET /api/townships/index` (every township without geometry: what pickers, filters and search
 * list) and `GET /api/townships/at?lng=&lat=` (the township holding a point). Mounted before the
 * layers router, where `/townships/index` would read as a township id.
 */
export function townshipsRouter({ services }: AppDeps): Router {
  const r = Router();
  const index = services.townshipIndex;

  r.get('/townships/index', async (req, res) => {
    parseQuery(z.object({}).strict(), req.query);
    const body = await index.current();
    // Revalidated on every use (a 304 of a few bytes when nothing changed).
    res.set({ ETag: body.etag, 'Cache-Control': 'private, no-cache' });
    if (fresh(req.get('if-none-match'), body.etag)) {
      res.status(304).end();
      return;
    }
    res.type('application/json').send(body.json);
  });

  r.get('/townships/at', async (req, res) => {
    const q = parseQuery(townshipAtQuerySchema, req.query);
    res.json({ township: await index.at([q.lng, q.lat]) });
  });

  return r;
}
