/** A table of bad bodies across layers: each answered 400 naming the bad field, nothing written. */
import type request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, signedIn, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let admin: request.Agent;
// The sample's first village and township; bodies below are built when the module loads.
let village = 1;
let township = 1;

beforeAll(async () => {
  t = await makeTestApp({ sample: true });
  admin = await signedIn(t.app, 'admin');
  const v = (await admin.get('/api/villages?limit=1').expect(200)).body.features[0];
  village = v.id;
  township = v.properties.township_id;
});
afterAll(() => t.close());

const P = (coordinates: number[]) => ({ type: 'Point', coordinates });
const ring = [
  [123, 41.7],
  [123.01, 41.7],
  [123.01, 41.71],
  [123, 41.71],
  [123, 41.7],
];
const asset = (props: Record<string, unknown> = {}, geometry: unknown = P([123, 41.7])) => ({
  type: 'Feature',
  geometry,
  properties: { village_id: village, category: '经营性资产', subtype: '冷库', name: '冷库', ...props },
});
const villageBody = (props: Record<string, unknown> = {}, geometry: unknown = P([123, 41.7])) => ({
  geometry,
  properties: { code: '210199100398', code_edition: 2024, name: '新村', township_id: township, ...props },
});
const station = (props: Record<string, unknown> = {}, geometry: unknown = P([123, 41.7])) => ({
  geometry,
  properties: { name: '站', level: '站点', township_id: township, ...props },
});

// [description, layer, body, expected path]
const CASES: [string, string, unknown, string][] = [
  ['an unknown property', 'assets', asset({ colour: 'red' }), 'properties.colour'],
  [
    'a __proto__ key',
    'assets',
    JSON.parse(
      '{"geometry":{"type":"Point","coordinates":[123,41.7]},"properties":{"village_id":1,"category":"经营性资产","subtype":"冷库","name":"x","__proto__":{"admin":true}}}',
    ),
    'properties.__proto__',
  ],
  ['a negative area', 'assets', asset({ area_mu: -3 }), 'properties.area_mu'],
  ['area as a string', 'assets', asset({ area_mu: '12' }), 'properties.area_mu'],
  ['an unknown subtype', 'assets', asset({ subtype: '飞机场' }), 'properties.subtype'],
  ['a subtype of another category', 'assets', asset({ category: '资源性资产' }), 'properties.category'],
  ['a missing name', 'assets', asset({ name: undefined }), 'properties.name'],
  ['an empty name', 'assets', asset({ name: '' }), 'properties.name'],
  ['a name too long', 'assets', asset({ name: '长'.repeat(101) }), 'properties.name'],
  ['a bad operation mode', 'assets', asset({ operation_mode: '卖掉' }), 'properties.operation_mode'],
  ['a malformed contract date', 'assets', asset({ contract_start: '2025/01/01' }), 'properties.contract_start'],
  [
    'a contract ending before it starts',
    'assets',
    asset({ contract_start: '2025-01-01', contract_end: '2024-01-01' }),
    'properties.contract_end',
  ],
  ['photos not an array', 'assets', asset({ photos: 'a.jpg' }), 'properties.photos'],
  ['a village that does not exist', 'assets', asset({ village_id: 999999 }), 'properties.village_id'],
  ['a village id that is not an integer', 'assets', asset({ village_id: 1.5 }), 'properties.village_id'],
  ['longitude out of range', 'assets', asset({}, P([200, 41.7])), 'geometry.coordinates'],
  ['latitude out of range', 'assets', asset({}, P([123, 95])), 'geometry.coordinates'],
  ['a position with one number', 'assets', asset({}, P([123])), 'geometry.coordinates'],
  ['a NaN-like coordinate', 'assets', asset({}, { type: 'Point', coordinates: ['123', 41] }), 'geometry.coordinates.0'],
  [
    'an unclosed ring',
    'assets',
    asset({}, { type: 'Polygon', coordinates: [ring.slice(0, 4)] }),
    'geometry.coordinates.0',
  ],
  [
    'a bow-tie ring',
    'assets',
    asset(
      {},
      {
        type: 'Polygon',
        coordinates: [
          [
            [123, 41.7],
            [123.01, 41.71],
            [123.01, 41.7],
            [123, 41.71],
            [123, 41.7],
          ],
        ],
      },
    ),
    'geometry.coordinates.0',
  ],
  [
    'a ring of three positions',
    'assets',
    asset(
      {},
      {
        type: 'Polygon',
        coordinates: [
          [
            [123, 41.7],
            [123.01, 41.7],
            [123, 41.7],
          ],
        ],
      },
    ),
    'geometry.coordinates.0',
  ],
  [
    'a hole outside its shell',
    'assets',
    asset(
      {},
      {
        type: 'Polygon',
        coordinates: [
          ring,
          [
            [124, 42],
            [124.01, 42],
            [124.01, 42.01],
            [124, 42],
          ],
        ],
      },
    ),
    'geometry.coordinates.1',
  ],
  [
    'a geometry type the layer does not take',
    'assets',
    asset({}, { type: 'MultiPoint', coordinates: [[123, 41.7]] }),
    'geometry.type',
  ],
  ['a missing geometry', 'assets', { properties: asset().properties }, 'geometry'],
  [
    'extra keys in the geometry',
    'assets',
    asset({}, { type: 'Point', coordinates: [123, 41.7], crs: 'EPSG:3857' }),
    'geometry.crs',
  ],
  ['an unknown top-level key', 'assets', { ...asset(), style: {} }, 'style'],
  ['properties not an object', 'assets', { geometry: P([123, 41.7]), properties: 'x' }, 'properties'],
  ['a village code with 11 digits', 'villages', villageBody({ code: '21019910039' }), 'properties.code'],
  [
    'a village location that is a polygon',
    'villages',
    villageBody({}, { type: 'Polygon', coordinates: [ring] }),
    'geometry.type',
  ],
  [
    'a village boundary that is a point',
    'villages',
    villageBody({ boundary: P([123, 41.7]) }),
    'properties.boundary.type',
  ],
  ['a negative population', 'villages', villageBody({ resident_population: -1 }), 'properties.resident_population'],
  [
    'an income year out of range',
    'villages',
    villageBody({ incomes: [{ year: 1800, total: 1, operating: 1 }] }),
    'properties.incomes.0.year',
  ],
  [
    'an income row with an extra key',
    'villages',
    villageBody({ incomes: [{ year: 2024, total: 1, operating: 1, bonus: 2 }] }),
    'properties.incomes.0.bonus',
  ],
  ['a township that does not exist', 'villages', villageBody({ township_id: 424242 }), 'properties.township_id'],
  ['a station with an unknown level', 'stations', station({ level: '省中心' }), 'properties.level'],
  ['a station radius below the minimum', 'stations', station({ service_radius_m: 5 }), 'properties.service_radius_m'],
  ['a station with staff as text', 'stations', station({ staff_on_duty: 'three' }), 'properties.staff_on_duty'],
  [
    'a secretary with an unknown role',
    'secretaries',
    { properties: { village_id: 1, name: '某', role: '书记长', status: '在岗' } },
    'properties.role',
  ],
  [
    'a secretary with a bad phone',
    'secretaries',
    { properties: { village_id: 1, name: '某', role: '队员', status: '在岗', phone: 'call me' } },
    'properties.phone',
  ],
  [
    'a secretary term ending before it starts',
    'secretaries',
    {
      properties: {
        village_id: 1,
        name: '某',
        role: '队员',
        status: '在岗',
        term_start: '2025-01-01',
        term_end: '2024-01-01',
      },
    },
    'properties.term_end',
  ],
  [
    'a secretary with a geometry',
    'secretaries',
    { geometry: P([123, 41.7]), properties: { village_id: 1, name: '某', role: '队员', status: '在岗' } },
    'geometry',
  ],
  [
    'an assessment score over 100',
    'assessments',
    { properties: { secretary_id: 1, year: 2024, grade: '优秀', score: 101 } },
    'properties.score',
  ],
  [
    'an assessment with an unknown grade',
    'assessments',
    { properties: { secretary_id: 1, year: 2024, grade: '很好' } },
    'properties.grade',
  ],
  [
    'a chain node with an unknown stage',
    'chain-nodes',
    { geometry: P([123, 41.7]), properties: { chain_id: 1, name: 'n', stage: '太空' } },
    'properties.stage',
  ],
  [
    'a chain node in a chain that does not exist',
    'chain-nodes',
    { geometry: P([123, 41.7]), properties: { chain_id: 9999, name: 'n', stage: '物流' } },
    'properties.chain_id',
  ],
  [
    'a link from a node to itself',
    'chain-links',
    { properties: { chain_id: 1, from_node_id: 1, to_node_id: 1 } },
    'properties.to_node_id',
  ],
  [
    'a link with an unknown mode',
    'chain-links',
    { properties: { chain_id: 1, from_node_id: 1, to_node_id: 2, mode: '赠送' } },
    'properties.mode',
  ],
  [
    'an alliance listing a village twice',
    'alliances',
    { properties: { name: 'a', type: '治理协同型', status: '规划中', member_village_ids: [1, 1] } },
    'properties.member_village_ids',
  ],
  [
    'an alliance led by a non-member',
    'alliances',
    { properties: { name: 'a', type: '治理协同型', status: '规划中', lead_village_id: 2, member_village_ids: [1] } },
    'properties.lead_village_id',
  ],
  [
    'an alliance with an unknown status',
    'alliances',
    { properties: { name: 'a', type: '治理协同型', status: '进行', member_village_ids: [] } },
    'properties.status',
  ],
  [
    'an alliance member that does not exist',
    'alliances',
    { properties: { name: 'a', type: '治理协同型', status: '规划中', member_village_ids: [1, 987654] } },
    'properties.member_village_ids.1',
  ],
  [
    'a township code of 6 digits',
    'townships',
    { geometry: { type: 'Polygon', coordinates: [ring] }, properties: { code: '210199', name: 't', county: 'c' } },
    'properties.code',
  ],
  ['a body that is an array', 'assets', [asset()], ''],
];

describe('POST /api/{layer} with a bad body', () => {
  it('has a table of at least 40 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(CASES.map(([d, l, b, p]) => ({ d, l, b, p })))(
    'rejects $d ($l) naming $p',
    async ({ l: layer, b: body, p: path }) => {
      const before = (await admin.get(`/api/${layer}?limit=1`).expect(200)).body.total;
      const res = await admin.post(`/api/${layer}`).send(body as object);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      const paths = (res.body.error.details as { path: string }[]).map((d) => d.path);
      expect(paths, JSON.stringify(res.body.error.details)).toContain(path);
      expect((await admin.get(`/api/${layer}?limit=1`).expect(200)).body.total).toBe(before);
    },
  );

  it('names every bad field at once', async () => {
    const res = await admin
      .post('/api/assets')
      .send(asset({ area_mu: -1, subtype: 'x', colour: 1 }, P([999, 0])))
      .expect(400);
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining(['properties.area_mu', 'properties.subtype', 'properties.colour', 'geometry.coordinates']),
    );
  });
});

describe('PATCH with a bad body', () => {
  it('rejects unknown fields and a partial state that breaks a cross-field rule', async () => {
    const a = (
      await admin
        .post('/api/assets')
        .send(asset({ contract_start: '2025-01-01' }))
        .expect(201)
    ).body;
    const r1 = await admin
      .patch(`/api/assets/${a.id}`)
      .set('If-Match', '"1"')
      .send({ properties: { version: 7 } })
      .expect(400);
    expect(r1.body.error.details[0].path).toBe('properties.version');
    const r2 = await admin
      .patch(`/api/assets/${a.id}`)
      .set('If-Match', '"1"')
      .send({ properties: { contract_end: '2020-01-01' } })
      .expect(400);
    expect(r2.body.error.details.map((d: { path: string }) => d.path)).toContain('properties.contract_end');
    expect((await admin.get(`/api/assets/${a.id}`).expect(200)).body.properties.version).toBe(1);
  });

  it('answers a malformed If-Match with 400', async () => {
    const res = await admin
      .patch(`/api/villages/${village}`)
      .set('If-Match', 'yesterday')
      .send({ properties: {} })
      .expect(400);
    expect(res.body.error.code).toBe('bad_if_match');
  });
});

describe('malformed requests', () => {
  it('answers broken JSON, an oversized body and a wrong content type with 4xx JSON', async () => {
    const broken = await admin.post('/api/assets').set('Content-Type', 'application/json').send('{"geometry":');
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('invalid_json');
    const huge = await admin
      .post('/api/assets')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ x: 'a'.repeat(3 * 1024 * 1024) }));
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('payload_too_large');
    const text = await admin.post('/api/assets').set('Content-Type', 'text/plain').send('hello');
    expect(text.status).toBe(415);
    expect(text.body.error.code).toBe('unsupported_media_type');
  });

  it('refuses JSON nested 100,000 levels deep with 400 before parsing it', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const res = await admin.post('/api/assets').set('Content-Type', 'application/json').send(`{"properties":${deep}}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('too_deep');
    // Brackets inside strings do not count.
    const ok = await admin.post('/api/chains').send({ properties: { name: '['.repeat(45) } });
    expect(ok.status).toBe(201);
  });

  it('takes one value per query parameter (Express would make ?township=1&township=2 an array)', async () => {
    const res = await admin.get('/api/villages?township=1&township=2').expect(400);
    expect(res.body.error.details[0].path).toBe('township');
  });
});
