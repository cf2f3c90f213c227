import type { Database } from '../db/connection.ts';
import type { Row } from './feature-repository.ts';

const parse = <T>(v: unknown): T => JSON.parse(String(v)) as T;

/** Bulk reads of live rows for the analyses (columns only; the service shapes them). */
export class AnalysisRepository {
  constructor(private readonly db: Database) {}

  async villages(): Promise<Row[]> {
    const rows = (await this.db
      .read('villages')
      .select(
        'id',
        'name',
        'township_id',
        'lng',
        'lat',
        'resident_population',
        'registered_population',
        'operating_income',
        'incomes',
        'flags',
        'boundary',
      )
      .whereNull('deleted_at')
      .orderBy('id')) as Row[];
    return rows.map((r) => ({
      ...r,
      incomes: parse(r.incomes),
      flags: parse(r.flags),
      boundary: r.boundary ? parse(r.boundary) : null,
    }));
  }

  async stations(): Promise<Row[]> {
    const rows = (await this.db
      .read('stations')
      .select('id', 'name', 'level', 'township_id', 'village_id', 'service_radius_m', 'geometry')
      .whereNull('deleted_at')
      .orderBy('id')) as Row[];
    return rows.map((r) => ({ ...r, geometry: parse(r.geometry) }));
  }

  async chainNodes(): Promise<Row[]> {
    const rows = (await this.db
      .read('chain_nodes')
      .select('id', 'chain_id', 'village_id', 'name', 'stage', 'geometry')
      .whereNull('deleted_at')
      .orderBy('id')) as Row[];
    return rows.map((r) => ({ ...r, geometry: parse(r.geometry) }));
  }

  async chains(): Promise<Row[]> {
    return (await this.db
      .read('chains')
      .select('id', 'name', 'lead_product')
      .whereNull('deleted_at')
      .orderBy('id')) as Row[];
  }

  /** Assets with a representative point: the bbox centre (cheap, and inside for compact shapes). */
  async assets(): Promise<Row[]> {
    return (await this.db
      .read('assets')
      .select('id', 'village_id', 'subtype', 'area_mu', 'area_m2', 'book_value', 'minx', 'miny', 'maxx', 'maxy')
      .whereNull('deleted_at')
      .orderBy('id')) as Row[];
  }

  async townships(): Promise<Row[]> {
    const rows = (await this.db
      .read('townships')
      .select('id', 'name', 'geometry')
      .whereNull('deleted_at')
      .orderBy('id')) as Row[];
    return rows.map((r) => ({ ...r, geometry: parse(r.geometry) }));
  }

  async alliance(id: number): Promise<Row | null> {
    const a = (await this.db.read('alliances').where({ id }).whereNull('deleted_at').first()) as Row | undefined;
    if (!a) return null;
    const members = (await this.db
      .read('alliance_members')
      .select('village_id')
      .where({ alliance_id: id })
      .orderBy('village_id')) as { village_id: number }[];
    return { ...a, chain_ids: parse(a.chain_ids), member_village_ids: members.map((m) => Number(m.village_id)) };
  }
}
