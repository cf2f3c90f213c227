/**
 * Import rows between the file and the write path: codes resolved to ids, natural keys applied,
 * boundaries of villages told apart from their locations, schema messages made readable.
 */
import type { Geometry } from '../../common/schemas/geometry.ts';
import type { LayerName } from '../../common/schemas/layers.ts';
import { interiorPoint } from '../io/geometry.ts';
import { FIELDS } from '../io/labels.ts';
import type { MappedRow } from '../io/mapping.ts';
import type { IoWarning, RawGeometry } from '../io/types.ts';
import type { IoRepository } from '../repositories/io-repository.ts';
import type { ImportItem, RowError } from './layers/imports.ts';

/** Layers that take imports, and the natural key an import updates by (else it only creates). */
export const IMPORTABLE: Partial<Record<LayerName, { key?: string }>> = {
  townships: { key: 'code' },
  villages: { key: 'code' },
  assets: { key: 'external_id' },
  stations: {},
  secretaries: {},
};
export const IMPORT_LAYERS = Object.keys(IMPORTABLE) as LayerName[];

/** A row on its way: what the file gave, after conversion and mapping. */
export interface Pending {
  row: number;
  geometry: RawGeometry | null;
  item: ImportItem;
  refs: MappedRow['refs'];
  issues: { path: string; message: string }[];
}

/** `village_code`, `township_code` → ids; a code that names nothing is an error on its row. */
export async function resolveReferences(io: IoRepository, pending: Pending[]): Promise<void> {
  const byTable = new Map<string, Set<string>>();
  for (const p of pending)
    for (const ref of p.refs) {
      const set = byTable.get(ref.def.lookup!.table) ?? new Set<string>();
      set.add(ref.code);
      byTable.set(ref.def.lookup!.table, set);
    }
  const found = new Map<string, Map<string, number[]>>();
  for (const [table, codes] of byTable) found.set(table, await io.idsBy(table, 'code', [...codes]));
  for (const p of pending) {
    for (const ref of p.refs) {
      const ids = found.get(ref.def.lookup!.table)?.get(ref.code) ?? [];
      const what = ref.def.lookup!.table === 'villages' ? 'village' : 'township';
      if (ids.length === 1) p.item.properties[ref.key] = ids[0];
      else
        p.issues.push({
          path: `properties.${ref.def.key}`,
          message: ids.length
            ? `${ids.length} ${what}s have the code ${ref.code}`
            : `no ${what} has the code ${ref.code}`,
        });
    }
  }
}

/**
 * Natural keys (village code, asset external id): a row that names a live record updates it.
 * A village given only as a boundary gets its committee location from the boundary when new.
 */
export async function applyKeys(
  io: IoRepository,
  layer: LayerName,
  pending: Pending[],
  warnings: IoWarning[],
): Promise<void> {
  const key = IMPORTABLE[layer]?.key;
  if (!key) {
    if (pending.length)
      warnings.push({
        code: 'no_natural_key',
        message: `${layer} have no natural key: every row will be created as a new record`,
      });
    return;
  }
  let missing = 0;
  for (const p of pending) {
    const v = p.item.properties[key];
    if (typeof v === 'string' && v.trim()) p.item.key = { column: key, value: v.trim() };
    else missing++;
  }
  if (missing && layer === 'assets')
    warnings.push({
      code: 'no_natural_key',
      message: `${missing} rows have no external_id (资产编号): they will be created as new assets`,
    });
  if (layer !== 'villages') return;
  const shaped = pending.filter((p) => p.geometry && p.geometry.type !== 'Point');
  const existing = await io.idsBy('villages', 'code', [
    ...new Set(shaped.flatMap((p) => (p.item.key ? [p.item.key.value] : []))),
  ]);
  let derived = 0;
  for (const p of shaped) {
    if (p.geometry!.type !== 'Polygon' && p.geometry!.type !== 'MultiPolygon') {
      p.issues.push({
        path: 'geometry',
        message: `a village is a Point (its committee) or its boundary, not a ${p.geometry!.type}`,
      });
      continue;
    }
    p.item.properties.boundary = p.geometry;
    delete p.item.geometry;
    if (!p.item.key || !existing.has(p.item.key.value)) {
      p.item.geometry = { type: 'Point', coordinates: interiorPoint(p.geometry as Geometry) } as Geometry;
      derived++;
    }
  }
  if (derived)
    warnings.push({
      code: 'location_from_boundary',
      message: `${derived} new villages have only a boundary: their committee location was placed inside it; correct it on the map`,
    });
}

/** "expected string, received undefined" says little to someone holding a spreadsheet. */
export function explain(layer: LayerName, e: RowError): RowError {
  if (e.path === 'geometry' && /undefined/.test(e.message))
    return {
      ...e,
      message: 'required: a new record needs a shape — lng and lat (经度, 纬度), a WKT column, or a geometry',
    };
  const key = /^properties\.(\w+)$/.exec(e.path)?.[1];
  if (!key || !/received undefined$/.test(e.message)) return e;
  const def = FIELDS[layer].find((d) => d.key === key);
  const ref = FIELDS[layer].find((d) => d.lookup?.via === key && d.lookup.column === 'code');
  const column = `"${key}" (${def?.zh ?? key})${ref ? ` or "${ref.key}" (${ref.zh})` : ''}`;
  return { ...e, message: `required: the file has no value for ${column}` };
}
