import fs from 'node:fs';
import type request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haversineM } from '../../common/geo.ts';
import {
  BD09,
  crsFromEpsg,
  fromWgs84,
  GCJ02,
  gaussKruger,
  parseCrsParam,
  toWgs84,
  WGS84,
} from '../../server/io/crs.ts';
import { crsFromName, crsFromPrj } from '../../server/io/prj.ts';
import { readZip } from '../../server/io/zip.ts';
import { makeTestApp, signedIn, type TestApp } from '../helpers/app.ts';
import { FIXTURES } from './io-helpers.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- reports are read as plain JSON */

/**
 * WGS-84 ↔ GCJ-02 reference pairs from eviltransform's test suite (googollee/eviltransform,
 * python/test.py): Shanghai, Shenzhen, Beijing. [wgsLng, wgsLat, gcjLng, gcjLat]
 */
const GCJ_REFERENCES = [
  [121.5272106, 31.1774276, 121.531541859215, 31.17530398364597],
  [113.912316, 22.543847, 113.9171764808363, 22.540796131694766],
  [116.377817, 39.911954, 116.38404722455657, 39.91334545536069],
] as const;

/** The published GCJ-02 → BD-09 formula (Baidu's offset), written out here independently of gcoord. */
function gcjToBd([x, y]: readonly number[]): number[] {
  const xPi = (Math.PI * 3000) / 180;
  const z = Math.sqrt(x! * x! + y! * y!) + 0.00002 * Math.sin(y! * xPi);
  const theta = Math.atan2(y!, x!) + 0.000003 * Math.cos(x! * xPi);
  return [z * Math.cos(theta) + 0.0065, z * Math.sin(theta) + 0.006];
}

/** GDAL 3.6 / PROJ 9 (gdaltransform -s_srs EPSG:4326 -t_srs EPSG:x): [epsg, lng, lat, easting, northing]. */
const GDAL_GK = [
  [4491, 75.5, 40, 13542697.0238366, 4429648.7838186],
  [4499, 123.3, 41.8, 21524932.9194069, 4629466.11859985],
  [4501, 134.5, 47, 23461972.0338205, 5207368.36260844],
  [4502, 75.5, 40, 542697.023836633, 4429648.7838186],
  [4510, 123.3, 41.8, 524932.919406911, 4629466.11859985],
  [4513, 75.5, 40, 25542697.0238366, 4429648.7838186],
  [4529, 122.9, 41.75, 41491682.5734161, 4623873.99835611],
  [4533, 134.6, 48, 45470149.8835948, 5318505.02910309],
  [4534, 75.5, 40, 542697.023836633, 4429648.7838186],
  [4550, 122.9, 41.75, 491682.573416107, 4623873.99835611],
  [4554, 134.6, 48, 470149.883594752, 5318505.02910309],
] as const;

const planar = (a: readonly number[], b: readonly number[]) => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!);

describe('conversions to WGS-84', () => {
  // The requirement is 0.5 m; the iterated inverse lands within a millimetre.
  it('GCJ-02 → WGS-84 lands within 0.5 m (in fact 1 mm) of the reference points', () => {
    const toWgs = toWgs84(GCJ02);
    for (const [wx, wy, gx, gy] of GCJ_REFERENCES) {
      expect(haversineM(toWgs([gx, gy]), [wx, wy])).toBeLessThan(0.001);
      expect(haversineM(fromWgs84(GCJ02)([wx, wy]), [gx, gy])).toBeLessThan(0.001);
    }
  });

  it('BD-09 → WGS-84 lands within 0.5 m (in fact 1 mm) of the reference points', () => {
    // The formula above reproduces the value published by coordtransform (wandergis/coordtransform, test/app.js).
    const [bx, by] = gcjToBd([116.404, 39.915]);
    expect(bx).toBeCloseTo(116.41036949371029, 9);
    expect(by).toBeCloseTo(39.92133699351021, 9);
    const toWgs = toWgs84(BD09);
    for (const [wx, wy, gx, gy] of GCJ_REFERENCES)
      expect(haversineM(toWgs(gcjToBd([gx, gy])), [wx, wy])).toBeLessThan(0.001);
  });

  it('offsets near Shenyang are the sizes DOMAIN.md gives (GCJ-02 ≈ 500–600 m, BD-09 ≈ 1.4 km)', () => {
    const p = [123.43, 41.8];
    expect(haversineM(p, fromWgs84(GCJ02)(p))).toBeGreaterThan(500);
    expect(haversineM(p, fromWgs84(GCJ02)(p))).toBeLessThan(600);
    expect(haversineM(p, fromWgs84(BD09)(p))).toBeGreaterThan(1300);
    expect(haversineM(p, fromWgs84(BD09)(p))).toBeLessThan(1500);
  });

  it('Gauss-Krüger: every zone EPSG:4491–4554 round-trips within 1 mm, and matches GDAL within 1 mm', () => {
    for (let epsg = 4491; epsg <= 4554; epsg++) {
      const crs = gaussKruger(epsg)!;
      expect(crs, String(epsg)).not.toBeNull();
      const p = [crs.zone!.cm + 0.7, 36.3];
      const xy = fromWgs84(crs)(p);
      const back = toWgs84(crs)(xy);
      expect(planar(fromWgs84(crs)(back), xy), `EPSG:${epsg}`).toBeLessThan(0.001);
      expect(haversineM(back, p), `EPSG:${epsg}`).toBeLessThan(0.001);
    }
    for (const [epsg, lng, lat, e, n] of GDAL_GK) {
      const crs = crsFromEpsg(epsg)!;
      expect(planar(fromWgs84(crs)([lng, lat]), [e, n]), `EPSG:${epsg}`).toBeLessThan(0.001);
      expect(haversineM(toWgs84(crs)([e, n]), [lng, lat]), `EPSG:${epsg}`).toBeLessThan(0.001);
    }
    expect(gaussKruger(4529)!.zone).toEqual({ width: 3, number: 41, cm: 123, fe: 41_500_000 });
    expect(gaussKruger(4550)!.zone).toEqual({ width: 3, number: null, cm: 123, fe: 500_000 });
    expect(gaussKruger(4490)).toBeNull();
  });

  it('reads the crs= parameter', () => {
    expect(parseCrsParam('auto')).toBe('auto');
    expect(parseCrsParam('WGS84')).toBe(WGS84);
    expect(parseCrsParam('gcj-02')).toBe(GCJ02);
    expect(parseCrsParam('bd09')).toBe(BD09);
    expect((parseCrsParam('EPSG:4529') as any).id).toBe('EPSG:4529');
    expect((parseCrsParam('4490') as any).id).toBe('EPSG:4490');
    expect(parseCrsParam('EPSG:2383')).toBeNull();
    expect(parseCrsParam('mars')).toBeNull();
  });
});

describe('.prj and GeoJSON crs', () => {
  const esri4529 = fs.readFileSync(`${FIXTURES}/villages-epsg4529.zip`);

  it('derives the system from the parameters (ESRI, WKT1, WKT2), never from the name', () => {
    const prj = readZip(esri4529)
      .find((e) => e.name.endsWith('.prj'))!
      .read()
      .toString('utf8');
    expect(crsFromPrj(prj).id).toBe('EPSG:4529');
    // The same parameters under a misleading name are still zone 41.
    expect(crsFromPrj(prj.replace('CGCS2000_3_Degree_GK_Zone_41', 'Zone_40')).id).toBe('EPSG:4529');
    expect(crsFromPrj(fs.readFileSync(`${FIXTURES}/epsg4529-wkt2.prj`, 'utf8')).id).toBe('EPSG:4529');
    const wkt1 =
      'PROJCS["CGCS2000 / 3-degree Gauss-Kruger CM 123E",GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",123],PARAMETER["scale_factor",1],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1],AXIS["Northing",NORTH],AXIS["Easting",EAST],AUTHORITY["EPSG","4550"]]';
    expect(crsFromPrj(wkt1).id).toBe('EPSG:4550');
    expect(crsFromPrj(wkt1.replace('false_easting",500000', 'false_easting",400000')).id).toBe('TM 123E +400000');
    expect(
      crsFromPrj(
        'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]',
      ).id,
    ).toBe('EPSG:4490');
    expect(
      crsFromPrj(
        'PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Mercator_Auxiliary_Sphere"],PARAMETER["False_Easting",0.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",0.0],PARAMETER["Standard_Parallel_1",0.0],PARAMETER["Auxiliary_Sphere_Type",0.0],UNIT["Meter",1.0]]',
      ).id,
    ).toBe('EPSG:3857');
  });

  it('refuses Beijing 1954 and Xian 1980 with a way out', () => {
    const bj54 =
      'PROJCS["Beijing_1954_3_Degree_GK_CM_114E",GEOGCS["GCS_Beijing_1954",DATUM["D_Beijing_1954",SPHEROID["Krasovsky_1940",6378245.0,298.3]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",114.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
    expect(() => crsFromPrj(bj54)).toThrow(/Beijing 1954.*Convert the data to CGCS2000/);
    expect(() => crsFromPrj(bj54.replace('6378245.0,298.3', '6378140.0,298.257'))).toThrow(/Xian 1980/);
    expect(() => crsFromPrj('not wkt at all')).toThrow(/not WKT/);
  });

  it('reads a GeoJSON crs name', () => {
    expect(crsFromName('urn:ogc:def:crs:OGC:1.3:CRS84')).toBe(WGS84);
    expect(crsFromName('urn:ogc:def:crs:EPSG::4529').id).toBe('EPSG:4529');
    expect(crsFromName('EPSG:4490').id).toBe('EPSG:4490');
    expect(() => crsFromName('EPSG:2383')).toThrow(/does not convert/);
  });
});

describe('importing other systems', () => {
  let t: TestApp;
  let planner: request.Agent;
  let villages: any[];
  beforeAll(async () => {
    t = await makeTestApp({ sample: true });
    planner = await signedIn(t.app, 'planner');
    villages = (await planner.get('/api/villages').expect(200)).body.features;
  });
  afterAll(() => t.close());

  const table = (fn: (p: number[]) => number[], head = 'code,name,lng,lat') =>
    Buffer.from(
      [
        head,
        ...villages.map((v) => [v.properties.code, v.properties.name, ...fn(v.geometry.coordinates)].join(',')),
      ].join('\n'),
    );
  const dry = async (query: string, file: Buffer, name = 'v.csv') =>
    (await planner.post(`/api/import?layer=villages&${query}`).attach('file', file, name).expect(200)).body;
  const codes = (r: any, code: string) => r.warnings.filter((w: any) => w.code === code);

  it('lands a shapefile in EPSG:4529 (zone 41) where it should: within 1 cm, all unchanged', async () => {
    const r = await dry('', fs.readFileSync(`${FIXTURES}/villages-epsg4529.zip`), 'villages-epsg4529.zip');
    expect(r).toMatchObject({ source_crs: 'EPSG:4529', source_crs_from: 'prj', total: 60, unchanged: 60 });
    const byCode = new Map(villages.map((v) => [v.properties.code, v.geometry.coordinates]));
    for (const f of r.preview.features)
      expect(haversineM(f.geometry.coordinates, byCode.get(f.properties.code))).toBeLessThan(0.01);
  });

  it('converts BD-09 and GCJ-02 when chosen, and warns when the choice looks wrong', async () => {
    const bd = table((p) => fromWgs84(BD09)(p));
    const right = await dry('crs=bd09', bd);
    expect(right).toMatchObject({ source_crs: 'BD-09', unchanged: 60, warnings: [] });
    const wrong = await dry('crs=wgs84', bd);
    expect(wrong.updated).toBe(60);
    expect(codes(wrong, 'outside_township').length).toBeGreaterThan(1);
    expect(codes(wrong, 'crs_mismatch')).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/read as BD-09 \(百度\), 0 do.*crs=BD-09/) }),
    ]);
    const gcj = await dry(
      'crs=gcj02',
      table((p) => fromWgs84(GCJ02)(p)),
    );
    expect(gcj).toMatchObject({ source_crs: 'GCJ-02', unchanged: 60, warnings: [] });
  });

  it('warns about latitude and longitude swapped, and swaps them when asked', async () => {
    const swapped = table((p) => [p[1]!, p[0]!]);
    const r = await dry('', swapped);
    expect(codes(r, 'looks_swapped')[0].message).toMatch(
      /60 of 60 positions look like latitude and longitude swapped.*swap=true/,
    );
    expect(r.invalid).toBe(60);
    expect(await dry('swap=true', swapped)).toMatchObject({ unchanged: 60, invalid: 0 });
  });

  it('detects Gauss-Krüger metres given as degrees, and reads them when no system is chosen', async () => {
    const gk = table((p) => fromWgs84(gaussKruger(4529)!)(p));
    const asDegrees = await dry('crs=wgs84', gk);
    expect(codes(asDegrees, 'looks_projected')[0].message).toMatch(/look like projected metres.*choose EPSG:4529/);
    expect(asDegrees.invalid).toBe(60);
    const auto = await dry('', gk);
    expect(auto).toMatchObject({ source_crs: 'EPSG:4529', source_crs_from: 'detected', unchanged: 60 });
    expect(codes(auto, 'crs_detected')).toHaveLength(1);
    const wrongZone = await dry('crs=EPSG:4528', gk);
    expect(codes(wrongZone, 'zone_mismatch')[0].message).toMatch(/zone 41 \(EPSG:4529\), but EPSG:4528/);
    const noPrefix = await dry('crs=EPSG:4550', gk);
    expect(codes(noPrefix, 'zone_mismatch')[0].message).toMatch(/choose EPSG:4529 rather than EPSG:4550/);
  });

  it('warns about degrees read as metres, and about a choice that overrides the .prj', async () => {
    const r = await dry(
      'crs=EPSG:4529',
      table((p) => p),
    );
    expect(codes(r, 'looks_geographic')).toHaveLength(1);
    const o = await dry('crs=EPSG:4550', fs.readFileSync(`${FIXTURES}/villages-epsg4529.zip`), 'v.zip');
    expect(codes(o, 'crs_override')[0].message).toMatch(/The file says EPSG:4529.*you chose EPSG:4550/);
  });
});
