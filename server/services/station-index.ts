import { stationIndex, type StationIndex } from '../../common/analysis/coverage.ts';
import type { StationInput } from '../../common/analysis/types.ts';
import type { Database } from '../db/connection.ts';
import { changeStamp } from '../repositories/change-stamps.ts';

/**
 * Every live station indexed for coverage (KDBush), kept while the `stations` change stamp and
 * the default radius stay: any station may be a village's nearest or cover it, so a township's
 * dashboard or coverage reads them all — at the nation's 50,000 stations ~270 ms to read and
 * index, once per change of the stations instead of once per request.
 */
export class StationIndexCache {
  private cached: { key: string; value: Promise<StationIndex> } | null = null;

  constructor(private readonly db: Database) {}

  /** The index, each station's radius its own or `defaultRadius`. */
  async get(defaultRadius: number): Promise<StationIndex> {
    const key = `${await changeStamp(this.db, 'stations')}/${defaultRadius}`;
    if (this.cached?.key !== key) {
      const value = this.read(defaultRadius).then(stationIndex);
      this.cached = { key, value };
      // A failed read is not kept: the next request tries again.
      value.catch(() => {
        if (this.cached?.value === value) this.cached = null;
      });
    }
    return this.cached.value;
  }

  private async read(defaultRadius: number): Promise<StationInput[]> {
    // A station is a Point: its bbox corner is its location.
    const rows = (await this.db
      .read('stations')
      .select('id', 'name', 'level', 'township_id', 'village_id', 'service_radius_m', 'minx', 'miny')
      .whereNull('deleted_at')
      .orderBy('id')) as Record<string, unknown>[];
    return rows.map((st) => ({
      id: Number(st.id),
      name: String(st.name),
      level: String(st.level),
      lngLat: [Number(st.minx), Number(st.miny)] as const,
      radius_m: st.service_radius_m == null ? defaultRadius : Number(st.service_radius_m),
      village_id: st.village_id == null ? null : Number(st.village_id),
      township_id: Number(st.township_id),
    }));
  }
}
