import type { Knex } from 'knex';
import type { Database } from '../db/connection.ts';
import type { JsonMember, RowSink } from '../db/dialects/dialect.ts';
import type { LayerSpec } from './layer-specs.ts';
import { unmark } from './marked-doubles.ts';

export type Row = Record<string, unknown>;
export type Tx = Knex.Transaction;
/** A value read beside a list's Feature texts: SQL over the row `t`, or a JSON-text column's value. */
export type ListInput = { sql: string } | { json: string };

export interface ListFilter {
  bbox?: readonly [number, number, number, number];
  townshipIds?: readonly number[];
  villageIds?: readonly number[];
  q?: string;
  limit: number;
  offset: number;
  /** Extra exact filters on the table's own columns. */
  where?: Record<string, string | number | null>;
  /** Only rows having this (nullable) column set. */
  notNull?: string;
}

/** One cell of a grid aggregation: its column and row, count, mean centre and smallest id. */
export interface ClusterCell {
  gx: number;
  gy: number;
  n: number;
  x: number;
  y: number;
  id: number;
}

export interface ListResult {
  rows: Row[];
  total: number;
}

/** SQL with its bindings. */
export interface BoundSql {
  sql: string;
  bindings?: readonly unknown[];
}

/**
 * A layer's derived properties written by the database, for {@link FeatureRepository.listJoined}.
 */
export interface ExtrasSql {
  /** Values selected beside the row's columns, by name: SQL over the row aliased `t`. */
  inner: Readonly<Record<string, BoundSql>>;
  /**
   * The derived properties as SQL over the selected row aliased `v`, naming the columns and
   * `inner` values it `uses`; one named as a column replaces it. A double (`float`) takes no
   * bindings: the database may read its SQL twice.
   */
  members: readonly (BoundSql & { key: string; kind: 'text' | 'boolean' | 'float'; uses: readonly string[] })[];
}

/** What {@link FeatureRepository.listJoined} reads for a row the database cannot write: never part of JSON text. */
const BAD_ROW = '\u0004';
const BAD_ROW_BYTE = 4;

/** Index copies of a row's geometry (its bbox and point): never part of what a list or page returns. */
const INDEX_COPIES = new Set(['minx', 'miny', 'maxx', 'maxy', 'lng', 'lat']);
const PACKED = '__row';
/** The column of {@link FeatureRepository.listText}'s Feature texts. */
export const FEATURE = '__feature';
/** The column of {@link FeatureRepository.listText}'s inputs. */
export const INPUTS = '__inputs';

/** Escapes LIKE wildcards so a search for "50%" matches literally. */
function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Expands `{ids}` in a spec's SQL filter into placeholders with bindings. */
function sqlFilter(sql: string, ids: readonly number[]): [string, number[]] {
  const parts = sql.split('{ids}');
  const placeholders = ids.map(() => '?').join(', ');
  const bindings: number[] = [];
  for (let i = 1; i < parts.length; i++) bindings.push(...ids);
  return [`(${parts.join(placeholders)})`, bindings];
}

/** New rows written batch by batch (FeatureRepository.openInsert). */
export interface BulkInsert {
  /**
   * Inserts `rows` (columns as `toColumns` gives them) with the ids `ids` (the same order);
   * resolves when the next rows can be handed over (see RowSink.write: maybe before they are written).
   */
  write(ids: readonly number[], rows: readonly Row[]): Promise<void>;
  /** Resolves once every row handed over is written (rejects with the database's error otherwise). */
  flush(): Promise<void>;
  /** Releases the statements (also after a failure); rejects, as `flush`, if a write failed. */
  close(): Promise<void>;
}

/** Reads and writes any layer through its spec. The only code that knows SQL for layers. */
export class FeatureRepository {
  constructor(
    private readonly db: Database,
    readonly spec: LayerSpec,
  ) {}

  /** The database's dialect (for SQL a layer adds to lists: {@link ExtrasSql}). */
  get dialect(): Database['dialect'] {
    return this.db.dialect;
  }

  private base(knex: Knex | Tx, filter: Omit<ListFilter, 'limit' | 'offset'>): Knex.QueryBuilder {
    const { spec } = this;
    let q = knex(`${spec.table} as t`);
    q = q.whereNull('t.deleted_at');
    if (filter.bbox && spec.spatial) q = this.db.dialect.whereBBox(q, spec.table, 't', filter.bbox);
    const tf = spec.townshipFilter;
    if (filter.townshipIds?.length && tf) {
      const ids = filter.townshipIds as number[];
      if ('column' in tf) q = q.whereIn(`t.${tf.column}`, ids);
      else if ('viaVillage' in tf)
        q = q.whereIn(`t.${tf.viaVillage}`, knex('villages').select('id').whereIn('township_id', ids));
      else q = q.whereRaw(...sqlFilter(tf.sql, ids));
    }
    const vf = spec.villageFilter;
    if (filter.villageIds?.length && vf) {
      const ids = filter.villageIds as number[];
      if ('column' in vf) q = q.whereIn(`t.${vf.column}`, ids);
      else q = q.whereRaw(...sqlFilter(vf.sql, ids));
    }
    if (filter.q && spec.searchColumns.length) {
      const pattern = likePattern(filter.q);
      q = q.where((w) => {
        const like = this.db.dialect.likeOperator;
        for (const col of spec.searchColumns) w.orWhereRaw(`t.?? ${like} ? ESCAPE '\\'`, [col, pattern]);
      });
    }
    if (filter.where)
      for (const [k, v] of Object.entries(filter.where)) q = v === null ? q.whereNull(`t.${k}`) : q.where(`t.${k}`, v);
    if (filter.notNull) q = q.whereNotNull(`t.${filter.notNull}`);
    return q;
  }

  /**
   * `ORDER BY` of lists: the id, unless a bbox filters the rows and the dialect has the
   * planner sort the rows its spatial index finds instead (PostgreSQL: ordered by the bare id, a
   * dense 1% window of 500k villages walked the primary key for 591 ms instead of sorting the
   * 11,818 rows GiST found in 21 ms).
   */
  private idOrder(filter: Omit<ListFilter, 'limit' | 'offset'>): string {
    return filter.bbox && this.spec.spatial ? this.db.dialect.idOrderInBBox('t') : 't.id';
  }

  private columnSet?: Promise<{ names: string[]; floats: Set<string> }>;

  /** The columns a Feature shows as properties (not the id, not hidden ones). */
  async visibleColumns(): Promise<string[]> {
    const { names } = await this.columns();
    return names.filter((c) => c !== 'id' && !this.spec.hiddenColumns.includes(c));
  }

  /** The table's columns but the index copies and the dialect's own, and which hold doubles. */
  private columns(): Promise<{ names: string[]; floats: Set<string> }> {
    this.columnSet ??= (async () => {
      const info = await this.db.read(this.spec.table).columnInfo();
      const names = Object.keys(info).filter(
        (c) => !INDEX_COPIES.has(c) && !this.db.dialect.internalColumns.includes(c),
      );
      const isFloat = (c: string) => /real|float|double|numeric|decimal/i.test(String(info[c]?.type));
      return { names, floats: new Set(names.filter(isFloat)) };
    })().catch((err: unknown) => {
      // Asked again next time (the database may have been unreachable), not failed for good.
      this.columnSet = undefined;
      throw err;
    });
    return this.columnSet;
  }

  /**
   * The rows `filter` matches, as a query on the table aliased `t` (read connection) that selects
   * nothing yet: for readers that write their own columns, with exactly the filters lists use.
   */
  filtered(filter: Omit<ListFilter, 'limit' | 'offset'>): Knex.QueryBuilder {
    return this.base(this.db.read, filter);
  }

  /**
   * What lists and pages select: every column but the index copies. Where the dialect packs rows
   * (SQLite), the text and integer columns come as one JSON text and floating-point ones beside it,
   * since JSON text of a double has 15 significant digits and a double needs 17.
   */
  private async select(): Promise<{ columns: (string | Knex.Raw)[]; native: string[] }> {
    const { names, floats } = await this.columns();
    const { packRow } = this.db.dialect;
    if (!packRow) return { columns: names.map((c) => `t.${c}`), native: names };
    const native = ['id', ...names.filter((c) => c !== 'id' && floats.has(c))];
    const packed = packRow(
      't',
      names
        .filter((c) => c !== 'id')
        .map((name) => ({ name, json: this.spec.jsonColumns.includes(name), placeholder: floats.has(name) })),
    );
    return { columns: [...native.map((c) => `t.${c}`), this.db.read.raw(`${packed} AS ${PACKED}`)], native };
  }

  /** A row as selected by {@link select}: unpacked and decoded. */
  private unpack(row: Row, native: readonly string[]): Row {
    const packed = row[PACKED];
    if (typeof packed !== 'string') return this.decode(row);
    const out = JSON.parse(packed) as Row;
    for (const c of native) out[c] = row[c];
    for (const col of this.spec.jsonColumns) if (out[col] == null) out[col] = [];
    return out;
  }

  async list(filter: ListFilter): Promise<ListResult> {
    const knex = this.db.read;
    const { columns, native } = await this.select();
    const counted = this.speculativeCount(knex, filter);
    const rows = (await this.base(knex, filter)
      .select(columns)
      .orderByRaw(this.idOrder(filter))
      .limit(filter.limit)
      .offset(filter.offset)) as Row[];
    return {
      rows: rows.map((r) => this.unpack(r, native)),
      total: await this.totalOf(knex, filter, rows.length, counted),
    };
  }

  /**
   * A list as Feature texts the database writes, for lists too long to build as objects: each row's `feature` is the text of its Feature with `id`,
   * `geometry` (from `geometryColumn`) and the visible text, integer and JSON columns, its
   * properties object still open; the visible doubles (`floats`, read exactly) come beside it, and
   * the values of `inputs` (SQL over the row aliased `t`, or a JSON-text column) as one JSON array
   * text in {@link INPUTS}. Null where the dialect cannot.
   */
  async listText(
    filter: ListFilter,
    geometryColumn: string | null,
    inputs: readonly ListInput[],
  ): Promise<{ rows: Row[]; floats: string[]; total: number } | null> {
    const ft = this.db.dialect.featureText;
    if (!ft) return null;
    const knex = this.db.read;
    const { names, floats } = await this.columns();
    const visible = names.filter((c) => c !== 'id' && !this.spec.hiddenColumns.includes(c));
    const text = ft.feature(
      't',
      geometryColumn,
      visible.filter((c) => !floats.has(c)).map((name) => ({ name, json: this.spec.jsonColumns.includes(name) })),
    );
    if (!text) return null;
    const native = visible.filter((c) => floats.has(c));
    const counted = this.speculativeCount(knex, filter);
    const values = inputs.map((i) => ('json' in i ? ft.jsonColumn('t', i.json) : i.sql));
    const rows = (await this.base(knex, filter)
      .select([
        knex.raw(`${text} AS ${FEATURE}`),
        ...native.map((c) => `t.${c}`),
        ...(values.length ? [knex.raw(`${ft.array(values)} AS ${INPUTS}`)] : []),
      ])
      .orderByRaw(this.idOrder(filter))
      .limit(filter.limit)
      .offset(filter.offset)) as Row[];
    return { rows, floats: native, total: await this.totalOf(knex, filter, rows.length, counted) };
  }

  /**
   * A whole list as one text the database writes: its Features joined by commas, in id order, with
   * the visible columns and `extras` as properties (doubles written by node, exactly), as the UTF-8
   * bytes a response sends. node-sqlite3 hands over one blob for the list instead of several
   * values a row, and node writes nothing a row (nor decodes the text and encodes it back).
   * Null where the dialect cannot, or a row's text came out NULL (a guard: {@link listText} then
   * lists them).
   */
  async listJoined(
    filter: ListFilter,
    geometryColumn: string | null,
    all: ExtrasSql,
    only?: ReadonlySet<string>,
  ): Promise<{ features: Buffer; total: number } | null> {
    const { featureText: ft } = this.db.dialect;
    if (!ft) return null;
    const knex = this.db.read;
    const { floats } = await this.columns();
    const shown = (k: string) => !only || only.has(k);
    const extras = { ...all, members: all.members.filter((m) => shown(m.key)) };
    const replaced = new Set(all.members.map((m) => m.key));
    const visible = (await this.visibleColumns()).filter((c) => shown(c) && !replaced.has(c));
    const members: JsonMember[] = visible.map((c) =>
      this.spec.jsonColumns.includes(c)
        ? { key: c, sql: `COALESCE(v."${c}", '[]')`, kind: 'json' }
        : { key: c, sql: floats.has(c) ? ft.float(`v."${c}"`) : `v."${c}"`, kind: 'text' },
    );
    const doubles = visible.filter((c) => floats.has(c));
    const bindings: unknown[] = [];
    for (const m of extras.members) {
      if (m.kind === 'float' && m.bindings?.length)
        throw new Error(`listJoined: the double ${m.key} takes no bindings`);
      if (m.kind === 'float') doubles.push(m.key);
      members.push({
        key: m.key,
        sql: m.kind === 'float' ? ft.float(m.sql) : m.sql,
        kind: m.kind === 'float' ? 'text' : m.kind,
      });
      bindings.push(...(m.bindings ?? []));
    }
    const geometry = geometryColumn ? `COALESCE(v."${geometryColumn}", 'null')` : `'null'`;
    // A row whose text came out NULL (group_concat would drop it) shows as a bare control character.
    const text = `COALESCE('{"type":"Feature","id":' || v.id || ',"geometry":' || ${geometry} || ',"properties":' || ${this.db.dialect.jsonObject(members)} || '}', '${BAD_ROW}')`;

    const used = new Set(extras.members.flatMap((m) => m.uses));
    const columns = [...new Set(['id', ...visible, ...(geometryColumn ? [geometryColumn] : []), ...used])].filter(
      (c) => !(c in extras.inner),
    );
    const counted = this.speculativeCount(knex, filter);
    const page = this.base(knex, filter)
      .select([
        ...columns.map((c) => `t.${c}`),
        ...Object.entries(extras.inner)
          .filter(([name]) => used.has(name))
          .map(([name, e]) => knex.raw(`${e.sql} AS ${name}`, (e.bindings ?? []) as never)),
      ])
      .orderByRaw(this.idOrder(filter))
      .limit(filter.limit)
      .offset(filter.offset);
    const features = knex.select('v.id', knex.raw(`${text} AS f`, bindings as never)).from(page.as('v'));
    const [row] = (await knex
      .select(knex.raw(`${ft.aggregate('x.f', 'x.id')} AS features`), knex.raw('count(*) AS n'))
      .from(features.as('x'))) as { features: Buffer | string | null; n: number | string }[];
    const value = row?.features ?? '';
    const joined = typeof value === 'string' ? Buffer.from(value) : value;
    if (joined.includes(BAD_ROW_BYTE)) return null;
    const n = Number(row?.n ?? 0);
    return { features: unmark(joined, doubles), total: await this.totalOf(knex, filter, n, counted) };
  }

  /** A list's total: its length when the page shows everything there is, else a count. */
  private async totalOf(knex: Knex, filter: ListFilter, length: number, counted?: Promise<number>): Promise<number> {
    if (length < filter.limit && !(length === 0 && filter.offset > 0)) return filter.offset + length;
    return counted ?? this.count(knex, filter);
  }

  private async count(knex: Knex, filter: ListFilter): Promise<number> {
    const { bbox, townshipIds, villageIds, q, where, notNull } = filter;
    const bboxOnly = !townshipIds?.length && !villageIds?.length && !q && !notNull && !Object.keys(where ?? {}).length;
    if (bbox && bboxOnly && this.spec.spatial && this.db.dialect.countInBBox)
      return this.db.dialect.countInBBox(knex, this.spec.table, bbox);
    const countRow = (await this.base(knex, filter).count({ n: '*' }).first()) as { n?: number } | undefined;
    return Number(countRow?.n ?? 0);
  }

  /**
   * The count of a bbox list, asked alongside the list on another connection of SQLite's read
   * pool: a dense map view needs it (5,000 shown of 16,000: ~5 ms from the R*Tree alone when the
   * bbox is the only filter, ~17 ms reading each row) and waiting for the list first would add
   * that to the answer; for a sparse one it costs as little as its few rows. On PostgreSQL
   * (`countAlongside` false) a query costs a round trip and a backend's CPU and most views fill no
   * page, so the count waits for a full page. Other lists count only when they must.
   */
  private speculativeCount(knex: Knex, filter: ListFilter): Promise<number> | undefined {
    if (!filter.bbox || !this.spec.spatial || filter.offset > 0 || !this.db.dialect.countAlongside) return undefined;
    const counted = this.count(knex, filter);
    counted.catch(() => undefined); // unobserved when the list is short: never an unhandled rejection
    return counted;
  }

  /**
   * The rows after `afterId` in id order, without a count: keyset pages, so a streamed export
   * reads a few hundred rows at a time however large the layer is.
   */
  async page(filter: Omit<ListFilter, 'limit' | 'offset'>, afterId: number, size: number): Promise<Row[]> {
    const { columns, native } = await this.select();
    const rows = (await this.base(this.db.read, filter)
      .where('t.id', '>', afterId)
      .select(columns)
      // Plain id order even with a bbox: walking the primary key once over all pages beats
      // sorting what the index finds again for every page (see idOrder).
      .orderBy('t.id')
      .limit(size)) as Row[];
    return rows.map((r) => this.unpack(r, native));
  }

  /**
   * Grid aggregation for zoomed-out maps: the rows matching `filter` whose bbox centre lies in
   * `bbox`, counted per cell of a `cols × rows` grid over it, with the cells' mean centre and
   * smallest id. At most cols × rows cells come back, however many rows there are.
   */
  async clusters(
    filter: Omit<ListFilter, 'limit' | 'offset' | 'bbox'>,
    bbox: readonly [number, number, number, number],
    cols: number,
    rows: number,
  ): Promise<ClusterCell[]> {
    const k = this.db.read;
    const [w, s, e, n] = bbox;
    const cx = '((t.minx + t.maxx) / 2)';
    const cy = '((t.miny + t.maxy) / 2)';
    const dx = Math.max((e - w) / cols, 1e-9);
    const dy = Math.max((n - s) / rows, 1e-9);
    const { floorInt } = this.db.dialect;
    const out = (await this.base(k, { ...filter, bbox })
      .whereRaw(`${cx} BETWEEN ? AND ? AND ${cy} BETWEEN ? AND ?`, [w, e, s, n])
      .select(
        k.raw(`${floorInt(`(${cx} - ?) / ?`)} AS gx`, [w, dx]),
        k.raw(`${floorInt(`(${cy} - ?) / ?`)} AS gy`, [s, dy]),
        k.raw('COUNT(*) AS n'),
        k.raw(`AVG(${cx}) AS x`),
        k.raw(`AVG(${cy}) AS y`),
        k.raw('MIN(t.id) AS id'),
      )
      .groupBy('gx', 'gy')) as Record<string, number | string>[];
    // A centre on the east or north edge falls in cell `cols`/`rows`: fold it into the last one.
    const cells = new Map<string, ClusterCell>();
    for (const r of out) {
      const gx = Math.min(Number(r.gx), cols - 1);
      const gy = Math.min(Number(r.gy), rows - 1);
      const key = `${gx},${gy}`;
      const c = cells.get(key);
      const cnt = Number(r.n);
      if (!c) cells.set(key, { gx, gy, n: cnt, x: Number(r.x), y: Number(r.y), id: Number(r.id) });
      else {
        c.x = (c.x * c.n + Number(r.x) * cnt) / (c.n + cnt);
        c.y = (c.y * c.n + Number(r.y) * cnt) / (c.n + cnt);
        c.n += cnt;
        c.id = Math.min(c.id, Number(r.id));
      }
    }
    return [...cells.values()].sort((a, b) => a.gy - b.gy || a.gx - b.gx);
  }

  /** Live rows whose `column` is one of `values` (natural keys: village codes, asset external ids). */
  async findBy(column: string, values: readonly string[], tx?: Tx): Promise<Row[]> {
    const out: Row[] = [];
    for (let i = 0; i < values.length; i += 500) {
      const part = (await (tx ?? this.db.read)(this.spec.table)
        .whereIn(column, values.slice(i, i + 500) as string[])
        .whereNull('deleted_at')
        .orderBy('id')) as Row[];
      out.push(...part.map((r) => this.decode(r)));
    }
    return out;
  }

  async get(id: number, opts: { includeDeleted?: boolean; tx?: Tx } = {}): Promise<Row | null> {
    let q = (opts.tx ?? this.db.read)(this.spec.table).where({ id });
    if (!opts.includeDeleted) q = q.whereNull('deleted_at');
    const row = (await q.first()) as Row | undefined;
    return row ? this.decode(row) : null;
  }

  async getMany(ids: readonly number[], tx?: Tx): Promise<Row[]> {
    const out: Row[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const part = (await (tx ?? this.db.read)(this.spec.table)
        .whereIn('id', ids.slice(i, i + 500) as number[])
        .whereNull('deleted_at')) as Row[];
      out.push(...part.map((r) => this.decode(r)));
    }
    return out;
  }

  async insert(tx: Tx, columns: Row): Promise<number> {
    const [res] = (await tx(this.spec.table).insert(this.encode(columns)).returning('id')) as (
      number | { id: number }
    )[];
    return typeof res === 'object' ? Number(res.id) : Number(res);
  }

  /** `n` ids for new rows, ascending, as inserts would give them (inside the write transaction). */
  reserveIds(tx: Tx, n: number): Promise<number[]> {
    return this.db.dialect.reserveIds(tx, this.spec.table, n);
  }

  /**
   * A writer of many new rows with given ids and `constants` shared by all (imports): statements
   * prepared once and re-bound per batch. Rows with other columns than the first (a geometry
   * left out) go through a statement of their own.
   */
  async openInsert(tx: Tx, constants: Row): Promise<BulkInsert> {
    const sinks = new Map<string, { columns: string[]; sink: RowSink }>();
    const json = new Set(this.spec.jsonColumns);
    const fixed = this.encode(constants);
    const sinkFor = async (keys: string[]) => {
      const signature = keys.join('\u0000');
      let s = sinks.get(signature);
      if (!s) {
        const columns = ['id', ...keys];
        s = { columns, sink: await this.db.dialect.openRowSink(tx, this.spec.table, columns, fixed) };
        sinks.set(signature, s);
      }
      return s;
    };
    let first: { keys: string[]; columns: string[]; sink: RowSink } | null = null;
    const sameKeys = (keys: string[]) =>
      first !== null && first.keys.length === keys.length && keys.every((k, i) => k === first!.keys[i]);
    return {
      write: async (ids, rows) => {
        const groups = new Map<{ columns: string[]; sink: RowSink }, unknown[][]>();
        for (let i = 0; i < rows.length; i++) {
          const row = rows[i]!;
          const keys = Object.keys(row);
          const s = sameKeys(keys) ? first! : await sinkFor(keys);
          first ??= { keys, ...s };
          const values: unknown[] = [ids[i]];
          for (let c = 1; c < s.columns.length; c++) {
            const col = s.columns[c]!;
            const v = row[col];
            values.push(json.has(col) ? JSON.stringify(v ?? []) : v);
          }
          const group = groups.get(s);
          if (group) group.push(values);
          else groups.set(s, [values]);
        }
        // One sink after the other: they share the transaction's connection.
        for (const [s, values] of groups) await s.sink.write(values);
      },
      flush: async () => {
        for (const s of sinks.values()) await s.sink.flush();
      },
      close: async () => {
        const outcomes = await Promise.allSettled([...sinks.values()].map((s) => s.sink.close()));
        const failed = outcomes.find((o) => o.status === 'rejected');
        if (failed) throw failed.reason;
      },
    };
  }

  /** Writes only if the row still has `version`; returns whether it did (optimistic lock). */
  async updateIfVersion(tx: Tx, id: number, version: number, columns: Row): Promise<boolean> {
    const n = await tx(this.spec.table).where({ id, version }).update(this.encode(columns));
    return Number(n) === 1;
  }

  /** Parses JSON columns. */
  decode(row: Row): Row {
    const out: Row = { ...row };
    for (const col of this.db.dialect.internalColumns) delete out[col];
    for (const col of this.spec.jsonColumns) {
      const v = out[col];
      out[col] = typeof v === 'string' ? JSON.parse(v) : (v ?? []);
    }
    return out;
  }

  /** Serialises JSON columns. */
  encode(columns: Row): Row {
    const out: Row = { ...columns };
    for (const col of this.spec.jsonColumns) if (col in out) out[col] = JSON.stringify(out[col] ?? []);
    return out;
  }
}
