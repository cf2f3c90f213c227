import type request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LayerName } from '../../common/schemas/layers.ts';
import { makeTestApp, signedIn, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let admin: request.Agent;
const ids: Record<string, number> = {};

beforeAll(async () => {
  t = await makeTestApp({ sample: true });
  admin = await signedIn(t.app, 'admin');
  const v = (await admin.get('/api/villages?q=羊草沟').expect(200)).body.features[0];
  ids.village = v.id;
  ids.township = v.properties.township_id;
  const lngLat = v.geometry.coordinates as number[];
  ids.lng = lngLat[0]!;
  ids.lat = lngLat[1]!;
  ids.secretary = (await admin.get(`/api/secretaries?village=${ids.village}`).expect(200)).body.features[0].id;
  const chains = (await admin.get('/api/chains').expect(200)).body.features;
  ids.chain = chains[0].id;
  const nodes = (await admin.get(`/api/chain-nodes?chain=${ids.chain}`).expect(200)).body.features;
  ids.node1 = nodes[0].id;
  ids.node2 = nodes[1].id;
  const others = (await admin.get(`/api/villages?township=${ids.township}&limit=3`).expect(200)).body.features;
  ids.village2 = others.find((f: { id: number }) => f.id !== ids.village).id;
});
afterAll(() => t.close());

const near = (dx: number, dy: number) => [ids.lng! + dx, ids.lat! + dy];
const square = (d = 0.001) => ({
  type: 'Polygon',
  coordinates: [[near(0, 0), near(d, 0), near(d, d), near(0, d), near(0, 0)]],
});

interface Case {
  layer: LayerName;
  create: () => object;
  patch: Record<string, unknown>;
  search: string;
  spatial: boolean;
}

const CASES: Case[] = [
  {
    layer: 'townships',
    create: () => ({
      type: 'Feature',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [100, 30],
            [100.1, 30],
            [100.1, 30.1],
            [100, 30],
          ],
        ],
      },
      properties: { code: '210199999', name: '测试镇', county: '示例县' },
    }),
    patch: { name: '测试镇二' },
    search: '测试镇',
    spatial: true,
  },
  {
    layer: 'villages',
    create: () => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: near(0.002, 0.002) },
      properties: {
        code: '210199100399',
        code_edition: 2024,
        name: '测试新村',
        township_id: ids.township,
        boundary: square(0.004),
        incomes: [{ year: 2024, total: 30, operating: 12 }],
        flags: ['脱贫村'],
      },
    }),
    patch: { resident_population: 812, incomes: [{ year: 2024, total: 30, operating: 60 }] },
    search: '测试新村',
    spatial: true,
  },
  {
    layer: 'assets',
    create: () => ({
      type: 'Feature',
      geometry: square(),
      properties: {
        village_id: ids.village,
        category: '资源性资产',
        subtype: '耕地',
        name: '测试地块',
        operation_mode: '出租',
        lessee: '某合作社',
        contract_start: '2025-01-01',
        contract_end: '2027-12-31',
        annual_income: 1.2,
      },
    }),
    patch: { lessee: '另一合作社' },
    search: '测试地块',
    spatial: true,
  },
  {
    layer: 'secretaries',
    create: () => ({
      properties: {
        village_id: ids.village,
        name: '测试队员',
        role: '队员',
        status: '在岗',
        term_start: '2025-03-01',
        term_end: '2027-03-01',
        phone: '13900001234',
      },
    }),
    patch: { status: '轮换' },
    search: '测试队员',
    spatial: false,
  },
  {
    layer: 'assessments',
    create: () => ({
      properties: { secretary_id: ids.secretary, year: 2019, grade: '优秀', score: 95, days_in_village: 230 },
    }),
    patch: { grade: '合格' },
    search: '优秀',
    spatial: false,
  },
  {
    layer: 'stations',
    create: () => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: near(0.001, 0) },
      properties: {
        name: '测试服务站',
        level: '站点',
        township_id: ids.township,
        village_id: ids.village,
        functions: ['便民服务大厅'],
      },
    }),
    patch: { opening_hours: '周一至周日 8:00-18:00' },
    search: '测试服务站',
    spatial: true,
  },
  {
    layer: 'chains',
    create: () => ({ properties: { name: '测试链', lead_product: '蓝莓', level: '县级重点链' } }),
    patch: { description: '新描述' },
    search: '测试链',
    spatial: false,
  },
  {
    layer: 'chain-nodes',
    create: () => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: near(0, 0.001) },
      properties: {
        chain_id: ids.chain,
        village_id: ids.village,
        name: '测试冷库节点',
        stage: '仓储冷链',
        operator: '村集体',
        capacity: 500,
        capacity_unit: '吨',
      },
    }),
    patch: { capacity: 800 },
    search: '测试冷库节点',
    spatial: true,
  },
  {
    layer: 'chain-links',
    create: () => ({
      properties: {
        chain_id: ids.chain,
        from_node_id: ids.node1,
        to_node_id: ids.node2,
        product: '测试产品',
        volume: 100,
        volume_unit: '吨',
        mode: '订单',
      },
    }),
    patch: { volume: 150 },
    search: '测试产品',
    spatial: false,
  },
  {
    layer: 'alliances',
    create: () => ({
      properties: {
        name: '测试联盟',
        type: '片区化发展',
        status: '规划中',
        lead_village_id: ids.village,
        member_village_ids: [ids.village, ids.village2],
      },
    }),
    patch: { status: '实施中' },
    search: '测试联盟',
    spatial: false,
  },
];

describe.each(CASES)('/api/$layer', (c) => {
  let id: number;
  let created: { properties: Record<string, unknown>; geometry: unknown };

  it('creates a record (201, ETag "1", Location) and reads it back', async () => {
    const res = await admin.post(`/api/${c.layer}`).send(c.create()).expect(201);
    expect(res.headers.etag).toBe('"1"');
    id = res.body.id;
    expect(res.headers.location).toBe(`/api/${c.layer}/${id}`);
    created = res.body;
    expect(created.properties.version).toBe(1);
    expect(created.properties.created_by).toBe('admin');
    const got = await admin.get(`/api/${c.layer}/${id}`).expect(200);
    expect(got.headers.etag).toBe('"1"');
    expect(got.body).toEqual(created);
  });

  it('lists it with q, township, village, bbox, limit and offset filters', async () => {
    const list = async (qs: string) => {
      const res = await admin.get(`/api/${c.layer}?${qs}`).expect(200);
      // Lists written as text (Buffers) and as objects alike.
      expect(res.headers['content-type']).toBe('application/geo+json; charset=utf-8');
      return (res.body.features as { id: number }[]).map((f) => f.id);
    };
    expect(await list(`q=${encodeURIComponent(c.search)}`)).toContain(id);
    expect(await list(`q=${encodeURIComponent('不存在的名字')}`)).toEqual([]);
    if (c.layer !== 'townships' && c.layer !== 'chains' && c.layer !== 'chain-links') {
      expect(await list(`village=${c.layer === 'villages' ? id : ids.village}`)).toContain(id);
      expect(await list(`township=${ids.township}`)).toContain(id);
      expect(await list(`township=99999`)).not.toContain(id);
    }
    if (c.spatial) {
      const [w, s] = c.layer === 'townships' ? [99.9, 29.9] : near(-0.01, -0.01);
      const [e, n] = c.layer === 'townships' ? [100.2, 30.2] : near(0.01, 0.01);
      expect(await list(`bbox=${w},${s},${e},${n}`)).toContain(id);
      expect(await list(`bbox=10,10,11,11`)).toEqual([]);
    }
    const all = await list('limit=10000');
    const page = await list(`limit=1&offset=${all.indexOf(id)}`);
    expect(page).toEqual([id]);
  });

  it('updates with If-Match; 428 without it, 412 with a stale version', async () => {
    await admin.patch(`/api/${c.layer}/${id}`).send({ properties: c.patch }).expect(428);
    const res = await admin
      .patch(`/api/${c.layer}/${id}`)
      .set('If-Match', '"1"')
      .send({ properties: c.patch })
      .expect(200);
    expect(res.headers.etag).toBe('"2"');
    for (const [k, v] of Object.entries(c.patch)) expect(res.body.properties[k]).toEqual(v);
    const stale = await admin
      .patch(`/api/${c.layer}/${id}`)
      .set('If-Match', '"1"')
      .send({ properties: c.patch })
      .expect(412);
    expect(stale.body.error.code).toBe('version_conflict');
    expect(stale.body.error.current_version).toBe(2);
  });

  it('soft-deletes with If-Match, then restores a revision as a new version', async () => {
    // A bbox list around the record, one a page so its total is counted (from the R*Tree on SQLite).
    const [w, s] = c.layer === 'townships' ? [99.9, 29.9] : near(-0.01, -0.01);
    const [e, n] = c.layer === 'townships' ? [100.2, 30.2] : near(0.01, 0.01);
    const inView = async () => {
      if (!c.spatial) return null;
      const all = (await admin.get(`/api/${c.layer}?bbox=${w},${s},${e},${n}&limit=10000`).expect(200)).body;
      const one = (await admin.get(`/api/${c.layer}?bbox=${w},${s},${e},${n}&limit=1`).expect(200)).body;
      expect(one.total).toBe(all.features.length);
      return { total: one.total as number, has: all.features.some((f: { id: number }) => f.id === id) };
    };
    const before = await inView();
    await admin.delete(`/api/${c.layer}/${id}`).expect(428);
    const del = await admin.delete(`/api/${c.layer}/${id}`).set('If-Match', '"2"').expect(200);
    expect(del.body).toMatchObject({ id, version: 3 });
    await admin.get(`/api/${c.layer}/${id}`).expect(404);
    if (before) {
      expect(before.has).toBe(true);
      expect(await inView()).toEqual({ total: before.total - 1, has: false });
    }

    const history = (await admin.get(`/api/${c.layer}/${id}/history`).expect(200)).body.revisions as {
      id: number;
      action: string;
      version: number;
      user: string;
      changed: string[];
    }[];
    expect(history.map((h) => [h.action, h.version])).toEqual([
      ['delete', 3],
      ['update', 2],
      ['create', 1],
    ]);
    expect(history[1]!.user).toBe('admin');
    expect(history[1]!.changed).toEqual(expect.arrayContaining(Object.keys(c.patch)));

    const createRev = history[2]!.id;
    const restored = await admin.post(`/api/${c.layer}/${id}/restore`).send({ revision: createRev }).expect(200);
    expect(restored.body.properties.version).toBe(4);
    for (const k of Object.keys(c.patch)) expect(restored.body.properties[k]).toEqual(created.properties[k]);
    await admin.get(`/api/${c.layer}/${id}`).expect(200);
    if (before) expect(await inView()).toEqual(before);
    const after = (await admin.get(`/api/${c.layer}/${id}/history`).expect(200)).body.revisions;
    expect(after[0]).toMatchObject({ action: 'restore', version: 4 });
  });
});

describe('derived read shapes', () => {
  it('computes the area of a drawn land polygon in 亩', async () => {
    const res = await admin
      .post('/api/assets')
      .send({
        geometry: square(0.002),
        properties: { village_id: ids.village, category: '资源性资产', subtype: '林地', name: '面积测试' },
      })
      .expect(201);
    // 0.002° × 0.002° near 41.8°N ≈ 166 m × 222 m ≈ 36,900 m² ≈ 55 亩
    expect(res.body.properties.area_mu).toBeGreaterThan(50);
    expect(res.body.properties.area_mu).toBeLessThan(60);
  });

  it('draws secretaries at their village, chain links as lines and alliances as hulls', async () => {
    const s = (await admin.get(`/api/secretaries/${ids.secretary}`).expect(200)).body;
    expect(s.geometry).toEqual({ type: 'Point', coordinates: [ids.lng, ids.lat] });
    const links = (await admin.get('/api/chain-links?limit=1').expect(200)).body.features;
    expect(links[0].geometry.type).toBe('LineString');
    const alliances = (await admin.get('/api/alliances').expect(200)).body.features;
    expect(alliances.length).toBeGreaterThanOrEqual(2);
    for (const a of alliances) {
      expect(a.geometry.type).toBe('Polygon');
      expect(a.properties.member_village_ids.length).toBe(a.properties.member_count);
    }
  });

  it('refuses to delete a village that still has assets (409), changing nothing', async () => {
    const v = (await admin.get(`/api/villages/${ids.village}`).expect(200)).body;
    const res = await admin
      .delete(`/api/villages/${ids.village}`)
      .set('If-Match', `"${v.properties.version}"`)
      .expect(409);
    expect(res.body.error.code).toBe('has_dependents');
    expect(res.body.error.dependents.assets).toBeGreaterThan(0);
    await admin.get(`/api/villages/${ids.village}`).expect(200);
  });
});

describe('the sample data’s history', () => {
  it('starts with a create revision, so the first state can be restored after an edit', async () => {
    const v = (await admin.get(`/api/villages/${ids.village}`).expect(200)).body;
    const hist = (await admin.get(`/api/villages/${ids.village}/history`).expect(200)).body.revisions;
    expect(hist.at(-1)).toMatchObject({ action: 'create', user: 'sample-data', version: 1 });
    const edited = await admin
      .patch(`/api/villages/${ids.village}`)
      .set('If-Match', `"${v.properties.version}"`)
      .send({ properties: { households: 1 } })
      .expect(200);
    const back = await admin
      .post(`/api/villages/${ids.village}/restore`)
      .set('If-Match', `"${edited.body.properties.version}"`)
      .send({ revision: hist.at(-1).id })
      .expect(200);
    expect(back.body.properties.households).toBe(v.properties.households);
  });

  it('sets no content-hash ETag on lists (ETags are versions)', async () => {
    const res = await admin.get('/api/villages?limit=1').expect(200);
    expect(res.headers.etag).toBeUndefined();
  });
});

describe('GET /api/chains', () => {
  it('returns chain records with their nodes, links and stages', async () => {
    const chains = (await admin.get('/api/chains').expect(200)).body.features as {
      properties: {
        name: string;
        nodes: { stage: string; lngLat: number[] }[];
        links: { from_node_id: number }[];
        stages: string[];
      };
    }[];
    const strawberry = chains.find((c) => c.properties.name === '草莓')!;
    expect(strawberry.properties.nodes.length).toBeGreaterThanOrEqual(5);
    expect(strawberry.properties.links.length).toBeGreaterThanOrEqual(4);
    expect(strawberry.properties.stages).not.toContain('仓储冷链');
    expect(strawberry.properties.nodes[0]!.lngLat).toHaveLength(2);
  });
});
