/**
 * The CGCS2000 Gauss-Krüger systems the import reads by EPSG code (docs/io.md "Coordinate
 * systems"): 4491–4501 6° zones 13–23, 4502–4512 6° by central meridian, 4513–4533 3° zones
 * 25–45, 4534–4554 3° by central meridian.
 */
export interface GkSystem {
  /** `EPSG:4529` */
  code: string;
  /** 6° or 3° zones */
  width: 6 | 3;
  /** The zone number the eastings carry as a prefix, or null for the "CM" systems. */
  zone: number | null;
  /** Central meridian in degrees east. */
  cm: number;
}

function range(from: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => from + i);
}

export const GK_SYSTEMS: readonly GkSystem[] = [
  ...range(4491, 11).map((epsg, i) => ({ code: `EPSG:${epsg}`, width: 6 as const, zone: 13 + i, cm: 75 + 6 * i })),
  ...range(4502, 11).map((epsg, i) => ({ code: `EPSG:${epsg}`, width: 6 as const, zone: null, cm: 75 + 6 * i })),
  ...range(4513, 21).map((epsg, i) => ({ code: `EPSG:${epsg}`, width: 3 as const, zone: 25 + i, cm: 75 + 3 * i })),
  ...range(4534, 21).map((epsg, i) => ({ code: `EPSG:${epsg}`, width: 3 as const, zone: null, cm: 75 + 3 * i })),
];

/** The default suggestion for a county near 123°E: 3° zone 41 (the sample county's 三调 data). */
export const DEFAULT_GK = 'EPSG:4529';

/**
 * The systems matching a search: an EPSG number (`4529`), a zone (`41`, `41带`) or a central
 * meridian (`123`, `123E`); empty finds all.
 */
export function searchGk(query: string, describe: (s: GkSystem) => string): GkSystem[] {
  const q = query
    .trim()
    .toLowerCase()
    .replace(/^epsg:?/, '');
  if (!q) return [...GK_SYSTEMS];
  const n = /^\d+/.exec(q)?.[0];
  return GK_SYSTEMS.filter((s) => {
    if (n !== undefined) {
      const v = Number(n);
      if (s.code.endsWith(`:${n}`) || (n.length >= 2 && s.code.slice(5).startsWith(n))) return true;
      return s.zone === v || s.cm === v;
    }
    return describe(s).toLowerCase().includes(q);
  });
}
