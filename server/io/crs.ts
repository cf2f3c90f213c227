/**
 * Coordinate systems users bring (DOMAIN.md "Coordinates") and their conversion to WGS-84:
 * WGS-84 and CGCS2000 (the same at this precision), GCJ-02 and BD-09 (gcoord's formulas, inverted
 * iteratively to under a millimetre), CGCS2000 Gauss-Krüger zones EPSG:4491–4554 and Web Mercator (proj4).
 */
import gcoord, { type CRSTypes } from 'gcoord';
import proj4 from 'proj4';
import type { Pos } from './geometry.ts';

export type CrsKind = 'geographic' | 'gcj02' | 'bd09' | 'projected';

export interface Crs {
  /** What imports record as `source_crs` (≤ 32 characters): `EPSG:4529`, `GCJ-02`, `TM 123E +500000`. */
  id: string;
  /** A readable name for reports. */
  name: string;
  kind: CrsKind;
  /** proj4 definition of a projected CRS. */
  proj4?: string;
  /** Gauss-Krüger: zone width and number (null for the "CM …E" variants without a zone prefix). */
  zone?: { width: 3 | 6; number: number | null; cm: number; fe: number };
}

export const WGS84: Crs = { id: 'EPSG:4326', name: 'WGS-84', kind: 'geographic' };
export const CGCS2000: Crs = { id: 'EPSG:4490', name: 'CGCS2000 (经纬度)', kind: 'geographic' };
export const GCJ02: Crs = { id: 'GCJ-02', name: 'GCJ-02 (高德/腾讯/DataV)', kind: 'gcj02' };
export const BD09: Crs = { id: 'BD-09', name: 'BD-09 (百度)', kind: 'bd09' };
export const WEB_MERCATOR: Crs = {
  id: 'EPSG:3857',
  name: 'Web Mercator',
  kind: 'projected',
  proj4: '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +no_defs',
};

const tmercDef = (cm: number, fe: number, fn = 0, k = 1, lat0 = 0) =>
  `+proj=tmerc +lat_0=${lat0} +lon_0=${cm} +k=${k} +x_0=${fe} +y_0=${fn} +ellps=GRS80 +units=m +no_defs`;

/**
 * The CGCS2000 Gauss-Krüger system with this EPSG code (4491–4554), or null.
 * @example gaussKruger(4529) // 3° zone 41, central meridian 123°E, false easting 41 500 000 m
 */
export function gaussKruger(epsg: number): Crs | null {
  let width: 3 | 6;
  let zone: number | null;
  let cm: number;
  if (epsg >= 4491 && epsg <= 4501) [width, zone] = [6, 13 + epsg - 4491];
  else if (epsg >= 4502 && epsg <= 4512) [width, zone, cm] = [6, null, 75 + (epsg - 4502) * 6];
  else if (epsg >= 4513 && epsg <= 4533) [width, zone] = [3, 25 + epsg - 4513];
  else if (epsg >= 4534 && epsg <= 4554) [width, zone, cm] = [3, null, 75 + (epsg - 4534) * 3];
  else return null;
  if (zone != null) cm = width === 6 ? zone * 6 - 3 : zone * 3;
  const fe = zone == null ? 500_000 : zone * 1_000_000 + 500_000;
  const name = `CGCS2000 ${width}° Gauss-Krüger ${zone == null ? `CM ${cm!}°E` : `zone ${zone}`}`;
  return {
    id: `EPSG:${epsg}`,
    name,
    kind: 'projected',
    proj4: tmercDef(cm!, fe),
    zone: { width, number: zone, cm: cm!, fe },
  };
}

const GK_CODES = Array.from({ length: 4554 - 4491 + 1 }, (_, i) => 4491 + i);

/**
 * A transverse Mercator on the CGCS2000/WGS-84 ellipsoid, named by its EPSG code when it is one of
 * the standard Gauss-Krüger zones (3° zones win over the identical 6° "CM" variants).
 */
export function transverseMercator(p: { cm: number; fe: number; fn?: number; k?: number; lat0?: number }): Crs {
  const { cm, fe, fn = 0, k = 1, lat0 = 0 } = p;
  if (fn === 0 && k === 1 && lat0 === 0) {
    const match = GK_CODES.map(gaussKruger)
      .filter((c): c is Crs => c != null)
      .sort((a, b) => (a.zone!.width === b.zone!.width ? 0 : a.zone!.width === 3 ? -1 : 1))
      .find((c) => c.zone!.cm === cm && c.zone!.fe === fe);
    if (match) return match;
  }
  return {
    id: `TM ${cm}E +${fe}`.slice(0, 32),
    name: `Transverse Mercator, central meridian ${cm}°E, false easting ${fe} m`,
    kind: 'projected',
    proj4: tmercDef(cm, fe, fn, k, lat0),
  };
}

/** The EPSG code's CRS if we convert it. */
export function crsFromEpsg(code: number): Crs | null {
  if (code === 4326) return WGS84;
  if (code === 4490) return CGCS2000;
  if (code === 3857 || code === 900913) return WEB_MERCATOR;
  return gaussKruger(code);
}

/**
 * The `crs=` parameter: `auto`, `wgs84`, `cgcs2000`, `gcj02`, `bd09`, or an EPSG code
 * (`EPSG:4529` or `4529`). Null for anything else.
 */
export function parseCrsParam(s: string): Crs | 'auto' | null {
  const v = s
    .trim()
    .toLowerCase()
    .replace(/[\s_-]/g, '');
  if (v === '' || v === 'auto') return 'auto';
  if (v === 'wgs84' || v === 'crs84') return WGS84;
  if (v === 'cgcs2000') return CGCS2000;
  if (v === 'gcj02' || v === 'gcj' || v === 'amap') return GCJ02;
  if (v === 'bd09' || v === 'baidu') return BD09;
  const m = /^(?:epsg:)?(\d{4,6})$/.exec(v);
  return m ? crsFromEpsg(Number(m[1])) : null;
}

const converters = new Map<string, proj4.Converter>();
function converter(def: string): proj4.Converter {
  let c = converters.get(def);
  if (!c) converters.set(def, (c = proj4(def, 'EPSG:4326')));
  return c;
}

/**
 * Inverts an offset `forward` at `target` from a first guess: the offsets change slowly with
 * position, so w ← w − (forward(w) − target) converges in a few steps to well under a millimetre.
 * (gcoord's own inverse of BD-09 is the usual approximate formula, off by up to ~0.2 m.)
 */
function invert(forward: (p: Pos) => Pos, target: Pos, guess: Pos): Pos {
  let w = guess;
  for (let i = 0; i < 8; i++) {
    const f = forward(w);
    const dx = f[0]! - target[0]!;
    const dy = f[1]! - target[1]!;
    w = [w[0]! - dx, w[1]! - dy];
    if (Math.abs(dx) < 1e-12 && Math.abs(dy) < 1e-12) break;
  }
  return w;
}

const offsetInverse = (from: CRSTypes) => (p: Pos) => {
  const target = [p[0]!, p[1]!];
  const guess = gcoord.transform(target as [number, number], from, gcoord.WGS84) as Pos;
  return invert((w) => gcoord.transform(w as [number, number], gcoord.WGS84, from) as Pos, target, guess);
};

/** A function converting one position from `crs` to WGS-84 `[lng, lat]`. */
export function toWgs84(crs: Crs): (p: Pos) => Pos {
  switch (crs.kind) {
    case 'geographic':
      return (p) => [p[0]!, p[1]!];
    case 'gcj02':
      return offsetInverse(gcoord.GCJ02);
    case 'bd09':
      return offsetInverse(gcoord.BD09);
    case 'projected': {
      const c = converter(crs.proj4!);
      return (p) => c.forward([p[0]!, p[1]!]);
    }
  }
}

/** The inverse of `toWgs84` (tests and fixtures). */
export function fromWgs84(crs: Crs): (p: Pos) => Pos {
  switch (crs.kind) {
    case 'geographic':
      return (p) => [p[0]!, p[1]!];
    case 'gcj02':
      return (p) => gcoord.transform([p[0]!, p[1]!], gcoord.WGS84, gcoord.GCJ02) as Pos;
    case 'bd09':
      return (p) => gcoord.transform([p[0]!, p[1]!], gcoord.WGS84, gcoord.BD09) as Pos;
    case 'projected': {
      const c = converter(crs.proj4!);
      return (p) => c.inverse([p[0]!, p[1]!]);
    }
  }
}

/** The Gauss-Krüger zone an easting's prefix names (41 500 000 → zone 41, EPSG:4529), or null. */
export function crsFromEastingPrefix(x: number): Crs | null {
  const zone = Math.floor(x / 1_000_000);
  if (zone >= 13 && zone <= 23) return gaussKruger(4491 + zone - 13);
  if (zone >= 25 && zone <= 45) return gaussKruger(4513 + zone - 25);
  return null;
}

/** The .prj written beside exported shapefiles (ESRI WKT, as GDAL writes it for EPSG:4326). */
export const WGS84_PRJ =
  'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],' +
  'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
