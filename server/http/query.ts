import { z } from 'zod';
import { HttpError } from './errors.ts';

/** Express turns `?a=1&a=2` into an array: accept one value only, so types stay honest. */
const single = z.string().max(500, 'too long');

const bboxSchema = single
  .transform((s) => s.split(',').map(Number))
  .refine((a) => a.length === 4 && a.every(Number.isFinite), 'bbox must be w,s,e,n in degrees')
  .refine(([w, s, e, n]) => w! >= -180 && e! <= 180 && s! >= -90 && n! <= 90, 'bbox outside -180..180, -90..90')
  .refine(([w, s, e, n]) => w! <= e! && s! <= n!, 'bbox must have west ≤ east and south ≤ north')
  .transform((a) => a as [number, number, number, number]);

const idList = single
  .transform((s) => s.split(',').map((x) => Number(x)))
  .refine((a) => a.every((x) => Number.isInteger(x) && x > 0), 'expected positive integer ids, comma-separated');

export const listQuerySchema = z
  .object({
    bbox: bboxSchema.optional(),
    township: idList.optional(),
    village: idList.optional(),
    q: single.trim().min(1).max(50).optional(),
    limit: single
      .regex(/^\d+$/, 'expected a whole number')
      .transform(Number)
      .pipe(z.number().int().min(1).max(10000))
      .optional(),
    offset: single.regex(/^\d+$/, 'expected a whole number').transform(Number).pipe(z.number().int().min(0)).optional(),
    geom: z.enum(['location', 'boundary']).optional(),
    /** Only these properties (OGC API Features' `properties`): names separated by commas. */
    properties: single
      .regex(/^[a-z][a-z0-9_]*(,[a-z][a-z0-9_]*)*$/, 'expected property names separated by commas')
      .transform((s) => [...new Set(s.split(','))])
      .optional(),
  })
  .passthrough();

export type ListQuery = z.infer<typeof listQuerySchema>;

/** Parses the query string with a schema; 400 naming every bad parameter. */
export function parseQuery<T extends z.ZodType>(schema: T, query: unknown): z.infer<T> {
  const r = schema.safeParse(query);
  if (!r.success) {
    throw new HttpError(
      400,
      'invalid_query',
      'Invalid query parameters',
      r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  return r.data;
}

/** Parses a positive integer route id; 404 for anything else (an id that cannot exist). */
export function parseId(raw: unknown, what: string): number {
  const n = typeof raw === 'string' && /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n)) throw new HttpError(404, 'not_found', `${what} not found`);
  return n;
}
