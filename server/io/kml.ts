/**
 * KML and KMZ: read with @xmldom/xmldom + @tmcw/togeojson (a DOCTYPE or ENTITY is refused before
 * parsing, so no entity is ever expanded); written as KML 2.2 with every property as
 * `<Data name="key"><displayName>中文</displayName>` (Google Earth and Ovital show the label).
 */
import { DOMParser } from '@xmldom/xmldom';
import { kml } from '@tmcw/togeojson';
import { formatCoord } from './geometry.ts';
import { invalidFile, IoError, MAX_ROWS } from './limits.ts';
import { write } from './sink.ts';
import { decodeAs, decodeText, encodingFromLabel } from './text.ts';
import type { ExportFeature, FeatureWriter, ParsedFile, RawGeometry, RawRow, WriterContext } from './types.ts';
import { flatText } from './values.ts';
import { readZip } from './zip.ts';

/** Properties togeojson derives from KML styling and timing: not data. */
const KML_NOISE = new Set([
  'styleUrl',
  'styleHash',
  'styleMapHash',
  'stroke',
  'stroke-opacity',
  'stroke-width',
  'fill',
  'fill-opacity',
  'icon',
  'icon-scale',
  'icon-color',
  'icon-opacity',
  'icon-heading',
  'icon-offset',
  'icon-offset-units',
  'label-scale',
  'label-color',
  'label-opacity',
  'visibility',
  'timespan',
  'timestamp',
  'marker-color',
  'description',
]);

function decodeXml(buf: Buffer): string {
  const head = buf.subarray(0, 200).toString('latin1');
  const declared = /^\s*<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/.exec(head)?.[1];
  const enc = declared ? encodingFromLabel(declared) : null;
  return enc === 'GBK' ? decodeAs(buf, 'GBK') : decodeText(buf).text;
}

export function readKml(buf: Buffer, format: 'kml' | 'kmz' = 'kml'): ParsedFile {
  const text = decodeXml(buf);
  if (/<!DOCTYPE|<!ENTITY/i.test(text))
    throw invalidFile('KML with a DOCTYPE or entity declarations is refused (they can expand without bound)');
  let doc: ReturnType<DOMParser['parseFromString']>;
  try {
    doc = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') throw new Error(message);
      },
    }).parseFromString(text, 'text/xml');
  } catch (e) {
    const why = (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 200);
    throw invalidFile(`The KML is not well-formed XML: ${why}`);
  }
  const root = doc.documentElement;
  if (!root || root.localName !== 'kml')
    throw invalidFile(`This XML is not KML (its root element is <${root?.localName ?? 'nothing'}>)`);
  const count = doc.getElementsByTagName('Placemark').length;
  if (count > MAX_ROWS)
    throw new IoError(
      413,
      'too_many_rows',
      `The file has ${count} placemarks; at most ${MAX_ROWS} can be imported at once`,
    );
  // togeojson walks a DOM; xmldom's Document provides what it uses.
  const fc = kml(doc as unknown as Parameters<typeof kml>[0]);
  const rows: RawRow[] = fc.features.map((f, i) => {
    const properties: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(f.properties ?? {})) if (!KML_NOISE.has(k)) properties[k] = v;
    return { row: i + 1, geometry: (f.geometry as RawGeometry | null) ?? null, properties };
  });
  return { format, rows, declaredCrs: null, encoding: null, warnings: [] };
}

export function readKmz(buf: Buffer): ParsedFile {
  const entries = readZip(buf, 'KMZ');
  const kmls = entries.filter((e) => /\.kml$/i.test(e.name));
  const doc = kmls.find((e) => e.name.toLowerCase() === 'doc.kml') ?? kmls[0];
  if (!doc) throw invalidFile('The KMZ holds no .kml file');
  return readKml(doc.read(), 'kmz');
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
/** XML 1.0 forbids most control characters; they are dropped. */
// eslint-disable-next-line no-control-regex -- matching those characters is the point
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;
const escapeXml = (s: string) => s.replace(XML_FORBIDDEN, '').replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);

const coords = (ring: unknown) =>
  (ring as number[][]).map((p) => `${formatCoord(p[0]!)},${formatCoord(p[1]!)}`).join(' ');

function polygon(rings: unknown): string {
  const [outer, ...holes] = rings as unknown[];
  const inner = holes.map(
    (h) => `<innerBoundaryIs><LinearRing><coordinates>${coords(h)}</coordinates></LinearRing></innerBoundaryIs>`,
  );
  return `<Polygon><outerBoundaryIs><LinearRing><coordinates>${coords(outer)}</coordinates></LinearRing></outerBoundaryIs>${inner.join('')}</Polygon>`;
}

/** A GeoJSON geometry as KML. */
export function kmlGeometry(g: { type: string; coordinates: unknown }): string {
  switch (g.type) {
    case 'Point':
      return `<Point><coordinates>${coords([g.coordinates])}</coordinates></Point>`;
    case 'LineString':
      return `<LineString><coordinates>${coords(g.coordinates)}</coordinates></LineString>`;
    case 'Polygon':
      return polygon(g.coordinates);
    case 'MultiPolygon':
      return `<MultiGeometry>${(g.coordinates as unknown[]).map(polygon).join('')}</MultiGeometry>`;
    default:
      return '';
  }
}

export class KmlWriter implements FeatureWriter {
  constructor(private readonly ctx: WriterContext) {}

  async begin(): Promise<void> {
    await write(
      this.ctx.sink,
      '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">\n<Document>\n' +
        `<name>${escapeXml(this.ctx.title)}</name>\n`,
    );
  }

  async write(features: ExportFeature[]): Promise<void> {
    const out = features.map((f) => {
      const p = f.properties;
      const label = p.name ?? p.code ?? p.external_id ?? f.id;
      const data = this.ctx.fields
        .map(
          (d) =>
            `<Data name="${d.key}"><displayName>${escapeXml(d.zh)}</displayName><value>${escapeXml(flatText(d, p[d.key]))}</value></Data>`,
        )
        .join('');
      const geometry = f.geometry ? kmlGeometry(f.geometry) : '';
      return `<Placemark id="${this.ctx.name}.${f.id}"><name>${escapeXml(String(label))}</name><ExtendedData>${data}</ExtendedData>${geometry}</Placemark>\n`;
    });
    if (out.length) await write(this.ctx.sink, out.join(''));
  }

  async end(): Promise<void> {
    await write(this.ctx.sink, '</Document>\n</kml>\n');
  }
}
