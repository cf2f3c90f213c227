import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { fetchConfig, type AppConfig } from '../api/config.ts';
import { toErrorInfo, type ApiErrorInfo } from '../api/http.ts';

/** The installation's configuration (`GET /api/config`), loaded once. */
export const useConfigStore = defineStore('config', () => {
  const config = shallowRef<AppConfig | null>(null);
  const loading = ref(false);
  const error = ref<ApiErrorInfo | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      config.value = await fetchConfig();
    } catch (e) {
      error.value = toErrorInfo(e);
    } finally {
      loading.value = false;
    }
  }

  return { config, loading, error, load };
});
