/**
 * The villages' GeoJSON export, written by the database: per keyset page, each village's export
 * properties come back as one JSON text (its township joined, its first secretary chosen and its
 * secretary state worked out in SQL), beside the stored location text, the operating income as
 * a number and the JSON columns as the database embedded them, for the caller to check and finish
 * (server/services/village-export.ts). Rows are the ones FeatureRepository lists for the filter.
 */
import type { Knex } from 'knex';
import type { Database } from '../db/connection.ts';
import type { JsonMember } from '../db/dialects/dialect.ts';
import type { FeatureRepository, ListFilter } from './feature-repository.ts';

export interface VillageExportRow {
  id: number;
  /** As the driver reads the column (a number or null): node writes it and its income band. */
  operating_income: unknown;
  /** The stored GeoJSON Point text. */
  location: string | null;
  /** `{"incomes":…,"flags":…,"honours":…}` as embedded in `properties`, to be checked. */
  lists: string;
  /**
   * The export properties in field order as two JSON objects, those before the slot keys and those
   * after, joined by {@link SPLIT}; null when the database cannot write them exactly.
   */
  properties: string | null;
}

export interface VillageExportContext {
  /** Terms ending on or before this day (`YYYY-MM-DD`) are `ending`. */
  endingBy: string;
  /** Flags that make a village without a first secretary `vacant`. */
  targetFlags: readonly string[];
}

/** Keys node fills in, between the two halves of `properties` (the operating income and its band). */
export const SLOT_KEYS = ['operating_income', 'income_band'] as const;
/** Stands between the halves: never part of JSON text (control characters are escaped there). */
export const SPLIT = '\u0001';

const integer = (sql: string): Omit<JsonMember, 'key'> => ({ sql, kind: 'integer' });
const text = (sql: string): Omit<JsonMember, 'key'> => ({ sql, kind: 'text' });
const json = (column: string): Omit<JsonMember, 'key'> => ({ sql: `COALESCE(v.${column}, '[]')`, kind: 'json' });

/** Columns the page reads from `villages` (plus `has_boundary` and `sec_id`). */
const COLUMNS = [
  'id',
  'code',
  'code_edition',
  'name',
  'township_id',
  'registered_population',
  'resident_population',
  'households',
  'party_members',
  'incomes',
  'operating_income',
  'flags',
  'honours',
  'notes',
  'location',
  'version',
  'updated_at',
  'updated_by',
];

/** How each export field of a village is written (the same values LayerService's decorate gives). */
function members(stateSql: string): Record<string, Omit<JsonMember, 'key'>> {
  return {
    id: integer('v.id'),
    code: text('v.code'),
    code_edition: integer('v.code_edition'),
    name: text('v.name'),
    township_id: integer('v.township_id'),
    township_code: text("COALESCE(tw.code, '')"),
    township_name: text("COALESCE(tw.name, '')"),
    registered_population: integer('v.registered_population'),
    resident_population: integer('v.resident_population'),
    households: integer('v.households'),
    party_members: integer('v.party_members'),
    incomes: json('incomes'),
    flags: json('flags'),
    honours: json('honours'),
    notes: text('v.notes'),
    has_boundary: { sql: 'v.has_boundary', kind: 'boolean' },
    secretary_state: text(stateSql),
    secretary_name: text('s.name'),
    secretary_term_end: text('s.term_end'),
    version: integer('v.version'),
    updated_at: text('v.updated_at'),
    updated_by: text('v.updated_by'),
  };
}

export class VillageExportRepository {
  private readonly propertiesSql: string | null;
  private readonly listsSql: string;

  /** @param keys the export fields, in order (exportFields('villages')) */
  constructor(
    private readonly db: Database,
    private readonly villages: FeatureRepository,
    keys: readonly string[],
    private readonly targetFlagCount: number,
  ) {
    const { dialect } = db;
    const state = `CASE WHEN s.id IS NULL THEN (CASE WHEN ${dialect.jsonArrayHasAny(
      "COALESCE(v.flags, '[]')",
      targetFlagCount,
    )} THEN 'vacant' ELSE 'none' END) WHEN s.term_end IS NOT NULL AND s.term_end${dialect.textOrder} <= ? THEN 'ending' ELSE 'posted' END`;
    const known = members(state);
    const at = keys.indexOf(SLOT_KEYS[0]);
    const head = keys.slice(0, at);
    const tail = keys.slice(at + SLOT_KEYS.length);
    const writable =
      at > 0 &&
      SLOT_KEYS.every((k, i) => keys[at + i] === k) &&
      tail.length > 0 &&
      [...head, ...tail].every((k) => k in known);
    const object = (part: readonly string[]) => dialect.jsonObject(part.map((key) => ({ key, ...known[key]! })));
    this.propertiesSql = writable ? `${object(head)} || '${SPLIT}' || ${object(tail)}` : null;
    this.listsSql = dialect.jsonObject(['incomes', 'flags', 'honours'].map((key) => ({ key, ...json(key) })));
  }

  /** Whether the database can write every export field (else the general path exports villages). */
  get writable(): boolean {
    return this.propertiesSql !== null;
  }

  /** The rows of `filter` after `afterId` in id order, at most `size` of them. */
  async page(
    filter: Omit<ListFilter, 'limit' | 'offset'>,
    afterId: number,
    size: number,
    ctx: VillageExportContext,
  ): Promise<VillageExportRow[]> {
    if (!this.propertiesSql) throw new Error('village export: the export fields cannot be written in SQL');
    if (ctx.targetFlags.length !== this.targetFlagCount) throw new Error('village export: target flags changed');
    const k = this.db.read;
    const { textOrder } = this.db.dialect;
    // The page first (keyset, the list's filters), then one lookup per row by primary key.
    const inner: Knex.QueryBuilder = this.villages
      .filtered(filter)
      .where('t.id', '>', afterId)
      .select([
        ...COLUMNS.map((c) => `t.${c}`),
        k.raw('t.boundary IS NOT NULL AS has_boundary'),
        k.raw(
          `(SELECT s2.id FROM secretaries s2
             WHERE s2.village_id = t.id AND s2.role = ? AND s2.status = ? AND s2.deleted_at IS NULL
             ORDER BY (CASE WHEN s2.term_end IS NULL THEN 1 ELSE 0 END) DESC, s2.term_end${textOrder} DESC, s2.id
             LIMIT 1) AS sec_id`,
          ['第一书记', '在岗'],
        ),
      ])
      .orderBy('t.id')
      .limit(size);
    const rows = (await k
      .select(
        'v.id',
        'v.operating_income',
        'v.location',
        k.raw(`${this.listsSql} AS lists`),
        k.raw(`${this.propertiesSql} AS properties`, [...ctx.targetFlags, ctx.endingBy]),
      )
      .from(inner.as('v'))
      .leftJoin('townships as tw', 'tw.id', 'v.township_id')
      .leftJoin('secretaries as s', 's.id', 'v.sec_id')
      .orderBy('v.id')) as VillageExportRow[];
    for (const r of rows) r.id = Number(r.id);
    return rows;
  }
}
