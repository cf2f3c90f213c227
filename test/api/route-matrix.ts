/**
 * Every route of the API × every role, written out as data from the permission tables of
 * docs/api.md ("Roles and permissions") and ARCHITECTURE.md — not derived from the policy code it
 * checks. `ok`: the route lets the role in (2xx, or a 4xx about the request itself such as 400,
 * 404, 412 — never 401/403); `denied`: 403; `login`: 401. Row targets lie in the secretary's own
 * village, inside the official's township, unless the path says `{otherVillage}`/`{otherAsset}`.
 * route-walk.test.ts walks it against the real app.
 */
import { LAYER_NAMES, type LayerName } from '../../common/schemas/layers.ts';
import type { Method } from '../helpers/routes.ts';

export type Who = 'admin' | 'official' | 'planner' | 'secretary' | 'anonymous';
export type Answer = 'ok' | 'denied' | 'login';
export const WHO: Who[] = ['admin', 'official', 'planner', 'secretary', 'anonymous'];

export interface RouteEntry {
  method: Method;
  /** The route as Express has it (`{id}`), and, when it differs, the URL to call. */
  route: string;
  url?: string;
  expect: Record<Who, Answer>;
  /** What to send: a JSON body, a photo, an import file. */
  body?: 'empty' | 'valid' | 'photo' | 'import' | object;
  /** `If-Match` sent (a stale version: allowed writes answer 412 and change nothing). */
  ifMatch?: boolean;
  /** Uses a throw-away session (logging out). */
  fresh?: boolean;
}

type Short = 'A' | 'O' | 'P' | 'S';
const ROLE_OF: Record<Short, Who> = { A: 'admin', O: 'official', P: 'planner', S: 'secretary' };

/** Signed-in `allowed` roles get in, the other roles 403, no session 401. */
function only(...allowed: Short[]): Record<Who, Answer> {
  const out = { anonymous: 'login' } as Record<Who, Answer>;
  for (const s of ['A', 'O', 'P', 'S'] as Short[]) out[ROLE_OF[s]] = allowed.includes(s) ? 'ok' : 'denied';
  return out;
}
const SIGNED_IN = only('A', 'O', 'P', 'S');
const PUBLIC: Record<Who, Answer> = { admin: 'ok', official: 'ok', planner: 'ok', secretary: 'ok', anonymous: 'ok' };

/** Who may write each layer, in scope (docs/api.md "Roles and permissions"). */
const WRITERS: Record<LayerName, Record<'create' | 'update' | 'delete' | 'restore', Short[]>> = {
  townships: { create: ['A'], update: ['A'], delete: ['A'], restore: ['A'] },
  villages: { create: ['A', 'O'], update: ['A', 'O', 'S'], delete: ['A', 'O'], restore: ['A', 'O', 'S'] },
  assets: { create: ['A', 'O', 'S'], update: ['A', 'O', 'S'], delete: ['A', 'O', 'S'], restore: ['A', 'O', 'S'] },
  secretaries: { create: ['A', 'O'], update: ['A', 'O', 'S'], delete: ['A', 'O'], restore: ['A', 'O'] },
  assessments: { create: ['A', 'O'], update: ['A', 'O'], delete: ['A', 'O'], restore: ['A', 'O'] },
  stations: { create: ['A', 'O'], update: ['A', 'O'], delete: ['A', 'O'], restore: ['A', 'O'] },
  chains: { create: ['A', 'O', 'P'], update: ['A', 'O', 'P'], delete: ['A', 'O', 'P'], restore: ['A', 'O', 'P'] },
  'chain-nodes': {
    create: ['A', 'O', 'P'],
    update: ['A', 'O', 'P'],
    delete: ['A', 'O', 'P'],
    restore: ['A', 'O', 'P'],
  },
  'chain-links': {
    create: ['A', 'O', 'P'],
    update: ['A', 'O', 'P'],
    delete: ['A', 'O', 'P'],
    restore: ['A', 'O', 'P'],
  },
  alliances: { create: ['A', 'O', 'P'], update: ['A', 'O', 'P'], delete: ['A', 'O', 'P'], restore: ['A', 'O', 'P'] },
};

const layerRoutes = (l: LayerName): RouteEntry[] => [
  { method: 'get', route: `/api/${l}`, expect: SIGNED_IN },
  { method: 'get', route: `/api/${l}/{id}`, expect: SIGNED_IN },
  { method: 'get', route: `/api/${l}/{id}/history`, expect: SIGNED_IN },
  // Layers a secretary may create in: a valid body for their village (a role check alone passes {}).
  {
    method: 'post',
    route: `/api/${l}`,
    expect: only(...WRITERS[l].create),
    body: ['villages', 'assets', 'secretaries'].includes(l) ? 'valid' : 'empty',
  },
  {
    method: 'patch',
    route: `/api/${l}/{id}`,
    expect: only(...WRITERS[l].update),
    body: { properties: {} },
    ifMatch: true,
  },
  { method: 'delete', route: `/api/${l}/{id}`, expect: only(...WRITERS[l].delete), ifMatch: true },
  {
    method: 'post',
    route: `/api/${l}/{id}/restore`,
    expect: only(...WRITERS[l].restore),
    body: { revision: 99_999_999 },
  },
];

export const ROUTE_MATRIX: RouteEntry[] = [
  // Public
  { method: 'get', route: '/api/health', expect: PUBLIC },
  { method: 'get', route: '/api/openapi.json', expect: PUBLIC },
  { method: 'get', route: '/api/docs', expect: PUBLIC },
  { method: 'get', route: '/api/docs.css', expect: PUBLIC },
  // Session: logging in is open (a bad body is 400), the rest needs a session
  { method: 'post', route: '/api/session', expect: PUBLIC, body: 'empty' },
  { method: 'get', route: '/api/session', expect: SIGNED_IN },
  { method: 'delete', route: '/api/session', expect: PUBLIC, fresh: true },
  { method: 'post', route: '/api/session/password', expect: SIGNED_IN, body: 'empty' },
  { method: 'get', route: '/api/config', expect: SIGNED_IN },
  // Admin
  { method: 'get', route: '/api/users', expect: only('A') },
  { method: 'post', route: '/api/users', expect: only('A'), body: 'empty' },
  { method: 'get', route: '/api/users/{id}', expect: only('A') },
  { method: 'patch', route: '/api/users/{id}', expect: only('A'), body: {}, ifMatch: true },
  { method: 'post', route: '/api/users/{id}/password', expect: only('A'), body: 'empty' },
  { method: 'get', route: '/api/settings', expect: SIGNED_IN },
  { method: 'patch', route: '/api/settings', expect: only('A'), body: {}, ifMatch: true },
  { method: 'get', route: '/api/audit', expect: only('A') },
  // Analyses and the dashboard: read by every role
  { method: 'get', route: '/api/analysis/coverage', expect: SIGNED_IN },
  {
    method: 'get',
    route: '/api/analysis/partners',
    url: '/api/analysis/partners?village={village}',
    expect: SIGNED_IN,
  },
  { method: 'post', route: '/api/analysis/alliance-summary', expect: SIGNED_IN, body: { member_village_ids: [] } },
  { method: 'get', route: '/api/chains/{id}/gaps', expect: SIGNED_IN },
  { method: 'get', route: '/api/alliances/{id}/summary', expect: SIGNED_IN },
  { method: 'get', route: '/api/alliances/{id}/plan.geojson', expect: SIGNED_IN },
  { method: 'get', route: '/api/stats', expect: SIGNED_IN },
  { method: 'get', route: '/api/stats/attention', expect: SIGNED_IN },
  { method: 'get', route: '/api/stats.xlsx', expect: SIGNED_IN },
  ...['villages', 'assets', 'stations', 'chain-nodes'].map((l): RouteEntry => ({
    method: 'get',
    route: `/api/clusters/${l}`,
    url: `/api/clusters/${l}?bbox=-180,-90,180,90`,
    expect: SIGNED_IN,
  })),
  // Townships without their outlines: read by every role
  { method: 'get', route: '/api/townships/index', expect: SIGNED_IN },
  { method: 'get', route: '/api/townships/at', url: '/api/townships/at?lng=112.5&lat=31.5', expect: SIGNED_IN },
  // Import (admins, planners; officials in their townships; never secretaries) and export (all)
  {
    method: 'post',
    route: '/api/import',
    url: '/api/import?layer=villages',
    expect: only('A', 'O', 'P'),
    body: 'import',
  },
  { method: 'get', route: '/api/export/{file}', url: '/api/export/villages.geojson', expect: SIGNED_IN },
  { method: 'get', route: '/api/export/{file}', url: '/api/export/assets.csv', expect: SIGNED_IN },
  // Photos: the asset's write rule; files for every signed-in user
  {
    method: 'post',
    route: '/api/assets/{id}/photos',
    expect: only('A', 'O', 'S'),
    body: 'photo',
    ifMatch: true,
  },
  {
    method: 'post',
    route: '/api/assets/{id}/photos',
    url: '/api/assets/{otherAsset}/photos',
    expect: only('A'),
    body: 'photo',
    ifMatch: true,
  },
  { method: 'delete', route: '/api/assets/{id}/photos/{hash}', expect: only('A', 'O', 'S'), ifMatch: true },
  { method: 'get', route: '/api/files/{hash}', expect: SIGNED_IN },
  // Layers, and the scope rows that matter: another village, outside the official's township
  ...LAYER_NAMES.flatMap(layerRoutes),
  {
    method: 'patch',
    route: '/api/villages/{id}',
    url: '/api/villages/{otherVillage}',
    expect: only('A'),
    body: { properties: {} },
    ifMatch: true,
  },
  {
    method: 'patch',
    route: '/api/assets/{id}',
    url: '/api/assets/{otherAsset}',
    expect: only('A'),
    body: { properties: {} },
    ifMatch: true,
  },
  { method: 'delete', route: '/api/assets/{id}', url: '/api/assets/{otherAsset}', expect: only('A'), ifMatch: true },
];
