import { createRequire } from 'node:module';
import type { Knex } from 'knex';
import type { Dialect } from './dialect.ts';
import { sqliteReserveIds, sqliteRowSink } from './sqlite-bulk.ts';

/** Degrees beyond any R*Tree rounding of a coordinate (a 32-bit float's step is 1.5e-5 at 180). */
const EDGE = 1e-3;

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

const require = createRequire(import.meta.url);
// knex does not export its dialect classes in its types; these paths are stable since knex 0.95.
type Ctor = new (...args: unknown[]) => Record<string, unknown>;
const Client_SQLite3 = require('knex/lib/dialects/sqlite3/index.js') as Ctor;
const Transaction_Sqlite = require('knex/lib/dialects/sqlite3/execution/sqlite-transaction.js') as Ctor;

/**
 * Knex's SQLite transactions start with a plain `BEGIN`: a transaction that reads, then writes
 * fails with SQLITE_BUSY when another process wrote meanwhile (busy_timeout cannot help a lock
 * upgrade). `BEGIN IMMEDIATE` takes the write lock up front, waiting up to busy_timeout.
 */
class ImmediateTransaction extends Transaction_Sqlite {
  begin(conn: unknown) {
    // Nested transactions are savepoints and never call begin().
    return (this as unknown as { query(c: unknown, sql: string): Promise<unknown> }).query(conn, 'BEGIN IMMEDIATE;');
  }
}

export class SqliteImmediateClient extends Client_SQLite3 {
  transaction(container: unknown, config: unknown, outerTx: unknown) {
    return new ImmediateTransaction(this, container, config, outerTx);
  }
}

/**
 * PRAGMAs run on every new connection. `synchronous=FULL` so an acknowledged edit survives power
 * loss; a 64 MB page cache (the default is 2 MB) so a large import's index pages stay in memory
 * instead of spilling mid-transaction.
 */
export const SQLITE_PRAGMAS = [
  'PRAGMA journal_mode = WAL',
  'PRAGMA synchronous = FULL',
  'PRAGMA foreign_keys = ON',
  'PRAGMA busy_timeout = 5000',
  'PRAGMA cache_size = -65536',
];

/**
 * PRAGMAs of the read pool's connections: WAL is a property of the file (the write connection set
 * it); `query_only` makes a write sent to the wrong handle fail loudly instead of taking the lock.
 */
export const SQLITE_READ_PRAGMAS = ['PRAGMA query_only = ON', 'PRAGMA busy_timeout = 5000'];

export const sqliteDialect: Dialect = {
  name: 'sqlite',
  internalColumns: [],
  likeOperator: 'LIKE',
  reserveIds: sqliteReserveIds,
  openRowSink: sqliteRowSink,

  async prepare() {},

  // CAST truncates toward zero: the floor for the non-negative values it is given.
  floorInt: (expr) => `CAST(${expr} AS INTEGER)`,

  async afterBulkLoad(knex) {
    // AUTOINCREMENT follows explicit ids by itself; the planner wants fresh statistics.
    await knex.raw('ANALYZE');
  },

  async createSpatialIndex(knex, table) {
    const rt = `${table}_rtree`;
    await knex.raw(`CREATE VIRTUAL TABLE ${rt} USING rtree(id, minx, maxx, miny, maxy)`);
    // Triggers keep the index true whichever code path writes the row (since migration
    // 202611300001, for live rows only).
    await knex.raw(`CREATE TRIGGER ${rt}_ai AFTER INSERT ON ${table} WHEN NEW.minx IS NOT NULL BEGIN
      INSERT INTO ${rt} VALUES (NEW.id, NEW.minx, NEW.maxx, NEW.miny, NEW.maxy); END`);
    await knex.raw(`CREATE TRIGGER ${rt}_au AFTER UPDATE OF minx, miny, maxx, maxy ON ${table} BEGIN
      DELETE FROM ${rt} WHERE id = OLD.id;
      INSERT INTO ${rt} SELECT NEW.id, NEW.minx, NEW.maxx, NEW.miny, NEW.maxy WHERE NEW.minx IS NOT NULL; END`);
    await knex.raw(`CREATE TRIGGER ${rt}_ad AFTER DELETE ON ${table} BEGIN
      DELETE FROM ${rt} WHERE id = OLD.id; END`);
  },

  async dropSpatialIndex(knex, table) {
    const rt = `${table}_rtree`;
    for (const t of ['ai', 'au', 'ad']) await knex.raw(`DROP TRIGGER IF EXISTS ${rt}_${t}`);
    await knex.raw(`DROP TABLE IF EXISTS ${rt}`);
  },

  // node-sqlite3 makes each column of each row a JS value through N-API (~1 µs a value): 5,000
  // villages × 29 columns cost ~100 ms, one JSON text per row ~30 ms plus a fast JSON.parse.
  packRow(alias, columns) {
    const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
    const pairs = columns.map(({ name, json, placeholder }) => {
      const value = placeholder ? 'NULL' : json ? `json(${alias}.${q(name)})` : `${alias}.${q(name)}`;
      return `'${name.replace(/'/g, "''")}', ${value}`;
    });
    return `json_object(${pairs.join(', ')})`;
  },

  // The same JSON text, as a whole Feature: stored geometries are already GeoJSON text, so they are
  // copied as they are.
  featureText: {
    feature(alias, geometry, columns) {
      const pairs = columns.map(({ name, json }) => {
        const value = json ? this.jsonColumn(alias, name) : `${alias}.${quote(name)}`;
        return `'${name.replace(/'/g, "''")}', ${value}`;
      });
      const geom = geometry ? `coalesce(${alias}.${quote(geometry)}, 'null')` : `'null'`;
      return `'{"type":"Feature","id":' || ${alias}.id || ',"geometry":' || ${geom} || ',"properties":' || json_object(${pairs.join(', ')})`;
    },
    jsonColumn: (alias, name) => `json(coalesce(${alias}.${quote(name)}, '[]'))`,
    array: (values) => `json_array(${values.join(', ')})`,
    // The rows come from a subquery in id order, and SQLite aggregates them in the order they come:
    // an ORDER BY here would sort the texts again (9 ms for 3,600 villages). Tests pin the order.
    // As a blob, node-sqlite3 hands over the bytes as they are: a text would be decoded into a JS
    // string only to be encoded back for the response (5,000 villages: ~7 ms of ~25).
    aggregate: (text) => `CAST(group_concat(${text}, ',') AS BLOB)`,
    derivedPerRow: true,
    // 17 significant digits always read back as the same double; a text or blob in a loosely typed
    // column is no number.
    float: (sql) =>
      `CASE WHEN typeof(${sql}) IN ('real', 'integer') THEN char(3) || printf('%!.17g', ${sql}) || char(3) END`,
  },

  jsonObject(members) {
    const pairs = members.map(({ key, sql, kind }) => {
      const value =
        kind === 'json'
          ? `json(${sql})`
          : kind === 'boolean'
            ? `json(CASE WHEN ${sql} THEN 'true' ELSE 'false' END)`
            : sql;
      return `'${key.replace(/'/g, "''")}', ${value}`;
    });
    // Columns are typed loosely: an integer column may hold a real or a huge integer, which JSON
    // text and node's numbers would write differently. Such rows come back NULL.
    const exact = members
      .filter((m) => m.kind === 'integer')
      .map(
        ({ sql }) =>
          `(${sql} IS NULL OR (typeof(${sql}) = 'integer' AND ${sql} BETWEEN -9007199254740991 AND 9007199254740991))`,
      );
    const object = `json_object(${pairs.join(', ')})`;
    return exact.length ? `CASE WHEN ${exact.join(' AND ')} THEN ${object} END` : object;
  },

  jsonText: (sql) => `json(${sql})`,

  jsonArrayHasAny(expr, n) {
    const marks = Array.from({ length: n }, () => '?').join(', ');
    return `EXISTS (SELECT 1 FROM json_each(${expr}) AS e WHERE e.type = 'text' AND e.value IN (${marks}))`;
  },

  textOrder: '',

  async createChangeStamp(knex, table) {
    // SQLite triggers run per row; the stamp's row is one page, already in the cache.
    for (const [name, event] of [
      ['ai', 'INSERT'],
      ['au', 'UPDATE'],
      ['ad', 'DELETE'],
    ] as const)
      await knex.raw(`CREATE TRIGGER ${table}_stamp_${name} AFTER ${event} ON ${table} BEGIN
        UPDATE change_stamps SET stamp = stamp + 1 WHERE table_name = '${table}'; END`);
  },

  async dropChangeStamp(knex, table) {
    for (const name of ['ai', 'au', 'ad']) await knex.raw(`DROP TRIGGER IF EXISTS ${table}_stamp_${name}`);
  },

  // The R*Tree is the outer loop (whereBBox) and rows come out in id order.
  idOrderInBBox: (alias) => `${alias}.id`,

  whereIdIn(query, column, ids) {
    return query.whereRaw('?? IN (SELECT value FROM json_each(?))', [column, JSON.stringify(ids)]);
  },

  // The R*Tree count is cheap and runs on another of node-sqlite3's threads.
  countAlongside: true,

  async countInBBox(knex, table, bbox) {
    const [w, s, e, n] = bbox as [number, number, number, number];
    // The R*Tree holds live rows only (migration 202611300001). Its 32-bit bounds are rounded
    // outwards (< 2e-5° at 180°), so it may also find a row just outside an edge: a row found
    // within EDGE of an edge counts only if its own columns pass the exact test.
    // One pass over the index; a row is read only when its bounds lie that close to an edge.
    const [row] = (await knex.raw(
      `SELECT count(*) AS n FROM ${table}_rtree r WHERE minx <= ? AND maxx >= ? AND miny <= ? AND maxy >= ?
         AND (NOT (minx > ? OR maxx < ? OR miny > ? OR maxy < ?) OR EXISTS (SELECT 1 FROM ${table} t
           WHERE t.id = r.id AND t.minx <= ? AND t.maxx >= ? AND t.miny <= ? AND t.maxy >= ?))`,
      [e, w, n, s, e - EDGE, w + EDGE, n - EDGE, s + EDGE, e, w, n, s],
    )) as { n: number }[];
    return Number(row?.n ?? 0);
  },

  whereBBox(query, table, alias, [w, s, e, n]) {
    // The R*Tree must be the outer loop or the planner may scan the table instead; it stores
    // 32-bit floats, so the exact comparison on the row's own columns follows.
    return query
      .whereIn(`${alias}.id`, function (this: Knex.QueryBuilder) {
        this.select('id')
          .from(`${table}_rtree`)
          .where('minx', '<=', e!)
          .andWhere('maxx', '>=', w!)
          .andWhere('miny', '<=', n!)
          .andWhere('maxy', '>=', s!);
      })
      .andWhere(`${alias}.minx`, '<=', e!)
      .andWhere(`${alias}.maxx`, '>=', w!)
      .andWhere(`${alias}.miny`, '<=', n!)
      .andWhere(`${alias}.maxy`, '>=', s!);
  },
};
