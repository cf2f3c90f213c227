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

/** What a column of the file is: a field (numbered, to spot two columns giving one field) or nothing. */
interface ColumnPlan {
  def: FieldDef | null;
  /** The field's number within this mapper (for the duplicate check). */
  slot: number;
  /** The column named nothing we keep: reported once as unknown. */
  unknown: boolean;
}

const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * `coerce` for the cells most files are made of — text and plain decimal numbers — without its
 * result object; undefined sends the cell to `coerce` (formulas, lists, separators, errors).
 */
function quick(def: FieldDef, raw: unknown): unknown {
  if (typeof raw !== 'string') return undefined;
  const s = raw.trim();
  // Empty: coerce's answer ([] for lists). A leading ' may guard a formula: coerce unguards it.
  if (s === '' || s.charCodeAt(0) === 39) return undefined;
  if (def.kind === 'text') return s;
  if ((def.kind === 'number' || def.kind === 'int') && PLAIN_NUMBER.test(s)) {
    const n = Number(s);
    return def.kind === 'int' && !Number.isInteger(n) ? undefined : n;
  }
  return undefined;
}

export function mapperFor(layer: LayerName): Mapper {
  const index = fieldIndex(layer);
  const unknown = new Set<string>();
  const duplicates = new Set<string>();
  // Every row has the same columns: each column is planned once, not once per cell.
  const plans = new Map<string, ColumnPlan>();
  const slots = new Map<string, number>();
  const planOf = (column: string): ColumnPlan => {
    const name = normalizeName(column);
    const def = index.get(name) ?? null;
    let slot = -1;
    if (def) {
      slot = slots.get(def.key) ?? slots.size;
      slots.set(def.key, slot);
    }
    return { def, slot, unknown: !def && !TOOL_COLUMNS.has(name) && column.trim() !== '' };
  };
  // The row that last gave each field (a field given twice in one row: the second column is ignored).
  const givenIn: number[] = [];
  let serial = 0;
  return {
    unknown,
    duplicates,
    map(raw) {
      const out: MappedRow = { properties: {}, refs: [], issues: [] };
      serial++;
      for (const column in raw) {
        let plan = plans.get(column);
        if (plan === undefined) plans.set(column, (plan = planOf(column)));
        const def = plan.def;
        if (!def) {
          if (plan.unknown) unknown.add(column);
          continue;
        }
        if (def.readOnly) continue;
        if (givenIn[plan.slot] === serial) {
          duplicates.add(column);
          continue;
        }
        givenIn[plan.slot] = serial;
        const value = raw[column];
        if (!def.lookup) {
          const fast = quick(def, value);
          if (fast !== undefined) {
            out.properties[def.key] = fast;
            continue;
          }
        }
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
