/**
 * Column names of files: the field table (common/field-labels.ts, shared with the client) and how
 * import matches a file's column names against it.
 */
import type { LayerName } from '../../common/schemas/layers.ts';
import { FIELDS, type FieldDef } from '../../common/field-labels.ts';

export { FIELDS, GEOMETRY_COLUMNS, LAYER_ZH, type FieldDef, type FieldKind } from '../../common/field-labels.ts';

/** The columns a layer exports, in order. */
export function exportFields(layer: LayerName): FieldDef[] {
  return FIELDS[layer].filter((d) => !d.importOnly);
}

/** Normalises a column name for matching: case, spaces, full-width brackets and underscores. */
export function normalizeName(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/[\s_-]+/g, '');
}

/** Plain headers offices use for some fields (an Amap or Excel table says 名称, not 站点名称). */
const COMMON_ALIASES: Readonly<Record<string, readonly string[]>> = {
  name: ['名称', '名字'],
  level: ['级别', '等级'],
};

/** Column name (key, Chinese label, DBF name or a common alias, normalised) → field, for one layer. */
export function fieldIndex(layer: LayerName): Map<string, FieldDef> {
  const out = new Map<string, FieldDef>();
  for (const d of FIELDS[layer]) for (const n of [d.dbf, d.zh, d.key]) out.set(normalizeName(n), d);
  // Aliases never take a name a field already owns.
  for (const d of FIELDS[layer])
    for (const a of COMMON_ALIASES[d.key] ?? []) if (!out.has(normalizeName(a))) out.set(normalizeName(a), d);
  return out;
}
