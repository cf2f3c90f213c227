import type { Knex } from 'knex';
import type { Database } from '../db/connection.ts';
import type { Row } from './feature-repository.ts';

/**
 * The dashboard's reads of live rows, for the townships asked for (none: all). Each reads only
 * the rows of those townships' villages, through the township and village indexes, so a
 * township's dashboard costs the same in a province as in the nation.
 */
export class StatsRepository {
  constructor(private readonly db: Database) {}

  /** Townships by id (all when none are given), in id order. */
  async townships(ids: readonly number[] = []): Promise<{ id: number; name: string }[]> {
    let q = this.db.read('townships').select('id', 'name').whereNull('deleted_at');
    if (ids.length) q = this.db.dialect.whereIdIn(q, 'id', ids);
    const rows = (await q.orderBy('id')) as Row[];
    return rows.map((r) => ({ id: Number(r.id), name: String(r.name) }));
  }

  /** The live villages of the townships (all when none), in id order. */
  private villageIds(townshipIds: readonly number[]): Knex.QueryBuilder {
    return this.db.dialect.whereIdIn(
      this.db.read('villages').select('id').whereNull('deleted_at'),
      'township_id',
      townshipIds,
    );
  }

  /** Restricts `q` to rows whose `column` is one of the townships' villages (unchanged when none). */
  private ofVillages(q: Knex.QueryBuilder, column: string, townshipIds: readonly number[]): Knex.QueryBuilder {
    return townshipIds.length ? q.whereIn(column, this.villageIds(townshipIds)) : q;
  }

  async villages(townshipIds: readonly number[]): Promise<Row[]> {
    let q = this.db
      .read('villages')
      .select('id', 'name', 'township_id', 'lng', 'lat', 'resident_population', 'registered_population')
      .select('incomes', 'flags')
      .whereNull('deleted_at');
    if (townshipIds.length) q = this.db.dialect.whereIdIn(q, 'township_id', townshipIds);
    const rows = (await q.orderBy('id')) as Row[];
    return rows.map((r) => ({ ...r, incomes: parse(r.incomes), flags: parse(r.flags) }));
  }

  async secretaries(townshipIds: readonly number[]): Promise<Row[]> {
    const q = this.db
      .read('secretaries')
      .select('id', 'village_id', 'name', 'role', 'status', 'term_end')
      .whereNull('deleted_at');
    return (await this.ofVillages(q, 'village_id', townshipIds).orderBy('id')) as Row[];
  }

  async assets(townshipIds: readonly number[]): Promise<Row[]> {
    const q = this.db
      .read('assets')
      .select('id', 'village_id', 'name', 'subtype', 'area_mu', 'area_m2', 'book_value', 'annual_income')
      .select('lessee', 'contract_end')
      .whereNull('deleted_at');
    return (await this.ofVillages(q, 'village_id', townshipIds).orderBy('id')) as Row[];
  }

  /** Alliances with a member among the townships' villages, with all their member village ids. */
  async alliances(townshipIds: readonly number[]): Promise<Row[]> {
    let q = this.db.read('alliances').select('id', 'name', 'status').whereNull('deleted_at');
    if (townshipIds.length)
      q = q.whereIn(
        'id',
        this.ofVillages(this.db.read('alliance_members').select('alliance_id'), 'village_id', townshipIds),
      );
    const rows = (await q.orderBy('id')) as Row[];
    const members = (await this.db.dialect
      .whereIdIn(
        this.db.read('alliance_members').select('alliance_id', 'village_id'),
        'alliance_id',
        rows.map((r) => Number(r.id)),
      )
      .orderBy(['alliance_id', 'village_id'])) as { alliance_id: number; village_id: number }[];
    const byAlliance = new Map<number, number[]>();
    for (const m of members) {
      const list = byAlliance.get(Number(m.alliance_id)) ?? [];
      list.push(Number(m.village_id));
      byAlliance.set(Number(m.alliance_id), list);
    }
    return rows.map((r) => ({ ...r, member_village_ids: byAlliance.get(Number(r.id)) ?? [] }));
  }

  /** Chains with a node at one of the townships' villages, with all their live nodes. */
  async chains(townshipIds: readonly number[]): Promise<{ chains: Row[]; nodes: Row[] }> {
    let q = this.db.read('chains').select('id', 'name', 'lead_product').whereNull('deleted_at');
    if (townshipIds.length)
      q = q.whereIn(
        'id',
        this.ofVillages(
          this.db.read('chain_nodes').select('chain_id').whereNull('deleted_at'),
          'village_id',
          townshipIds,
        ),
      );
    const chains = (await q.orderBy('id')) as Row[];
    const nodes = (await this.db.dialect
      .whereIdIn(
        this.db.read('chain_nodes').select('chain_id', 'village_id', 'stage').whereNull('deleted_at'),
        'chain_id',
        chains.map((c) => Number(c.id)),
      )
      .orderBy('id')) as Row[];
    return { chains, nodes };
  }
}

const parse = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);
