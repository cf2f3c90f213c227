import type { Knex } from 'knex';
import type { Dialect } from './dialect.ts';
import { postgresReserveIds, postgresRowSink } from './postgres-bulk.ts';

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * PostgreSQL + PostGIS. Each spatial table gets a stored, generated `bbox` geometry column
 * (the envelope of `minx..maxy`, the same bbox the SQLite R*Tree indexes) with a GiST index, so
 * no code path can write a row whose index entry disagrees with it, and `&&` against
 * `ST_MakeEnvelope` finds rows through the index. Floats are exact here (double precision),
 * unlike the R*Tree's 32-bit boxes, so no second filter is needed.
 */
export function postgresDialect(schema: string): Dialect {
  return {
    name: 'postgres',
    internalColumns: ['bbox'],
    likeOperator: 'ILIKE',
    reserveIds: postgresReserveIds,
    openRowSink: postgresRowSink,
    // CAST rounds on PostgreSQL: floor first.
    floorInt: (expr) => `CAST(floor(${expr}) AS integer)`,

    async prepare(knex) {
      const [installed] = (
        await knex.raw<{ rows: { n: string }[] }>("select count(*) as n from pg_extension where extname = 'postgis'")
      ).rows;
      if (Number(installed?.n) === 0) await knex.raw('CREATE EXTENSION IF NOT EXISTS postgis');
      if (schema !== 'public') await knex.raw('CREATE SCHEMA IF NOT EXISTS ??', [schema]);
    },

    async afterBulkLoad(knex, tables) {
      for (const t of tables) {
        await knex.raw(
          "SELECT setval(pg_get_serial_sequence(?, 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM ??), false)",
          [t, t],
        );
        await knex.raw('ANALYZE ??', [t]);
      }
    },

    async createSpatialIndex(knex, table) {
      await knex.raw(
        `ALTER TABLE ?? ADD COLUMN bbox geometry(Polygon, 4326)
         GENERATED ALWAYS AS (ST_MakeEnvelope(minx, miny, maxx, maxy, 4326)) STORED`,
        [table],
      );
      await knex.raw('CREATE INDEX ?? ON ?? USING gist (bbox)', [`${table}_bbox_gist`, table]);
    },

    async dropSpatialIndex(knex, table) {
      await knex.raw('DROP INDEX IF EXISTS ??', [`${table}_bbox_gist`]);
      await knex.raw('ALTER TABLE ?? DROP COLUMN IF EXISTS bbox', [table]);
    },

    jsonObject(members) {
      // json_build_object writes `"key" : value, …`: the text is put together instead.
      const parts = members.map(({ key, sql, kind }, i) => {
        const value =
          kind === 'text'
            ? `COALESCE(to_json(${sql})::text, 'null')`
            : kind === 'integer'
              ? `COALESCE((${sql})::text, 'null')`
              : kind === 'json'
                ? `(${sql})::json::text`
                : `CASE WHEN ${sql} THEN 'true' ELSE 'false' END`;
        const name = `${i ? ',' : '{'}${JSON.stringify(key)}:`.replace(/'/g, "''");
        return `'${name}' || ${value}`;
      });
      return `(${parts.join(' || ')} || '}')`;
    },

    jsonText: (sql) => `(${sql})::json::text`,

    jsonArrayHasAny(expr, n) {
      const marks = Array.from({ length: n }, () => '?').join(', ');
      return `jsonb_exists_any((${expr})::jsonb, ARRAY[${marks}]::text[])`;
    },

    textOrder: ' COLLATE "C"',

    async createChangeStamp(knex, table) {
      // Once per statement, not per row: a 100k-row import bumps the stamp once, not 100k times.
      await knex.raw(`CREATE OR REPLACE FUNCTION bump_change_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN UPDATE change_stamps SET stamp = stamp + 1 WHERE table_name = TG_TABLE_NAME; RETURN NULL; END $$`);
      await knex.raw(
        `CREATE TRIGGER ?? AFTER INSERT OR UPDATE OR DELETE ON ?? FOR EACH STATEMENT EXECUTE FUNCTION bump_change_stamp()`,
        [`${table}_stamp`, table],
      );
    },

    async dropChangeStamp(knex, table) {
      await knex.raw('DROP TRIGGER IF EXISTS ?? ON ??', [`${table}_stamp`, table]);
    },

    // json_build_object keeps the members' order and copies json values' text; it takes at most
    // 100 arguments, so 50 members.
    featureText: {
      feature(alias, geometry, columns) {
        if (columns.length > 50) return null;
        const pairs = columns.map(({ name, json }) => {
          const value = json ? this.jsonColumn(alias, name) : `${alias}.${quote(name)}`;
          return `'${name.replace(/'/g, "''")}', ${value}`;
        });
        const geom = geometry ? `coalesce(${alias}.${quote(geometry)}, 'null')` : `'null'`;
        return `'{"type":"Feature","id":' || ${alias}.id || ',"geometry":' || ${geom} || ',"properties":' || json_build_object(${pairs.join(', ')})::text`;
      },
      jsonColumn: (alias, name) => `coalesce(${alias}.${quote(name)}, '[]')::json`,
      array: (values) => `json_build_array(${values.join(', ')})::text`,
      aggregate: (text, order) => `string_agg(${text}, ',' ORDER BY ${order})`,
      // Whole villages: 254 ms p95 293 with six SubPlans a row, 175 / 202 with two lookups a list
      // (500k, 5,000 in view); a map's few properties (one SubPlan) are still written in SQL.
      derivedPerRow: false,
      // PostgreSQL writes a double's shortest exact form (extra_float_digits 1, its default).
      float: (sql) => `chr(3) || (${sql})::text || chr(3)`,
    },

    // Ordered by the bare id, the planner may walk the primary key and test every row against the
    // box when the window is dense (LIMIT 5,000 of 11,818: 591 ms) rather than sort what GiST finds
    // (21 ms); an expression cannot be read from the primary key.
    idOrderInBBox: (alias) => `${alias}.id + 0`,

    whereIdIn(query, column, ids) {
      return query.whereRaw('?? = ANY(?::bigint[])', [column, ids as number[]]);
    },

    // A query is a round trip and a backend's CPU, and most views hold less than a page: the
    // count waits until a page came back full.
    countAlongside: false,

    whereBBox(query, _table, alias, [w, s, e, n]) {
      return query.whereRaw('??.bbox && ST_MakeEnvelope(?, ?, ?, ?, 4326)', [alias, w!, s!, e!, n!]);
    },
  };
}

/** Knex connection settings for `DATABASE_URL`, with every query confined to `schema`. */
export function postgresConnection(url: string, schema: string): Knex.Config {
  return {
    client: 'pg',
    connection: url,
    searchPath: schema === 'public' ? ['public'] : [schema, 'public'],
    // Idle connections are closed so many short-lived processes (and test apps) do not pile up.
    pool: { min: 0, max: 10, idleTimeoutMillis: 10_000 },
  };
}
