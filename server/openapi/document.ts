/**
 * The OpenAPI 3.1 document of the API, generated from the zod schemas the server validates with.
 * Built once per process, on first use (`openApiDocument`). Every route of server/routes/ is
 * registered here; test/api/openapi.test.ts checks both directions against the running app.
 */
import { OpenApiGeneratorV31, OpenAPIRegistry, type ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { LAYER_NAMES, LAYER_SCHEMAS, type LayerName } from '../../common/schemas/layers.ts';
import {
  loginSchema,
  passwordChangeSchema,
  passwordResetSchema,
  userCreateSchema,
  userUpdateSchema,
} from '../../common/schemas/users.ts';
import { settingsPatchSchema } from '../../common/schemas/settings.ts';
import { SESSION_COOKIE } from '../http/auth.ts';
import { LAYERS } from '../repositories/layer-specs.ts';
import { DEFAULT_LIMIT } from '../routes/layers.ts';
import { LAYER_LABELS } from '../services/layer-service.ts';
import { BEHAVIOURS } from '../services/layers/behaviours.ts';
import { registerAnalysis } from './analysis-paths.ts';
import { registerIo } from './io-paths.ts';
import { describeWrite, SCOPE_NOTE } from './permissions.ts';
import { safe, safeObject, unconverted } from './safe.ts';
import {
  auditListSchema,
  configSchema,
  deletedSchema,
  errorBody,
  featureCollectionSchema,
  featureSchema,
  healthSchema,
  historySchema,
  PLURAL,
  READ_PROPS,
  sessionSchema,
  settingsViewSchema,
  SINGULAR,
  userListSchema,
  userSchema,
} from './schemas.ts';

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

const JSON_TYPE = 'application/json';
const GEOJSON = 'application/geo+json';

// ---------------------------------------------------------------------------------------------
// Building blocks

const STATUS_TEXT: Record<number, string> = {
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

type ErrorCodes = Partial<Record<keyof typeof STATUS_TEXT, readonly string[]>>;

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
const CROSS_SITE = 'cross_origin';

export const json = (schema: z.ZodType, where: string) => ({ [JSON_TYPE]: { schema: safe(schema, where) } });
export const geojson = (schema: z.ZodType, where: string) => ({ [GEOJSON]: { schema: safe(schema, where) } });

const ETAG_HEADER = {
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

const ifMatch = (required: boolean) =>
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

const idList = z.string().regex(/^\d+(,\d+)*$/);

function townshipFilterText(layer: LayerName): string {
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

function villageFilterText(layer: LayerName): string {
  const vf = LAYERS[layer].villageFilter;
  if (!vf) return 'Ignored on this layer.';
  if ('column' in vf)
    return vf.column === 'id'
      ? 'Comma-separated village ids: only these villages.'
      : `Comma-separated village ids: rows whose \`${vf.column}\` is one of them.`;
  return 'Comma-separated village ids: rows linked to one of these villages.';
}

/** The query parameter for an exact-match filter of a layer (see `filters` in behaviours.ts). */
function filterParam(layer: LayerName, column: string): z.ZodType {
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

function listQuery(layer: LayerName): z.ZodObject {
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
  };
  if (layer === 'villages') shape.geom = geomParam();
  for (const [param, column] of Object.entries(BEHAVIOURS[layer].filters ?? {}))
    shape[param] = filterParam(layer, column);
  return safeObject(shape, `${layer} list query`);
}

function geomParam(): z.ZodType {
  return z
    .enum(['location', 'boundary'])
    .optional()
    .meta({
      description:
        'Which geometry to return: the location point (default) or the boundary polygon; a list with `boundary` ' +
        'only returns villages that have one.',
    });
}

function layerDescription(layer: LayerName): string {
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

function registerLayer(reg: OpenAPIRegistry, layer: LayerName): void {
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

function registerMeta(reg: OpenAPIRegistry): void {
  reg.registerPath({
    method: 'get',
    path: '/api/health',
    operationId: 'getHealth',
    tags: ['meta'],
    summary: 'Health check',
    description: 'Public. Answers when the server and its database are up.',
    security: [],
    responses: { 200: { description: 'Up', content: json(healthSchema, 'health') } },
  });
  reg.registerPath({
    method: 'get',
    path: '/api/config',
    operationId: 'getConfig',
    tags: ['meta'],
    summary: 'Client configuration',
    description: 'The base map (tiles, attribution) the client should use, and the server version.',
    responses: {
      200: { description: 'The configuration', content: json(configSchema, 'config') },
      ...errors(SIGNED_IN),
    },
  });
}

function registerDocs(reg: OpenAPIRegistry): void {
  const common = { tags: ['docs'], security: [] };
  reg.registerPath({
    ...common,
    method: 'get',
    path: '/api/openapi.json',
    operationId: 'getOpenApi',
    summary: 'This document',
    description: 'Public: the OpenAPI 3.1 description of the API (no township data).',
    responses: {
      200: { description: 'OpenAPI 3.1', content: { [JSON_TYPE]: { schema: { type: 'object' } } } },
    },
  });
  reg.registerPath({
    ...common,
    method: 'get',
    path: '/api/docs',
    operationId: 'getDocs',
    summary: 'Readable API reference',
    description: 'Public: this document rendered as an HTML page.',
    responses: { 200: { description: 'HTML', content: { 'text/html': { schema: { type: 'string' } } } } },
  });
  reg.registerPath({
    ...common,
    method: 'get',
    path: '/api/docs.css',
    operationId: 'getDocsStylesheet',
    summary: 'Stylesheet of the reference page',
    responses: { 200: { description: 'CSS', content: { 'text/css': { schema: { type: 'string' } } } } },
  });
}

function registerSession(reg: OpenAPIRegistry): void {
  const tags = ['session'];
  reg.registerPath({
    method: 'post',
    path: '/api/session',
    operationId: 'logIn',
    tags,
    summary: 'Log in',
    description:
      `Public. Sets the session cookie \`${SESSION_COOKIE}\` (httpOnly, SameSite=Lax) that every other call ` +
      'sends. Five wrong passwords lock the account for 15 minutes; many failures from one address are ' +
      'refused for a while (429).',
    security: [],
    request: { body: { required: true, content: json(loginSchema.meta({ id: 'LoginRequest' }), 'login body') } },
    responses: {
      201: {
        description: 'Signed in',
        headers: {
          'Set-Cookie': { description: `\`${SESSION_COOKIE}=…; HttpOnly; SameSite=Lax\``, schema: { type: 'string' } },
        },
        content: json(sessionSchema, 'session'),
      },
      ...errors({
        ...BODY,
        401: ['invalid_credentials'],
        403: ['account_disabled', CROSS_SITE],
        429: ['too_many_attempts', 'account_locked'],
      }),
    },
  });
  reg.registerPath({
    method: 'get',
    path: '/api/session',
    operationId: 'getSession',
    tags,
    summary: 'Who am I',
    responses: {
      200: { description: 'The signed-in user', content: json(sessionSchema, 'session') },
      ...errors(SIGNED_IN),
    },
  });
  reg.registerPath({
    method: 'delete',
    path: '/api/session',
    operationId: 'logOut',
    tags,
    summary: 'Log out',
    description: 'Ends the session and clears the cookie; answers 204 even without a session.',
    security: [],
    responses: { 204: { description: 'Signed out' }, ...errors({ 403: [CROSS_SITE] }) },
  });
  reg.registerPath({
    method: 'post',
    path: '/api/session/password',
    operationId: 'changeOwnPassword',
    tags,
    summary: 'Change my password',
    description: 'Needs the current password (a wrong one is 400 `validation_failed` on `current`).',
    request: {
      body: {
        required: true,
        content: json(passwordChangeSchema.meta({ id: 'PasswordChange' }), 'password change body'),
      },
    },
    responses: {
      204: { description: 'Changed' },
      ...errors({ ...BODY, ...SIGNED_IN, 403: [CROSS_SITE] }),
    },
  });
}

function registerAdmin(reg: OpenAPIRegistry): void {
  const adminOnly = 'Admins only (403 `forbidden` for other roles).';
  const denied: ErrorCodes = { ...SIGNED_IN, 403: ['forbidden'] };
  const userId = idParam('User');
  reg.registerPath({
    method: 'get',
    path: '/api/users',
    operationId: 'listUsers',
    tags: ['users'],
    summary: 'List accounts',
    description: adminOnly,
    responses: { 200: { description: 'All accounts', content: json(userListSchema, 'user list') }, ...errors(denied) },
  });
  reg.registerPath({
    method: 'get',
    path: '/api/users/{id}',
    operationId: 'getUser',
    tags: ['users'],
    summary: 'Get one account',
    description: adminOnly,
    request: { params: userId },
    responses: {
      200: { description: 'The account', headers: ETAG_HEADER, content: json(userSchema, 'user') },
      ...errors({ ...denied, 404: ['not_found'] }),
    },
  });
  reg.registerPath({
    method: 'post',
    path: '/api/users',
    operationId: 'createUser',
    tags: ['users'],
    summary: 'Create an account',
    description:
      `${adminOnly} An official needs \`township_ids\`, a secretary a \`village_id\` (and optionally their ` +
      '`secretary_id`). The new user must change the password at first login.',
    request: {
      body: { required: true, content: json(userCreateSchema.meta({ id: 'UserCreate' }), 'user create body') },
    },
    responses: {
      201: { description: 'Created', headers: ETAG_HEADER, content: json(userSchema, 'user') },
      ...errors({ ...BODY, ...denied, 403: ['forbidden', CROSS_SITE], 409: ['username_taken'] }),
    },
  });
  reg.registerPath({
    method: 'patch',
    path: '/api/users/{id}',
    operationId: 'updateUser',
    tags: ['users'],
    summary: 'Change role, scope, name or disable an account',
    description: `${adminOnly} Requires \`If-Match\`. Ends the user's sessions so new rights apply at once.`,
    request: {
      params: userId,
      headers: ifMatch(true),
      body: { required: true, content: json(userUpdateSchema.meta({ id: 'UserUpdate' }), 'user update body') },
    },
    responses: {
      200: { description: 'The account', headers: ETAG_HEADER, content: json(userSchema, 'user') },
      ...errors({
        ...BODY,
        400: ['validation_failed', 'invalid_json', 'too_deep', 'bad_if_match'],
        ...denied,
        403: ['forbidden', CROSS_SITE],
        404: ['not_found'],
        412: ['version_conflict'],
        428: ['precondition_required'],
      }),
    },
  });
  reg.registerPath({
    method: 'post',
    path: '/api/users/{id}/password',
    operationId: 'resetUserPassword',
    tags: ['users'],
    summary: "Reset an account's password",
    description: `${adminOnly} Unlocks the account and ends its sessions; the user must change it at next login.`,
    request: {
      params: userId,
      body: { required: true, content: json(passwordResetSchema.meta({ id: 'PasswordReset' }), 'password reset body') },
    },
    responses: {
      200: { description: 'The account', content: json(userSchema, 'user') },
      ...errors({ ...BODY, ...denied, 403: ['forbidden', CROSS_SITE], 404: ['not_found'] }),
    },
  });

  reg.registerPath({
    method: 'get',
    path: '/api/settings',
    operationId: 'getSettings',
    tags: ['settings'],
    summary: 'Settings',
    description: 'Every signed-in user may read them (income thresholds, service radius, wording).',
    responses: {
      200: { description: 'The settings', headers: ETAG_HEADER, content: json(settingsViewSchema, 'settings') },
      ...errors(SIGNED_IN),
    },
  });
  reg.registerPath({
    method: 'patch',
    path: '/api/settings',
    operationId: 'updateSettings',
    tags: ['settings'],
    summary: 'Change settings',
    description: `${adminOnly} Send only the keys that change. Requires \`If-Match\` (the settings version).`,
    request: {
      headers: ifMatch(true),
      body: { required: true, content: json(settingsPatchSchema.meta({ id: 'SettingsPatch' }), 'settings body') },
    },
    responses: {
      200: { description: 'The settings', headers: ETAG_HEADER, content: json(settingsViewSchema, 'settings') },
      ...errors({
        ...BODY,
        400: ['validation_failed', 'invalid_json', 'too_deep', 'bad_if_match'],
        ...denied,
        403: ['forbidden', CROSS_SITE],
        412: ['version_conflict'],
        428: ['precondition_required'],
      }),
    },
  });

  reg.registerPath({
    method: 'get',
    path: '/api/audit',
    operationId: 'listAudit',
    tags: ['audit'],
    summary: 'Audit log',
    description: `${adminOnly} Logins (also failed), logouts, denied requests and account changes, newest first.`,
    request: {
      query: safeObject(
        {
          limit: z.number().int().min(1).max(500).optional().meta({ description: 'Page size (default 100)' }),
          offset: z.number().int().min(0).optional().meta({ description: 'Entries to skip (default 0)' }),
        },
        'audit query',
      ),
    },
    responses: {
      200: { description: 'Entries', content: json(auditListSchema, 'audit') },
      ...errors({ ...denied, 400: ['invalid_query'] }),
    },
  });
}

// ---------------------------------------------------------------------------------------------
// The document

const TAGS = [
  { name: 'meta', description: 'Health and client configuration.' },
  { name: 'session', description: 'Log in and out (cookie session), who am I, change my password.' },
  ...LAYER_NAMES.map((l) => ({ name: l, description: layerDescription(l) })),
  { name: 'users', description: 'Account management (admins).' },
  { name: 'settings', description: 'Province-wide settings (read: everyone; write: admins).' },
  { name: 'audit', description: 'The audit log (admins).' },
  {
    name: 'analysis',
    description:
      'Planning analyses: station coverage and siting, partner suggestions, chain gaps, alliance summaries and plans.',
  },
  {
    name: 'io',
    description:
      'Import files into a layer (dry run, then all or nothing) and export layers as GeoJSON, CSV, XLSX, KML or ' +
      'zipped Shapefile. Guide: docs/io.md.',
  },
  { name: 'docs', description: 'This reference (public).' },
];

const INFO_DESCRIPTION = [
  'The JSON API of Xiangtu (乡图). Spatial collections are GeoJSON (RFC 7946, `application/geo+json`, WGS-84).',
  `Sign in with \`POST /api/session\`; the session cookie \`${SESSION_COOKIE}\` then authenticates every call ` +
    '(all but health, login, logout and this reference need it: 401 `unauthenticated` otherwise).',
  'Errors are always `{"error": {"code", "message", "details": [{"path", "message"}]}}` with a 4xx status.',
  'Writes use optimistic locking: read the `ETag` (the version), send it back as `If-Match`; no `If-Match` is ' +
    '428, a stale one 412 with `error.current_version`.',
  `Permissions: ${SCOPE_NOTE}`,
  'A guide with examples is in docs/api.md.',
].join('\n\n');

function build(): OpenApiDocument {
  const reg = new OpenAPIRegistry();
  reg.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: 'Set by `POST /api/session`',
  });
  registerMeta(reg);
  registerSession(reg);
  for (const layer of LAYER_NAMES) registerLayer(reg, layer);
  registerAdmin(reg);
  registerAnalysis(reg);
  registerIo(reg);
  registerDocs(reg);
  const doc = new OpenApiGeneratorV31(reg.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'Xiangtu API', version: '0.0.0', description: INFO_DESCRIPTION, license: { name: 'MIT' } },
    security: [{ session: [] }],
    tags: TAGS,
  });
  if (unconverted.length) doc['x-unconverted-schemas'] = [...unconverted];
  return doc;
}

/** The last resort: a valid document that says what went wrong, so /api/docs still answers. */
function fallback(err: unknown): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Xiangtu API',
      version: '0.0.0',
      description: `The API reference could not be generated: ${err instanceof Error ? err.message : String(err)}`,
    },
    paths: {},
  };
}

let cached: OpenApiDocument | undefined;

/** The document (built on first use, then cached), with `info.version` set to `version`. */
export function openApiDocument(version: string): OpenApiDocument {
  if (!cached) {
    try {
      cached = build();
    } catch (err) {
      cached = fallback(err);
    }
  }
  return { ...cached, info: { ...cached.info, version } };
}
