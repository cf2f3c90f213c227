import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { toErrorInfo, type ApiErrorInfo } from '../api/http.ts';
import { fetchTownships, type TownshipCollection } from '../api/townships.ts';

/** All township boundaries, loaded once (there are tens to hundreds per county). */
export const useTownshipsStore = defineStore('townships', () => {
  const collection = shallowRef<TownshipCollection | null>(null);
  const loading = ref(false);
  const error = ref<ApiErrorInfo | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      collection.value = await fetchTownships();
    } catch (e) {
      error.value = toErrorInfo(e);
    } finally {
      loading.value = false;
    }
  }

  return { collection, loading, error, load };
});
