import type { Writable } from 'node:stream';
import type { FieldDef } from './labels.ts';

/** Shapes shared by the format readers and writers of server/io. */

/** A geometry as read from a file: any GeoJSON type, coordinates still in the file's CRS. */
export interface RawGeometry {
  type: string;
  coordinates?: unknown;
  geometries?: RawGeometry[];
}

/** One data row of an uploaded file: `row` is 1-based over data rows (a header line is not a row). */
export interface RawRow {
  row: number;
  geometry: RawGeometry | null;
  properties: Record<string, unknown>;
  /** Problems the reader found in this row (an unreadable WKT, a short CSV line). */
  issues?: { path: string; message: string }[];
}

export type ImportFormat = 'geojson' | 'csv' | 'xlsx' | 'kml' | 'kmz' | 'shapefile';
export type ExportFormat = 'geojson' | 'csv' | 'xlsx' | 'kml' | 'zip';

/** Something the user should look at: file-wide (no row) or about one row and field. */
export interface IoWarning {
  code: string;
  message: string;
  row?: number;
  path?: string;
}

export interface ParsedFile {
  format: ImportFormat;
  rows: RawRow[];
  /** The `.prj` text of a shapefile, or a GeoJSON's legacy `crs` name: what the file says it is. */
  declaredCrs: { text: string; from: 'prj' | 'geojson-crs' } | null;
  /** The text encoding used to read the file (CSV, DBF, KML), when there was a choice. */
  encoding: string | null;
  warnings: IoWarning[];
}

/** A feature ready to be written: WGS-84 geometry, properties keyed by the export columns. */
export interface ExportFeature {
  id: number;
  geometry: { type: string; coordinates: unknown } | null;
  properties: Record<string, unknown>;
}

/** What a format writer needs to know about the export. */
export interface WriterContext {
  sink: Writable;
  /** Export columns, in order (see labels.ts). */
  fields: FieldDef[];
  /** How tables carry geometry: lng/lat columns, WKT, both (mixed layers), or none. */
  geometry: 'none' | 'point' | 'mixed' | 'shape';
  /** Base name of files inside archives (`villages`). */
  name: string;
  /** Chinese title (KML document, XLSX sheet). */
  title: string;
  now: Date;
}

/** Streams features into one format: begin, pages of features, end. */
export interface FeatureWriter {
  begin(): Promise<void>;
  write(features: ExportFeature[]): Promise<void>;
  end(): Promise<void>;
  /** Releases temporary files after an error or an aborted download. */
  abort?(): Promise<void>;
}
