/**
 * Reads the coordinate system of a `.prj` (WKT1, ESRI WKT or WKT2) from its parameters — the
 * ellipsoid, projection method, central meridian, false easting — never from its name, which
 * tools word differently (DOMAIN.md "Coordinates").
 */
import { CGCS2000, crsFromEpsg, transverseMercator, WEB_MERCATOR, WGS84, type Crs } from './crs.ts';
import { IoError } from './limits.ts';

interface WktNode {
  name: string;
  args: (string | number | WktNode)[];
}

const unsupported = (why: string) => new IoError(400, 'unsupported_crs', why);

function parseNode(text: string): WktNode {
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const node = (depth: number): WktNode => {
    if (depth > 20) throw unsupported('The .prj nests too deeply');
    ws();
    const start = i;
    while (i < text.length && /[A-Za-z0-9_]/.test(text[i]!)) i++;
    const name = text.slice(start, i).toUpperCase();
    ws();
    if (!name) throw unsupported('The .prj is not WKT');
    // WKT2 has bare keywords as values: AXIS["easting (Y)",east], CS[Cartesian,2].
    if (depth > 0 && text[i] !== '[' && text[i] !== '(') return { name, args: [] };
    if (text[i] !== '[' && text[i] !== '(') throw unsupported('The .prj is not WKT');
    const close = text[i] === '[' ? ']' : ')';
    i++;
    const args: WktNode['args'] = [];
    for (;;) {
      ws();
      if (text[i] === close) {
        i++;
        return { name, args };
      }
      if (text[i] === '"') {
        const end = text.indexOf('"', i + 1);
        if (end < 0) throw unsupported('The .prj has an unterminated string');
        args.push(text.slice(i + 1, end));
        i = end + 1;
      } else if (/[-+0-9.]/.test(text[i] ?? '')) {
        const s = i;
        while (i < text.length && /[-+0-9.eE]/.test(text[i]!)) i++;
        args.push(Number(text.slice(s, i)));
      } else args.push(node(depth + 1));
      ws();
      if (text[i] === ',') i++;
      else if (text[i] !== close) throw unsupported('The .prj is not valid WKT');
    }
  };
  return node(0);
}

function* walk(n: WktNode): Generator<WktNode> {
  yield n;
  for (const a of n.args) if (typeof a === 'object') yield* walk(a);
}

const find = (n: WktNode, ...names: string[]) => [...walk(n)].find((x) => names.includes(x.name));
const key = (s: unknown) =>
  String(s)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

/** The EPSG code a node declares (AUTHORITY["EPSG","4529"] / ID["EPSG",4529]), if any. */
function authority(n: WktNode): number | null {
  const a = n.args.find((x): x is WktNode => typeof x === 'object' && (x.name === 'AUTHORITY' || x.name === 'ID'));
  return a && String(a.args[0]).toUpperCase() === 'EPSG' ? Number(a.args[1]) : null;
}

function checkEllipsoid(root: WktNode): void {
  const e = find(root, 'SPHEROID', 'ELLIPSOID');
  const a = Number(e?.args[1]);
  const rf = Number(e?.args[2]);
  if (!e || !Number.isFinite(a)) throw unsupported('The .prj names no ellipsoid');
  if (Math.abs(a - 6378245) < 1)
    throw unsupported(
      'The .prj is Beijing 1954 (Krasovsky ellipsoid): converting it needs seven local parameters. ' +
        'Convert the data to CGCS2000 first (e.g. in ArcGIS or QGIS), then import it.',
    );
  if (Math.abs(a - 6378140) < 1)
    throw unsupported(
      'The .prj is Xian 1980 (IAG 1975 ellipsoid): converting it needs seven local parameters. ' +
        'Convert the data to CGCS2000 first, then import it.',
    );
  const known = Math.abs(rf - 298.257222101) < 1e-6 || Math.abs(rf - 298.257223563) < 1e-6 || rf === 0;
  if (Math.abs(a - 6378137) > 0.5 || !known)
    throw unsupported(`The .prj uses an ellipsoid Xiangtu does not convert (a = ${a}, 1/f = ${rf})`);
}

/**
 * The CRS a .prj describes.
 * @throws IoError `unsupported_crs` for datums and projections we cannot convert
 */
export function crsFromPrj(text: string): Crs {
  const root = parseNode(text.trim());
  const horizontal =
    root.name === 'COMPD_CS' || root.name === 'COMPOUNDCRS'
      ? (root.args.find((a): a is WktNode => typeof a === 'object') ?? root)
      : root;
  const projected = ['PROJCS', 'PROJCRS', 'PROJECTEDCRS'].includes(horizontal.name);
  if (!projected && !['GEOGCS', 'GEOGCRS', 'GEODCRS', 'GEOGRAPHICCRS', 'BASEGEOGCRS'].includes(horizontal.name))
    throw unsupported(`The .prj describes a ${horizontal.name} coordinate system, which Xiangtu does not convert`);
  checkEllipsoid(horizontal);
  if (!projected) {
    const datum = key(find(horizontal, 'DATUM')?.args[0] ?? '');
    return datum.includes('2000') ? CGCS2000 : WGS84;
  }
  const method = key(find(horizontal, 'PROJECTION', 'METHOD')?.args[0] ?? '');
  const params = new Map<string, number>();
  for (const n of walk(horizontal)) if (n.name === 'PARAMETER') params.set(key(n.args[0]), Number(n.args[1]));
  const get = (...names: string[]) => names.map((n) => params.get(n)).find((v) => v !== undefined);
  const unit = [...walk(horizontal)].filter((n) => n.name === 'UNIT' || n.name === 'LENGTHUNIT').at(-1);
  if (unit && Math.abs(Number(unit.args[1]) - 1) > 1e-9)
    throw unsupported(`The .prj measures in ${String(unit.args[0])}, not metres`);
  if (method.includes('mercatorauxiliarysphere') || method.includes('pseudomercator') || authority(horizontal) === 3857)
    return WEB_MERCATOR;
  if (method === 'transversemercator' || method === 'gausskruger' || method === 'gausskrueger') {
    const cm = get('centralmeridian', 'longitudeofnaturalorigin', 'longitudeoforigin', 'longitudeofcenter');
    if (cm === undefined) throw unsupported('The .prj has no central meridian');
    return transverseMercator({
      cm,
      fe: get('falseeasting') ?? 0,
      fn: get('falsenorthing') ?? 0,
      k: get('scalefactor', 'scalefactoratnaturalorigin') ?? 1,
      lat0: get('latitudeoforigin', 'latitudeofnaturalorigin') ?? 0,
    });
  }
  throw unsupported(
    `The .prj uses the projection "${String(find(horizontal, 'PROJECTION', 'METHOD')?.args[0])}", which Xiangtu does not convert`,
  );
}

/**
 * The CRS a GeoJSON's legacy `crs` member names (`urn:ogc:def:crs:EPSG::4529`, `EPSG:4490`, CRS84).
 * @throws IoError `unsupported_crs` for other names
 */
export function crsFromName(name: string): Crs {
  if (/CRS84$/i.test(name)) return WGS84;
  const m = /EPSG:{1,2}(?:[\d.]*:)?(\d+)$/i.exec(name);
  const crs = m ? crsFromEpsg(Number(m[1])) : null;
  if (!crs) throw unsupported(`The file says its coordinates are in "${name}", which Xiangtu does not convert`);
  return crs;
}
