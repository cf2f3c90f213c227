/**
 * The villages' GeoJSON export, written by the database: per keyset page, each village's export
 * properties come back as one JSON text (its township looked up, its first secretary chosen and its
 * secretary state worked out in SQL), beside the stored location text, the operating income as
 * a number and the JSON columns as the database embedded them, for the caller to check and finish
 * (server/services/village-export.ts). Rows are the ones FeatureRepository lists for the filter.
 */
import type { Knex } from 'knex';
import type { Database } from '../db/connection.ts';
import type { JsonMember } from '../db/dialects/dialect.ts';
import type { FeatureRepository, ListFilter } from './feature-repository.ts';
import { FIRST, firstSecretary, SECRETARY_END, SECRETARY_NAME, secretaryStateSql } from './village-sql.ts';

export interface VillageExportRow {
  id: number;
  /** As the driver reads the column (a number or null): node writes it and its income band. */
  operating_income: unknown;
  /** The stored GeoJSON Point text. */
  location: string | null;
  /** `incomes,flags,honours`: the JSON columns' texts as embedded in `properties`, to be checked. */
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
/** Stands between the values of a row's one text (id, lists, properties, then the location: last, as it is not checked). */
const FIELD = '\u0002';

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
    township_code: text("COALESCE((SELECT tw.code FROM townships tw WHERE tw.id = v.township_id), '')"),
    township_name: text("COALESCE((SELECT tw.name FROM townships tw WHERE tw.id = v.township_id), '')"),
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
    secretary_name: text(SECRETARY_NAME),
    secretary_term_end: text(SECRETARY_END),
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
    const known = members(secretaryStateSql(dialect, targetFlagCount));
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
    this.listsSql = ['incomes', 'flags', 'honours'].map((c) => dialect.jsonText(json(c).sql)).join(" || ',' || ");
  }

  /** Whether the database can write every export field (else the general path exports villages). */
  get writable(): boolean {
    return this.propertiesSql !== null;
  }

  /**
   * The id of the last row {@link page} returns for the same arguments when that page is full,
   * else null (it is the last page): where the next page starts, found without reading this one.
   */
  async pageEnd(filter: Omit<ListFilter, 'limit' | 'offset'>, afterId: number, size: number): Promise<number | null> {
    const row = (await this.villages
      .filtered(filter)
      .where('t.id', '>', afterId)
      .orderBy('t.id')
      .offset(size - 1)
      .limit(1)
      .first('t.id')) as { id: number | string } | undefined;
    return row ? Number(row.id) : null;
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
    // The page first (keyset, the list's filters), then lookups per row through indexes: joins
    // would have PostgreSQL hash all townships and secretaries for every page.
    const inner: Knex.QueryBuilder = this.villages
      .filtered(filter)
      .where('t.id', '>', afterId)
      .select([
        ...COLUMNS.map((c) => `t.${c}`),
        k.raw('t.boundary IS NOT NULL AS has_boundary'),
        k.raw(`${firstSecretary(textOrder)} AS sec_id`, FIRST),
      ])
      .orderBy('t.id')
      .limit(size);
    // Two values a row, not five: node-sqlite3 spends about a microsecond on each value it hands over.
    const text = `v.id || '${FIELD}' || ${this.listsSql} || '${FIELD}' || COALESCE(${this.propertiesSql}, '') || '${FIELD}' || CASE WHEN v.location IS NULL THEN '' ELSE 'g' || v.location END`;
    const read = (await k
      .select('v.operating_income', k.raw(`${text} AS t`, [...ctx.targetFlags, ctx.endingBy]))
      .from(inner.as('v'))
      .orderBy('v.id')) as { operating_income: unknown; t: string }[];
    const rows: VillageExportRow[] = read.map(({ operating_income, t }) => {
      const a = t.indexOf(FIELD);
      const b = t.indexOf(FIELD, a + 1);
      const c = t.indexOf(FIELD, b + 1);
      return {
        id: Number(t.slice(0, a)),
        operating_income,
        lists: t.slice(a + 1, b),
        properties: c > b + 1 ? t.slice(b + 1, c) : null,
        location: t.length > c + 1 ? t.slice(c + 2) : null,
      };
    });
    return rows;
  }
}
