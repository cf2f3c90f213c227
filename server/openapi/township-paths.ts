/** `GET /api/townships/index` and `GET /api/townships/at`: townships without their outlines. */
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { errors, json, SIGNED_IN } from './blocks.ts';
import { safeObject } from './safe.ts';

const townshipRef = {
  id: z.number().int(),
  code: z.string().meta({ description: '9-digit township code' }),
  name: z.string(),
  county: z.string(),
};

const townshipIndex = z
  .object({
    townships: z.array(
      z.object({
        ...townshipRef,
        extent: z
          .array(z.number())
          .length(4)
          .nullable()
          .meta({ description: '[minx, miny, maxx, maxy] of the boundary in degrees, rounded outwards to 6 decimals' }),
      }),
    ),
  })
  .meta({ id: 'TownshipIndex' });

const townshipAt = z
  .object({ township: z.object(townshipRef).nullable().meta({ description: 'null: no township holds the point' }) })
  .meta({ id: 'TownshipAt' });

export function registerTownships(reg: OpenAPIRegistry): void {
  reg.registerPath({
    method: 'get',
    path: '/api/townships/index',
    operationId: 'townshipIndex',
    tags: ['townships'],
    summary: 'Every township, without its boundary',
    description:
      'Id, code, name, county and extent of every township, in id order: what pickers, filters and search ' +
      'list (29,000 townships at the nation’s size, where the outlines themselves are listed by view with ' +
      '`GET /api/townships?bbox=`). Carries an `ETag` that changes with every township write; send it back ' +
      'as `If-None-Match` for a 304 when nothing changed.',
    request: {
      headers: safeObject(
        {
          'If-None-Match': z
            .string()
            .optional()
            .meta({ param: { description: 'The ETag of the index you have' }, example: '"townships-12"' }),
        },
        'If-None-Match',
      ),
    },
    responses: {
      200: {
        description: 'The index',
        headers: { ETag: { description: 'The index’s version', schema: { type: 'string' as const } } },
        content: json(townshipIndex, 'township index'),
      },
      304: { description: 'Not modified: the index you have (its ETag sent as `If-None-Match`) is current' },
      ...errors({ ...SIGNED_IN, 400: ['invalid_query'] }),
    },
  });
  reg.registerPath({
    method: 'get',
    path: '/api/townships/at',
    operationId: 'townshipAt',
    tags: ['townships'],
    summary: 'The township at a point',
    description:
      'The township whose boundary holds the point (holes excluded; the lowest id where boundaries overlap), ' +
      'found through the spatial index: e.g. for a station placed on the map.',
    request: {
      query: safeObject(
        {
          lng: z.string().meta({ description: 'Longitude in degrees (WGS-84), -180–180' }),
          lat: z.string().meta({ description: 'Latitude in degrees (WGS-84), -90–90' }),
        },
        'township at query',
      ),
    },
    responses: {
      200: { description: 'The township, or null', content: json(townshipAt, 'township at') },
      ...errors({ ...SIGNED_IN, 400: ['invalid_query'] }),
    },
  });
}
