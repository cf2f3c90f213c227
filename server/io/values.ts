/**
 * Property values between files and records: read (coerce a cell to the field's kind, with a
 * clear message when it cannot be) and written to flat formats (CSV, XLSX, KML, DBF).
 */
import type { FieldDef } from './labels.ts';
import { parseWkt, WktError } from './wkt.ts';

export type Coerced = { ok: true; value: unknown } | { ok: false; message: string };

const ok = (value: unknown): Coerced => ({ ok: true, value });
const no = (message: string): Coerced => ({ ok: false, message });
const show = (v: unknown) => JSON.stringify(typeof v === 'string' && v.length > 40 ? `${v.slice(0, 40)}…` : v);

/** Separators accepted between list items in one cell (exports write `;`). */
const LIST_SEPARATORS = /[;；、|]/;

/** CSV exports prefix text that Excel would run as a formula with `'`; imports take it off. */
export const unguardFormula = (s: string): string => (/^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s);

function splitList(s: string): string[] {
  const parts = LIST_SEPARATORS.test(s) ? s.split(LIST_SEPARATORS) : s.split(/[,，]/);
  return parts.map((x) => x.trim()).filter(Boolean);
}

function toNumber(v: unknown): number | null | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const s = v.trim().replace(/,(?=\d{3}(\D|$))/g, '');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return undefined;
  return Number(s);
}

function toDate(v: unknown): string | undefined {
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString().slice(0, 10);
  const s = String(v).trim();
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  if (!m) m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return undefined;
  return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
}

/**
 * Reads a file's value as the field's kind. Empty cells are null (lists: []).
 * @example coerce({ kind: 'list', … }, '脱贫村;易地搬迁安置村') // ok: ['脱贫村', '易地搬迁安置村']
 */
export function coerce(def: FieldDef, raw: unknown): Coerced {
  let v = raw;
  if (typeof v === 'string') v = unguardFormula(v.trim());
  if (v === '' || v === null || v === undefined) return ok(def.kind === 'list' || def.kind === 'ids' ? [] : null);
  switch (def.kind) {
    case 'text':
      if (typeof v === 'number' || typeof v === 'boolean') return ok(String(v));
      if (v instanceof Date) return ok(v.toISOString().slice(0, 10));
      return typeof v === 'string' ? ok(v) : no(`expected text, got ${show(v)}`);
    case 'int':
    case 'number': {
      const n = toNumber(v);
      if (n === undefined || n === null) return no(`expected a number, got ${show(v)}`);
      if (def.kind === 'int' && !Number.isInteger(n)) return no(`expected a whole number, got ${show(v)}`);
      return ok(n);
    }
    case 'bool': {
      if (typeof v === 'boolean') return ok(v);
      const s = String(v).trim().toLowerCase();
      if (['true', 't', 'yes', 'y', '1', '是'].includes(s)) return ok(true);
      if (['false', 'f', 'no', 'n', '0', '否'].includes(s)) return ok(false);
      return no(`expected yes/no (是/否), got ${show(v)}`);
    }
    case 'date': {
      const d = toDate(v);
      return d ? ok(d) : no(`expected a date YYYY-MM-DD, got ${show(v)}`);
    }
    case 'list':
    case 'ids': {
      let items: unknown[];
      if (Array.isArray(v)) items = v;
      else if (typeof v === 'string' && v.startsWith('[')) {
        try {
          items = JSON.parse(v) as unknown[];
          if (!Array.isArray(items)) return no(`expected a list, got ${show(v)}`);
        } catch {
          return no(`expected a list, got ${show(v)}`);
        }
      } else items = splitList(String(v));
      if (def.kind === 'list') return ok(items.map((x) => (typeof x === 'string' ? x.trim() : String(x))));
      const ids = items.map(toNumber);
      if (ids.some((n) => n == null || !Number.isInteger(n))) return no(`expected ids like 1;2;3, got ${show(v)}`);
      return ok(ids);
    }
    case 'json': {
      if (typeof v !== 'string') return ok(v);
      try {
        return ok(JSON.parse(v));
      } catch {
        return no(`expected JSON such as [{"year":2024,"total":30,"operating":12}], got ${show(v)}`);
      }
    }
    case 'geometry': {
      if (typeof v === 'object') return ok(v);
      const s = String(v);
      try {
        return ok(s.startsWith('{') ? JSON.parse(s) : parseWkt(s).geometry);
      } catch (e) {
        return no(`not a geometry: ${e instanceof WktError ? e.message : 'invalid GeoJSON'}`);
      }
    }
  }
}

/** A value as one cell of text ('' for null): lists joined with `;`, objects as JSON. */
export function flatText(def: FieldDef, v: unknown): string {
  if (v === null || v === undefined) return '';
  if (def.kind === 'list' || def.kind === 'ids') return Array.isArray(v) ? v.join(';') : String(v);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** A value for a typed cell (XLSX): numbers and booleans stay typed, the rest is text. */
export function flatCell(def: FieldDef, v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  const s = flatText(def, v);
  return s === '' ? null : s;
}
