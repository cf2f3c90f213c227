/**
 * A village's first-secretary state written in SQL, shared by the villages' export
 * (village-export-repository.ts) and their lists (behaviours.ts): the same choice and state as
 * `secretaryState` (common/secretary-state.ts) over LookupRepository.firstSecretaries, pinned by
 * tests on both databases.
 */
import type { Dialect } from '../db/dialects/dialect.ts';

/** Role and status of a first secretary in post (LookupRepository.firstSecretaries): `firstSecretary`'s bindings. */
export const FIRST = ['第一书记', '在岗'];

/** The first secretaries in post of the village aliased `t`. Bindings: {@link FIRST}. */
const IN_POST = `FROM secretaries s
    WHERE s.village_id = t.id AND s.role = ? AND s.status = ? AND s.deleted_at IS NULL`;

/**
 * The id of the first secretary in post of the village aliased `t` whose term runs longest
 * (open-ended first, then the latest end; of equals, the first posted), as secretaryState picks
 * among them. Bindings: {@link FIRST}.
 */
export function firstSecretary(textOrder: string): string {
  return `(SELECT s.id ${IN_POST}
    ORDER BY (CASE WHEN s.term_end IS NULL THEN 1 ELSE 0 END) DESC, s.term_end${textOrder} DESC, s.id
    LIMIT 1)`;
}

/** The chosen secretary's term end, over a row `v` holding `sec_id` ({@link firstSecretary}). */
export const SECRETARY_END = '(SELECT s.term_end FROM secretaries s WHERE s.id = v.sec_id)';
/** The chosen secretary's name, over a row `v` holding `sec_id`. */
export const SECRETARY_NAME = '(SELECT s.name FROM secretaries s WHERE s.id = v.sec_id)';

/** Whether the row `v`'s flags hold any of `n` target flags (bound). */
function isTarget(dialect: Dialect, n: number): string {
  const flags = "COALESCE(v.flags, '[]')";
  return `CASE WHEN ${flags} = '[]' THEN 0 WHEN ${dialect.jsonArrayHasAny(flags, n)} THEN 1 ELSE 0 END = 1`;
}

/**
 * The secretary state (`vacant`, `none`, `ending`, `posted`) over a row `v` holding `flags` and
 * `sec_id`. Bindings: the `targetFlagCount` target flags, then the last day a term counts as ending.
 */
export function secretaryStateSql(dialect: Dialect, targetFlagCount: number): string {
  const target = isTarget(dialect, targetFlagCount);
  return `CASE WHEN v.sec_id IS NULL THEN (CASE WHEN ${target} THEN 'vacant' ELSE 'none' END) WHEN ${SECRETARY_END} IS NOT NULL AND ${SECRETARY_END}${dialect.textOrder} <= ? THEN 'ending' ELSE 'posted' END`;
}

/** Stands for an open-ended term in {@link lastTermEnd}: after every date. */
const OPEN_ENDED = '9999-99-99';

/**
 * The end of the longest term among the first secretaries in post of the village aliased `t`
 * ({@link OPEN_ENDED} for an open-ended one), NULL when it has none: all the secretary state needs,
 * found without sorting each village's secretaries. Bindings: {@link FIRST}.
 */
export function lastTermEnd(textOrder: string): string {
  return `(SELECT max(COALESCE(s.term_end, '${OPEN_ENDED}')${textOrder}) ${IN_POST})`;
}

/**
 * {@link secretaryStateSql} over a row `v` holding `flags` and `sec_last` ({@link lastTermEnd}).
 * Bindings: the `targetFlagCount` target flags, then the last day a term counts as ending.
 */
export function secretaryStateFromLastSql(dialect: Dialect, targetFlagCount: number): string {
  const target = isTarget(dialect, targetFlagCount);
  return `CASE WHEN v.sec_last IS NULL THEN (CASE WHEN ${target} THEN 'vacant' ELSE 'none' END) WHEN v.sec_last${dialect.textOrder} <= ? THEN 'ending' ELSE 'posted' END`;
}
