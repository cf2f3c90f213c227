import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZipWriter } from '../../server/io/zip.ts';
import { makeTestApp, signedIn, type TestApp } from '../helpers/app.ts';
import { download, FIXTURES, writeCounts } from './io-helpers.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- reports are read as plain JSON */

let t: TestApp;
let admin: request.Agent;
let planner: request.Agent;
let liuhe: any[]; // villages of the first township (the official's)
let other: any; // a village elsewhere

beforeAll(async () => {
  t = await makeTestApp({ sample: true });
  admin = await signedIn(t.app, 'admin');
  planner = await signedIn(t.app, 'planner');
  liuhe = (await admin.get('/api/villages?township=1').expect(200)).body.features;
  other = (await admin.get('/api/villages?township=2&limit=1').expect(200)).body.features[0];
});
afterAll(() => t.close());

const csv = (lines: (string | number)[][]) => Buffer.from(lines.map((l) => l.join(',')).join('\r\n'));
const post = (agent: request.Agent, query: string, body: Buffer, name: string) =>
  agent.post(`/api/import?${query}`).attach('file', body, name);
const coords = (f: any) => f.geometry.coordinates as number[];

describe('POST /api/import: the dry run', () => {
  it('reports counts, every problem by row and field, and a WGS-84 preview, writing nothing', async () => {
    const [a, b] = liuhe;
    const file = csv([
      ['code', 'code_edition', 'name', 'township_code', 'lng', 'lat', 'registered_population'],
      [a.properties.code, 2024, a.properties.name, '210199100', ...coords(a), 4321],
      ['210199100399', 2024, '新建村', '210199100', coords(b)[0]! + 0.002, coords(b)[1]!, 800],
      [b.properties.code, 2024, b.properties.name, '210199100', ...coords(b), 'abc'],
      ['210199100398', 2024, '无乡镇村', '999999999', ...coords(b), 10],
      ['210199100397', 2024, '出界村', '210199100', 200, 41.7, 10],
    ]);
    const before = await writeCounts(t);
    const res = await post(planner, 'layer=villages', file, 'villages.csv').expect(200);
    const r = res.body;
    expect(r).toMatchObject({
      layer: 'villages',
      format: 'csv',
      dry_run: true,
      source_crs: 'EPSG:4326',
      total: 5,
      valid: 2,
      invalid: 3,
      created: 1,
      updated: 1,
      import_id: null,
    });
    expect(r.errors).toEqual([
      {
        row: 3,
        path: 'properties.registered_population',
        message: 'registered_population: expected a number, got "abc"',
      },
      { row: 4, path: 'properties.township_code', message: 'no township has the code 999999999' },
      expect.objectContaining({ row: 5, path: 'geometry.coordinates', message: 'longitude must be within -180..180' }),
    ]);
    expect(r.preview.type).toBe('FeatureCollection');
    expect(r.preview.features.map((f: any) => [f.properties._row, f.properties._action])).toEqual([
      [1, 'update'],
      [2, 'create'],
      [3, 'invalid'],
      [4, 'invalid'],
      [5, 'invalid'],
    ]);
    expect(r.preview.features[0].properties._changed).toEqual(['registered_population']);
    // Rounded to 7 decimals, as everything imported.
    expect(r.preview.features[1].geometry).toEqual({
      type: 'Point',
      coordinates: [Math.round((coords(b)[0]! + 0.002) * 1e7) / 1e7, coords(b)[1]],
    });
    expect(await writeCounts(t)).toEqual(before);
  });

  it('finds every one of the same things in every format (GeoJSON, XLSX, KML, KMZ, Shapefile)', async () => {
    for (const f of ['geojson', 'xlsx', 'kml', 'zip']) {
      const file = (await download(admin, `/api/export/villages.${f}?township=1`)).body;
      const r = (await post(planner, 'layer=villages', file, `villages.${f}`).expect(200)).body;
      expect(r, f).toMatchObject({ total: liuhe.length, unchanged: liuhe.length, invalid: 0, warnings: [] });
    }
    const kml = (await download(admin, '/api/export/villages.kml?township=1')).body;
    const chunks: Buffer[] = [];
    const sink = new (await import('node:stream')).PassThrough();
    sink.on('data', (c: Buffer) => chunks.push(c));
    const zip = new ZipWriter(sink);
    await zip.add('doc.kml', kml);
    await zip.finish();
    const r = (await post(planner, 'layer=villages', Buffer.concat(chunks), '村.kmz').expect(200)).body;
    expect(r).toMatchObject({ format: 'kmz', filename: '村.kmz', unchanged: liuhe.length });
  });

  it('reads Chinese column labels and GBK text (a CSV saved by Excel on Chinese Windows)', async () => {
    const r = (
      await planner.post('/api/import?layer=villages').attach('file', `${FIXTURES}/villages-gbk.csv`).expect(200)
    ).body;
    expect(r).toMatchObject({ encoding: 'GBK', total: 3, updated: 1, unchanged: 2, invalid: 0 });
    expect(r.warnings).toContainEqual(expect.objectContaining({ code: 'encoding' }));
    expect(r.preview.features[0].properties).toMatchObject({ name: '田家甸子村', _changed: ['registered_population'] });
  });

  it('recognises the plain headers an Amap table has (名称, 级别) for stations', async () => {
    const [lng, lat] = coords(liuhe[0]);
    const body = csv([
      ['名称', '级别', '乡镇代码', '经度', '纬度'],
      ['新站', '站点', liuhe[0].properties.township_code, lng!, lat!],
    ]);
    const r = (await post(planner, 'layer=stations&crs=wgs84', body, 'stations.csv').expect(200)).body;
    expect(r.errors, JSON.stringify(r.errors)).toEqual([]);
    expect(r).toMatchObject({ total: 1, valid: 1, invalid: 0 });
    expect(r.preview.features[0].properties).toMatchObject({ name: '新站', level: '站点' });
  });

  it('refuses bad parameters and a missing file', async () => {
    const file = csv([['code'], ['1']]);
    const code = async (q: string, status: number) => (await post(planner, q, file, 'v.csv').expect(status)).body.error;
    expect((await code('layer=nothing', 400)).details[0].path).toBe('layer');
    expect((await code('layer=alliances', 400)).message).toMatch(/alliances cannot be imported/);
    expect((await code('layer=villages&crs=EPSG:9999', 400)).details[0].path).toBe('crs');
    expect((await code('layer=villages&dryRun=maybe', 400)).code).toBe('invalid_query');
    const none = (await planner.post('/api/import?layer=villages').expect(400)).body.error;
    expect(none).toMatchObject({ code: 'validation_failed', details: [{ path: 'file', message: 'required' }] });
    const two = await planner
      .post('/api/import?layer=villages')
      .attach('file', file, 'a.csv')
      .attach('file', file, 'b.csv')
      .expect(400);
    expect(two.body.error.message).toMatch(/one file/);
  });
});

describe('POST /api/import: the real run', () => {
  it('upserts by natural key in ONE transaction, recorded in history as one import and in the audit log', async () => {
    const [a] = liuhe;
    const file = csv([
      ['统计用区划代码', '代码年份', '村名', '乡镇代码', '经度', '纬度', '户籍人口', '村类标记'],
      [a.properties.code, 2024, a.properties.name, '210199100', ...coords(a), 2222, '脱贫村;易地搬迁安置村'],
      ['210199100390', 2024, '导入新村', '210199100', coords(a)[0]! + 0.003, coords(a)[1]!, 500, ''],
    ]);
    const res = await post(planner, 'layer=villages&dryRun=false', file, '导入.csv').expect(200);
    const r = res.body;
    expect(r).toMatchObject({ dry_run: false, created: 1, updated: 1, invalid: 0, filename: '导入.csv' });
    expect(r.import_id).toEqual(expect.any(Number));
    const imp = await t.db.knex('imports').where({ id: r.import_id }).first();
    expect(imp).toMatchObject({
      layer: 'villages',
      format: 'csv',
      source_crs: 'EPSG:4326',
      created: 1,
      updated: 1,
      filename: '导入.csv',
    });

    const v = (await admin.get(`/api/villages/${a.id}`).expect(200)).body;
    expect(v.properties).toMatchObject({
      registered_population: 2222,
      flags: ['脱贫村', '易地搬迁安置村'],
      updated_by: 'planner',
    });
    expect(v.properties.version).toBe(a.properties.version + 1);
    const hist = (await admin.get(`/api/villages/${a.id}/history`).expect(200)).body.revisions;
    expect(hist[0]).toMatchObject({ action: 'import', user: 'planner', import_id: r.import_id });
    expect(hist[0].changed).toEqual(expect.arrayContaining(['registered_population', 'flags']));
    const created = (await admin.get('/api/villages?q=导入新村').expect(200)).body.features[0];
    expect(created.properties).toMatchObject({ code: '210199100390', township_code: '210199100', version: 1 });
    const createdHist = (await admin.get(`/api/villages/${created.id}/history`).expect(200)).body.revisions;
    expect(createdHist).toEqual([expect.objectContaining({ action: 'import', import_id: r.import_id, before: null })]);
    const revs = await t.db.knex('revisions').where({ import_id: r.import_id });
    expect(revs).toHaveLength(2);

    const audit = (await admin.get('/api/audit?limit=5').expect(200)).body.entries;
    expect(audit.find((e: any) => e.action === 'import')).toMatchObject({
      username: 'planner',
      details: { layer: 'villages', rows: 2, created: 1, updated: 1, import_id: r.import_id },
    });
  });

  it('is all or nothing: one invalid row and nothing is written (422 with the same report)', async () => {
    const [, b, c] = liuhe;
    const file = csv([
      ['code', 'code_edition', 'name', 'township_code', 'lng', 'lat'],
      [b.properties.code, 2024, '改名一', '210199100', ...coords(b)],
      [c.properties.code, 2024, '改名二', '210199100', ...coords(c)],
      ['210199100391', 2024, '', '210199100', ...coords(c)],
    ]);
    const before = await writeCounts(t);
    const res = await post(planner, 'layer=villages&dryRun=false', file, 'v.csv').expect(422);
    expect(res.body.error).toMatchObject({
      code: 'import_invalid',
      message: '1 of 3 rows are invalid: nothing was imported',
    });
    expect(res.body.error.details[0]).toEqual({ path: 'row 3: properties.name', message: expect.any(String) });
    expect(res.body.error.report).toMatchObject({ total: 3, invalid: 1, import_id: null, dry_run: false });
    expect(await writeCounts(t)).toEqual(before);
    expect((await admin.get(`/api/villages/${b.id}`).expect(200)).body.properties.name).toBe(b.properties.name);
    const audit = (await admin.get('/api/audit?limit=3').expect(200)).body.entries;
    expect(audit.find((e: any) => e.action === 'import_rejected')).toMatchObject({ details: { invalid: 1, rows: 3 } });
  });

  it('updates assets by external_id and creates those without one (saying so)', async () => {
    const fc = JSON.parse((await download(admin, '/api/export/assets.geojson?subtype=耕地')).body.toString());
    const [first, second] = fc.features;
    first.properties.name = '改名的耕地';
    delete second.properties.external_id;
    const file = Buffer.from(JSON.stringify({ type: 'FeatureCollection', features: [first, second] }));
    const r = (await post(planner, 'layer=assets&dryRun=false', file, 'assets.geojson').expect(200)).body;
    expect(r).toMatchObject({ created: 1, updated: 1 });
    expect(r.warnings).toContainEqual(expect.objectContaining({ code: 'no_natural_key' }));
    expect((await admin.get(`/api/assets/${first.id}`).expect(200)).body.properties.name).toBe('改名的耕地');
    expect((await admin.get(`/api/assets?q=${encodeURIComponent(second.properties.name)}`)).body.total).toBe(2);
  });

  it('reads polygons as village boundaries: an existing village keeps its location, a new one gets one inside', async () => {
    const [a] = liuhe;
    const boundary = (await admin.get(`/api/villages?geom=boundary&q=${encodeURIComponent(a.properties.name)}`)).body
      .features[0].geometry;
    const [x, y] = coords(a);
    const square = (d: number) => ({
      type: 'Polygon',
      coordinates: [
        [
          [x! + d, y! + d],
          [x! + d + 0.004, y! + d],
          [x! + d + 0.004, y! + d + 0.004],
          [x! + d, y! + d + 0.004],
          [x! + d, y! + d],
        ],
      ],
    });
    const file = Buffer.from(
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', geometry: boundary, properties: { code: a.properties.code } },
          {
            type: 'Feature',
            geometry: square(0.01),
            properties: { code: '210199100392', name: '边界新村', township_code: '210199100', code_edition: 2024 },
          },
        ],
      }),
    );
    const r = (await post(planner, 'layer=villages', file, 'b.geojson').expect(200)).body;
    expect(r).toMatchObject({ total: 2, unchanged: 1, created: 1, invalid: 0 });
    expect(r.warnings).toContainEqual(expect.objectContaining({ code: 'location_from_boundary' }));
    expect(r.preview.features[1].geometry.type).toBe('Polygon');
    const done = (await post(planner, 'layer=villages&dryRun=false', file, 'b.geojson').expect(200)).body;
    expect(done.created).toBe(1);
    const nv = (await admin.get('/api/villages?q=边界新村').expect(200)).body.features[0];
    const [nx, ny] = coords(nv);
    expect(nx).toBeGreaterThan(x! + 0.01);
    expect(nx).toBeLessThan(x! + 0.014);
    expect(ny).toBeGreaterThan(y! + 0.01);
    expect(nv.properties.has_boundary).toBe(true);
  });

  it('updates figures from a table without coordinates (villages keep their place)', async () => {
    const d = liuhe[3];
    const file = csv([
      ['统计用区划代码', '常住人口'],
      [d.properties.code, 999],
    ]);
    const r = (await post(planner, 'layer=villages&dryRun=false', file, '村情.csv').expect(200)).body;
    expect(r).toMatchObject({ updated: 1, invalid: 0 });
    expect(r.warnings).toContainEqual(expect.objectContaining({ code: 'no_geometry' }));
    const v = (await admin.get(`/api/villages/${d.id}`).expect(200)).body;
    expect(v.properties.resident_population).toBe(999);
    expect(v.geometry).toEqual(d.geometry);
  });

  it('creates stations (no natural key) and says every row will be new', async () => {
    const file = csv([
      ['站点名称', '站点级别', '乡镇代码', '经度', '纬度', '功能'],
      ['导入服务站', '站点', '210199100', ...coords(liuhe[0]), '便民服务大厅;党员活动室'],
    ]);
    const r = (await post(admin, 'layer=stations&dryRun=false', file, 's.csv').expect(200)).body;
    expect(r).toMatchObject({ created: 1 });
    expect(r.warnings).toContainEqual(expect.objectContaining({ code: 'no_natural_key' }));
    const s = (await admin.get('/api/stations?q=导入服务站').expect(200)).body.features[0];
    expect(s.properties.functions).toEqual(['便民服务大厅', '党员活动室']);
  });
});

describe('POST /api/import: who may import', () => {
  const file = () =>
    csv([
      ['code', 'name', 'lng', 'lat'],
      [liuhe[3].properties.code, liuhe[3].properties.name, ...coords(liuhe[3])],
      [other.properties.code, '别处村', ...coords(other)],
    ]);

  it('refuses secretaries before reading the file, and townships to all but admins', async () => {
    const sec = await signedIn(t.app, 'secretary');
    expect((await sec.post('/api/import?layer=villages').expect(403)).body.error.message).toMatch(
      /secretaries may not import/,
    );
    expect((await post(planner, 'layer=townships', file(), 't.csv').expect(403)).body.error.code).toBe('forbidden');
    expect((await request(t.app).post('/api/import?layer=villages').expect(401)).body.error.code).toBe(
      'unauthenticated',
    );
  });

  it('lets officials import only rows in their townships', async () => {
    const official = await signedIn(t.app, 'official');
    const r = (await post(official, 'layer=villages', file(), 'v.csv').expect(200)).body;
    expect(r.errors).toEqual([{ row: 2, path: '', message: 'Not allowed: outside your townships' }]);
    expect(r.valid).toBe(1);
    await post(official, 'layer=villages&dryRun=false', file(), 'v.csv').expect(422);
  });
});
