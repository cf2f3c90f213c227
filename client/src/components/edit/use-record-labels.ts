import { useI18n } from 'vue-i18n';
import { shapeArea, roundMu } from '../../../../common/area.ts';
import type { LayerName } from '../../../../common/schemas/layers.ts';

interface IncomeRow {
  year: number;
  total: number | null;
  operating: number | null;
}

/** Labels of a layer's fields and readable values (history, the conflict view, lists). */
export function useRecordLabels(layer: () => LayerName) {
  const { t, te } = useI18n();

  function label(key: string): string {
    if (key === 'geometry') return t('edit.labels.geometry');
    const k = `edit.labels.${layer()}.${key}`;
    return te(k) ? t(k) : key;
  }

  /** A domain value (stored in Chinese) in the current language. */
  function option(v: string): string {
    const k = `edit.values.${v}`;
    return te(k) ? t(k) : v;
  }

  function geometryText(g: { type: string; coordinates: unknown }): string {
    if (g.type === 'Point') {
      const [lng, lat] = g.coordinates as number[];
      return t('edit.value.point', { lat: lat!.toFixed(5), lng: lng!.toFixed(5) });
    }
    if (g.type === 'LineString') return t('edit.value.line', { n: (g.coordinates as unknown[]).length });
    const a = shapeArea(g);
    return t('edit.value.polygon', { mu: a ? roundMu(a.mu) : 0 });
  }

  function display(key: string, v: unknown): string {
    if (v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length)) return t('edit.value.empty');
    if (key === 'geometry') return geometryText(v as { type: string; coordinates: unknown });
    if (key === 'photos' && Array.isArray(v)) return t('edit.value.photos', { n: v.length });
    if (key === 'incomes' && Array.isArray(v))
      return (v as IncomeRow[]).map((r) => `${r.year}: ${r.total ?? '—'} / ${r.operating ?? '—'}`).join('; ');
    if (Array.isArray(v)) return v.map((x) => option(String(x))).join('、');
    if (typeof v === 'string') return option(v);
    return String(v);
  }

  return { label, option, display };
}
