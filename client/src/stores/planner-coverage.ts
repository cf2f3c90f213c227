import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { fetchCoverage, fetchStationCircles, type CoverageView, type StationCircle } from '../api/analysis.ts';
import { isAbortError, toErrorInfo, type ApiErrorInfo } from '../api/http.ts';

/** How many new station sites to suggest. */
export const SITE_COUNT = 3;

/**
 * Station coverage of the planner page: villages outside every service circle, per-township
 * figures and the best sites for new stations, for a default radius the planner may change.
 */
export const usePlannerCoverageStore = defineStore('planner-coverage', () => {
  /** The radius asked for; null: the server's configured default. */
  const radius = ref<number | null>(null);
  const result = shallowRef<CoverageView | null>(null);
  const stations = shallowRef<StationCircle[] | null>(null);
  const loading = ref(false);
  const error = ref<ApiErrorInfo | null>(null);
  let request: AbortController | null = null;

  async function load(): Promise<void> {
    request?.abort();
    const mine = new AbortController();
    request = mine;
    loading.value = true;
    try {
      const [cov, st] = await Promise.all([
        fetchCoverage({ radius: radius.value ?? undefined, k: SITE_COUNT }, mine.signal),
        stations.value ? Promise.resolve(stations.value) : fetchStationCircles(mine.signal),
      ]);
      result.value = cov;
      stations.value = st;
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

  /** Loads once (the tab opening); later calls keep what is there. */
  function ensureLoaded(): void {
    if (!result.value && !loading.value) void load();
  }

  function setRadius(r: number | null): void {
    radius.value = r;
    void load();
  }

  const uncovered = computed(() => result.value?.villages.filter((v) => !v.covered) ?? []);

  /** Each station with the radius its circle has under the current default radius. */
  const circles = computed(() => {
    const def = result.value?.radius_m;
    return (stations.value ?? []).map((s) => ({ ...s, radiusM: s.ownRadiusM ?? def ?? s.effectiveRadiusM }));
  });

  return { radius, result, stations, loading, error, load, ensureLoaded, setRadius, uncovered, circles };
});
