/**
 * Grid clusters for the nation's zoomed-out map without asking the database to aggregate every
 * row (docs/scale.md "Zoomed-out views"). Below `minRows` live rows the SQL aggregation through
 * the spatial index is fast enough (~40 ms at 17k villages) and exact to the last write, so it
 * is used; above, each process keeps the layer's feature centres in typed arrays (24 bytes a
 * feature: 12 MB for 500k villages) and counts a view's cells in one pass (a few ms).
 *
 * Staleness: `change_stamps` (triggers on the table, so writes by any process count) is read on
 * every request. When it has moved, the request is answered from the arrays it has while one
 * rebuild runs (≈ 2 s at 500k), and rebuilds are at least `minRebuildMs` (10 s) apart, so a
 * write shows in the bubbles within about 12 s. Only the very first request waits for a build.
 */
import type { Database } from '../db/connection.ts';
import type { ClusterCell } from '../repositories/feature-repository.ts';
import { changeStamp } from '../repositories/change-stamps.ts';

interface Points {
  stamp: string;
  ids: Float64Array;
  xs: Float64Array;
  ys: Float64Array;
}

interface Entry {
  points: Points | null;
  /** When the last build finished (ms since epoch). */
  builtAt: number;
  /** Too few rows to be worth it (as of `stamp`): the caller uses SQL. */
  small: { stamp: string } | null;
  rebuilding: Promise<void> | null;
}

export class ClusterIndex {
  private readonly tables = new Map<string, Entry>();

  constructor(
    private readonly db: Database,
    /** Live rows from which a table is indexed in memory; fewer go to SQL. */
    private readonly minRows = 50_000,
    /** Least time between two rebuilds of a table: under a steady stream of edits a process rebuilds this often, not after each. */
    private readonly minRebuildMs = 10_000,
  ) {}

  /**
   * The cells of `bbox` on a `cols × rows` grid, counted as FeatureRepository.clusters counts
   * them (a feature belongs to the cell of its bbox centre), or null when the caller should ask
   * the database (small table).
   */
  async clusters(
    table: string,
    bbox: readonly [number, number, number, number],
    cols: number,
    rows: number,
  ): Promise<ClusterCell[] | null> {
    const points = await this.points(table);
    return points ? countCells(points, bbox, cols, rows) : null;
  }

  /**
   * Builds the arrays of these tables now, so the first map of the day does not wait for them
   * (a server calls it when it starts listening). Small tables cost one COUNT.
   */
  async warm(tables: readonly string[]): Promise<void> {
    for (const t of tables) await this.points(t);
  }

  /** Resolves when no rebuild is running (tests; a server warming up). */
  async settled(): Promise<void> {
    for (const e of this.tables.values()) await e.rebuilding;
  }

  private async points(table: string): Promise<Points | null> {
    const stamp = await this.stamp(table);
    let entry = this.tables.get(table);
    if (!entry) this.tables.set(table, (entry = { points: null, builtAt: 0, small: null, rebuilding: null }));
    if (entry.small?.stamp === stamp) return null;
    if (entry.points?.stamp === stamp) return entry.points;
    if (entry.points && Date.now() - entry.builtAt < this.minRebuildMs) return entry.points;
    if (!entry.rebuilding) {
      const e = entry;
      // A failed build leaves what there was (stale arrays, or none: SQL answers); the next
      // request tries again. It must not reject with no one waiting for it.
      e.rebuilding = this.build(table, stamp, e)
        .catch(() => undefined)
        .finally(() => (e.rebuilding = null));
    }
    // Stale arrays answer while the rebuild runs; the first build is waited for.
    if (entry.points) return entry.points;
    await entry.rebuilding;
    return entry.small ? null : entry.points;
  }

  private stamp(table: string): Promise<string> {
    return changeStamp(this.db, table);
  }

  private async build(table: string, stamp: string, entry: Entry): Promise<void> {
    const k = this.db.read;
    const [count] = (await k(table).whereNull('deleted_at').whereNotNull('minx').count({ n: '*' })) as {
      n: number | string;
    }[];
    entry.builtAt = Date.now();
    if (Number(count?.n ?? 0) < this.minRows) {
      entry.small = { stamp };
      entry.points = null;
      return;
    }
    // Three numbers a row; streamed in id pages so the result never sits in memory as objects.
    const n = Number(count!.n);
    let ids = new Float64Array(n);
    let xs = new Float64Array(n);
    let ys = new Float64Array(n);
    let i = 0;
    let after = 0;
    for (;;) {
      const page = (await k(table)
        .select('id', k.raw('(minx + maxx) / 2 AS x'), k.raw('(miny + maxy) / 2 AS y'))
        .whereNull('deleted_at')
        .whereNotNull('minx')
        .where('id', '>', after)
        .orderBy('id')
        .limit(20_000)) as { id: number; x: number; y: number }[];
      for (const r of page) {
        if (i === ids.length) [ids, xs, ys] = [grow(ids), grow(xs), grow(ys)];
        ids[i] = Number(r.id);
        xs[i] = Number(r.x);
        ys[i] = Number(r.y);
        i++;
      }
      if (page.length < 20_000) break;
      after = Number(page[page.length - 1]!.id);
    }
    entry.points = { stamp, ids: ids.subarray(0, i), xs: xs.subarray(0, i), ys: ys.subarray(0, i) };
    entry.small = null;
    entry.builtAt = Date.now();
  }
}

function grow(a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> {
  const b = new Float64Array(Math.max(16, a.length * 2));
  b.set(a);
  return b;
}

/** One pass over the centres: count, mean centre and smallest id per cell of the view. */
export function countCells(
  p: Pick<Points, 'ids' | 'xs' | 'ys'>,
  [w, s, e, n]: readonly [number, number, number, number],
  cols: number,
  rows: number,
): ClusterCell[] {
  const dx = Math.max((e - w) / cols, 1e-9);
  const dy = Math.max((n - s) / rows, 1e-9);
  const count = new Float64Array(cols * rows);
  const sx = new Float64Array(cols * rows);
  const sy = new Float64Array(cols * rows);
  const minId = new Float64Array(cols * rows).fill(Infinity);
  const { ids, xs, ys } = p;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    const y = ys[i]!;
    if (x < w || x > e || y < s || y > n) continue;
    // A centre on the east or north edge falls in the last cell, as in the SQL.
    const gx = Math.min(Math.floor((x - w) / dx), cols - 1);
    const gy = Math.min(Math.floor((y - s) / dy), rows - 1);
    const c = gy * cols + gx;
    count[c]! += 1;
    sx[c]! += x;
    sy[c]! += y;
    if (ids[i]! < minId[c]!) minId[c] = ids[i]!;
  }
  const out: ClusterCell[] = [];
  for (let c = 0; c < count.length; c++) {
    const k = count[c]!;
    if (!k) continue;
    out.push({ gx: c % cols, gy: Math.floor(c / cols), n: k, x: sx[c]! / k, y: sy[c]! / k, id: minId[c]! });
  }
  return out;
}
