/**
 * Signs that coordinates are not in the system chosen (docs/io.md "Warnings"): latitude and
 * longitude swapped, projected metres given as degrees (or the reverse), a Gauss-Krüger zone
 * that does not match the eastings, points outside their township.
 */
import { pointInRing } from '../../common/geometry-checks.ts';
import { crsFromEastingPrefix, type Crs } from './crs.ts';
import type { Pos } from './geometry.ts';
import type { IoWarning } from './types.ts';

const inRange = (p: Pos) => Math.abs(p[0]!) <= 180 && Math.abs(p[1]!) <= 90;
/** Roughly China and its neighbours, generous on purpose. */
const inChina = (p: Pos) => p[0]! >= 70 && p[0]! <= 140 && p[1]! >= 0 && p[1]! <= 56;
const most = (n: number, of: number) => of > 0 && n >= Math.max(1, of / 2);
const fmt = (p: Pos) => `(${p.map((v) => Math.round(v * 1000) / 1000).join(', ')})`;

function majorityZone(points: Pos[], axis: 0 | 1): Crs | null {
  const counts = new Map<string, { crs: Crs; n: number }>();
  for (const p of points) {
    const crs = crsFromEastingPrefix(p[axis]!);
    if (crs) counts.set(crs.id, { crs, n: (counts.get(crs.id)?.n ?? 0) + 1 });
  }
  const best = [...counts.values()].sort((a, b) => b.n - a.n)[0];
  return best && most(best.n, points.length) ? best.crs : null;
}

/**
 * With no CRS chosen or declared: Gauss-Krüger when the eastings carry a zone number.
 * @returns the CRS to use (null: WGS-84) and what to tell the user
 */
export function guessCrs(points: Pos[]): { crs: Crs | null; warnings: IoWarning[] } {
  const projected = points.filter((p) => !inRange(p)).length;
  if (!most(projected, points.length)) return { crs: null, warnings: [] };
  const zone = majorityZone(points, 0);
  if (zone)
    return {
      crs: zone,
      warnings: [
        {
          code: 'crs_detected',
          message: `No coordinate system was given: the eastings name ${zone.name}, so the file was read as ${zone.id}. Choose another system if that is wrong.`,
        },
      ],
    };
  return { crs: null, warnings: checkCoordinates(points, { id: 'EPSG:4326', name: 'WGS-84', kind: 'geographic' }) };
}

/** Warnings about positions (as in the file) that do not look like `crs`. */
export function checkCoordinates(points: Pos[], crs: Crs): IoWarning[] {
  const out: IoWarning[] = [];
  const n = points.length;
  if (!n) return out;
  const sample = points.find((p) => !inRange(p) || !inChina(p)) ?? points[0]!;
  if (crs.kind !== 'projected') {
    const swapped = points.filter((p) => !inChina(p) && inChina([p[1]!, p[0]!])).length;
    const projected = points.filter((p) => !inRange(p)).length;
    if (most(swapped, n))
      out.push({
        code: 'looks_swapped',
        message: `${swapped} of ${n} positions look like latitude and longitude swapped, e.g. ${fmt(sample)}: swap the columns, or import with swap=true`,
      });
    else if (most(projected, n)) {
      const zone = majorityZone(points, 0) ?? majorityZone(points, 1);
      out.push({
        code: 'looks_projected',
        message:
          `${projected} of ${n} positions are not degrees, e.g. ${fmt(sample)}: they look like projected metres. ` +
          (zone
            ? `Their ${zone === majorityZone(points, 0) ? 'eastings' : 'northings'} name ${zone.name}: choose ${zone.id}${zone === majorityZone(points, 0) ? '' : ' and swap x and y'}.`
            : 'Choose the Gauss-Krüger system they were measured in (EPSG:4534–4554 for 3° zones without a zone number).'),
      });
    }
    return out;
  }
  if (points.every(inRange)) {
    out.push({
      code: 'looks_geographic',
      message: `The positions look like degrees, e.g. ${fmt(sample)}, not ${crs.name} metres: choose WGS-84 or CGCS2000`,
    });
    return out;
  }
  if (crs.zone) {
    const zone = majorityZone(points, 0);
    if (crs.zone.number != null && zone && zone.id !== crs.id)
      out.push({
        code: 'zone_mismatch',
        message: `The eastings name ${zone.name} (${zone.id}), but ${crs.id} is ${crs.name}`,
      });
    if (crs.zone.number == null && zone)
      out.push({
        code: 'zone_mismatch',
        message: `The eastings carry a zone number (${zone.name}): choose ${zone.id} rather than ${crs.id}, which has none`,
      });
    if (!zone && majorityZone(points, 1))
      out.push({
        code: 'looks_swapped',
        message: 'The northings carry a zone number: x and y look swapped (surveyors write X for north)',
      });
  }
  return out;
}

export interface Area {
  id: number;
  name: string;
  geometry: { type: string; coordinates: unknown };
  bbox: [number, number, number, number];
}

/** Whether a WGS-84 point lies in an area (outer rings, holes respected). */
export function insideArea(p: Pos, a: Area): boolean {
  const [w, s, e, n] = a.bbox;
  if (p[0]! < w || p[0]! > e || p[1]! < s || p[1]! > n) return false;
  const polys = (a.geometry.type === 'Polygon' ? [a.geometry.coordinates] : a.geometry.coordinates) as Pos[][][];
  return polys.some((rings) => pointInRing(p, rings[0]!) && !rings.slice(1).some((h) => pointInRing(p, h)));
}
