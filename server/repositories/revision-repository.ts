import { insertReturningIds } from '../db/bulk-insert.ts';
import type { Database } from '../db/connection.ts';
import type { Tx } from './feature-repository.ts';

export interface RevisionRow {
  id: number;
  table_name: string;
  row_id: number;
  version: number;
  action: string;
  user_id: number | null;
  username: string | null;
  at: string;
  before: unknown;
  after: unknown;
  import_id: number | null;
}

export type NewRevision = Omit<RevisionRow, 'id' | 'import_id'> & { import_id?: number | null };

const parse = (v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as unknown) : null);

/** The append-only history of every write (ARCHITECTURE.md "Data"). */
export class RevisionRepository {
  constructor(private readonly db: Database) {}

  async append(tx: Tx, rev: NewRevision): Promise<void> {
    await tx('revisions').insert({
      ...rev,
      before: rev.before == null ? null : JSON.stringify(rev.before),
      after: rev.after == null ? null : JSON.stringify(rev.after),
    });
  }

  /** Appends many revisions, a few hundred per statement (imports). */
  async appendMany(tx: Tx, revs: readonly NewRevision[]): Promise<void> {
    await insertReturningIds(
      tx,
      'revisions',
      revs.map((rev) => ({
        table_name: rev.table_name,
        row_id: rev.row_id,
        version: rev.version,
        action: rev.action,
        user_id: rev.user_id,
        username: rev.username,
        at: rev.at,
        before: rev.before == null ? null : JSON.stringify(rev.before),
        after: rev.after == null ? null : JSON.stringify(rev.after),
        import_id: rev.import_id ?? null,
      })),
    );
  }

  /**
   * A writer of many revisions that share everything but their row and `after` state (an
   * import's creations), batch by batch through one prepared statement.
   */
  async openAppend(
    tx: Tx,
    common: Omit<NewRevision, 'row_id' | 'after'>,
  ): Promise<{
    write(revs: readonly { row_id: number; after: unknown }[]): Promise<void>;
    flush(): Promise<void>;
    close(): Promise<void>;
  }> {
    const sink = await this.db.dialect.openRowSink(tx, 'revisions', ['row_id', 'after'], {
      table_name: common.table_name,
      version: common.version,
      action: common.action,
      user_id: common.user_id,
      username: common.username,
      at: common.at,
      before: common.before == null ? null : JSON.stringify(common.before),
      import_id: common.import_id ?? null,
    });
    return {
      write: (revs) => sink.write(revs.map((r) => [r.row_id, r.after == null ? null : JSON.stringify(r.after)])),
      flush: () => sink.flush(),
      close: () => sink.close(),
    };
  }

  async list(table: string, rowId: number, limit = 200): Promise<RevisionRow[]> {
    const rows = (await this.db
      .read('revisions')
      .where({ table_name: table, row_id: rowId })
      .orderBy('id', 'desc')
      .limit(limit)) as Record<string, unknown>[];
    return rows.map((r) => ({ ...r, before: parse(r.before), after: parse(r.after) }) as RevisionRow);
  }

  /** Ids of live rows of `table` with no revision at all. */
  async rowsWithout(table: string): Promise<number[]> {
    const rows = (await this.db
      .knex(table)
      .select('id')
      .whereNull('deleted_at')
      .whereNotExists(
        this.db.knex('revisions').select(1).where('table_name', table).whereRaw(`revisions.row_id = ${table}.id`),
      )
      .orderBy('id')) as { id: number }[];
    return rows.map((r) => Number(r.id));
  }

  async get(id: number, tx?: Tx): Promise<RevisionRow | null> {
    const r = (await (tx ?? this.db.knex)('revisions').where({ id }).first()) as Record<string, unknown> | undefined;
    return r ? ({ ...r, before: parse(r.before), after: parse(r.after) } as RevisionRow) : null;
  }
}
