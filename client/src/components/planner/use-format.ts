import { computed } from 'vue';
import { useI18n } from 'vue-i18n';

/**
 * Number formats of the planner panels in the current language.
 * @example const { num, km } = useFormat(); num(1234.5) // '1,234.5'
 */
export function useFormat() {
  const { locale } = useI18n();
  const fmt = computed(() => new Intl.NumberFormat(locale.value, { maximumFractionDigits: 2 }));
  const fmt1 = computed(() => new Intl.NumberFormat(locale.value, { maximumFractionDigits: 1 }));
  const pct = computed(() => new Intl.NumberFormat(locale.value, { style: 'percent', maximumFractionDigits: 0 }));
  return {
    num: (v: number | null | undefined, dash = '—') => (v == null ? dash : fmt.value.format(v)),
    num1: (v: number | null | undefined, dash = '—') => (v == null ? dash : fmt1.value.format(v)),
    km: (m: number) => fmt1.value.format(m / 1000),
    pct: (v: number | null | undefined, dash = '—') => (v == null ? dash : pct.value.format(v)),
  };
}
