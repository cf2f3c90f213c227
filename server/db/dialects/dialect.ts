import type { Knex } from 'knex';

/** One member of a JSON object the database writes (see {@link Dialect.jsonObject}). */
export interface JsonMember {
  key: string;
  /** SQL of the value; for `boolean`, a condition. */
  sql: string;
  /** How it is written: a string, an integer, embedded JSON text (valid, never null), or true/false. */
  kind: 'text' | 'integer' | 'json' | 'boolean';
}

/**
 * Where many new rows of one table go, batch after batch (imports): the statement is built and
 * prepared once and each batch only binds values. Rows come with their ids (see `reserveIds`).
 */
export interface RowSink {
  /**
   * Inserts `rows` (values in the sink's column order); resolves when the sink can take the next
   * batch, which the database may not have stored yet: SQLite writes a batch on its own thread
   * once the one before is written, PostgreSQL's COPY while the caller goes on. A failure is then
   * reported by a later `write`, or by `flush`. Call it again only after it resolved.
   */
  write(rows: readonly (readonly unknown[])[]): Promise<void>;
  /** Resolves once every row handed over is written; rejects with the database's error otherwise. */
  flush(): Promise<void>;
  /**
   * Ends and releases what the sink holds (also after a failure); rejects, as `flush`, if a write
   * failed, so that a transaction does not go on to commit without rows it handed over.
   */
  close(): Promise<void>;
}

/** What differs between the embedded SQLite and PostgreSQL + PostGIS. Nothing outside db/dialects asks which it is. */
export interface Dialect {
  readonly name: 'sqlite' | 'postgres';
  /** Columns the dialect adds to spatial tables (never part of a record; dropped when rows are read). */
  readonly internalColumns: readonly string[];
  /** Case-insensitive (for ASCII at least) pattern match: SQLite's LIKE is, PostgreSQL's is not. */
  readonly likeOperator: 'LIKE' | 'ILIKE';
  /** SQL for the integer part of a non-negative numeric SQL expression (grid cells). */
  floorInt(expr: string): string;
  /** Runs before migrations: extensions and schemas the database needs. */
  prepare(knex: Knex): Promise<void>;
  /** After rows were inserted with explicit ids (bulk loads): move id sequences past them, refresh planner statistics. */
  afterBulkLoad(knex: Knex, tables: readonly string[]): Promise<void>;
  /** Creates the spatial index for a table that has `minx, miny, maxx, maxy` columns. */
  createSpatialIndex(knex: Knex, table: string): Promise<void>;
  dropSpatialIndex(knex: Knex, table: string): Promise<void>;
  /**
   * Keeps `change_stamps.stamp` of `table` rising on every insert, update and delete, whichever
   * process or code path writes: what lets a per-process cache (server/services/cluster-index.ts)
   * know it is out of date with one tiny read.
   */
  createChangeStamp(knex: Knex, table: string): Promise<void>;
  dropChangeStamp(knex: Knex, table: string): Promise<void>;
  /**
   * Restricts `query` (selecting from `table` aliased as `alias`) to rows whose bbox intersects
   * `[w, s, e, n]`, through the spatial index. Exact float filtering is included. Soft-deleted
   * rows may be left out (SQLite's index holds live rows only).
   */
  whereBBox(query: Knex.QueryBuilder, table: string, alias: string, bbox: readonly number[]): Knex.QueryBuilder;
  /**
   * The number of live rows of `table` whose bbox intersects `[w, s, e, n]` exactly, read from the
   * spatial index without visiting each row, where the dialect can (absent: a count of whereBBox).
   */
  countInBBox?(knex: Knex, table: string, bbox: readonly number[]): Promise<number>;
  /**
   * Whether a bbox list's count starts alongside the list, on another connection, before it is
   * known to be needed (only a full page needs it).
   */
  readonly countAlongside: boolean;
  /** SQL to order rows found through whereBBox by id (as fast for the planner as it can be). */
  idOrderInBBox(alias: string): string;
  /** `column IN (ids)` with the ids as one parameter, however many there are. */
  whereIdIn(query: Knex.QueryBuilder, column: string, ids: readonly number[]): Knex.QueryBuilder;
  /**
   * When the driver is slow to hand over many columns, SQL for one JSON object text holding
   * `columns` of the row aliased `alias` (JSON-text columns embedded as JSON, `placeholders`
   * present as null so the object keeps the table's key order); undefined when rows are best read
   * column by column.
   */
  packRow?(alias: string, columns: readonly { name: string; json: boolean; placeholder: boolean }[]): string;
  /**
   * SQL for the text of one JSON object holding `members` in order, written exactly as node's
   * JSON.stringify writes the values this dialect's driver reads from the same columns (`json`
   * members are embedded as the database prints them, which the caller checks); NULL for a row
   * whose values might be written otherwise (SQLite: an integer column holding a non-integer or an
   * integer past 2^53), which the caller then renders itself.
   */
  jsonObject(members: readonly JsonMember[]): string;
  /** SQL for JSON text `sql` as {@link jsonObject} embeds it (validated: invalid JSON is an error). */
  jsonText(sql: string): string;
  /** SQL that is true when the JSON array text `expr` holds one of the `n` strings bound after it. */
  jsonArrayHasAny(expr: string, n: number): string;
  /** Appended to a text expression so that it compares in code-point order, as node compares strings. */
  readonly textOrder: string;
  /**
   * `n` new ids for `table`, ascending, as its own inserts would have given them (inside a write
   * transaction, so nobody else takes them meanwhile).
   */
  reserveIds(tx: Knex.Transaction, table: string, n: number): Promise<number[]>;
  /**
   * A sink inserting rows of `table` with `columns` (bound per row) and `constants` (the same for
   * every row, bound once per statement). Floating-point values are bound as numbers, so they
   * are stored exactly.
   */
  openRowSink(
    tx: Knex.Transaction,
    table: string,
    columns: readonly string[],
    constants: Readonly<Record<string, unknown>>,
  ): Promise<RowSink>;
  /** Lists written as text the database builds (see {@link FeatureText}); absent: built as objects. */
  featureText?: FeatureText;
}

/** SQL for JSON texts of rows, for lists written without building objects (feature-text.ts). */
export interface FeatureText {
  /**
   * The text of a GeoJSON Feature of the row aliased `alias`: its id, `geometry` (a column of
   * GeoJSON text, or none) and `properties` holding `columns` (JSON-text columns embedded as JSON,
   * null as `[]`), without the Feature's closing brace so that more properties can be spliced in;
   * null when the database cannot write so many members in one object.
   */
  feature(alias: string, geometry: string | null, columns: readonly { name: string; json: boolean }[]): string | null;
  /** The value of a JSON-text column, to embed in JSON (null as `[]`). */
  jsonColumn(alias: string, name: string): string;
  /** A JSON array text of the SQL `values` (JSON values embedded as such). */
  array(values: readonly string[]): string;
  /**
   * Whether a whole record's derived properties are written in SQL (per-row subqueries: SQLite's
   * are index probes in the process, ~1 µs) rather than looked up once per list and added by node
   * (PostgreSQL: each SubPlan costs a few µs a row, and villages need six).
   */
  readonly derivedPerRow: boolean;
  /**
   * The texts `text` of a group joined by commas, in `order` (an aggregate): a text, or its UTF-8
   * bytes as a blob where the driver hands those over without decoding them.
   */
  aggregate(text: string, order: string): string;
  /**
   * A double as a text to embed as a JSON string: its digits between two U+0003 (a control
   * character, which JSON text holds only escaped), in a form that reads back as the same double
   * (node then writes its shortest form); NULL for NULL, or for what is not a number.
   */
  float(sql: string): string;
}
