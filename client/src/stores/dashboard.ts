import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { isAbortError, toErrorInfo, type ApiErrorInfo } from '../api/http.ts';
import { fetchAttention, fetchStats, type AttentionList, type DashboardStats } from '../api/stats.ts';

/** A loader that keeps only the answer to the latest request (an older one is aborted). */
function latest<T>(fetcher: (signal: AbortSignal) => Promise<T>) {
  const data = shallowRef<T | null>(null);
  const loading = ref(false);
  const error = ref<ApiErrorInfo | null>(null);
  let request: AbortController | null = null;

  async function run(): Promise<void> {
    request?.abort();
    const mine = new AbortController();
    request = mine;
    loading.value = true;
    try {
      data.value = await fetcher(mine.signal);
      error.value = null;
    } catch (e) {
      if (isAbortError(e)) return;
      error.value = toErrorInfo(e);
    } finally {
      if (request === mine) {
        loading.value = false;
        request = null;
      }
    }
  }
  return { data, loading, error, run };
}

/** The dashboard's figures for the townships chosen (empty: the whole county). */
export const useDashboardStore = defineStore('dashboard', () => {
  const townships = ref<number[]>([]);
  const { data: stats, loading, error, run } = latest<DashboardStats>((signal) => fetchStats(townships.value, signal));

  /** Loads the figures of `ids` (again, when they are the ones shown: a retry). */
  function load(ids: readonly number[]): Promise<void> {
    townships.value = [...ids];
    return run();
  }

  return { townships, stats, loading, error, load };
});

/** How many attention items are fetched: the list shows these, and says how many more there are. */
export const ATTENTION_LIMIT = 30;

/** The attention list (beside the map and on the dashboard). */
export const useAttentionStore = defineStore('attention', () => {
  const townships = ref<number[]>([]);
  const {
    data: list,
    loading,
    error,
    run,
  } = latest<AttentionList>((signal) => fetchAttention({ townships: townships.value, limit: ATTENTION_LIMIT }, signal));

  function load(ids: readonly number[]): Promise<void> {
    townships.value = [...ids];
    return run();
  }

  return { townships, list, loading, error, load };
});
