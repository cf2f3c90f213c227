/**
 * Import and export (docs/io.md): `POST /api/import` as a multipart upload with progress (an
 * XMLHttpRequest: `fetch` cannot report upload progress), export URLs for plain download links,
 * and the row count an export will have.
 */
import type { Geometry } from '../../../common/schemas/geometry.ts';
import type { Feature, FeatureCollection } from './geojson.ts';
import { ApiError, getJson, withQuery } from './http.ts';

/** Layers that take imports (townships: admins only). */
export const IMPORT_LAYERS = ['villages', 'assets', 'stations', 'secretaries', 'townships'] as const;
export type ImportLayer = (typeof IMPORT_LAYERS)[number];

/** Layers that export (every layer). */
export const EXPORT_LAYERS = [
  'villages',
  'townships',
  'assets',
  'stations',
  'secretaries',
  'assessments',
  'alliances',
  'chains',
  'chain-nodes',
  'chain-links',
] as const;
export type ExportLayer = (typeof EXPORT_LAYERS)[number];

export const EXPORT_FORMATS = ['geojson', 'csv', 'xlsx', 'kml', 'zip'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The server refuses larger uploads (413); the page refuses them before sending. */
export const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;

/** File name endings the import reads. */
export const IMPORT_EXTENSIONS = ['.geojson', '.json', '.csv', '.txt', '.xlsx', '.kml', '.kmz', '.zip'] as const;

export interface ImportRowError {
  row: number;
  path: string;
  message: string;
}

export interface ImportWarning {
  code: string;
  message: string;
  row?: number;
  path?: string;
}

/** `_row`, `_action` and `_changed` mark each preview feature. */
export interface PreviewProps {
  _row: number;
  _action: 'create' | 'update' | 'unchanged' | 'invalid';
  _changed?: string[];
  name?: unknown;
  [key: string]: unknown;
}

export type PreviewFeature = Feature<Geometry | null, PreviewProps>;
export type PreviewCollection = FeatureCollection<Geometry | null, PreviewProps>;

/** The report of a dry run or a real run (docs/io.md, "The report"). */
export interface ImportReport {
  layer: string;
  format: string;
  filename: string;
  dry_run: boolean;
  encoding: string | null;
  source_crs: string;
  source_crs_name: string;
  source_crs_from: string;
  total: number;
  valid: number;
  invalid: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: ImportRowError[];
  errors_total: number;
  warnings: ImportWarning[];
  warnings_total: number;
  preview: PreviewCollection;
  preview_total: number;
  import_id: number | null;
}

export interface ImportParams {
  layer: ImportLayer;
  /** `auto`, `wgs84`, `gcj02`, `bd09`, `EPSG:4491`…`EPSG:4554`, `EPSG:3857` */
  crs: string;
  dryRun: boolean;
  swap: boolean;
  encoding: 'auto' | 'utf-8' | 'gbk';
}

export interface UploadProgress {
  loaded: number;
  total: number;
  /** The body is sent: the server is reading and checking it. */
  done: boolean;
}

/** The query string of an import. */
export function importUrl(p: ImportParams): string {
  return withQuery('/api/import', {
    layer: p.layer,
    crs: p.crs,
    dryRun: String(p.dryRun),
    swap: p.swap ? 'true' : undefined,
    encoding: p.encoding === 'auto' ? undefined : p.encoding,
  });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The ApiError of a failed answer; a 422 `import_invalid` carries its report in `extra.report`. */
export function errorOf(status: number, statusText: string, body: unknown): ApiError {
  const err = isRecord(body) && isRecord(body.error) ? body.error : null;
  const { code, message, details, ...extra } = err ?? {};
  return new ApiError({
    status,
    code: typeof code === 'string' ? code : `http_${status}`,
    message: typeof message === 'string' ? message : statusText || `HTTP ${status}`,
    details: Array.isArray(details) ? details : undefined,
    extra: Object.keys(extra).length ? extra : undefined,
  });
}

/** The report inside a 422 `import_invalid`, if there is one. */
export function reportOfError(e: unknown): ImportReport | null {
  if (!(e instanceof ApiError) && !(isRecord(e) && 'extra' in e)) return null;
  const extra = (e as { extra?: Record<string, unknown> }).extra;
  const report = extra?.report;
  return isRecord(report) && Array.isArray(report.errors) ? (report as unknown as ImportReport) : null;
}

/**
 * Uploads `file` to `POST /api/import` and reads the report.
 * @throws ApiError on a network failure or a non-2xx answer (422 with `extra.report`);
 *   a DOMException `AbortError` when `signal` aborts
 */
export function uploadImport(
  file: File,
  params: ImportParams,
  onProgress: (p: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<ImportReport> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', importUrl(params));
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.withCredentials = true;
    xhr.upload.addEventListener('progress', (e) => {
      onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : file.size, done: false });
    });
    xhr.upload.addEventListener('load', () => onProgress({ loaded: file.size, total: file.size, done: true }));
    xhr.addEventListener('load', () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText) as unknown;
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        if (isRecord(body) && typeof body.total === 'number') resolve(body as unknown as ImportReport);
        else
          reject(
            new ApiError({
              status: xhr.status,
              code: 'bad_response',
              message: 'The server did not answer with a report',
            }),
          );
        return;
      }
      reject(errorOf(xhr.status, xhr.statusText, body));
    });
    xhr.addEventListener('error', () =>
      reject(new ApiError({ status: 0, code: 'network', message: 'The server could not be reached' })),
    );
    xhr.addEventListener('abort', () => reject(new DOMException('The upload was cancelled', 'AbortError')));
    if (signal) {
      if (signal.aborted) {
        reject(new DOMException('The upload was cancelled', 'AbortError'));
        return;
      }
      signal.addEventListener('abort', () => xhr.abort(), { once: true });
    }
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/** Export and list filters (docs/io.md "Export"): the same query for the count and the download. */
export interface ExportFilters {
  townships: number[];
  village: number | null;
  q: string;
  /** The layer's exact filters (`subtype`, `level`, `status`); empty values are left out. */
  exact: Record<string, string>;
  /** `[west, south, east, north]` or null */
  bbox: readonly [number, number, number, number] | null;
  /** villages only: `boundary` exports the boundaries */
  geom: 'location' | 'boundary';
}

export function filterQuery(layer: ExportLayer, f: ExportFilters): Record<string, string | undefined> {
  const query: Record<string, string | undefined> = {
    township: f.townships.length ? f.townships.join(',') : undefined,
    village: f.village !== null ? String(f.village) : undefined,
    q: f.q.trim() || undefined,
    bbox: f.bbox ? f.bbox.map((v) => Math.round(v * 1e5) / 1e5).join(',') : undefined,
    geom: layer === 'villages' && f.geom === 'boundary' ? 'boundary' : undefined,
  };
  for (const [k, v] of Object.entries(f.exact)) if (v) query[k] = v;
  return query;
}

/** The download URL of an export: a plain link, so the browser streams the file (cookies authenticate). */
export function exportUrl(layer: ExportLayer, format: ExportFormat, f: ExportFilters): string {
  return withQuery(`/api/export/${layer}.${format}`, filterQuery(layer, f));
}

/** How many rows an export with these filters will have (`GET /api/{layer}?limit=1&…` → `total`). */
export async function countRows(layer: ExportLayer, f: ExportFilters, signal?: AbortSignal): Promise<number> {
  const query = filterQuery(layer, f);
  delete query.geom;
  const body = await getJson<{ total?: unknown }>(withQuery(`/api/${layer}`, { ...query, limit: 1 }), signal);
  return typeof body.total === 'number' ? body.total : 0;
}

/** "1.2 MB" */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Whether a file name has an importable ending. */
export function importable(name: string): boolean {
  const lower = name.toLowerCase();
  return IMPORT_EXTENSIONS.some((ext) => lower.endsWith(ext));
}
