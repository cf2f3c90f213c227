import type { Database } from '../db/connection.ts';
import type { Row } from './feature-repository.ts';

/** Bulk reads of live rows for the dashboard that the analyses' reads do not cover. */
export class StatsRepository {
  constructor(private readonly db: Database) {}

  async townships(): Promise<{ id: number; name: string }[]> {
    const rows = (await this.db.read('townships').select('id', 'name').whereNull('deleted_at').orderBy('id')) as Row[];
    return rows.map((r) => ({ id: Number(r.id), name: String(r.name) }));
  }

  async secretaries(): Promise<Row[]> {
    return (await this.db
      .read('secretaries')
      .select('id', 'village_id', 'name', 'role', 'status', 'term_end')
      .whereNull('deleted_at')
      .orderBy('id')) as Row[];
  }

  async assets(): Promise<Row[]> {
    return (await this.db
      .read('assets')
      .select(
        'id',
        'village_id',
        'name',
        'subtype',
        'area_mu',
        'area_m2',
        'book_value',
        'annual_income',
        'lessee',
        'contract_end',
      )
      .whereNull('deleted_at')
      .orderBy('id')) as Row[];
  }

  /** Alliances with their member village ids. */
  async alliances(): Promise<Row[]> {
    const rows = (await this.db
      .read('alliances')
      .select('id', 'name', 'status')
      .whereNull('deleted_at')
      .orderBy('id')) as Row[];
    const members = (await this.db
      .read('alliance_members')
      .select('alliance_id', 'village_id')
      .orderBy(['alliance_id', 'village_id'])) as { alliance_id: number; village_id: number }[];
    const byAlliance = new Map<number, number[]>();
    for (const m of members) {
      const list = byAlliance.get(Number(m.alliance_id)) ?? [];
      list.push(Number(m.village_id));
      byAlliance.set(Number(m.alliance_id), list);
    }
    return rows.map((r) => ({ ...r, member_village_ids: byAlliance.get(Number(r.id)) ?? [] }));
  }
}
