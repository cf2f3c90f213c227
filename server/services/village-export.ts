/**
 * The villages' GeoJSON export without a JavaScript object per village: the database writes each
 * village's properties (VillageExportRepository), node adds the operating income and its band
 * (numbers are written as node writes them, which SQL cannot promise) and the stored location,
 * and a page leaves as one UTF-8 buffer. The bytes are those of the general path
 * (ExportService.toExport + GeoJsonWriter); whatever the database's text might not match — a
 * location not in the canonical 7-decimal form, an integer column holding something else, JSON
 * columns not written as JSON.stringify writes them — is rendered by the general path instead.
 */
import { rewind } from '../../common/geometry-checks.ts';
import { incomeBand, type IncomeThresholds } from '../../common/income.ts';
import { roundGeometry } from '../io/geometry.ts';
import type { ListFilter } from '../repositories/feature-repository.ts';
import {
  SPLIT,
  type VillageExportContext,
  type VillageExportRepository,
  type VillageExportRow,
} from '../repositories/village-export-repository.ts';

/** Villages a page: a page's text is about 0.7 MB. */
export const VILLAGE_PAGE_SIZE = 1000;

/**
 * A coordinate JSON.stringify writes as is after rounding to 7 decimals: no exponent (|x| ≥ 1e-6
 * or 0), no trailing zeros, no -0, at most 3 integer digits.
 */
const COORD = String.raw`(?!-0[,\]])(?!-?0\.000000)-?(?:0|[1-9]\d{0,2})(?:\.\d{0,6}[1-9])?`;
const CANONICAL_POINT = new RegExp(String.raw`^\{"type":"Point","coordinates":\[${COORD},${COORD}\]\}$`);

/** The geometry as the general path writes it: RFC 7946 (rewound), 7 decimals. */
export function geometryText(location: string | null): string {
  if (location == null) return 'null';
  if (CANONICAL_POINT.test(location)) return location;
  const g = JSON.parse(location) as { type: string; coordinates: unknown } | null;
  return JSON.stringify(g ? roundGeometry(rewind(g)) : null);
}

// JSON text that JSON.stringify(JSON.parse(text)) gives back unchanged, recognised by patterns
// (JSON.parse and JSON.stringify of a page cost more than the rest of its rendering): no
// whitespace; strings without escapes other than \" \\ \b \f \n \r \t, and without braces;
// numbers with at most 15 digits in JavaScript's own form; objects flat, without index-like
// (digit) keys, which JSON.parse moves first, and without a key twice. The text comes from the
// database as valid JSON. Whatever does not match is checked the slow way.
const STR = String.raw`"(?:[^"\\\u0000-\u001f{}]|\\["\\bfnrt])*"`;
const NUM = String.raw`(?!-0(?![.\d]))(?!-?0\.000000)-?(?=[\d.]{1,16}(?![\d.]))(?:0|[1-9]\d*)(?:\.\d*[1-9])?(?![\d.eE])`;
const PLAIN_TOKENS = new RegExp(String.raw`^(?:${STR}|${NUM}|[[\]{},:]|true|false|null)*$`);
const INDEX_KEY = /"\d+":/;
const NESTED_OBJECT = /\{[^}]*\{/;
const REPEATED_KEY = new RegExp(String.raw`\{[^}]*?(${STR}):[^}]*,\1:`);

/** True only for valid JSON text that JSON.stringify writes the same (false: not known). */
export function plainlyStringifyForm(text: string): boolean {
  return PLAIN_TOKENS.test(text) && !INDEX_KEY.test(text) && !NESTED_OBJECT.test(text) && !REPEATED_KEY.test(text);
}

/** Whether JSON text is written as JSON.stringify writes its value. */
export function isStringifyForm(text: string): boolean {
  if (plainlyStringifyForm(text)) return true;
  try {
    return JSON.stringify(JSON.parse(text)) === text;
  } catch {
    return false;
  }
}

/** A JSON column holding `null` (a list is read as [] on SQLite, as null on PostgreSQL): the general path writes it. */
const NULL_COLUMN = /(?:^|,)null(?:,|$)/;

/** Whether the JSON columns of a page are embedded exactly as JSON.stringify would write their values. */
function listsExact(rows: readonly VillageExportRow[]): boolean {
  return isStringifyForm(`[${rows.map((r) => r.lists).join(',')}]`);
}

export interface VillageExportOptions {
  filter: Omit<ListFilter, 'limit' | 'offset'>;
  context: VillageExportContext;
  thresholds: IncomeThresholds;
  /** The general path's text of these villages (by id), for rows the database cannot write exactly. */
  general(ids: number[]): Promise<Map<number, string>>;
  size?: number;
}

/** One page's features as GeoJSON texts. */
async function render(rows: readonly VillageExportRow[], opts: VillageExportOptions): Promise<string[]> {
  const exact = listsExact(rows);
  const out: (string | null)[] = rows.map((r) => {
    const p = r.properties;
    if (!exact || p == null || NULL_COLUMN.test(r.lists)) return null;
    const at = p.indexOf(SPLIT);
    const operating = r.operating_income == null ? null : Number(r.operating_income);
    const band = incomeBand(operating, opts.thresholds);
    return `{"type":"Feature","id":${r.id},"geometry":${geometryText(r.location)},"properties":${p.slice(0, at - 1)},"operating_income":${JSON.stringify(operating)},"income_band":${JSON.stringify(band)},${p.slice(at + 2)}}`;
  });
  const missing = rows.filter((_, i) => out[i] === null).map((r) => r.id);
  if (missing.length) {
    const texts = await opts.general(missing);
    rows.forEach((r, i) => {
      if (out[i] === null) out[i] = texts.get(r.id) ?? null;
    });
  }
  // A row gone between the two reads (deleted meanwhile) is left out, as a later page would.
  return out.filter((t) => t !== null);
}

/**
 * Features joined by `,\n` as UTF-8, written straight into one buffer: a page joined as one string
 * first would leave a large string (garbage only a full collection frees) behind every page.
 */
function utf8(features: readonly string[]): Buffer {
  let size = 2 * (features.length - 1);
  for (const f of features) size += Buffer.byteLength(f, 'utf8');
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  features.forEach((f, i) => {
    if (i) at += out.write(',\n', at, 'latin1');
    at += out.write(f, at, 'utf8');
  });
  return out;
}

/** Pages read at once, ahead of the one being rendered: the database works on two cores. */
export const VILLAGE_PAGES_AHEAD = 2;

/**
 * The export's pages in id order, each one UTF-8 buffer (empty pages skipped). Where each page
 * starts is found first (the id `size` rows on, an index walk), so the next pages are read at
 * the same time, while this one is rendered and written.
 */
export async function* villageExportPages(
  repo: VillageExportRepository,
  opts: VillageExportOptions,
): AsyncGenerator<{ text: Buffer; rows: number }> {
  const size = opts.size ?? VILLAGE_PAGE_SIZE;
  const ahead: Promise<VillageExportRow[]>[] = [];
  let after: number | null = 0;
  const readAhead = async () => {
    while (after !== null && ahead.length < VILLAGE_PAGES_AHEAD) {
      const page = repo.page(opts.filter, after, size, opts.context);
      // A page still being read when the consumer stops must not end as an unhandled rejection.
      page.catch(() => undefined);
      ahead.push(page);
      after = await repo.pageEnd(opts.filter, after, size);
    }
  };
  try {
    await readAhead();
    while (ahead.length) {
      const rows = await ahead.shift()!;
      await readAhead();
      const features = await render(rows, opts);
      if (features.length) yield { text: utf8(features), rows: features.length };
    }
  } finally {
    after = null;
  }
}
