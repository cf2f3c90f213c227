import { useI18n } from 'vue-i18n';

/** Translates a domain word (asset subtype, station level, flag) when a translation exists. */
export function useTerm(): (value: string) => string {
  const { t, te } = useI18n();
  return (value) => (te(`mapx.terms.${value}`) ? t(`mapx.terms.${value}`) : value);
}
