import type { Knex } from 'knex';
import type { Database } from '../db/connection.ts';
import type { Row } from './feature-repository.ts';

const parse = <T>(v: unknown): T => JSON.parse(String(v)) as T;

type BBox = readonly [number, number, number, number];

/** Which villages a read is for (all when absent): of townships, by id, or whose bbox meets one. */
export interface VillageScope {
  townshipIds?: readonly number[];
  ids?: readonly number[];
  bbox?: BBox;
}

/**
 * Bulk reads of live rows for the analyses (columns only; the service shapes them), of everything
 * or of a scope through the indexes (a township's coverage, a village's neighbourhood, an
 * alliance's members), so an answer about a few villages costs the same in the nation.
 */
export class AnalysisRepository {
  constructor(private readonly db: Database) {}

  private scoped(q: Knex.QueryBuilder, column: string, ids: readonly number[] | undefined): Knex.QueryBuilder {
    return ids ? this.db.dialect.whereIdIn(q, column, ids) : q;
  }

  /** Villages with their analysis columns; their boundaries only when asked (an alliance's hull). */
  async villages(scope: VillageScope = {}, opts: { boundary?: boolean } = {}): Promise<Row[]> {
    let q = this.db.read('villages as t');
    q = this.scoped(q, 't.township_id', scope.townshipIds);
    q = this.scoped(q, 't.id', scope.ids);
    if (scope.bbox) q = this.db.dialect.whereBBox(q, 'villages', 't', scope.bbox);
    const columns = ['id', 'name', 'township_id', 'lng', 'lat', 'resident_population', 'registered_population'];
    columns.push('operating_income', 'incomes', 'flags', ...(opts.boundary ? ['boundary'] : []));
    const rows = (await q
      .select(columns.map((c) => `t.${c}`))
      .whereNull('t.deleted_at')
      .orderBy('t.id')) as Row[];
    return rows.map((r) => ({
      ...r,
      incomes: parse(r.incomes),
      flags: parse(r.flags),
      boundary: r.boundary ? parse(r.boundary) : null,
    }));
  }

  /** Chain nodes (all, or those at some villages, of some chains or whose bbox meets one). */
  async chainNodes(
    scope: { villageIds?: readonly number[]; chainIds?: readonly number[]; bbox?: BBox } = {},
  ): Promise<Row[]> {
    let q = this.db
      .read('chain_nodes as t')
      .select(['id', 'chain_id', 'village_id', 'name', 'stage', 'geometry'].map((c) => `t.${c}`));
    q = this.scoped(q, 't.village_id', scope.villageIds);
    q = this.scoped(q, 't.chain_id', scope.chainIds);
    if (scope.bbox) q = this.db.dialect.whereBBox(q, 'chain_nodes', 't', scope.bbox);
    const rows = (await q.whereNull('t.deleted_at').orderBy('t.id')) as Row[];
    return rows.map((r) => ({ ...r, geometry: parse(r.geometry) }));
  }

  /** Chains (all, or some). */
  async chains(ids?: readonly number[]): Promise<Row[]> {
    const q = this.db.read('chains').select('id', 'name', 'lead_product');
    return (await this.scoped(q, 'id', ids).whereNull('deleted_at').orderBy('id')) as Row[];
  }

  /**
   * Assets (all, or those of some villages or whose bbox meets one) with a representative point:
   * the bbox centre (cheap, and inside for compact shapes).
   */
  async assets(scope: { villageIds?: readonly number[]; bbox?: BBox } = {}): Promise<Row[]> {
    const columns = ['id', 'village_id', 'subtype', 'area_mu', 'area_m2', 'book_value', 'minx', 'miny', 'maxx', 'maxy'];
    let q = this.scoped(
      this.db.read('assets as t').select(columns.map((c) => `t.${c}`)),
      't.village_id',
      scope.villageIds,
    );
    if (scope.bbox) q = this.db.dialect.whereBBox(q, 'assets', 't', scope.bbox);
    return (await q.whereNull('t.deleted_at').orderBy('t.id')) as Row[];
  }

  /** Townships (all, or some) with their boundaries, for adjacency. */
  async townships(ids?: readonly number[]): Promise<Row[]> {
    const q = this.db.read('townships').select('id', 'name', 'geometry');
    const rows = (await this.scoped(q, 'id', ids).whereNull('deleted_at').orderBy('id')) as Row[];
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
