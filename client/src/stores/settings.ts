import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { ApiError, toErrorInfo, type ApiErrorInfo } from '../api/http.ts';
import { fetchSettings, updateSettings, type Settings, type SettingsView } from '../api/settings.ts';

/** The installation's settings (income thresholds, service radius, wording), with who changed them last. */
export const useSettingsStore = defineStore('settings', () => {
  const view = shallowRef<SettingsView | null>(null);
  const loading = ref(false);
  const error = ref<ApiErrorInfo | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      view.value = await fetchSettings();
    } catch (e) {
      error.value = toErrorInfo(e);
    } finally {
      loading.value = false;
    }
  }

  /**
   * Saves `patch` over the version that was loaded; on a version conflict the current settings are
   * loaded before the error is rethrown.
   * @throws ApiError `validation_failed` (400, details per field), `version_conflict` (412)
   */
  async function save(patch: Partial<Settings>): Promise<SettingsView> {
    try {
      view.value = await updateSettings(view.value?.version ?? 0, patch);
      return view.value;
    } catch (e) {
      if (e instanceof ApiError && e.code === 'version_conflict') await load();
      throw e;
    }
  }

  return { view, loading, error, load, save };
});
