/** ISO dates (YYYY-MM-DD) in UTC, for terms and contracts. */

/** The day the sample is "as of": alerts (terms and contracts ending within 90 days) count from it. */
export const AS_OF = '2026-11-27';

export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The same day `years` later, less one day: the last day of a term of that many years. */
export function termEnd(start: string, years: number): string {
  const y = Number(start.slice(0, 4)) + years;
  return addDays(`${y}${start.slice(4)}`, -1);
}

export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86400000);
}

/** The first day of the month `index` months after January 2018. */
export function monthStart(index: number): string {
  const y = 2018 + Math.floor(index / 12);
  const m = (index % 12) + 1;
  return `${y}-${String(m).padStart(2, '0')}-01`;
}
