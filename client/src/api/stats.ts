/**
 * The officials' dashboard: figures (`GET /api/stats`), the attention list
 * (`GET /api/stats/attention`) and the Excel workbook (`GET /api/stats.xlsx`). The answer shapes
 * are the pure functions' types in `common/stats/`.
 */
import type { AttentionItem, AttentionKind, AttentionList, DashboardStats } from '../../../common/stats/types.ts';
import { getJson, withQuery } from './http.ts';

export type { AttentionItem, AttentionKind, AttentionList, DashboardStats };

const townshipParam = (ids: readonly number[]) => (ids.length ? ids.join(',') : undefined);

/** `GET /api/stats`: the figures of these townships (empty: the whole county). */
export async function fetchStats(townships: readonly number[], signal?: AbortSignal): Promise<DashboardStats> {
  return getJson<DashboardStats>(withQuery('/api/stats', { township: townshipParam(townships) }), signal);
}

/** `GET /api/stats/attention`: at most `limit` items, most urgent first, with counts of all. */
export async function fetchAttention(
  q: { townships: readonly number[]; days?: number; limit?: number },
  signal?: AbortSignal,
): Promise<AttentionList> {
  return getJson<AttentionList>(
    withQuery('/api/stats/attention', { township: townshipParam(q.townships), days: q.days, limit: q.limit }),
    signal,
  );
}

/** The address of the Excel workbook of these townships (a plain link downloads it with the session cookie). */
export function statsWorkbookUrl(townships: readonly number[]): string {
  return withQuery('/api/stats.xlsx', { township: townshipParam(townships) });
}
