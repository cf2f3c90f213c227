/**
 * A file's columns → a layer's properties. Accepts each field's English key, Chinese label or
 * Shapefile name (labels.ts); reads values as the field's kind; collects the natural-key codes
 * a row uses to name other records (`village_code`, `township_code`) for the service to resolve.
 */
import type { LayerName } from '../../common/schemas/layers.ts';
import { fieldIndex, normalizeName, type FieldDef } from './labels.ts';
import { coerce } from './values.ts';

export interface MappedRow {
  properties: Record<string, unknown>;
  /** Codes naming other records: id property (`village_id`) → code, and the lookup that resolves it. */
  refs: { key: string; code: string; def: FieldDef }[];
  issues: { path: string; message: string }[];
}

export interface Mapper {
  map(raw: Record<string, unknown>): MappedRow;
  /** Columns that matched no field (for one warning). */
  unknown: Set<string>;
  /** Columns that matched a field already given by another column. */
  duplicates: Set<string>;
}

/** Columns GIS tools add that carry no data of ours: ignored without a warning. */
const TOOL_COLUMNS = new Set([
  'fid',
  'objectid',
  'ogcfid',
  'shapeleng',
  'shapelength',
  'shapearea',
  'gid',
  'lng',
  'lat',
]);

export function mapperFor(layer: LayerName): Mapper {
  const index = fieldIndex(layer);
  const unknown = new Set<string>();
  const duplicates = new Set<string>();
  // Every row has the same columns: normalise each name once, not once per cell.
  const names = new Map<string, string>();
  return {
    unknown,
    duplicates,
    map(raw) {
      const out: MappedRow = { properties: {}, refs: [], issues: [] };
      const taken = new Set<string>();
      for (const [column, value] of Object.entries(raw)) {
        let name = names.get(column);
        if (name === undefined) names.set(column, (name = normalizeName(column)));
        const def = index.get(name);
        if (!def) {
          if (!TOOL_COLUMNS.has(name) && column.trim()) unknown.add(column);
          continue;
        }
        if (def.readOnly) continue;
        if (taken.has(def.key)) {
          duplicates.add(column);
          continue;
        }
        taken.add(def.key);
        const c = coerce(def, value);
        if (!c.ok) {
          out.issues.push({ path: `properties.${def.key}`, message: `${column}: ${c.message}` });
          continue;
        }
        if (def.lookup) {
          if (c.value != null) out.refs.push({ key: def.lookup.via, code: String(c.value), def });
          continue;
        }
        out.properties[def.key] = c.value;
      }
      return out;
    },
  };
}
