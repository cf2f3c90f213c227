/** Which reader or writer handles a file: by extension for uploads, by name for exports. */
import path from 'node:path';
import { CsvWriter, readCsv } from './csv.ts';
import { GeoJsonWriter, readGeoJson } from './geojson.ts';
import { KmlWriter, readKml, readKmz } from './kml.ts';
import { invalidFile, IoError } from './limits.ts';
import { readShapefileZip, ShapefileWriter } from './shapefile.ts';
import type { TextEncoding } from './text.ts';
import type { ExportFormat, FeatureWriter, ImportFormat, ParsedFile, WriterContext } from './types.ts';
import { readXlsx, XlsxWriter } from './xlsx.ts';
import { looksLikeZip } from './zip.ts';

export const IMPORT_EXTENSIONS: Record<string, ImportFormat> = {
  '.geojson': 'geojson',
  '.json': 'geojson',
  '.csv': 'csv',
  '.txt': 'csv',
  '.xlsx': 'xlsx',
  '.kml': 'kml',
  '.kmz': 'kmz',
  '.zip': 'shapefile',
};

const ACCEPTED = '.geojson/.json, .csv, .xlsx, .kml, .kmz or a .zip holding a Shapefile';

/**
 * Parses an upload by its extension.
 * @throws IoError for files that cannot be read (400) or are over a limit (413)
 */
export async function readUpload(
  buf: Buffer,
  filename: string,
  opts: { encoding?: TextEncoding | null } = {},
): Promise<ParsedFile> {
  const ext = path.extname(filename).toLowerCase();
  const format = IMPORT_EXTENSIONS[ext];
  if (!format) {
    const hint =
      ext === '.xls'
        ? 'old Excel .xls files are not read: save it as .xlsx'
        : ['.shp', '.dbf', '.shx', '.prj'].includes(ext)
          ? 'zip the .shp with its .shx, .dbf, .prj (and .cpg) and upload the .zip'
          : `send ${ACCEPTED}`;
    throw new IoError(400, 'unsupported_format', `Cannot import "${ext || filename}" files: ${hint}`);
  }
  if (!buf.length) throw invalidFile('The file is empty');
  if (
    (format === 'xlsx' || format === 'kmz' || format === 'shapefile') &&
    !looksLikeZip(buf) &&
    !(format === 'xlsx' && buf[0] === 0xd0)
  )
    throw invalidFile(
      `This ${ext} file is not a zip archive${format === 'xlsx' ? ' (is it really an Excel workbook?)' : ''}`,
    );
  switch (format) {
    case 'geojson':
      return readGeoJson(buf);
    case 'csv':
      return readCsv(buf, opts.encoding);
    case 'xlsx':
      return readXlsx(buf);
    case 'kml':
      return readKml(buf);
    case 'kmz':
      return readKmz(buf);
    case 'shapefile':
      return readShapefileZip(buf, opts.encoding);
  }
}

export const EXPORT_FORMATS: readonly ExportFormat[] = ['geojson', 'csv', 'xlsx', 'kml', 'zip'];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  geojson: 'application/geo+json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  kml: 'application/vnd.google-earth.kml+xml; charset=utf-8',
  zip: 'application/zip',
};

export function writerFor(format: ExportFormat, ctx: WriterContext): FeatureWriter {
  switch (format) {
    case 'geojson':
      return new GeoJsonWriter(ctx);
    case 'csv':
      return new CsvWriter(ctx);
    case 'xlsx':
      return new XlsxWriter(ctx);
    case 'kml':
      return new KmlWriter(ctx);
    case 'zip':
      return new ShapefileWriter(ctx);
  }
}
