/**
 * Tables (CSV, XLSX) → rows: finds the geometry columns by their common names — lng/lon/longitude/
 * 经度 and lat/latitude/纬度, or a WKT column — and keeps every other column as a property.
 */
import { normalizeName } from './labels.ts';
import { invalidFile, IoError, MAX_ROWS } from './limits.ts';
import type { RawGeometry, RawRow } from './types.ts';
import { unguardFormula } from './values.ts';
import { parseWkt, WktError } from './wkt.ts';

const names = (...xs: string[]) => new Set(xs.map(normalizeName));
const LNG = names('lng', 'lon', 'long', 'longitude', '经度', 'x', 'point_x', '东经');
const LAT = names('lat', 'latitude', '纬度', 'y', 'point_y', '北纬');
const WKT = names('wkt', '几何(wkt)', '几何', 'geometry', 'geom', 'the_geom', 'shape', 'wkt_geom');

/** Reads 123.45, "123.45", or degrees-minutes-seconds like 123°27′30.5″E. */
export function parseDegrees(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  const s = String(v).trim();
  if (/^[-+]?(\d+\.?\d*|\.\d+)$/.test(s)) return Number(s);
  const m =
    /^([-+])?(\d+(?:\.\d+)?)\s*[°度]\s*(?:(\d+(?:\.\d+)?)\s*['′分])?\s*(?:(\d+(?:\.\d+)?)\s*(?:["″]|''|秒))?\s*([NSEW东西南北])?$/i.exec(
      s,
    );
  if (!m) return null;
  const value = Number(m[2]) + Number(m[3] ?? 0) / 60 + Number(m[4] ?? 0) / 3600;
  return m[1] === '-' || /[SW西南]/i.test(m[5] ?? '') ? -value : value;
}

const empty = (v: unknown) => v == null || String(v).trim() === '';

export interface TableResult {
  rows: RawRow[];
  /** Which columns gave the geometry (for reports). */
  geometryFrom: 'lnglat' | 'wkt' | 'both' | null;
}

/**
 * Turns a header and data rows into RawRows.
 * @param cells data rows (the header excluded)
 * @param rowNumbers each data row's number (default 1, 2, …: the line after the header is row 1)
 */
export function tableRows(header: unknown[], cells: unknown[][], rowNumbers?: number[]): TableResult {
  const heads = header.map((h) => (h == null ? '' : String(h).trim()));
  if (!heads.some(Boolean)) throw invalidFile('The first row must name the columns, but it is empty');
  const seen = new Map<string, number>();
  heads.forEach((h, i) => {
    if (!h) return;
    const k = normalizeName(h);
    if (seen.has(k)) throw invalidFile(`Column "${h}" appears twice (columns ${seen.get(k)! + 1} and ${i + 1})`);
    seen.set(k, i);
  });
  if (cells.length > MAX_ROWS)
    throw new IoError(
      413,
      'too_many_rows',
      `The file has ${cells.length} rows; at most ${MAX_ROWS} can be imported at once`,
    );
  const idx = (set: Set<string>) => heads.findIndex((h) => set.has(normalizeName(h)));
  const lngAt = idx(LNG);
  const latAt = idx(LAT);
  const wktAt = idx(WKT);
  if (lngAt < 0 !== latAt < 0)
    throw invalidFile(
      `Found a ${lngAt < 0 ? 'latitude (纬度)' : 'longitude (经度)'} column but no ${lngAt < 0 ? 'longitude (经度)' : 'latitude (纬度)'} column`,
    );
  const hasLngLat = lngAt >= 0;
  const geometryFrom = hasLngLat && wktAt >= 0 ? 'both' : hasLngLat ? 'lnglat' : wktAt >= 0 ? 'wkt' : null;
  const skip = new Set([lngAt, latAt, wktAt]);
  // The columns kept as properties, worked out once for every row.
  const kept = heads.flatMap((h, c) => (h && !skip.has(c) ? [c] : []));
  const rows: RawRow[] = cells.map((r, i) => {
    const row = rowNumbers?.[i] ?? i + 1;
    const issues: { path: string; message: string }[] = [];
    if (r.length > heads.length && r.slice(heads.length).some((c) => c !== null && c !== undefined && c !== ''))
      issues.push({ path: '', message: `has ${r.length} values but the header names ${heads.length} columns` });
    const properties: Record<string, unknown> = {};
    for (const c of kept) properties[heads[c]!] = r[c] ?? null;
    let geometry: RawGeometry | null = null;
    const wkt = wktAt >= 0 ? r[wktAt] : null;
    if (wkt != null && String(wkt).trim() !== '') {
      try {
        geometry = parseWkt(unguardFormula(String(wkt))).geometry;
      } catch (e) {
        issues.push({ path: 'geometry', message: `${heads[wktAt]}: ${e instanceof WktError ? e.message : 'not WKT'}` });
      }
    } else if (hasLngLat) {
      const rawX = r[lngAt];
      const rawY = r[latAt];
      if (!empty(rawX) || !empty(rawY)) {
        const x = parseDegrees(rawX);
        const y = parseDegrees(rawY);
        if (x == null)
          issues.push({
            path: 'geometry.coordinates.0',
            message: `${heads[lngAt]}: not a number: ${JSON.stringify(rawX ?? '')}`,
          });
        if (y == null)
          issues.push({
            path: 'geometry.coordinates.1',
            message: `${heads[latAt]}: not a number: ${JSON.stringify(rawY ?? '')}`,
          });
        if (x != null && y != null) geometry = { type: 'Point', coordinates: [x, y] };
      }
    }
    return { row, geometry, properties, ...(issues.length ? { issues } : {}) };
  });
  return { rows, geometryFrom };
}
