import { computed, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { ApiError, toErrorInfo, type ApiErrorInfo } from '../../api/http.ts';
import { errorKey } from '../../i18n/error-key.ts';
import { formErrors } from './chain-format.ts';

/**
 * What a chain form shows after a failed save: messages beside the fields named in the server's
 * `details` (translated per field), a warning when someone else saved first (412), and one line
 * for anything else — a 403 says the server refused this user's scope, with its reason.
 * @param fields the form's fields; details about other paths go into the general line
 */
export function useWriteErrors(fields: readonly string[]) {
  const { t, te } = useI18n();
  const serverError = ref<ApiErrorInfo | null>(null);
  const conflict = ref(false);

  const byField = computed(() => formErrors(serverError.value));

  /** The message beside `field`: our wording for it when we have one, else the server's. */
  function fieldError(field: string): string | undefined {
    const message = byField.value[field];
    if (message === undefined) return undefined;
    const key = `chain.fieldErrors.${field}`;
    return te(key) ? `${t(key)}` : message;
  }

  const general = computed<string | null>(() => {
    const e = serverError.value;
    if (!e) return null;
    if (e.status === 403) return t('chain.errors.forbidden', { message: e.message });
    if (e.status === 400 || e.status === 409 || e.status === 422) {
      const keys = Object.keys(byField.value);
      const other = !keys.length || keys.some((k) => !fields.includes(k));
      return other ? t('chain.errors.failed', { message: e.message }) : null;
    }
    return t(errorKey(e));
  });

  function reset(): void {
    serverError.value = null;
    conflict.value = false;
  }

  /**
   * Records a failed save. @returns true for a version conflict (the store has reloaded the row;
   * the form should fill itself again from it)
   */
  function fail(e: unknown): boolean {
    if (e instanceof ApiError && e.code === 'version_conflict') {
      conflict.value = true;
      serverError.value = null;
      return true;
    }
    serverError.value = toErrorInfo(e);
    return false;
  }

  return { serverError, conflict, general, fieldError, reset, fail };
}
