import { FIELDS } from '../../../../common/field-labels.ts';

/** The Chinese label of each field, per layer (from the shared table in common/field-labels.ts). */
export const FIELD_LABELS: Readonly<Record<string, Readonly<Record<string, string>>>> = Object.fromEntries(
  Object.entries(FIELDS).map(([layer, defs]) => [layer, Object.fromEntries(defs.map((d) => [d.key, d.zh]))]),
);

/**
 * The label of a report path (`properties.name` → 站点名称); null when there is none.
 * @example fieldLabel("stations", "properties.level") // "站点级别"
 */
export function fieldLabel(layer: string, path: string): string | null {
  if (path.startsWith('geometry')) return null;
  const key = path.replace(/^properties\./, '').split('.')[0] ?? '';
  return FIELD_LABELS[layer]?.[key] ?? null;
}
