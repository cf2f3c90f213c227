/** Building blocks of the OpenAPI document: error responses, content types, common parameters. */
import type { ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { safe, safeObject } from './safe.ts';
import { errorBody } from './schemas.ts';

export const JSON_TYPE = 'application/json';
export const GEOJSON = 'application/geo+json';

// ---------------------------------------------------------------------------------------------
// Building blocks

export const STATUS_TEXT: Record<number, string> = {
  400: 'Bad request',
  401: 'Not signed in',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  412: 'Precondition failed: the record changed since you read it; `error.current_version` says its version now',
  413: 'Request body too large',
  428: 'Precondition required: send `If-Match` with the version you edited',
  429: 'Too many attempts; `error.retry_after_s` says when to try again',
};

export type ErrorCodes = Partial<Record<keyof typeof STATUS_TEXT, readonly string[]>>;

export function errors(codes: ErrorCodes): Record<string, ResponseConfig> {
  const out: Record<string, ResponseConfig> = {};
  for (const [status, list] of Object.entries(codes)) {
    if (!list) continue;
    out[status] = {
      description: `${STATUS_TEXT[Number(status)]}. \`error.code\`: ${list.map((c) => `\`${c}\``).join(', ')}`,
      content: { [JSON_TYPE]: { schema: errorBody } },
    };
  }
  return out;
}

export const SIGNED_IN: ErrorCodes = { 401: ['unauthenticated'] };
export const BODY: ErrorCodes = { 400: ['validation_failed', 'invalid_json', 'too_deep'], 413: ['payload_too_large'] };
export const CROSS_SITE = 'cross_origin';

export const json = (schema: z.ZodType, where: string) => ({ [JSON_TYPE]: { schema: safe(schema, where) } });
export const geojson = (schema: z.ZodType, where: string) => ({ [GEOJSON]: { schema: safe(schema, where) } });

export const ETAG_HEADER = {
  ETag: {
    description: 'The version in quotes, e.g. `"3"`: send it back as `If-Match`',
    schema: { type: 'string' as const },
  },
};

export const idParam = (what: string) =>
  safeObject(
    {
      id: z
        .number()
        .int()
        .min(1)
        .meta({ param: { description: `${what} id` }, example: 1 }),
    },
    'id',
  );

export const ifMatch = (required: boolean) =>
  safeObject(
    {
      'If-Match': (required ? z.string() : z.string().optional()).meta({
        param: {
          description: required
            ? 'The version you edited, from the ETag (`"3"`). Without it: 428; stale: 412.'
            : 'Optional: the version you saw; a stale one is refused with 412.',
        },
        example: '"3"',
        pattern: '^(W/)?"?\\d{1,12}"?$',
      }),
    },
    'If-Match',
  );
