import { defineStore } from 'pinia';
import { computed, reactive, ref, shallowRef, watch } from 'vue';
import { DEFAULT_PARTNER_WEIGHTS, PARTNER_REASON_KINDS } from '../../../common/analysis/partners.ts';
import { fetchPartners, type PartnersView, type PartnerWeights } from '../api/analysis.ts';
import { isAbortError, toErrorInfo, type ApiErrorInfo } from '../api/http.ts';
import type { VillageBrief } from './planner.ts';

/** Wait after the last slider move before asking again. */
const DEBOUNCE_MS = 250;
export const PARTNER_LIMIT = 10;
export const MIN_KM = 1;
export const MAX_KM = 30;

/**
 * Partner suggestions of the planner page: the centre village, the search radius and the five
 * weights, and the ranked answer. A change of any of them asks again (debounced).
 */
export const usePlannerPartnersStore = defineStore('planner-partners', () => {
  const centre = ref<VillageBrief | null>(null);
  const maxKm = ref(10);
  const weights = reactive<PartnerWeights>({ ...DEFAULT_PARTNER_WEIGHTS });
  const result = shallowRef<PartnersView | null>(null);
  const loading = ref(false);
  const error = ref<ApiErrorInfo | null>(null);

  const allZero = computed(() => PARTNER_REASON_KINDS.every((k) => weights[k] <= 0));
  const isDefault = computed(() => PARTNER_REASON_KINDS.every((k) => weights[k] === DEFAULT_PARTNER_WEIGHTS[k]));

  let timer: ReturnType<typeof setTimeout> | undefined;
  let request: AbortController | null = null;

  async function load(): Promise<void> {
    clearTimeout(timer);
    request?.abort();
    request = null;
    const village = centre.value;
    if (!village || allZero.value) {
      result.value = null;
      loading.value = false;
      return;
    }
    const mine = new AbortController();
    request = mine;
    loading.value = true;
    try {
      result.value = await fetchPartners(
        { village: village.id, maxKm: maxKm.value, limit: PARTNER_LIMIT, weights: { ...weights } },
        mine.signal,
      );
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

  function schedule(): void {
    clearTimeout(timer);
    loading.value = centre.value !== null && !allZero.value;
    timer = setTimeout(() => void load(), DEBOUNCE_MS);
  }

  function setCentre(v: VillageBrief | null): void {
    if (v?.id === centre.value?.id) return;
    centre.value = v;
    result.value = null;
    error.value = null;
    void load();
  }

  function resetWeights(): void {
    Object.assign(weights, DEFAULT_PARTNER_WEIGHTS);
  }

  watch([maxKm, () => ({ ...weights })], schedule, { deep: true });

  return { centre, maxKm, weights, result, loading, error, allZero, isDefault, load, setCentre, resetWeights };
});
