import type { Database } from '../db/connection.ts';
import { changeStamp } from './change-stamps.ts';

/** One township as the index lists it: no geometry, its extent `[minx, miny, maxx, maxy]`. */
export interface TownshipIndexRow {
  id: number;
  code: string;
  name: string;
  county: string;
  extent: [number, number, number, number] | null;
}

/** The township reads the map and pickers need beyond the generic layer list. */
export class TownshipRepository {
  constructor(private readonly db: Database) {}

  /** The townships table's change stamp (rises with every write, by any process). */
  stamp(): Promise<string> {
    return changeStamp(this.db, 'townships');
  }

  /** Every live township in id order, without geometry. */
  async index(): Promise<TownshipIndexRow[]> {
    const rows = (await this.db
      .read('townships')
      .select('id', 'code', 'name', 'county', 'minx', 'miny', 'maxx', 'maxy')
      .whereNull('deleted_at')
      .orderBy('id')) as Record<string, string | number | null>[];
    return rows.map((r) => ({
      id: Number(r.id),
      code: String(r.code),
      name: String(r.name),
      county: String(r.county),
      extent:
        r.minx == null ? null : [outward(r.minx, -1), outward(r.miny, -1), outward(r.maxx, 1), outward(r.maxy, 1)],
    }));
  }

  /** Live townships whose bbox holds the point, with their geometry (GeoJSON text), in id order. */
  async around([x, y]: readonly [number, number]): Promise<
    (Omit<TownshipIndexRow, 'extent'> & { geometry: string })[]
  > {
    let q = this.db.read('townships as t').select('t.id', 't.code', 't.name', 't.county', 't.geometry');
    q = this.db.dialect.whereBBox(q, 'townships', 't', [x, y, x, y]).whereNull('t.deleted_at').orderBy('t.id');
    const rows = (await q) as Record<string, string | number>[];
    return rows.map((r) => ({
      id: Number(r.id),
      code: String(r.code),
      name: String(r.name),
      county: String(r.county),
      geometry: String(r.geometry),
    }));
  }
}

/** Rounds a bbox edge to 6 decimals (~0.1 m) away from the shape, so the extent still holds it. */
function outward(v: unknown, dir: 1 | -1): number {
  const n = Number(v) * 1e6;
  return (dir > 0 ? Math.ceil(n - 1e-6) : Math.floor(n + 1e-6)) / 1e6;
}
