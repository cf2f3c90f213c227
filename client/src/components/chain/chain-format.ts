/**
 * Pure helpers of the chain page's forms and tables (no Vue, no fetch): amounts with units,
 * distances, the server's field errors by form field, and patches of only what changed.
 */
import type { ApiErrorInfo } from '../../api/http.ts';
import { fieldErrors } from '../../api/field-errors.ts';

/**
 * A number with its unit in the user's language, or null when there is no number.
 * @example formatAmount(4200, '亩', 'zh-CN') // '4,200 亩'
 */
export function formatAmount(
  value: number | null | undefined,
  unit: string | null | undefined,
  locale: string,
): string | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const n = value.toLocaleString(locale, { maximumFractionDigits: 2 });
  return unit ? `${n} ${unit}` : n;
}

/**
 * Metres as kilometres with one decimal (two below 1 km, so short distances do not read "0.0").
 * @example formatKm(2540.4, 'zh-CN') // '2.5'
 */
export function formatKm(metres: number, locale: string): string {
  const km = metres / 1000;
  const digits = km < 1 ? 2 : 1;
  return km.toLocaleString(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/**
 * The server's `details` of a failed chain write keyed by form field: `properties.stage` → `stage`,
 * `geometry.coordinates` → `geometry`; anything else keeps its path.
 * @example formErrors({ status: 400, code: 'validation_failed', message: '', details: [{ path: 'properties.name', message: 'Too small' }] })
 * // { name: 'Too small' }
 */
export function formErrors(e: ApiErrorInfo | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(fieldErrors(e))) {
    const key = path.startsWith('properties.')
      ? path.slice('properties.'.length).split('.')[0]!
      : path.startsWith('geometry')
        ? 'geometry'
        : path;
    if (!(key in out)) out[key] = message;
  }
  return out;
}

/**
 * Only the fields of `next` that differ from `current` (the audit log names the fields a PATCH
 * sent, and a smaller patch overwrites less of a colleague's work).
 * @example changedFields({ name: 'a', stage: '物流' }, { name: 'a', stage: '品牌' }) // { stage: '品牌' }
 */
export function changedFields<T extends Record<string, unknown>>(current: Partial<T>, next: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(next) as (keyof T)[]) {
    if (next[key] !== current[key]) out[key] = next[key];
  }
  return out;
}

/**
 * A form's text field as the API wants it: trimmed, and null when empty.
 * @example textOrNull('  ') // null
 */
export function textOrNull(v: string): string | null {
  const s = v.trim();
  return s === '' ? null : s;
}

/**
 * A form's number field (a string from the input) as the API wants it: null when empty, NaN when
 * it is not a number (the form refuses NaN before sending).
 * @example numberOrNull('1,200') // 1200
 */
export function numberOrNull(v: string | number | null | undefined): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return v;
  const s = v.trim().replace(/[,，\s]/g, '');
  return s === '' ? null : Number(s);
}
