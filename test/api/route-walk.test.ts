/**
 * The route walk: every route of test/api/route-matrix.ts with every role, against the real app.
 * Each answer must be the documented one (401 without a session, 403 when the role is denied,
 * otherwise 2xx or a 4xx about the request) and never a 5xx. A second test fails when the app
 * mounts a route the matrix does not list, so no route is added without its permissions.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LayerName } from '../../common/schemas/layers.ts';
import { makeTestApp, signedIn, type TestApp } from '../helpers/app.ts';
import { makePng } from '../helpers/images.ts';
import { mountedRoutes } from '../helpers/routes.ts';
import { ROUTE_MATRIX, WHO, type Answer, type RouteEntry, type Who } from './route-matrix.ts';

let t: TestApp;
const agents = {} as Record<Exclude<Who, 'anonymous'>, request.Agent>;
const ids: Record<string, number | string> = {};
let serial = 0;

beforeAll(async () => {
  t = await makeTestApp({ sample: true });
  for (const r of ['admin', 'official', 'planner', 'secretary'] as const) agents[r] = await signedIn(t.app, r);
  const admin = agents.admin;
  const me = (await agents.secretary.get('/api/session').expect(200)).body.user;
  const official = (await agents.official.get('/api/session').expect(200)).body.user;
  const village = (await admin.get(`/api/villages/${me.village_id}`).expect(200)).body;
  const other = (await admin.get('/api/villages?limit=10000').expect(200)).body.features.find(
    (f: { properties: { township_id: number } }) => !official.township_ids.includes(f.properties.township_id),
  );
  const [lng, lat] = village.geometry.coordinates as [number, number];
  const create = async (layer: string, body: object) =>
    (await admin.post(`/api/${layer}`).send(body).expect(201)).body.id as number;
  const asset = (v: number, name: string) => ({
    geometry: { type: 'Point', coordinates: [lng, lat] },
    properties: { village_id: v, category: '经营性资产', subtype: '闲置农房', name },
  });
  const node = (chain: number, name: string) => ({
    geometry: { type: 'Point', coordinates: [lng, lat] },
    properties: { chain_id: chain, village_id: village.id, name, stage: '初加工' },
  });
  ids.village = village.id;
  ids.otherVillage = other.id;
  ids.townships = village.properties.township_id;
  ids.villages = village.id;
  ids.assets = await create('assets', asset(village.id, '路线资产'));
  ids.otherAsset = await create('assets', {
    ...asset(other.id, '别村资产'),
    geometry: other.geometry,
  });
  ids.secretaries = me.secretary_id;
  ids.assessments = await create('assessments', {
    properties: { secretary_id: me.secretary_id, year: 2001, grade: '合格' },
  });
  ids.stations = await create('stations', {
    geometry: { type: 'Point', coordinates: [lng, lat] },
    properties: { name: '路线站', level: '站点', township_id: ids.townships, village_id: village.id },
  });
  ids.chains = await create('chains', { properties: { name: '路线链' } });
  ids['chain-nodes'] = await create('chain-nodes', node(ids.chains, 'N1'));
  const second = await create('chain-nodes', node(ids.chains, 'N2'));
  ids['chain-links'] = await create('chain-links', {
    properties: { chain_id: ids.chains, from_node_id: ids['chain-nodes'], to_node_id: second, product: 'P' },
  });
  ids.alliances = await create('alliances', {
    properties: { name: '路线联建', type: '治理协同型', status: '规划中', member_village_ids: [village.id] },
  });
  const v = (await admin.get(`/api/assets/${ids.assets}`).expect(200)).body.properties.version;
  const photo = await admin
    .post(`/api/assets/${ids.assets}/photos`)
    .set('If-Match', `"${v}"`)
    .attach('photo', makePng(4, 4), 'p.png')
    .expect(201);
  ids.hash = (photo.body.properties.photos as string[])[0]!;
  ids.user = ((await admin.get('/api/users').expect(200)).body.users as { id: number; username: string }[]).find(
    (u) => u.username === 'planner',
  )!.id;
});
afterAll(() => t.close());

/** The URL of an entry: `{id}` is the row of the route's layer (or the user), the rest by name. */
function urlOf(e: RouteEntry): string {
  const layer = /^\/api\/([a-z-]+)\//.exec(e.route)?.[1] ?? '';
  return (e.url ?? e.route).replace(/\{(\w+)\}/g, (_m, name: string) => {
    if (name === 'id') return String(layer === 'users' ? ids.user : ids[layer]);
    if (name === 'file') return 'villages.geojson';
    return String(ids[name]);
  });
}

/** A valid create body in the secretary's village (a role check alone would let `{}` through). */
function validBody(layer: LayerName): object {
  const n = ++serial;
  const village = Number(ids.village);
  switch (layer) {
    case 'villages':
      return {
        geometry: { type: 'Point', coordinates: [123, 41.8] },
        properties: {
          code: String(219900000000 + n),
          code_edition: 2024,
          name: `路线村${n}`,
          township_id: ids.townships,
        },
      };
    case 'assets':
      return {
        properties: { village_id: village, category: '资源性资产', subtype: '林地', name: `路线${n}` },
        geometry: { type: 'Point', coordinates: [123, 41.8] },
      };
    default:
      return { properties: { village_id: village, name: `路线${n}`, role: '队员', status: '在岗' } };
  }
}

async function call(e: RouteEntry, who: Who): Promise<request.Response> {
  const agent =
    who === 'anonymous' ? request(t.app) : e.fresh ? await signedIn(t.app, who) : (agents[who] as request.Agent);
  let req = agent[e.method](urlOf(e));
  if (e.ifMatch) req = req.set('If-Match', '"99999"');
  if (e.body === 'photo') return req.attach('photo', makePng(2, 2, [n(), 0, 0]), 'p.png');
  if (e.body === 'import')
    return req.attach('file', Buffer.from('{"type":"FeatureCollection","features":[]}'), 'v.geojson');
  if (e.body === 'empty') return req.send({});
  if (e.body === 'valid') return req.send(validBody(/^\/api\/([a-z-]+)/.exec(e.route)![1] as LayerName));
  if (e.body) return req.send(e.body);
  return req;
}
let colour = 0;
const n = () => ++colour % 256;

function answerOf(status: number): Answer | 'error' {
  if (status === 401) return 'login';
  if (status === 403) return 'denied';
  if (status < 500) return 'ok';
  return 'error';
}

const CASES = ROUTE_MATRIX.flatMap((e) =>
  WHO.map((who) => [`${e.method.toUpperCase()} ${e.url ?? e.route} as ${who}`, e, who] as const),
);

describe('the route walk', () => {
  it('covers every route × role', () => {
    expect(ROUTE_MATRIX.length * WHO.length).toBe(CASES.length);
    expect(CASES.length).toBeGreaterThan(500);
  });

  it.each(CASES)('%s', async (_name, e, who) => {
    const res = await call(e, who);
    expect(answerOf(res.status), `${res.status} ${JSON.stringify(res.body).slice(0, 300)}`).toBe(e.expect[who]);
    if (res.status >= 400) expect(res.body.error?.code, JSON.stringify(res.body).slice(0, 200)).toBeTypeOf('string');
  });

  it('lists every route the app mounts, and nothing it does not', () => {
    const listed = new Set(ROUTE_MATRIX.map((e) => `${e.method} ${e.route}`));
    const mounted = mountedRoutes(t.app).map(([m, p]) => `${m} ${p}`);
    expect(mounted.filter((k) => !listed.has(k))).toEqual([]);
    expect([...listed].filter((k) => !mounted.includes(k))).toEqual([]);
  });
});
