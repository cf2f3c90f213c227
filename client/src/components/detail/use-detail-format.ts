/** The detail panel's formatting helpers, bound to the current language. */
import { useI18n } from 'vue-i18n';
import type { Vocabulary } from '../../../../common/field-labels.en.ts';
import type { LayerName } from '../../../../common/schemas/layers.ts';
import { type FieldRow, assetAreas, fieldLabel, formatDistance, formatNumber, valueLabel } from './detail-format.ts';

export function useDetailFormat() {
  const { t, locale } = useI18n();
  return {
    t,
    locale,
    /** A field's label in the current language. */
    label: (layer: LayerName, key: string) => fieldLabel(layer, key, locale.value),
    /** A stored value in the current language (null stays null). */
    value: (vocab: Vocabulary, v: string | null | undefined) => valueLabel(vocab, v, locale.value),
    /** Several stored values, translated. */
    values: (vocab: Vocabulary, list: readonly string[]) => list.map((v) => valueLabel(vocab, v, locale.value) ?? v),
    num: (n: number | null | undefined, digits = 2) => formatNumber(n, locale.value, digits),
    wan: (n: number | null | undefined) => (n == null ? null : t('detail.wan', { n: formatNumber(n, locale.value) })),
    m2: (n: number | null | undefined) => (n == null ? null : t('detail.m2', { n: formatNumber(n, locale.value, 1) })),
    area: (mu: number | null, m2: number | null) => {
      const a = assetAreas(mu, m2);
      return a && t('detail.area', { mu: formatNumber(a.mu, locale.value), m2: formatNumber(a.m2, locale.value, 0) });
    },
    distance: (m: number) => formatDistance(m, locale.value),
    text: (v: string | number | null | undefined) => (v == null || v === '' ? null : String(v)),
    /** Rows for DetailFields: `[key, shown value]` pairs labelled for `layer`. */
    rows: (layer: LayerName, pairs: [string, string | null | undefined][]): FieldRow[] =>
      pairs.map(([key, v]) => ({ key, label: fieldLabel(layer, key, locale.value), value: v ?? null })),
  };
}
