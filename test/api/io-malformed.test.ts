import { PassThrough } from 'node:stream';
import type request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readZip, ZipWriter } from '../../server/io/zip.ts';
import { makeTestApp, signedIn, type TestApp } from '../helpers/app.ts';
import { download, writeCounts } from './io-helpers.ts';

/**
 * Every bad file is refused with a clear message and nothing is written. Each case is a REAL run
 * (dryRun=false): the status, the message, and the row counts of every table an import touches.
 */

let t: TestApp;
let planner: request.Agent;
let shapefile: Map<string, Buffer>; // villages.shp/.shx/.dbf/.prj/.cpg as exported
let village: { code: string; lng: number; lat: number };

beforeAll(async () => {
  t = await makeTestApp({ sample: true });
  planner = await signedIn(t.app, 'planner');
  const zip = (await download(planner, '/api/export/villages.zip?township=1')).body;
  shapefile = new Map(readZip(zip).map((e) => [e.name, e.read()]));
  const v = (await planner.get('/api/villages?limit=1').expect(200)).body.features[0];
  village = { code: v.properties.code, lng: v.geometry.coordinates[0], lat: v.geometry.coordinates[1] };
});
afterAll(() => t.close());

async function zipOf(entries: [string, Buffer | string][]): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const z = new ZipWriter(sink);
  for (const [name, data] of entries) await z.add(name, Buffer.from(data));
  await z.finish();
  return Buffer.concat(chunks);
}

/** Edits the central directory record of the entry named `name` (offsets as in the zip spec). */
function patchCentral(zip: Buffer, name: string, edit: (b: Buffer, at: number) => void): Buffer {
  const out = Buffer.from(zip);
  const eocd = out.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let p = out.readUInt32LE(eocd + 16);
  for (let i = 0; i < out.readUInt16LE(eocd + 10); i++) {
    const n = out.readUInt16LE(p + 28);
    if (out.subarray(p + 46, p + 46 + n).toString() === name) edit(out, p);
    p += 46 + n + out.readUInt16LE(p + 30) + out.readUInt16LE(p + 32);
  }
  return out;
}

const shp = (replace: Record<string, Buffer | null> = {}) => {
  const entries: [string, Buffer][] = [];
  for (const [n, b] of shapefile) if (replace[n] !== null) entries.push([n, replace[n] ?? b]);
  return zipOf(entries);
};
const fc = (...features: object[]) => JSON.stringify({ type: 'FeatureCollection', features });
const feature = (geometry: object | null, properties: object = {}) => ({ type: 'Feature', geometry, properties });
const point = (lng: number, lat: number) => ({ type: 'Point', coordinates: [lng, lat] });
const newVillage = { code: '210199100388', code_edition: 2024, name: '坏文件村', township_code: '210199100' };
const asset = { village_code: '210199100201', category: '资源性资产', subtype: '林地', name: '坏资产' };
const square = (n = 4) => {
  const { lng, lat } = village;
  const ring = Array.from({ length: n }, (_, i) => {
    const a = (2 * Math.PI * i) / n;
    return [lng + 0.01 * Math.cos(a), lat + 0.01 * Math.sin(a)];
  });
  return { type: 'Polygon', coordinates: [[...ring, ring[0]]] };
};
const BJ54 =
  'PROJCS["Beijing_1954_3_Degree_GK_CM_123E",GEOGCS["GCS_Beijing_1954",DATUM["D_Beijing_1954",SPHEROID["Krasovsky_1940",6378245.0,298.3]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",123.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

interface Case {
  what: string;
  name: string;
  body: () => Buffer | string | Promise<Buffer | string>;
  layer?: string;
  query?: string;
  status: number;
  message: RegExp;
}

const CASES: Case[] = [
  // GeoJSON
  {
    what: 'broken JSON',
    name: 'v.geojson',
    body: () => '{"type":"FeatureCollection","features":[',
    status: 400,
    message: /not valid JSON/,
  },
  { what: 'JSON that is not GeoJSON', name: 'v.json', body: () => '{"a":1}', status: 400, message: /not GeoJSON/ },
  {
    what: 'a FeatureCollection without features',
    name: 'v.geojson',
    body: () => '{"type":"FeatureCollection"}',
    status: 400,
    message: /no "features" array/,
  },
  {
    what: 'an unknown geometry type',
    name: 'v.geojson',
    body: () => fc(feature({ type: 'Circle', coordinates: [1, 2] }, newVillage)),
    status: 422,
    message: /not a GeoJSON geometry/,
  },
  {
    what: 'coordinates that are not numbers',
    name: 'v.geojson',
    body: () => fc(feature({ type: 'Point', coordinates: ['a', 'b'] }, newVillage)),
    status: 422,
    message: /a position must be \[x, y\] numbers/,
  },
  {
    what: 'a longitude out of range',
    name: 'v.geojson',
    query: 'crs=wgs84',
    body: () => fc(feature(point(200, 41.7), newVillage)),
    status: 422,
    message: /longitude must be within -180\.\.180/,
  },
  {
    what: 'a latitude out of range',
    name: 'v.geojson',
    query: 'crs=wgs84',
    body: () => fc(feature(point(122.9, 95), newVillage)),
    status: 422,
    message: /latitude must be within -90\.\.90/,
  },
  {
    what: 'metres given as degrees',
    name: 'v.geojson',
    query: 'crs=wgs84',
    body: () => fc(feature(point(41491682, 4623873), newVillage)),
    status: 422,
    message: /longitude must be within/,
  },
  {
    what: 'a ring that is not closed',
    name: 'a.geojson',
    layer: 'assets',
    body: () =>
      fc(
        feature(
          {
            type: 'Polygon',
            coordinates: [
              square()
                .coordinates[0]!.slice(0, -1)
                .concat([[village.lng, village.lat + 0.05]]),
            ],
          },
          asset,
        ),
      ),
    status: 422,
    message: /ring is not closed/,
  },
  {
    what: 'a self-intersecting polygon',
    name: 'a.geojson',
    layer: 'assets',
    body: () => {
      const { lng: x, lat: y } = village;
      return fc(
        feature(
          {
            type: 'Polygon',
            coordinates: [
              [
                [x, y],
                [x + 0.01, y + 0.01],
                [x + 0.01, y],
                [x, y + 0.01],
                [x, y],
              ],
            ],
          },
          asset,
        ),
      );
    },
    status: 422,
    message: /intersects itself/,
  },
  {
    what: 'a line where a point is needed',
    name: 's.geojson',
    layer: 'stations',
    body: () =>
      fc(
        feature(
          {
            type: 'LineString',
            coordinates: [
              [122.9, 41.7],
              [122.91, 41.71],
            ],
          },
          { name: '站', level: '站点', township_code: '210199100' },
        ),
      ),
    status: 422,
    message: /Point/,
  },
  {
    what: 'a collection of mixed shapes',
    name: 'a.geojson',
    layer: 'assets',
    body: () => fc(feature({ type: 'GeometryCollection', geometries: [point(122.9, 41.7), square()] }, asset)),
    status: 422,
    message: /one shape per row/,
  },
  {
    what: 'a multipoint of several points',
    name: 'a.geojson',
    layer: 'assets',
    body: () =>
      fc(
        feature(
          {
            type: 'MultiPoint',
            coordinates: [
              [122.9, 41.7],
              [122.91, 41.71],
            ],
          },
          asset,
        ),
      ),
    status: 422,
    message: /one shape per row/,
  },
  {
    what: 'a polygon of more than 20,000 vertices',
    name: 'a.geojson',
    layer: 'assets',
    body: () => fc(feature(square(20_001), asset)),
    status: 422,
    message: /more than 20000 vertices/,
  },
  // CSV
  {
    what: 'a required column missing',
    name: 'v.csv',
    body: () => `code,code_edition,township_code,lng,lat\n210199100388,2024,210199100,122.9,41.7\n`,
    status: 422,
    message: /required: the file has no value for "name" \(村名\)/,
  },
  {
    what: 'no coordinate columns (stations: every row is new)',
    name: 's.csv',
    layer: 'stations',
    body: () => 'name,level,township_code\n站,站点,210199100\n',
    status: 400,
    message: /no coordinates: add lng and lat \(经度, 纬度\) columns, or a WKT column/,
  },
  {
    what: 'no coordinates for a new village',
    name: 'v.csv',
    body: () => 'code,code_edition,name,township_code\n210199100388,2024,村,210199100\n',
    status: 422,
    message: /row 1: geometry required: a new record needs a shape/,
  },
  {
    what: 'a latitude column without longitude',
    name: 'v.csv',
    body: () => 'code,name,纬度\n210199100388,村,41.7\n',
    status: 400,
    message: /latitude \(纬度\) column but no longitude/,
  },
  {
    what: 'a coordinate that is not a number',
    name: 'v.csv',
    body: () => `code,code_edition,name,township_code,lng,lat\n210199100388,2024,村,210199100,东边,41.7\n`,
    status: 422,
    message: /lng: not a number: "东边"/,
  },
  {
    what: 'broken quoting',
    name: 'v.csv',
    body: () => 'code,name,lng,lat\n210199100388,"村,122.9,41.7\n',
    status: 400,
    message: /CSV is broken near data row/,
  },
  {
    what: 'a column named twice',
    name: 'v.csv',
    body: () => 'code,name,lng,lat,Name\n1,2,3,4,5\n',
    status: 400,
    message: /Column "Name" appears twice/,
  },
  {
    what: 'binary posing as CSV',
    name: 'v.csv',
    body: () => Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0x00, 0x01, 0x02, 0x0a]),
    status: 400,
    message: /binary data/,
  },
  {
    what: 'bytes neither UTF-8 nor GBK',
    name: 'v.csv',
    body: () => Buffer.concat([Buffer.from('code,name\n1,'), Buffer.from([0xff, 0x80, 0x80, 0x0a])]),
    status: 400,
    message: /neither UTF-8 nor GBK/,
  },
  { what: 'an empty file', name: 'v.csv', body: () => '', status: 400, message: /The file is empty/ },
  {
    what: 'a header and no rows',
    name: 'v.csv',
    body: () => 'code,name,lng,lat\n',
    status: 400,
    message: /no data rows/,
  },
  {
    what: 'more than 100,000 rows',
    name: 'v.csv',
    body: () => `code,lng,lat\n${'1,122.9,41.7\n'.repeat(100_001)}`,
    status: 413,
    message: /100001 rows; at most 100000/,
  },
  {
    what: 'a township code that does not exist',
    name: 'v.csv',
    body: () => `code,code_edition,name,township_code,lng,lat\n210199100388,2024,村,999999999,122.9,41.7\n`,
    status: 422,
    message: /no township has the code 999999999/,
  },
  {
    what: 'a village code that does not exist',
    name: 'a.csv',
    layer: 'assets',
    body: () => `village_code,category,subtype,name,lng,lat\n999999999999,资源性资产,林地,林,122.9,41.7\n`,
    status: 422,
    message: /no village has the code 999999999999/,
  },
  {
    what: 'a date that is not a date',
    name: 'a.csv',
    layer: 'assets',
    body: () =>
      `village_code,category,subtype,name,contract_end,lng,lat\n${village.code},资源性资产,林地,林,明年,${village.lng},${village.lat}\n`,
    status: 422,
    message: /expected a date YYYY-MM-DD, got "明年"/,
  },
  {
    what: 'a value not in the list',
    name: 'a.csv',
    layer: 'assets',
    body: () =>
      `village_code,category,subtype,name,lng,lat\n${village.code},资源性资产,火箭,林,${village.lng},${village.lat}\n`,
    status: 422,
    message: /Invalid option/,
  },
  {
    what: 'the same natural key twice',
    name: 'a.csv',
    layer: 'assets',
    body: () =>
      `external_id,village_code,category,subtype,name,lng,lat\nX-1,${village.code},资源性资产,林地,林,${village.lng},${village.lat}\nX-1,${village.code},资源性资产,林地,林,${village.lng},${village.lat}\n`,
    status: 422,
    message: /X-1 is also in row 1/,
  },
  // XLSX
  {
    what: 'an .xlsx that is not a zip',
    name: 'v.xlsx',
    body: () => 'code,name\n1,2\n',
    status: 400,
    message: /not a zip archive \(is it really an Excel workbook\?\)/,
  },
  {
    what: 'a zip that is not a workbook',
    name: 'v.xlsx',
    body: () => zipOf([['a.txt', 'hello']]),
    status: 400,
    message: /not an Excel workbook/,
  },
  {
    what: 'an old binary workbook named .xlsx',
    name: 'v.xlsx',
    body: () => Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
    status: 400,
    message: /old Excel \.xls file/,
  },
  {
    what: 'an .xls',
    name: 'v.xls',
    body: () => 'x',
    status: 400,
    message: /old Excel \.xls files are not read: save it as \.xlsx/,
  },
  // KML, KMZ
  {
    what: 'malformed KML',
    name: 'v.kml',
    body: () => '<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark></Document></kml>',
    status: 400,
    message: /not well-formed XML/,
  },
  {
    what: 'KML with entity expansion (billion laughs)',
    name: 'v.kml',
    body: () =>
      '<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><kml><Document><name>&b;</name></Document></kml>',
    status: 400,
    message: /DOCTYPE or entity declarations is refused/,
  },
  {
    what: 'KML with an external entity',
    name: 'v.kml',
    body: () =>
      '<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY x SYSTEM "file:///etc/passwd">]><kml><Document><name>&x;</name></Document></kml>',
    status: 400,
    message: /DOCTYPE/,
  },
  {
    what: 'XML that is not KML',
    name: 'v.kml',
    body: () => '<gpx version="1.1"><wpt lat="41.7" lon="122.9"/></gpx>',
    status: 400,
    message: /not KML \(its root element is <gpx>\)/,
  },
  {
    what: 'a KMZ without a .kml',
    name: 'v.kmz',
    body: () => zipOf([['images/a.png', 'png']]),
    status: 400,
    message: /KMZ holds no \.kml file/,
  },
  // Shapefile zips
  {
    what: 'a zip without a .shp',
    name: 'v.zip',
    body: () => zipOf([['readme.txt', 'hi']]),
    status: 400,
    message: /zip holds no \.shp file \(it holds readme\.txt\)/,
  },
  {
    what: 'a .shp without its .dbf',
    name: 'v.zip',
    body: () => shp({ 'villages.dbf': null }),
    status: 400,
    message: /villages\.shp has no \.dbf beside it/,
  },
  {
    what: 'a truncated .shp',
    name: 'v.zip',
    body: () => shp({ 'villages.shp': shapefile.get('villages.shp')!.subarray(0, 130) }),
    status: 400,
    message: /villages\.shp is damaged/,
  },
  {
    what: 'a .dbf with fewer records than shapes',
    name: 'v.zip',
    body: () => {
      const d = Buffer.from(shapefile.get('villages.dbf')!);
      d.writeUInt32LE(2, 4);
      return shp({ 'villages.dbf': d });
    },
    status: 400,
    message: /shapes but villages\.dbf has 2 records/,
  },
  {
    what: 'a Beijing 1954 .prj',
    name: 'v.zip',
    body: () => shp({ 'villages.prj': Buffer.from(BJ54) }),
    status: 400,
    message: /Beijing 1954/,
  },
  {
    what: 'a zip bomb (declares more than 200 MB)',
    name: 'v.zip',
    body: async () => patchCentral(await shp(), 'villages.dbf', (b, at) => b.writeUInt32LE(300 * 1024 * 1024, at + 24)),
    status: 413,
    message: /unpacks to more than 200 MB/,
  },
  {
    what: 'a zip that unpacks to more than it declares',
    name: 'v.zip',
    body: async () =>
      patchCentral(
        await zipOf([
          ['x.shp', Buffer.alloc(5_000_000)],
          ['x.dbf', 'x'],
        ]),
        'x.shp',
        (b, at) => b.writeUInt32LE(1000, at + 24),
      ),
    status: 413,
    message: /unpacks to more than it declares/,
  },
  {
    what: 'a zip entry climbing out of its folder',
    name: 'v.zip',
    body: () =>
      zipOf([
        ['../../evil.shp', shapefile.get('villages.shp')!],
        ['../../evil.dbf', shapefile.get('villages.dbf')!],
      ]),
    status: 400,
    message: /unsafe path: "\.\.\/\.\.\/evil\.shp"/,
  },
  {
    what: 'a password-protected zip',
    name: 'v.zip',
    body: async () =>
      patchCentral(await shp(), 'villages.shp', (b, at) => b.writeUInt16LE(b.readUInt16LE(at + 8) | 1, at + 8)),
    status: 400,
    message: /password-protected/,
  },
  {
    what: 'a damaged zip',
    name: 'v.zip',
    body: async () => (await shp()).subarray(0, 200),
    status: 400,
    message: /damaged or not a zip archive/,
  },
  // The upload itself
  {
    what: 'a file over 64 MB',
    name: 'v.geojson',
    body: () => Buffer.alloc(64 * 1024 * 1024 + 1, 0x20),
    status: 413,
    message: /larger than 64 MB/,
  },
  {
    what: 'an unsupported extension',
    name: 'v.docx',
    body: () => 'x',
    status: 400,
    message: /Cannot import "\.docx" files: send \.geojson/,
  },
  {
    what: 'a lone .shp',
    name: 'v.shp',
    body: () => shapefile.get('villages.shp')!,
    status: 400,
    message: /zip the \.shp with its \.shx, \.dbf, \.prj/,
  },
];

describe('malformed files: each refused with a clear message, nothing written', () => {
  it('has at least 30 cases', () => expect(CASES.length).toBeGreaterThanOrEqual(30));

  it.each(CASES.map((c) => [c.what, c] as const))('%s', async (_what, c) => {
    const before = await writeCounts(t);
    const body = await c.body();
    const res = await planner
      .post(`/api/import?layer=${c.layer ?? 'villages'}&dryRun=false${c.query ? `&${c.query}` : ''}`)
      .attach('file', Buffer.from(body), c.name);
    expect(res.status, JSON.stringify(res.body).slice(0, 400)).toBe(c.status);
    const e = res.body.error;
    const text = [
      e.message,
      ...(e.details ?? []).map((d: { path: string; message: string }) => `${d.path} ${d.message}`),
    ].join('\n');
    expect(text).toMatch(c.message);
    expect(await writeCounts(t)).toEqual(before);
  });
});
