import type { ApiErrorInfo } from './http.ts';

/** The server's per-field messages of a failed write, keyed by path (`username`, `assessment_grades.2`). */
export type FieldErrors = Readonly<Record<string, string>>;

function isDetail(d: unknown): d is { path: string; message: string } {
  return (
    typeof d === 'object' &&
    d !== null &&
    typeof (d as { path?: unknown }).path === 'string' &&
    typeof (d as { message?: unknown }).message === 'string'
  );
}

/**
 * The `details` of an error as path → message (the first message per path wins).
 * @example fieldErrors({ status: 400, code: 'validation_failed', message: '', details: [{ path: 'username', message: 'taken' }] })
 * // { username: 'taken' }
 */
export function fieldErrors(e: ApiErrorInfo | null | undefined): FieldErrors {
  const out: Record<string, string> = {};
  for (const d of e?.details ?? []) {
    if (isDetail(d) && !(d.path in out)) out[d.path] = d.message;
  }
  return out;
}

/**
 * The message for `field` or anything inside it (`township_ids` also matches `township_ids.0`).
 * @returns the message, or undefined when the field is fine
 */
export function errorAt(errors: FieldErrors, field: string): string | undefined {
  if (field in errors) return errors[field];
  const inside = Object.keys(errors).find((p) => p.startsWith(`${field}.`));
  return inside === undefined ? undefined : errors[inside];
}

/** True when some detail names a field that is not in `known` (so the form must show it elsewhere). */
export function hasOtherErrors(errors: FieldErrors, known: readonly string[]): boolean {
  return Object.keys(errors).some((p) => !known.some((k) => p === k || p.startsWith(`${k}.`)));
}
