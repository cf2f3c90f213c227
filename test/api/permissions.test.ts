/**
 * The permission matrix of ARCHITECTURE.md, written out literally: every role × every write
 * endpoint × a row inside / outside the user's scope. A denied write must answer 403 and change
 * nothing. Expectations are data, not derived from the policy code they check.
 */
import type request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LayerName } from '../../common/schemas/layers.ts';
import { makeTestApp, signedIn, type TestApp } from '../helpers/app.ts';

type Role = 'admin' | 'official' | 'planner' | 'secretary';
type Action = 'create' | 'update' | 'delete';
type Where = 'in' | 'out';
const ROLES: Role[] = ['admin', 'official', 'planner', 'secretary'];

// Allowed roles for each layer/action/scope ("in" = the official's township and the secretary's village).
const A = 'admin',
  O = 'official',
  P = 'planner',
  S = 'secretary';
const MATRIX: [LayerName, Action, Where, Role[]][] = [
  ['townships', 'create', 'out', [A]],
  ['townships', 'update', 'in', [A]],
  ['townships', 'delete', 'out', [A]],
  ['villages', 'create', 'in', [A, O]],
  ['villages', 'create', 'out', [A]],
  ['villages', 'update', 'in', [A, O, S]],
  ['villages', 'update', 'out', [A]],
  ['villages', 'delete', 'in', [A, O]],
  ['villages', 'delete', 'out', [A]],
  ['assets', 'create', 'in', [A, O, S]],
  ['assets', 'create', 'out', [A]],
  ['assets', 'update', 'in', [A, O, S]],
  ['assets', 'update', 'out', [A]],
  ['assets', 'delete', 'in', [A, O, S]],
  ['assets', 'delete', 'out', [A]],
  ['secretaries', 'create', 'in', [A, O]],
  ['secretaries', 'create', 'out', [A]],
  ['secretaries', 'update', 'in', [A, O]],
  ['secretaries', 'update', 'out', [A]],
  ['secretaries', 'delete', 'in', [A, O]],
  ['secretaries', 'delete', 'out', [A]],
  ['assessments', 'create', 'in', [A, O]],
  ['assessments', 'create', 'out', [A]],
  ['assessments', 'update', 'in', [A, O]],
  ['assessments', 'update', 'out', [A]],
  ['assessments', 'delete', 'in', [A, O]],
  ['assessments', 'delete', 'out', [A]],
  ['stations', 'create', 'in', [A, O]],
  ['stations', 'create', 'out', [A]],
  ['stations', 'update', 'in', [A, O]],
  ['stations', 'update', 'out', [A]],
  ['stations', 'delete', 'in', [A, O]],
  ['stations', 'delete', 'out', [A]],
  ['chains', 'create', 'in', [A, O, P]],
  ['chains', 'update', 'in', [A, O, P]],
  ['chains', 'update', 'out', [A, P]],
  ['chains', 'delete', 'in', [A, O, P]],
  ['chain-nodes', 'create', 'in', [A, O, P]],
  ['chain-nodes', 'create', 'out', [A, P]],
  ['chain-nodes', 'update', 'in', [A, O, P]],
  ['chain-nodes', 'update', 'out', [A, P]],
  ['chain-nodes', 'delete', 'in', [A, O, P]],
  ['chain-nodes', 'delete', 'out', [A, P]],
  ['chain-links', 'create', 'in', [A, O, P]],
  ['chain-links', 'create', 'out', [A, P]],
  ['chain-links', 'update', 'in', [A, O, P]],
  ['chain-links', 'update', 'out', [A, P]],
  ['chain-links', 'delete', 'in', [A, O, P]],
  ['chain-links', 'delete', 'out', [A, P]],
  ['alliances', 'create', 'in', [A, O, P]],
  ['alliances', 'create', 'out', [A, P]],
  ['alliances', 'update', 'in', [A, O, P]],
  ['alliances', 'update', 'out', [A, P]],
  ['alliances', 'delete', 'in', [A, O, P]],
  ['alliances', 'delete', 'out', [A, P]],
];

let t: TestApp;
const agents = {} as Record<Role, request.Agent>;
interface Place {
  township: number;
  village: number;
  lngLat: number[];
  secretary: number;
}
const place = {} as Record<Where, Place>;
let chain: number;
let serial = 0;

beforeAll(async () => {
  t = await makeTestApp({ sample: true });
  for (const r of ROLES) agents[r] = await signedIn(t.app, r);
  const me = (await agents.secretary.get('/api/session').expect(200)).body.user;
  const official = (await agents.official.get('/api/session').expect(200)).body.user;
  const home = (await agents.admin.get(`/api/villages/${me.village_id}`).expect(200)).body;
  expect(official.township_ids).toContain(home.properties.township_id);
  const away = (await agents.admin.get('/api/villages?limit=10000').expect(200)).body.features.find(
    (f: { properties: { township_id: number } }) => !official.township_ids.includes(f.properties.township_id),
  );
  for (const [w, v] of [
    ['in', home],
    ['out', away],
  ] as const) {
    const sec = (await agents.admin.get(`/api/secretaries?village=${v.id}`).expect(200)).body.features;
    const secretary = sec.length
      ? sec.find((s: { id: number }) => s.id !== me.secretary_id)?.id
      : (
          await agents.admin
            .post('/api/secretaries')
            .send({ properties: { village_id: v.id, name: '占位', role: '队员', status: '在岗' } })
            .expect(201)
        ).body.id;
    place[w] = { township: v.properties.township_id, village: v.id, lngLat: v.geometry.coordinates, secretary };
  }
  chain = (
    await agents.admin
      .post('/api/chains')
      .send({ properties: { name: '权限测试链' } })
      .expect(201)
  ).body.id;
});
afterAll(() => t.close());

const pt = (w: Where, d = 0) => ({ type: 'Point', coordinates: [place[w].lngLat[0]! + d, place[w].lngLat[1]! + d] });

/** A valid create body for a layer at a place (as admin, fixtures this needs are made first). */
async function body(layer: LayerName, w: Where): Promise<object> {
  const p = place[w];
  const n = ++serial;
  switch (layer) {
    case 'townships':
      return {
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [90, 30],
              [90.1, 30],
              [90.1, 30.1],
              [90, 30],
            ],
          ],
        },
        properties: { code: String(219900000 + n), name: `T${n}`, county: 'X' },
      };
    case 'villages':
      return {
        geometry: pt(w, 0.001),
        properties: {
          code: String(210199100000 + n).padStart(12, '2'),
          code_edition: 2024,
          name: `V${n}`,
          township_id: p.township,
        },
      };
    case 'assets':
      return {
        geometry: pt(w, 0.0005),
        properties: { village_id: p.village, category: '经营性资产', subtype: '闲置农房', name: `A${n}` },
      };
    case 'secretaries':
      return { properties: { village_id: p.village, name: `S${n}`, role: '队员', status: '在岗' } };
    case 'assessments':
      return { properties: { secretary_id: p.secretary, year: 2000 + (n % 100), grade: '合格' } };
    case 'stations':
      return {
        geometry: pt(w, 0.0005),
        properties: { name: `St${n}`, level: '站点', township_id: p.township, village_id: p.village },
      };
    case 'chains':
      return { properties: { name: `C${n}` } };
    case 'chain-nodes':
      return {
        geometry: pt(w),
        properties: { chain_id: chain, village_id: p.village, name: `N${n}`, stage: '初加工' },
      };
    case 'chain-links': {
      const a = await fixture('chain-nodes', w);
      const b = await fixture('chain-nodes', w);
      return { properties: { chain_id: chain, from_node_id: a.id, to_node_id: b.id, product: `L${n}` } };
    }
    case 'alliances':
      return { properties: { name: `Al${n}`, type: '治理协同型', status: '规划中', member_village_ids: [p.village] } };
  }
}

async function fixture(layer: LayerName, w: Where): Promise<{ id: number; version: number }> {
  const res = await agents.admin
    .post(`/api/${layer}`)
    .send(await body(layer, w))
    .expect(201);
  if (layer === 'chains' && w === 'out') {
    // A chain lies where its nodes are: give this one a node outside the official's townships.
    await agents.admin
      .post('/api/chain-nodes')
      .send({
        geometry: pt(w),
        properties: { chain_id: res.body.id, village_id: place[w].village, name: 'out', stage: '物流' },
      })
      .expect(201);
  }
  return { id: res.body.id, version: res.body.properties.version };
}

/** A harmless change for an update. */
const PATCH: Record<LayerName, Record<string, unknown>> = {
  townships: { county: '改' },
  villages: { notes: '改' },
  assets: { notes: '改' },
  secretaries: { notes: '改' },
  assessments: { score: 88 },
  stations: { opening_hours: '改' },
  chains: { description: '改' },
  'chain-nodes': { capacity: 9 },
  'chain-links': { volume: 9 },
  alliances: { notes: '改' },
};

async function count(layer: LayerName): Promise<number> {
  return (await agents.admin.get(`/api/${layer}?limit=1`).expect(200)).body.total;
}

describe.each(MATRIX)('%s %s (%s scope)', (layer, action, where, allowed) => {
  it.each(ROLES)(`%s`, async (role) => {
    const agent = agents[role];
    const expectAllowed = allowed.includes(role);
    if (action === 'create') {
      const b = await body(layer, where);
      const before = await count(layer);
      const res = await agent.post(`/api/${layer}`).send(b);
      expect(res.status, JSON.stringify(res.body)).toBe(expectAllowed ? 201 : 403);
      expect(await count(layer)).toBe(before + (expectAllowed ? 1 : 0));
      return;
    }
    // Updates of villages "in scope" use the secretary's own village; everything else a fresh row.
    const target =
      layer === 'villages' && action === 'update'
        ? await (async () => {
            const v = (await agents.admin.get(`/api/villages/${place[where].village}`).expect(200)).body;
            return { id: v.id as number, version: v.properties.version as number };
          })()
        : await fixture(layer, where);
    const req =
      action === 'update'
        ? agent
            .patch(`/api/${layer}/${target.id}`)
            .set('If-Match', `"${target.version}"`)
            .send({ properties: PATCH[layer] })
        : agent.delete(`/api/${layer}/${target.id}`).set('If-Match', `"${target.version}"`);
    const res = await req;
    expect(res.status, JSON.stringify(res.body)).toBe(expectAllowed ? 200 : 403);
    if (!expectAllowed) {
      expect(res.body.error.code).toBe('forbidden');
      const now = await agents.admin.get(`/api/${layer}/${target.id}`).expect(200);
      expect(now.body.properties.version).toBe(target.version);
    }
  });
});

describe('a secretary and their own record', () => {
  it('may change its contact fields, and nothing else', async () => {
    const me = (await agents.secretary.get('/api/session').expect(200)).body.user;
    const own = (await agents.secretary.get(`/api/secretaries/${me.secretary_id}`).expect(200)).body;
    const ok = await agents.secretary
      .patch(`/api/secretaries/${own.id}`)
      .set('If-Match', `"${own.properties.version}"`)
      .send({ properties: { phone: '13900009999' } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.properties.phone).toBe('13900009999');
    await agents.secretary
      .patch(`/api/secretaries/${own.id}`)
      .set('If-Match', `"${ok.body.properties.version}"`)
      .send({ properties: { name: '改名' } })
      .expect(403);
  });
});

describe('phone numbers', () => {
  it('are shown to admins and officials, hidden from planners, and a secretary sees only their own', async () => {
    const me = (await agents.secretary.get('/api/session').expect(200)).body.user;
    const phones = async (role: Role) =>
      (
        (await agents[role].get('/api/secretaries?limit=10000').expect(200)).body.features as {
          id: number;
          properties: { phone: string | null };
        }[]
      )
        .filter((f) => f.properties.phone != null)
        .map((f) => f.id);
    const all = await phones('admin');
    expect(all.length).toBeGreaterThan(10);
    expect(await phones('official')).toEqual(all);
    expect(await phones('planner')).toEqual([]);
    expect(await phones('secretary')).toEqual([me.secretary_id]);
    // …and in history too.
    const other = all.find((id) => id !== me.secretary_id)!;
    const v = (await agents.admin.get(`/api/secretaries/${other}`).expect(200)).body.properties.version;
    await agents.admin
      .patch(`/api/secretaries/${other}`)
      .set('If-Match', `"${v}"`)
      .send({ properties: { phone: '13900000001' } })
      .expect(200);
    const hist = (await agents.planner.get(`/api/secretaries/${other}/history`).expect(200)).body.revisions;
    expect(JSON.stringify(hist)).not.toContain('1390000');
  });
});

describe('signed-out requests', () => {
  it('get 401 on every layer read and write', async () => {
    const { default: request } = await import('supertest');
    for (const layer of ['villages', 'assets', 'secretaries', 'chains'] as LayerName[]) {
      expect((await request(t.app).get(`/api/${layer}`)).status).toBe(401);
      expect((await request(t.app).post(`/api/${layer}`).send({})).status).toBe(401);
    }
    expect((await request(t.app).get('/api/health')).status).toBe(200);
  });
});
