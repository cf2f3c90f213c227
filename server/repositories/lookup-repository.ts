import type { Database } from '../db/connection.ts';
import type { Row, Tx } from './feature-repository.ts';

/** Database access that is not per-layer: existence checks, lookups for scope, transactions. */
export class LookupRepository {
  constructor(private readonly db: Database) {}

  /** The same lookups, remembered: see {@link MemoLookups}. */
  memo(): MemoLookups {
    return new MemoLookups(this.db);
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.knex.transaction(fn);
  }

  /** Ids among `ids` that exist (and are not deleted) in `table`. */
  async existing(table: string, ids: readonly number[], tx?: Tx): Promise<Set<number>> {
    if (!ids.length) return new Set();
    const rows = (await (tx ?? this.db.read)(table)
      .select('id')
      .whereIn('id', ids as number[])
      .whereNull('deleted_at')) as { id: number }[];
    return new Set(rows.map((r) => Number(r.id)));
  }

  async villageTownships(villageIds: readonly number[], tx?: Tx): Promise<Map<number, number>> {
    if (!villageIds.length) return new Map();
    const rows = (await (tx ?? this.db.read)('villages')
      .select('id', 'township_id')
      .whereIn('id', villageIds as number[])) as {
      id: number;
      township_id: number;
    }[];
    return new Map(rows.map((r) => [Number(r.id), Number(r.township_id)]));
  }

  async column<T>(table: string, id: number, column: string, tx?: Tx): Promise<T | undefined> {
    const row = (await (tx ?? this.db.read)(table).select(column).where({ id }).first()) as Row | undefined;
    return row?.[column] as T | undefined;
  }

  async columnMany(table: string, column: string, where: Record<string, number>, tx?: Tx): Promise<unknown[]> {
    const rows = (await (tx ?? this.db.read)(table).select(column).where(where).whereNull('deleted_at')) as Row[];
    return rows.map((r) => r[column]);
  }

  /** Townships whose boundary bbox contains the point (candidates; exact test by the caller). */
  async townshipsAt(lngLat: readonly number[], tx?: Tx): Promise<{ id: number; geometry: string }[]> {
    const [x, y] = lngLat as [number, number];
    let q = (tx ?? this.db.read)('townships as t').select('t.id', 't.geometry');
    q = this.db.dialect.whereBBox(q, 'townships', 't', [x, y, x, y]).whereNull('t.deleted_at').orderBy('t.id');
    return (await q) as { id: number; geometry: string }[];
  }

  async townships(ids: readonly number[]): Promise<Map<number, { code: string; name: string }>> {
    const rows = (await this.db.dialect.whereIdIn(
      this.db.read('townships').select('id', 'code', 'name'),
      'id',
      ids,
    )) as { id: number; code: string; name: string }[];
    return new Map(rows.map((t) => [Number(t.id), t]));
  }

  /** First secretaries in post (role 第一书记, status 在岗) of these villages, in id order. */
  async firstSecretaries(
    villageIds: readonly number[],
  ): Promise<{ village_id: number; name: string; term_end: string | null }[]> {
    return (
      (await this.db.dialect
        .whereIdIn(this.db.read('secretaries').select('village_id', 'name', 'term_end'), 'village_id', villageIds)
        .where({ role: '第一书记', status: '在岗' })
        .whereNull('deleted_at')
        // In id order: of two terms ending the same day, the first posted is the one shown.
        .orderBy('id')) as { village_id: number; name: string; term_end: string | null }[]
    );
  }

  async allianceMembers(allianceIds: readonly number[], tx?: Tx): Promise<Map<number, number[]>> {
    const out = new Map<number, number[]>();
    if (!allianceIds.length) return out;
    const rows = (await (tx ?? this.db.read)('alliance_members')
      .select('alliance_id', 'village_id')
      .whereIn('alliance_id', allianceIds as number[])
      .orderBy(['alliance_id', 'village_id'])) as { alliance_id: number; village_id: number }[];
    for (const r of rows) {
      const list = out.get(Number(r.alliance_id)) ?? [];
      list.push(Number(r.village_id));
      out.set(Number(r.alliance_id), list);
    }
    return out;
  }

  async setAllianceMembers(tx: Tx, allianceId: number, villageIds: readonly number[]): Promise<void> {
    await tx('alliance_members').where({ alliance_id: allianceId }).delete();
    if (villageIds.length)
      await tx('alliance_members').insert(villageIds.map((v) => ({ alliance_id: allianceId, village_id: v })));
  }

  /** Locations (GeoJSON text) and boundaries of villages, for hulls and link lines. */
  async villageShapes(ids: readonly number[]): Promise<Map<number, { location: string; boundary: string | null }>> {
    const rows = (await this.db.dialect.whereIdIn(
      this.db.read('villages').select('id', 'location', 'boundary'),
      'id',
      ids,
    )) as { id: number; location: string; boundary: string | null }[];
    return new Map(rows.map((r) => [Number(r.id), r]));
  }

  /** Live nodes and links of chains, for chain records. */
  async chainParts(chainIds: readonly number[]): Promise<{ nodes: Row[]; links: Row[] }> {
    if (!chainIds.length) return { nodes: [], links: [] };
    const k = this.db.read;
    const nodes = (await k('chain_nodes')
      .select('id', 'chain_id', 'village_id', 'name', 'stage', 'operator', 'capacity', 'capacity_unit', 'geometry')
      .whereIn('chain_id', chainIds as number[])
      .whereNull('deleted_at')
      .orderBy('id')) as Row[];
    const links = (await k('chain_links')
      .select('id', 'chain_id', 'from_node_id', 'to_node_id', 'product', 'volume', 'volume_unit', 'mode')
      .whereIn('chain_id', chainIds as number[])
      .whereNull('deleted_at')
      .orderBy('id')) as Row[];
    return { nodes, links };
  }

  async nodeGeometries(ids: readonly number[]): Promise<Map<number, string>> {
    const rows = (await this.db.dialect.whereIdIn(this.db.read('chain_nodes').select('id', 'geometry'), 'id', ids)) as {
      id: number;
      geometry: string;
    }[];
    return new Map(rows.map((r) => [Number(r.id), r.geometry]));
  }
}

/**
 * Lookups remembered for the life of one object: an import's planning asks for the same
 * townships and villages thousands of times, and writes nothing until it has checked every row,
 * so what it read stays true meanwhile. Asking for many ids at once (a prefetch) costs one query
 * per 500 of them instead of one per row.
 */
export class MemoLookups extends LookupRepository {
  private readonly live = new Map<string, Map<number, boolean>>();
  private readonly townshipOf = new Map<number, number | null>();
  private readonly values = new Map<string, unknown>();

  override async existing(table: string, ids: readonly number[], tx?: Tx): Promise<Set<number>> {
    let known = this.live.get(table);
    if (!known) this.live.set(table, (known = new Map()));
    const missing = [...new Set(ids.filter((id) => !known.has(id)))];
    for (let i = 0; i < missing.length; i += 500) {
      const part = missing.slice(i, i + 500);
      const found = await super.existing(table, part, tx);
      for (const id of part) known.set(id, found.has(id));
    }
    return new Set(ids.filter((id) => known.get(id)));
  }

  override async villageTownships(villageIds: readonly number[], tx?: Tx): Promise<Map<number, number>> {
    const missing = [...new Set(villageIds.filter((id) => !this.townshipOf.has(id)))];
    for (let i = 0; i < missing.length; i += 500) {
      const part = missing.slice(i, i + 500);
      const found = await super.villageTownships(part, tx);
      for (const id of part) this.townshipOf.set(id, found.get(id) ?? null);
    }
    const out = new Map<number, number>();
    for (const id of villageIds) {
      const t = this.townshipOf.get(id);
      if (t != null) out.set(id, t);
    }
    return out;
  }

  override async column<T>(table: string, id: number, column: string, tx?: Tx): Promise<T | undefined> {
    const key = `${table}\u0000${id}\u0000${column}`;
    if (!this.values.has(key)) this.values.set(key, await super.column<T>(table, id, column, tx));
    return this.values.get(key) as T | undefined;
  }
}
