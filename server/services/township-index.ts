/**
 * The township index (every township without its geometry) and the township at a point: what the
 * client's pickers, filters, search and station placement use instead of loading every outline
 * (29,000 townships at the nation's size; docs/scale.md "Townships").
 *
 * The index is serialised once per change of the townships table's `change_stamps` counter and
 * kept as text, so a request costs one stamp read, and a client that has it gets a 304.
 */
import { pointInArea } from '../../common/geometry-checks.ts';
import type { Database } from '../db/connection.ts';
import { TownshipRepository, type TownshipIndexRow } from '../repositories/township-repository.ts';

export interface TownshipIndexBody {
  etag: string;
  json: string;
  count: number;
}

export type TownshipAtPoint = Omit<TownshipIndexRow, 'extent'>;

export class TownshipIndex {
  private readonly repo: TownshipRepository;
  private cached: { stamp: string; body: Promise<TownshipIndexBody> } | null = null;

  constructor(db: Database) {
    this.repo = new TownshipRepository(db);
  }

  /** The index as JSON text with its ETag (`"townships-<stamp>"`), rebuilt when the stamp moved. */
  async current(): Promise<TownshipIndexBody> {
    // The stamp is read before the rows: a write in between only costs one more rebuild.
    const stamp = await this.repo.stamp();
    if (this.cached?.stamp !== stamp) {
      const body = this.build(stamp);
      this.cached = { stamp, body };
      // A failed read is not kept: the next request tries again.
      body.catch(() => {
        if (this.cached?.body === body) this.cached = null;
      });
    }
    return this.cached.body;
  }

  private async build(stamp: string): Promise<TownshipIndexBody> {
    const townships = await this.repo.index();
    return { etag: `"townships-${stamp}"`, json: JSON.stringify({ townships }), count: townships.length };
  }

  /**
   * The township whose boundary holds the point (holes excluded; the lowest id if boundaries
   * overlap), or null.
   */
  async at(lngLat: readonly [number, number]): Promise<TownshipAtPoint | null> {
    for (const { geometry, ...t } of await this.repo.around(lngLat)) {
      if (pointInArea(lngLat as [number, number], JSON.parse(geometry) as { type: string; coordinates: unknown }))
        return t;
    }
    return null;
  }
}
