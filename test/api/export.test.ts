import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ringSignedArea } from '../../common/geometry-checks.ts';
import { LAYER_NAMES } from '../../common/schemas/layers.ts';
import { exportFields, FIELDS, LAYER_ZH, normalizeName } from '../../server/io/labels.ts';
import { readZip } from '../../server/io/zip.ts';
import { FeatureRepository } from '../../server/repositories/feature-repository.ts';
import { makeTestApp, signedIn, type TestApp } from '../helpers/app.ts';
import { download, HAVE_GDAL, ogrinfo, ogrinfoMany, tmpDir } from './io-helpers.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- exported files are walked as plain JSON */

let t: TestApp;
let admin: request.Agent;
let planner: request.Agent;
const totals: Record<string, number> = {};

beforeAll(async () => {
  t = await makeTestApp({ sample: true });
  admin = await signedIn(t.app, 'admin');
  planner = await signedIn(t.app, 'planner');
  for (const layer of LAYER_NAMES) totals[layer] = (await admin.get(`/api/${layer}?limit=1`).expect(200)).body.total;
});
afterAll(() => t.close());

const FORMATS = ['geojson', 'csv', 'xlsx', 'kml', 'zip'] as const;

describe('GET /api/export/{layer}.{format}: every sample layer opens in GDAL', () => {
  const CSV_OPTS = { X_POSSIBLE_NAMES: 'lng', Y_POSSIBLE_NAMES: 'lat', GEOM_POSSIBLE_NAMES: 'wkt' };

  it.skipIf(!HAVE_GDAL)('every layer in every format: the right count, no warnings, WGS 84', async () => {
    const dir = tmpDir();
    try {
      const sources: Parameters<typeof ogrinfoMany>[1] = [];
      const expected = new Map<string, { layer: string; f: string; count: number }>();
      for (const layer of LAYER_NAMES)
        for (const f of FORMATS) {
          const res = await download(admin, `/api/export/${layer}.${f}`);
          expect(res.status, `${layer}.${f}: ${res.body.toString().slice(0, 200)}`).toBe(200);
          const file = path.join(dir, `${layer}.${f}`);
          fs.writeFileSync(file, res.body);
          const add = (
            name: string,
            src: string,
            srcLayer: string,
            count: number,
            options?: Record<string, string>,
          ) => {
            sources.push({ name, file: src, layer: srcLayer, options });
            expected.set(name, { layer, f, count });
          };
          if (f === 'geojson') add(`${layer}.geojson`, file, layer, totals[layer]!);
          if (f === 'csv') add(`${layer}.csv`, file, layer, totals[layer]!, CSV_OPTS);
          if (f === 'xlsx' || f === 'kml') add(`${layer}.${f}`, file, LAYER_ZH[layer], totals[layer]!);
          if (f === 'zip') {
            // One shapefile per geometry type, each with its .prj and .cpg.
            const names = readZip(res.body).map((e) => e.name);
            const stems = [...new Set(names.map((n) => n.replace(/\.[a-z]+$/, '')))];
            const spatial = layer !== 'chains' && layer !== 'assessments';
            for (const stem of stems) {
              for (const ext of spatial ? ['.shp', '.shx', '.dbf', '.prj', '.cpg'] : ['.dbf', '.cpg'])
                expect(names, `${layer}.zip`).toContain(`${stem}${ext}`);
              const count = readZip(res.body)
                .find((e) => e.name === `${stem}.dbf`)!
                .read()
                .readUInt32LE(4);
              add(`${stem}.zip`, `/vsizip/${file}`, stem, count);
            }
            if (layer === 'assets') expect(stems.sort()).toEqual(['assets_point', 'assets_polygon']);
          }
        }
      const { sections, warnings } = ogrinfoMany(dir, sources);
      expect(warnings).toEqual([]);
      const perLayer = new Map<string, number>();
      for (const [name, want] of expected) {
        const r = sections.get(name);
        expect(r, `${name} was read`).toBeDefined();
        expect(r!.count, `${name} feature count`).toEqual([want.count]);
        const spatial = want.layer !== 'chains' && want.layer !== 'assessments';
        if (spatial && ['geojson', 'kml', 'zip'].includes(want.f))
          expect(r!.out, `${name} CRS`).toContain('GEOGCRS["WGS 84"');
        if (want.f === 'zip') perLayer.set(want.layer, (perLayer.get(want.layer) ?? 0) + want.count);
      }
      for (const layer of LAYER_NAMES) expect(perLayer.get(layer), `${layer}.zip in all`).toBe(totals[layer]);
      expect(sections.get('villages.xlsx')!.out).toContain('统计用区划代码: String');
      // And opened directly, as a user would: a zip with two shapefiles, a KML, a spreadsheet.
      for (const direct of [
        `/vsizip/${path.join(dir, 'assets.zip')}`,
        path.join(dir, 'assets.kml'),
        path.join(dir, 'assets.xlsx'),
      ]) {
        const r = ogrinfo(direct);
        expect(r.warnings, direct).toEqual([]);
        expect(
          r.count.reduce((a, b) => a + b, 0),
          direct,
        ).toBe(totals.assets);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the label table (server/io/labels.ts)', () => {
  it.each(LAYER_NAMES)(
    '%s: every key has a Chinese label and a unique Shapefile name of ≤ 10 ASCII characters',
    (layer) => {
      const defs = FIELDS[layer];
      for (const d of defs) {
        expect(d.dbf, d.key).toMatch(/^[a-z0-9_]{1,10}$/);
        expect(d.zh, d.key).toMatch(/[\u4e00-\u9fff]/);
      }
      for (const pick of [
        (d: (typeof defs)[number]) => d.key,
        (d: (typeof defs)[number]) => d.dbf,
        (d: (typeof defs)[number]) => normalizeName(d.zh),
      ])
        expect(new Set(defs.map(pick)).size).toBe(defs.length);
      // No label of one field is the key or Shapefile name of another.
      const names = new Map<string, string>();
      for (const d of defs)
        for (const n of new Set([d.key, d.dbf, d.zh].map(normalizeName))) {
          expect(names.get(n) ?? d.key, `${layer}: "${n}"`).toBe(d.key);
          names.set(n, d.key);
        }
    },
  );

  it('is the table docs/io.md shows', () => {
    const doc = fs.readFileSync('docs/io.md', 'utf8').replace(/ +/g, ' ');
    for (const layer of LAYER_NAMES)
      for (const d of FIELDS[layer])
        expect(doc, `${layer}.${d.key}`).toContain(`| \`${d.key}\` | ${d.zh} | \`${d.dbf}\` | ${d.kind} |`);
  });

  it('covers every property the API returns (so exports carry them all)', async () => {
    for (const layer of LAYER_NAMES) {
      const f = (await admin.get(`/api/${layer}?limit=1`).expect(200)).body.features[0];
      const keys = new Set(FIELDS[layer].map((d) => d.key));
      const missing = Object.keys(f.properties).filter(
        (k) => !keys.has(k) && !['created_at', 'created_by'].includes(k),
      );
      const expectedMissing = layer === 'chains' ? ['nodes', 'links'] : [];
      expect(missing, layer).toEqual(expectedMissing);
    }
  });
});

describe('GeoJSON export', () => {
  it('is RFC 7946: no crs, counter-clockwise outer rings, at most 7 decimals, id and properties', async () => {
    const v = (await admin.get('/api/villages?q=羊草沟').expect(200)).body.features[0];
    const [x, y] = v.geometry.coordinates as number[];
    // A polygon drawn clockwise with 9-decimal coordinates.
    const ring = [
      [x! + 0.001234567, y! + 0.001234567],
      [x! + 0.001234567, y! + 0.003234567],
      [x! + 0.003234567, y! + 0.003234567],
      [x! + 0.003234567, y! + 0.001234567],
      [x! + 0.001234567, y! + 0.001234567],
    ];
    await admin
      .post('/api/assets')
      .send({
        geometry: { type: 'Polygon', coordinates: [ring] },
        properties: {
          village_id: v.id,
          category: '资源性资产',
          subtype: '林地',
          name: '导出测试林地',
          external_id: 'EXP-1',
        },
      })
      .expect(201);
    const res = await download(admin, '/api/export/assets.geojson?q=导出测试');
    expect(res.headers['content-type']).toBe('application/geo+json; charset=utf-8');
    const fc = JSON.parse(res.body.toString('utf8'));
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.crs).toBeUndefined();
    expect(fc.features).toHaveLength(1);
    const f = fc.features[0];
    expect(typeof f.id).toBe('number');
    expect(Object.keys(f.properties)).toEqual(exportFields('assets').map((d) => d.key));
    expect(f.properties.village_code).toBe(v.properties.code);
    expect(f.properties.village_name).toBe('羊草沟村');
    const outer = f.geometry.coordinates[0] as number[][];
    expect(ringSignedArea(outer)).toBeGreaterThan(0);
    for (const p of outer) for (const n of p) expect(Math.abs(n * 1e7 - Math.round(n * 1e7))).toBeLessThan(1e-6);
    expect(outer[0]![0]).toBeCloseTo(x! + 0.0012346, 9);
  });

  it('applies the list filters (township, q, exact filters, bbox)', async () => {
    const one = (url: string) => download(admin, url).then((r) => JSON.parse(r.body.toString()).features as any[]);
    const list = (url: string) => admin.get(url).then((r) => r.body.features as any[]);
    for (const q of [
      'township=1',
      'q=村',
      'subtype=耕地',
      'bbox=122.8,41.7,122.95,41.85',
      'village=3&operation_mode=出租',
    ]) {
      const exported = await one(`/api/export/assets.geojson?${q}`);
      const listed = await list(`/api/assets?${q}&limit=10000`);
      expect(
        exported.map((f) => f.id),
        q,
      ).toEqual(listed.map((f) => f.id));
      expect(exported.length, q).toBeGreaterThan(0);
    }
    const boundaries = await one('/api/export/villages.geojson?geom=boundary');
    expect(boundaries.every((f) => f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon')).toBe(true);
  });
});

describe('CSV, XLSX and KML export', () => {
  it('CSV: UTF-8 with BOM, English keys, lng/lat for points, WKT for other shapes, a UTF-8 file name', async () => {
    const res = await download(admin, '/api/export/villages.csv');
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="villages-\d{4}-\d{2}-\d{2}\.csv"; filename\*=UTF-8''/,
    );
    expect(decodeURIComponent(res.headers['content-disposition']!.split("''")[1]!)).toMatch(/^行政村-/);
    expect([...res.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [head, first] = res.body.toString('utf8').slice(1).split('\r\n');
    expect(head!.split(',').slice(-2)).toEqual(['lng', 'lat']);
    expect(head!.split(',')[1]).toBe('code');
    expect(first).toMatch(/,122\.\d+,41\.\d+$/);
    const assets = (await download(admin, '/api/export/assets.csv')).body.toString('utf8');
    expect(assets.split('\r\n')[0]!.endsWith('lng,lat,wkt')).toBe(true);
    expect(assets).toMatch(/"POLYGON \(\(122\.\d+ 41\.\d+, /);
    const townships = (await download(admin, '/api/export/townships.csv')).body.toString('utf8');
    expect(townships.split('\r\n')[0]!.endsWith(',wkt')).toBe(true);
  });

  it('XLSX: Chinese headers, typed cells', async () => {
    const res = await download(admin, '/api/export/villages.xlsx');
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('行政村');
    const heads = (ws.getRow(1).values as unknown[]).slice(1);
    expect(heads.slice(0, 4)).toEqual(['编号', '统计用区划代码', '代码年份', '村名']);
    expect(heads.slice(-2)).toEqual(['经度', '纬度']);
    expect(ws.actualRowCount).toBe(totals.villages! + 1);
    expect(typeof ws.getRow(2).getCell(3).value).toBe('number');
  });

  it('KML: placemarks with named data and Chinese display names', async () => {
    const res = await download(admin, '/api/export/stations.kml');
    const text = res.body.toString('utf8');
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(text.match(/<Placemark /g)).toHaveLength(totals.stations!);
    expect(text).toContain('<Data name="level"><displayName>站点级别</displayName>');
    expect(text).toMatch(/<Point><coordinates>12[23]\.\d+,41\.\d+<\/coordinates><\/Point>/);
  });
});

describe('an empty export', () => {
  it('is a valid empty file in every format', async () => {
    const fc = JSON.parse((await download(admin, '/api/export/assets.geojson?q=没有这样的资产')).body.toString());
    expect(fc).toEqual({ type: 'FeatureCollection', features: [] });
    const csv = (await download(admin, '/api/export/assets.csv?q=没有这样的资产')).body.toString('utf8');
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(1);
    const zip = (await download(admin, '/api/export/assets.zip?q=没有这样的资产')).body;
    expect(readZip(zip).map((e) => e.name)).toEqual(['assets.dbf', 'assets.cpg']);
    expect(readZip(zip)[0]!.read().readUInt32LE(4)).toBe(0);
  });
});

describe('who exports what', () => {
  it('blanks phone numbers for planners, shows them to officials', async () => {
    const phones = async (agent: request.Agent) => {
      const fc = JSON.parse((await download(agent, '/api/export/secretaries.geojson')).body.toString());
      return fc.features.map((f: any) => [f.properties.phone, f.properties.phone_hidden]);
    };
    const hidden = await phones(planner);
    expect(hidden.length).toBe(totals.secretaries);
    expect(hidden.every(([p, h]: [unknown, unknown]) => p === null && h === true)).toBe(true);
    const csv = (await download(planner, '/api/export/secretaries.csv')).body.toString();
    expect(csv).not.toMatch(/1390000\d{4}/);
    const official = await signedIn(t.app, 'official');
    const shown = await phones(official);
    expect(shown.filter(([p]: [unknown]) => typeof p === 'string' && /^1390000\d{4}$/.test(p)).length).toBeGreaterThan(
      0,
    );
  });

  it('gives a secretary only their own village', async () => {
    const sec = await signedIn(t.app, 'secretary');
    const me = (await sec.get('/api/session').expect(200)).body.user;
    const villages = JSON.parse((await download(sec, '/api/export/villages.geojson')).body.toString()).features;
    expect(villages.map((f: any) => f.id)).toEqual([me.village_id]);
    const assets = JSON.parse(
      (await download(sec, '/api/export/assets.geojson?village=1,2,3')).body.toString(),
    ).features;
    expect(assets.length).toBeGreaterThan(0);
    expect(assets.every((f: any) => f.properties.village_id === me.village_id)).toBe(true);
    const townships = JSON.parse((await download(sec, '/api/export/townships.geojson')).body.toString()).features;
    expect(townships).toHaveLength(1);
  });

  it('records exports in the audit log with counts', async () => {
    await download(planner, '/api/export/stations.csv?level=村中心');
    const log = (await admin.get('/api/audit?limit=5').expect(200)).body;
    const entry = log.entries.find((e: any) => e.action === 'export');
    expect(entry).toMatchObject({ action: 'export', username: 'planner' });
    expect(entry.details).toMatchObject({
      layer: 'stations',
      format: 'csv',
      complete: true,
      filter: { level: '村中心' },
    });
    expect(entry.details.rows).toBeGreaterThan(0);
  });

  it('refuses the unsigned and bad names', async () => {
    expect((await request(t.app).get('/api/export/villages.csv').expect(401)).body.error.code).toBe('unauthenticated');
    expect((await admin.get('/api/export/villages').expect(400)).body.error.code).toBe('invalid_query');
    expect((await admin.get('/api/export/villages.shp').expect(400)).body.error.code).toBe('invalid_query');
    expect((await admin.get('/api/export/nothing.csv').expect(404)).body.error.message).toMatch(/no layer "nothing"/);
    expect((await admin.get('/api/export/villages.csv?bbox=1,2').expect(400)).body.error.code).toBe('invalid_query');
    expect((await admin.get('/api/export/assets.csv?subtype=a&subtype=b').expect(400)).body.error.code).toBe(
      'invalid_query',
    );
  });
});

describe('streaming', () => {
  it('reads a large layer in keyset pages and sends the first bytes before the last page is read', async () => {
    const at = new Date().toISOString();
    const rows = Array.from({ length: 3000 }, (_, i) => {
      const lng = 122.85 + (i % 60) * 0.001;
      const lat = 41.7 + Math.floor(i / 60) * 0.001;
      return {
        code: `21019${String(i).padStart(7, '0')}`, // unique: one live village per code
        code_edition: 2024,
        name: `生成村${i}`,
        township_id: 1,
        location: JSON.stringify({ type: 'Point', coordinates: [lng, lat] }),
        lng,
        lat,
        minx: lng,
        miny: lat,
        maxx: lng,
        maxy: lat,
        incomes: '[]',
        flags: '[]',
        honours: '[]',
        version: 1,
        created_at: at,
        updated_at: at,
      };
    });
    for (let i = 0; i < rows.length; i += 200) await t.db.knex('villages').insert(rows.slice(i, i + 200));
    const spy = vi.spyOn(FeatureRepository.prototype, 'page');
    const server = t.app.listen(0);
    try {
      const port = (server.address() as AddressInfo).port;
      const login = await fetch(`http://127.0.0.1:${port}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'planner', password: 'xiangtu-demo' }),
      });
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      spy.mockClear();
      const seen = await new Promise<{
        pagesAtFirstByte: number;
        chunks: number;
        bytes: number;
        headers: http.IncomingHttpHeaders;
      }>((resolve, reject) => {
        http
          // CSV: villages as GeoJSON take the database-written path (export-villages-fast.test.ts).
          .get(`http://127.0.0.1:${port}/api/export/villages.csv`, { headers: { cookie } }, (res) => {
            let pagesAtFirstByte = -1;
            let chunks = 0;
            let bytes = 0;
            res.on('data', (c: Buffer) => {
              if (pagesAtFirstByte < 0) pagesAtFirstByte = spy.mock.calls.length;
              chunks++;
              bytes += c.length;
            });
            res.on('end', () => resolve({ pagesAtFirstByte, chunks, bytes, headers: res.headers }));
          })
          .on('error', reject);
      });
      const pages = spy.mock.calls.length;
      expect(pages).toBeGreaterThanOrEqual(Math.ceil((totals.villages! + 3000) / 500));
      expect(seen.pagesAtFirstByte).toBeGreaterThan(0);
      expect(seen.pagesAtFirstByte).toBeLessThan(pages);
      expect(seen.headers['transfer-encoding']).toBe('chunked');
      expect(seen.headers['content-length']).toBeUndefined();
      expect(seen.chunks).toBeGreaterThan(5);
      // Each page asks for the rows after the last id it saw.
      const afterIds = spy.mock.calls.map((c) => c[1]);
      expect(afterIds[0]).toBe(0);
      expect([...afterIds].sort((a, b) => a - b)).toEqual(afterIds);

      // A download broken off: the server stops reading and says so in the audit log.
      spy.mockClear();
      await new Promise<void>((resolve) => {
        const req = http.get(`http://127.0.0.1:${port}/api/export/villages.kml`, { headers: { cookie } }, (res) =>
          res.once('data', () => {
            req.destroy();
            resolve();
          }),
        );
        req.on('error', () => undefined);
      });
      let entry: { details: string } | undefined;
      for (let i = 0; i < 50 && !entry; i++) {
        await new Promise((r) => setTimeout(r, 20));
        entry = await t.db.knex('audit_log').where({ action: 'export' }).orderBy('id', 'desc').first();
        if (entry && !JSON.parse(entry.details).format.includes('kml')) entry = undefined;
      }
      expect(JSON.parse(entry!.details)).toMatchObject({ format: 'kml', complete: false });
      expect(spy.mock.calls.length).toBeLessThan(pages);
    } finally {
      spy.mockRestore();
      server.close();
      await t.db.knex('villages').where('name', 'like', '生成村%').delete();
    }
  });
});
