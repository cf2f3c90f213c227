/**
 * Which CRS a file is in — the user's choice, else what the file declares (.prj, a GeoJSON
 * `crs`), else a guess from the numbers — and its geometries converted to WGS-84.
 */
import { guessCrs } from './crs-checks.ts';
import { toWgs84, WGS84, type Crs } from './crs.ts';
import {
  mapPositions,
  normalizeGeometry,
  positions,
  roundCoord,
  roundGeometry,
  type Normalized,
  type Pos,
} from './geometry.ts';
import { IoError, MAX_FILE_VERTICES } from './limits.ts';
import { crsFromName, crsFromPrj } from './prj.ts';
import type { IoWarning, ParsedFile, RawGeometry } from './types.ts';

export interface CrsChoice {
  crs: Crs;
  from: 'user' | 'prj' | 'geojson-crs' | 'detected' | 'default';
  warnings: IoWarning[];
}

/** A Point whose coordinates are an array starting with a number (one position). */
function isPlainPoint(g: RawGeometry): boolean {
  const c = (g as { coordinates?: unknown }).coordinates;
  return g.type === 'Point' && Array.isArray(c) && c.length >= 2 && typeof c[0] === 'number';
}

/** The first position of each row's geometry (what the heuristics look at). */
export function firstPositions(geometries: (RawGeometry | null)[], swap = false): Pos[] {
  const out: Pos[] = [];
  for (const g of geometries) {
    const p = g ? (isPlainPoint(g) ? (g.coordinates as Pos) : positions(g)[0]) : undefined;
    if (p && typeof p[0] === 'number' && typeof p[1] === 'number') out.push(swap ? [p[1], p[0]] : [p[0], p[1]]);
  }
  return out;
}

/**
 * Decides the source CRS.
 * @param chosen the user's `crs=` (or `auto`)
 * @throws IoError `unsupported_crs` when the file declares a system we cannot convert and none was chosen
 */
export function chooseCrs(parsed: ParsedFile, chosen: Crs | 'auto', points: Pos[]): CrsChoice {
  const warnings: IoWarning[] = [];
  let declared: Crs | null = null;
  if (parsed.declaredCrs) {
    try {
      declared =
        parsed.declaredCrs.from === 'prj' ? crsFromPrj(parsed.declaredCrs.text) : crsFromName(parsed.declaredCrs.text);
    } catch (e) {
      if (chosen === 'auto' || !(e instanceof IoError)) throw e;
      warnings.push({ code: 'crs_override', message: `${e.message} — using the system you chose, ${chosen.name}` });
    }
  }
  if (chosen !== 'auto') {
    const sameFamily = declared && declared.kind === 'geographic' && chosen.kind !== 'projected';
    if (declared && declared.id !== chosen.id && !sameFamily)
      warnings.push({
        code: 'crs_override',
        message: `The file says ${declared.id} (${declared.name}), but you chose ${chosen.id}: your choice was used`,
      });
    return { crs: chosen, from: 'user', warnings };
  }
  if (declared && parsed.declaredCrs) return { crs: declared, from: parsed.declaredCrs.from, warnings };
  const guess = guessCrs(points);
  warnings.push(...guess.warnings);
  if (guess.crs) return { crs: guess.crs, from: 'detected', warnings };
  if (parsed.format === 'shapefile' && points.length)
    warnings.push({
      code: 'no_prj',
      message: 'The shapefile has no .prj: its coordinates were read as WGS-84 degrees',
    });
  return { crs: WGS84, from: 'default', warnings };
}

/**
 * Normalises a file geometry and converts it to WGS-84 (7 decimals).
 * @param swap exchange x and y first (columns given the wrong way round)
 */
export function convertGeometry(g: RawGeometry, crs: Crs, swap = false): Normalized {
  // A point of finite numbers (most rows of a table) without the general walk's copies.
  if (isPlainPoint(g) && (g.coordinates as unknown[]).every((x) => typeof x === 'number' && Number.isFinite(x))) {
    const [x, y] = g.coordinates as number[];
    const q = toWgs84(crs)(swap ? [y!, x!] : [x!, y!]);
    if (!Number.isFinite(q[0]) || !Number.isFinite(q[1]))
      return { ok: false, message: `coordinates cannot be converted from ${crs.id}` };
    return { ok: true, geometry: { type: 'Point', coordinates: q.map(roundCoord) } };
  }
  const n = normalizeGeometry(g);
  if (!n.ok) return n;
  const fn = toWgs84(crs);
  let bad = false;
  const out = mapPositions(n.geometry, (p) => {
    const q = fn(swap ? [p[1]!, p[0]!] : p);
    if (!Number.isFinite(q[0]) || !Number.isFinite(q[1])) bad = true;
    return q;
  });
  if (bad) return { ok: false, message: `coordinates cannot be converted from ${crs.id}` };
  return { ok: true, geometry: roundGeometry(out) };
}

/** Refuses files whose geometries hold more vertices than one import handles. */
export function assertVertexBudget(geometries: (RawGeometry | null)[]): void {
  let n = 0;
  for (const g of geometries) if (g) n += isPlainPoint(g) ? 1 : positions(g).length;
  if (n > MAX_FILE_VERTICES)
    throw new IoError(
      413,
      'payload_too_large',
      `The file has ${n} vertices; at most ${MAX_FILE_VERTICES} can be imported at once`,
    );
}
