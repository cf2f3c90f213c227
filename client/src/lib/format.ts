/**
 * A timestamp as local date and time in the user's language, or `fallback` when there is none.
 * @param seconds show seconds too (the audit log, where events follow each other closely)
 * @example formatDateTime('2026-11-27T08:30:00Z', 'zh-CN') // '2026年11月27日 16:30'
 */
export function formatDateTime(
  iso: string | null | undefined,
  locale: string,
  fallback = '—',
  seconds = false,
): string {
  if (!iso) return fallback;
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return fallback;
  return at.toLocaleString(locale, { dateStyle: 'medium', timeStyle: seconds ? 'medium' : 'short' });
}
