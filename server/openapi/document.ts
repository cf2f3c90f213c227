/**
 * The OpenAPI 3.1 document of the API, generated from the zod schemas the server validates with.
 * Built once per process, on first use (`openApiDocument`). Every route of server/routes/ is
 * registered here; test/api/openapi.test.ts checks both directions against the running app.
 */
import { OpenApiGeneratorV31, OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { LAYER_NAMES } from '../../common/schemas/layers.ts';
import {
  loginSchema,
  passwordChangeSchema,
  passwordResetSchema,
  userCreateSchema,
  userUpdateSchema,
} from '../../common/schemas/users.ts';
import { settingsPatchSchema } from '../../common/schemas/settings.ts';
import { SESSION_COOKIE } from '../http/auth.ts';
import { registerAnalysis } from './analysis-paths.ts';
import { registerClusters } from './cluster-paths.ts';
import { registerIo } from './io-paths.ts';
import { registerStats } from './stats-paths.ts';
import { registerPhotos } from './photo-paths.ts';
import { registerTownships } from './township-paths.ts';
import { SCOPE_NOTE } from './permissions.ts';
import { safeObject, unconverted } from './safe.ts';
import {
  auditListSchema,
  configSchema,
  healthSchema,
  sessionSchema,
  settingsViewSchema,
  userListSchema,
  userSchema,
} from './schemas.ts';

import {
  BODY,
  CROSS_SITE,
  ETAG_HEADER,
  errors,
  idParam,
  ifMatch,
  json,
  JSON_TYPE,
  SIGNED_IN,
  type ErrorCodes,
} from './blocks.ts';
import { layerDescription, registerLayer } from './layer-paths.ts';

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

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
  { name: 'stats', description: 'The officials’ dashboard: figures, the attention list, the Excel workbook.' },
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
  registerClusters(reg);
  registerTownships(reg);
  registerIo(reg);
  registerStats(reg);
  registerPhotos(reg);
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
