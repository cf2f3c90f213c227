/** The seven operations of every layer (list, get, create, update, delete, history, restore). */
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { LAYER_SCHEMAS, type LayerName } from '../../common/schemas/layers.ts';
import { LAYERS } from '../repositories/layer-specs.ts';
import { DEFAULT_LIMIT } from '../routes/layers.ts';
import { LAYER_LABELS } from '../services/layer-service.ts';
import { BEHAVIOURS } from '../services/layers/behaviours.ts';
import { describeWrite } from './permissions.ts';
import { safeObject } from './safe.ts';
import {
  deletedSchema,
  featureCollectionSchema,
  featureSchema,
  historySchema,
  PLURAL,
  READ_PROPS,
  SINGULAR,
} from './schemas.ts';

import { BODY, CROSS_SITE, ETAG_HEADER, errors, geojson, idParam, ifMatch, json, SIGNED_IN } from './blocks.ts';

export const idList = z.string().regex(/^\d+(,\d+)*$/);

export function townshipFilterText(layer: LayerName): string {
  const tf = LAYERS[layer].townshipFilter;
  if (!tf) return 'Ignored on this layer.';
  if ('column' in tf)
    return tf.column === 'id'
      ? 'Comma-separated township ids: only these townships.'
      : `Comma-separated township ids: rows whose \`${tf.column}\` is one of them.`;
  if ('viaVillage' in tf)
    return `Comma-separated township ids: rows whose village (\`${tf.viaVillage}\`) lies in one of them.`;
  return 'Comma-separated township ids: rows linked to villages in one of them.';
}

export function villageFilterText(layer: LayerName): string {
  const vf = LAYERS[layer].villageFilter;
  if (!vf) return 'Ignored on this layer.';
  if ('column' in vf)
    return vf.column === 'id'
      ? 'Comma-separated village ids: only these villages.'
      : `Comma-separated village ids: rows whose \`${vf.column}\` is one of them.`;
  return 'Comma-separated village ids: rows linked to one of these villages.';
}

/** The query parameter for an exact-match filter of a layer (see `filters` in behaviours.ts). */
export function filterParam(layer: LayerName, column: string): z.ZodType {
  let s: z.ZodType | undefined = READ_PROPS[layer].shape[column] as z.ZodType | undefined;
  if (s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
  const description = `Exact match on \`${column}\``;
  if (s instanceof z.ZodEnum)
    return z
      .enum(s.options as [string, ...string[]])
      .optional()
      .meta({ description });
  if (s instanceof z.ZodNumber) return z.string().regex(/^\d+$/).optional().meta({ description });
  return z.string().max(100).optional().meta({ description });
}

export function listQuery(layer: LayerName): z.ZodObject {
  const spec = LAYERS[layer];
  const shape: Record<string, z.ZodType> = {
    bbox: z
      .string()
      .regex(/^-?[\d.]+,-?[\d.]+,-?[\d.]+,-?[\d.]+$/)
      .optional()
      .meta({
        description: spec.spatial
          ? 'The viewport `west,south,east,north` in degrees (WGS-84): rows whose extent meets it.'
          : 'Accepted but ignored: this layer has no spatial index.',
        example: '124.0,40.5,124.5,41.0',
      }),
    township: idList.optional().meta({ description: townshipFilterText(layer), example: '1,2' }),
    village: idList.optional().meta({ description: villageFilterText(layer), example: '5' }),
    q: z
      .string()
      .min(1)
      .max(50)
      .optional()
      .meta({ description: `Substring search in ${spec.searchColumns.map((c) => `\`${c}\``).join(', ')}.` }),
    limit: z
      .number()
      .int()
      .min(1)
      .max(10000)
      .optional()
      .meta({ description: `Page size (default ${DEFAULT_LIMIT}); rows are ordered by id.` }),
    offset: z.number().int().min(0).optional().meta({ description: 'Rows to skip (default 0).' }),
    properties: z
      .string()
      .optional()
      .meta({
        description:
          'Only these properties, separated by commas (the id and geometry always): any property a record of ' +
          'this layer shows, derived ones included; an unknown name is 400 `invalid_query` naming it.',
        example: layer === 'villages' ? 'name,income_band,secretary_state' : 'name',
      }),
  };
  if (layer === 'villages') shape.geom = geomParam();
  for (const [param, column] of Object.entries(BEHAVIOURS[layer].filters ?? {}))
    shape[param] = filterParam(layer, column);
  return safeObject(shape, `${layer} list query`);
}

export function geomParam(): z.ZodType {
  return z
    .enum(['location', 'boundary'])
    .optional()
    .meta({
      description:
        'Which geometry to return: the location point (default) or the boundary polygon; a list with `boundary` ' +
        'only returns villages that have one.',
    });
}

export function layerDescription(layer: LayerName): string {
  const spec = LAYERS[layer];
  const lines = [
    `${SINGULAR[layer]} records as GeoJSON features (\`feature.id\` is the row id, \`properties.version\` the row version).`,
    `Write permission (create, update, delete, restore): ${describeWrite(layer, 'update')}.`,
  ];
  if (!spec.spatial) lines.push('No spatial index: `bbox` is ignored.');
  if (layer === 'secretaries')
    lines.push(
      'Phone numbers: admins and officials see all, a secretary only their own, planners none ' +
        '(`phone` is null and `phone_hidden` true; history is masked the same way).',
    );
  if (layer === 'villages')
    lines.push('The boundary is written as the `boundary` property and read with `geom=boundary`.');
  return lines.join(' ');
}

// ---------------------------------------------------------------------------------------------
// Routes

export function registerLayer(reg: OpenAPIRegistry, layer: LayerName): void {
  const one = SINGULAR[layer];
  const many = PLURAL[layer];
  const what = LAYER_LABELS[layer].toLowerCase();
  const aWhat = `${/^[aeiou]/.test(what) ? 'an' : 'a'} ${what}`;
  const tags = [layer];
  const base = `/api/${layer}`;
  const feature = featureSchema(layer);
  const item = `${base}/{id}`;
  const signedIn = errors(SIGNED_IN);
  const getQuery = layer === 'villages' ? safeObject({ geom: geomParam() }, 'villages get query') : undefined;
  const phone =
    layer === 'secretaries'
      ? ` Phone numbers are blanked for callers who may not see them (planners; other villages' secretaries).`
      : '';

  reg.registerPath({
    method: 'get',
    path: base,
    operationId: `list${many}`,
    tags,
    summary: `List ${layer}`,
    description:
      `A FeatureCollection of the ${layer} matching the filters, one page at a time; \`total\` counts all ` +
      `matches.${phone}`,
    request: { query: listQuery(layer) },
    responses: {
      200: {
        description: 'The page of features',
        content: geojson(featureCollectionSchema(layer, feature), `${layer} list`),
      },
      ...errors({ ...SIGNED_IN, 400: ['invalid_query'] }),
    },
  });

  reg.registerPath({
    method: 'get',
    path: item,
    operationId: `get${one}`,
    tags,
    summary: `Get one ${what}`,
    description: `One feature; its \`ETag\` is the version to send back as \`If-Match\` when you edit it.${phone}`,
    request: { params: idParam(one), ...(getQuery ? { query: getQuery } : {}) },
    responses: {
      200: { description: `The ${what}`, headers: ETAG_HEADER, content: geojson(feature, `${layer} feature`) },
      ...errors({ ...SIGNED_IN, 400: ['invalid_query'], 404: ['not_found'] }),
    },
  });

  reg.registerPath({
    method: 'post',
    path: base,
    operationId: `create${one}`,
    tags,
    summary: `Create ${aWhat}`,
    description:
      `Body: a GeoJSON Feature (\`type\`, \`id\` and \`bbox\` are ignored). Nullable properties may be left out ` +
      `(stored as null), list properties default to []. Ids that refer to other records must exist.\n\n` +
      `Permission — ${describeWrite(layer, 'create')}.`,
    request: {
      body: {
        required: true,
        content: json(LAYER_SCHEMAS[layer].create.meta({ id: `${one}Create` }), `${layer} create body`),
      },
    },
    responses: {
      201: {
        description: `Created; \`Location\` names the new ${what}`,
        headers: { ...ETAG_HEADER, Location: { description: `\`${base}/<id>\``, schema: { type: 'string' } } },
        content: geojson(feature, `${layer} feature`),
      },
      ...errors({ ...BODY, ...SIGNED_IN, 403: ['forbidden', CROSS_SITE] }),
    },
  });

  reg.registerPath({
    method: 'patch',
    path: item,
    operationId: `update${one}`,
    tags,
    summary: `Update ${aWhat}`,
    description:
      `Partial update: send only what changes (\`geometry\` and/or some \`properties\`); the merged result is ` +
      `validated as a whole. Requires \`If-Match\`. An update that changes nothing keeps the version.\n\n` +
      `Permission — ${describeWrite(layer, 'update')}.`,
    request: {
      params: idParam(one),
      headers: ifMatch(true),
      body: {
        required: true,
        content: json(LAYER_SCHEMAS[layer].update.meta({ id: `${one}Update` }), `${layer} update body`),
      },
    },
    responses: {
      200: {
        description: `The ${what} as stored`,
        headers: ETAG_HEADER,
        content: geojson(feature, `${layer} feature`),
      },
      ...errors({
        ...BODY,
        400: ['validation_failed', 'invalid_json', 'too_deep', 'bad_if_match'],
        ...SIGNED_IN,
        403: ['forbidden', CROSS_SITE],
        404: ['not_found'],
        412: ['version_conflict'],
        428: ['precondition_required'],
      }),
    },
  });

  reg.registerPath({
    method: 'delete',
    path: item,
    operationId: `delete${one}`,
    tags,
    summary: `Delete ${aWhat}`,
    description:
      `Soft delete (history keeps it; restore brings it back). Requires \`If-Match\`. Refused with 409 ` +
      `\`has_dependents\` while other records refer to it.\n\nPermission — ${describeWrite(layer, 'delete')}.`,
    request: { params: idParam(one), headers: ifMatch(true) },
    responses: {
      200: { description: 'Deleted', headers: ETAG_HEADER, content: json(deletedSchema, 'delete result') },
      ...errors({
        400: ['bad_if_match'],
        ...SIGNED_IN,
        403: ['forbidden', CROSS_SITE],
        404: ['not_found'],
        409: ['has_dependents'],
        412: ['version_conflict'],
        428: ['precondition_required'],
      }),
    },
  });

  reg.registerPath({
    method: 'get',
    path: `${item}/history`,
    operationId: `get${one}History`,
    tags,
    summary: `History of ${aWhat}`,
    description:
      'Every write of the record (also of a deleted one), newest first, with user, time, changed fields and ' +
      `the state before and after.${layer === 'secretaries' ? ' Phone numbers are masked as on read.' : ''}`,
    request: { params: idParam(one) },
    responses: {
      200: { description: 'The revisions', content: json(historySchema, 'history') },
      ...signedIn,
      ...errors({ 404: ['not_found'] }),
    },
  });

  reg.registerPath({
    method: 'post',
    path: `${item}/restore`,
    operationId: `restore${one}`,
    tags,
    summary: `Restore a revision of ${aWhat}`,
    description:
      'Writes the state of one of its revisions (from history) back as a new version; undeletes a deleted ' +
      'record. `If-Match` is optional here (a stale one is 412). 409 `revision_invalid` when that state ' +
      `no longer passes today's validation.\n\nPermission — ${describeWrite(layer, 'restore')}.`,
    request: {
      params: idParam(one),
      headers: ifMatch(false),
      body: {
        required: true,
        content: json(
          z
            .object({ revision: z.number().int().positive().meta({ description: 'A revision id from history' }) })
            .strict()
            .meta({ id: 'RestoreRequest' }),
          'restore body',
        ),
      },
    },
    responses: {
      200: {
        description: `The ${what} as restored`,
        headers: ETAG_HEADER,
        content: geojson(feature, `${layer} feature`),
      },
      ...errors({
        ...BODY,
        400: ['validation_failed', 'invalid_json', 'too_deep', 'bad_if_match'],
        ...SIGNED_IN,
        403: ['forbidden', CROSS_SITE],
        404: ['not_found'],
        409: ['revision_invalid'],
        412: ['version_conflict'],
      }),
    },
  });
}
