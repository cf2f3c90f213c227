import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { fetchAudit, type AuditEntry } from '../api/audit.ts';
import { toErrorInfo, type ApiErrorInfo } from '../api/http.ts';

export const AUDIT_PAGE_SIZE = 50;

/** One page of the audit log, newest first. */
export const useAuditStore = defineStore('audit', () => {
  const entries = shallowRef<AuditEntry[]>([]);
  /** 0-based page number. */
  const page = ref(0);
  const hasNext = ref(false);
  const loading = ref(false);
  const error = ref<ApiErrorInfo | null>(null);

  /** Loads page `n` (one extra row tells whether there is a next page). */
  async function load(n = page.value): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      const rows = await fetchAudit({ limit: AUDIT_PAGE_SIZE + 1, offset: n * AUDIT_PAGE_SIZE });
      entries.value = rows.slice(0, AUDIT_PAGE_SIZE);
      hasNext.value = rows.length > AUDIT_PAGE_SIZE;
      page.value = n;
    } catch (e) {
      error.value = toErrorInfo(e);
    } finally {
      loading.value = false;
    }
  }

  return { entries, page, hasNext, loading, error, load };
});
