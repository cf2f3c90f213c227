import { TARGET_VILLAGE_FLAGS } from './enums.ts';

export const SECRETARY_STATE_VALUES = ['posted', 'ending', 'vacant', 'none'] as const;
export type SecretaryStateValue = (typeof SECRETARY_STATE_VALUES)[number];

/** Terms ending within this many days count as ending. */
export const TERM_ENDING_DAYS = 90;

/** `YYYY-MM-DD` plus `days` days (UTC calendar arithmetic). */
export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * A village's first-secretary state from its flags and the terms of its first secretaries in
 * post (null: open-ended). The secretary counted is the one whose term runs longest.
 * @example secretaryState(['脱贫村'], [], '2026-11-28') // { state: 'vacant', index: -1 }
 * @example secretaryState([], ['2027-01-10'], '2026-11-28') // { state: 'ending', index: 0 }
 */
export function secretaryState(
  flags: readonly string[],
  termEnds: readonly (string | null)[],
  today: string,
): { state: SecretaryStateValue; index: number } {
  if (termEnds.length === 0) {
    return { state: flags.some((f) => TARGET_VILLAGE_FLAGS.includes(f)) ? 'vacant' : 'none', index: -1 };
  }
  let index = 0;
  for (let i = 1; i < termEnds.length; i++) {
    const best = termEnds[index];
    const t = termEnds[i];
    if (best !== null && (t === null || t! > best!)) index = i;
  }
  const end = termEnds[index];
  const ending = end !== null && end! <= addDays(today, TERM_ENDING_DAYS);
  return { state: ending ? 'ending' : 'posted', index };
}
