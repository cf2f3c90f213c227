/**
 * GeoJSON: read as a FeatureCollection, a Feature, a bare geometry or an array of Features (a
 * legacy `crs` member is honoured); written per RFC 7946 — WGS-84, no `crs`, counter-clockwise
 * outer rings, at most 7 decimals — one feature at a time.
 */
import { jsonDeeperThan } from './json-depth.ts';
import type { FieldDef } from './labels.ts';
import { invalidFile, IoError, MAX_ROWS } from './limits.ts';
import { write } from './sink.ts';
import { assertText, decodeText } from './text.ts';
import type { ExportFeature, FeatureWriter, ParsedFile, RawGeometry, RawRow, WriterContext } from './types.ts';

/** Far deeper than real GeoJSON (a MultiPolygon in a Feature in a collection is 7 levels). */
const MAX_FILE_JSON_DEPTH = 64;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const GEOMETRY_TYPES = [
  'Point',
  'LineString',
  'Polygon',
  'MultiPoint',
  'MultiLineString',
  'MultiPolygon',
  'GeometryCollection',
];

export function readGeoJson(buf: Buffer): ParsedFile {
  const { text } = decodeText(buf);
  assertText(text, 'GeoJSON');
  if (jsonDeeperThan(Buffer.from(text), MAX_FILE_JSON_DEPTH))
    throw invalidFile(`The file is nested deeper than ${MAX_FILE_JSON_DEPTH} levels: no GeoJSON is`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const why = e instanceof SyntaxError ? e.message : 'too deeply nested';
    throw invalidFile(`The file is not valid JSON: ${why}`);
  }
  let items: unknown[];
  if (Array.isArray(doc)) items = doc;
  else if (isObject(doc) && doc.type === 'FeatureCollection') {
    if (!Array.isArray(doc.features)) throw invalidFile('The FeatureCollection has no "features" array');
    items = doc.features;
  } else if (isObject(doc) && doc.type === 'Feature') items = [doc];
  else if (isObject(doc) && GEOMETRY_TYPES.includes(String(doc.type)))
    items = [{ type: 'Feature', geometry: doc, properties: {} }];
  else throw invalidFile('This JSON is not GeoJSON: expected a FeatureCollection, a Feature or a geometry');
  if (items.length > MAX_ROWS)
    throw new IoError(
      413,
      'too_many_rows',
      `The file has ${items.length} features; at most ${MAX_ROWS} can be imported at once`,
    );

  const rows: RawRow[] = items.map((f, i) => {
    const row = i + 1;
    if (!isObject(f) || f.type !== 'Feature')
      return { row, geometry: null, properties: {}, issues: [{ path: '', message: 'not a GeoJSON Feature' }] };
    const issues: RawRow['issues'] = [];
    const g = f.geometry;
    let geometry: RawGeometry | null = null;
    if (g != null) {
      if (!isObject(g) || !GEOMETRY_TYPES.includes(String(g.type)))
        issues.push({
          path: 'geometry',
          message: `not a GeoJSON geometry (type ${JSON.stringify(isObject(g) ? g.type : g)})`,
        });
      else geometry = g as unknown as RawGeometry;
    }
    const p = f.properties;
    if (p != null && !isObject(p)) issues.push({ path: 'properties', message: 'properties must be an object' });
    return { row, geometry, properties: isObject(p) ? { ...p } : {}, ...(issues.length ? { issues } : {}) };
  });

  const crs = isObject(doc) && isObject(doc.crs) && isObject(doc.crs.properties) ? doc.crs.properties.name : null;
  return {
    format: 'geojson',
    rows,
    declaredCrs: typeof crs === 'string' ? { text: crs, from: 'geojson-crs' } : null,
    encoding: null,
    warnings: [],
  };
}

/** One feature of an export as GeoJSON text: the export columns in order, null for what is missing. */
export function featureText(f: ExportFeature, fields: readonly FieldDef[]): string {
  const properties: Record<string, unknown> = {};
  for (const d of fields) properties[d.key] = f.properties[d.key] ?? null;
  return JSON.stringify({ type: 'Feature', id: f.id, geometry: f.geometry, properties });
}

export class GeoJsonWriter implements FeatureWriter {
  private first = true;

  constructor(private readonly ctx: WriterContext) {}

  async begin(): Promise<void> {
    await write(this.ctx.sink, '{"type":"FeatureCollection","features":[\n');
  }

  async write(features: ExportFeature[]): Promise<void> {
    if (!features.length) return;
    const text = features.map((f) => featureText(f, this.ctx.fields)).join(',\n');
    await write(this.ctx.sink, (this.first ? '' : ',\n') + text);
    this.first = false;
  }

  /** Features already written as text (each as {@link featureText} writes it), joined by `,\n`. */
  async writeText(features: Buffer): Promise<void> {
    if (!features.length) return;
    if (!this.first) await write(this.ctx.sink, ',\n');
    await write(this.ctx.sink, features);
    this.first = false;
  }

  async end(): Promise<void> {
    await write(this.ctx.sink, '\n]}\n');
  }
}
