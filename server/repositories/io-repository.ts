import type { Database } from '../db/connection.ts';
import type { Tx } from './feature-repository.ts';

export interface TownshipShape {
  id: number;
  code: string;
  name: string;
  geometry: { type: string; coordinates: unknown };
  bbox: [number, number, number, number];
}

export interface ImportRecord {
  layer: string;
  filename: string | null;
  format: string;
  source_crs: string;
  user_id: number;
  at: string;
  created: number;
  updated: number;
}

/** What import and export read besides the layers themselves: codes, township shapes, the imports table. */
export class IoRepository {
  constructor(private readonly db: Database) {}

  /** Live rows of `table` whose `column` is one of `values`: value → ids. */
  async idsBy(table: string, column: string, values: readonly string[], tx?: Tx): Promise<Map<string, number[]>> {
    const out = new Map<string, number[]>();
    for (let i = 0; i < values.length; i += 500) {
      const rows = (await (tx ?? this.db.read)(table)
        .select('id', column)
        .whereIn(column, values.slice(i, i + 500) as string[])
        .whereNull('deleted_at')
        .orderBy('id')) as Record<string, unknown>[];
      for (const r of rows) out.set(String(r[column]), [...(out.get(String(r[column])) ?? []), Number(r.id)]);
    }
    return out;
  }

  /** `code` and `name` of rows by id (deleted rows too: an export names what a row points at). */
  async codesAndNames(
    table: string,
    ids: readonly number[],
  ): Promise<Map<number, { code: string | null; name: string }>> {
    const out = new Map<number, { code: string | null; name: string }>();
    const cols = table === 'chains' ? ['id', 'name'] : ['id', 'code', 'name'];
    for (let i = 0; i < ids.length; i += 500) {
      const rows = (await this.db
        .read(table)
        .select(cols)
        .whereIn('id', ids.slice(i, i + 500) as number[])) as { id: number; code?: string; name: string }[];
      for (const r of rows) out.set(Number(r.id), { code: r.code ?? null, name: r.name });
    }
    return out;
  }

  async villageTownships(ids: readonly number[]): Promise<Map<number, number>> {
    const rows = (await this.db.dialect.whereIdIn(this.db.read('villages').select('id', 'township_id'), 'id', ids)) as {
      id: number;
      township_id: number;
    }[];
    return new Map(rows.map((r) => [Number(r.id), Number(r.township_id)]));
  }

  /** Every live township's boundary (a county has a dozen, a province about a thousand). */
  async townshipShapes(): Promise<TownshipShape[]> {
    const rows = (await this.db
      .read('townships')
      .select('id', 'code', 'name', 'geometry', 'minx', 'miny', 'maxx', 'maxy')
      .whereNull('deleted_at')) as Record<string, unknown>[];
    return rows.map((r) => ({
      id: Number(r.id),
      code: String(r.code),
      name: String(r.name),
      geometry: JSON.parse(String(r.geometry)) as TownshipShape['geometry'],
      bbox: [Number(r.minx), Number(r.miny), Number(r.maxx), Number(r.maxy)],
    }));
  }

  async insertImport(tx: Tx, rec: ImportRecord): Promise<number> {
    const [res] = (await tx('imports')
      .insert({ ...rec, filename: rec.filename?.slice(0, 200) ?? null, source_crs: rec.source_crs.slice(0, 32) })
      .returning('id')) as (number | { id: number })[];
    return typeof res === 'object' ? Number(res.id) : Number(res);
  }
}
