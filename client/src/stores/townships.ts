import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { toErrorInfo, type ApiErrorInfo } from '../api/http.ts';
import { fetchTownshipIndex, type TownshipEntry } from '../api/townships.ts';
import { sortByName } from '../lib/township-choices.ts';

/**
 * Every township without its boundary (`GET /api/townships/index`), loaded once: what pickers,
 * filters, search and township names use. Outlines are fetched by the map for its view
 * (map/township-view.ts), never all at once — the nation has ~29,000 townships.
 */
export const useTownshipsStore = defineStore('townships', () => {
  const index = shallowRef<TownshipEntry[] | null>(null);
  const loading = ref(false);
  const error = ref<ApiErrorInfo | null>(null);
  const byId = computed(() => new Map((index.value ?? []).map((t) => [t.id, t] as const)));
  /** The index by name, as pickers list it (sorted once per load). */
  const sorted = computed(() => sortByName(index.value ?? []));

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      index.value = await fetchTownshipIndex();
    } catch (e) {
      error.value = toErrorInfo(e);
    } finally {
      loading.value = false;
    }
  }

  /** A township's name, or '' while the index loads or for an unknown id. */
  function nameOf(id: number): string {
    return byId.value.get(id)?.name ?? '';
  }

  return { index, byId, sorted, loading, error, load, nameOf };
});
