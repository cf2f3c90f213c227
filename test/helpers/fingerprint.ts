import type { Database } from '../../server/db/connection.ts';

const plans = new WeakMap<Database, string>();

/** One query counting every table's rows and summing `version` where a table has one. */
async function plan(db: Database): Promise<string> {
  let sql = plans.get(db);
  if (sql) return sql;
  const k = db.knex;
  const tables =
    db.dialect.name === 'sqlite'
      ? (
          (await k.raw(
            "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'knex_%'",
          )) as { name: string }[]
        ).map((r) => r.name)
      : (
          (
            await k.raw(
              'select table_name as name from information_schema.tables where table_schema = current_schema()',
            )
          ).rows as { name: string }[]
        )
          .map((r) => r.name)
          .filter((n) => !n.startsWith('knex_') && n !== 'spatial_ref_sys');
  const parts: string[] = [];
  for (const table of tables.sort()) {
    const version = (await k.schema.hasColumn(table, 'version')) ? 'coalesce(sum(version), 0)' : '0';
    parts.push(`select '${table}' as t, count(*) as n, ${version} as v from "${table}"`);
  }
  sql = parts.join(' union all ');
  plans.set(db, sql);
  return sql;
}

/**
 * Rows per table, and the sum of `version` where a table has one, for every table of the
 * database: equal before and after a request means it wrote nothing (no insert, no delete, no
 * versioned update).
 */
export async function dbFingerprint(db: Database): Promise<Record<string, number>> {
  const res = (await db.knex.raw(await plan(db))) as
    | { t: string; n: number | string; v: number | string }[]
    | { rows: { t: string; n: number | string; v: number | string }[] };
  const rows = Array.isArray(res) ? res : res.rows;
  const out: Record<string, number> = {};
  for (const r of rows) {
    out[r.t] = Number(r.n);
    if (Number(r.v)) out[`${r.t}.version`] = Number(r.v);
  }
  return out;
}
