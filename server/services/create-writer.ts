/**
 * The new rows of an import, written while the rest of the file is still being checked: each
 * chunk of valid new rows goes to the layer's row sink as soon as it is complete, and where the
 * sink lets the database write it meanwhile (PostgreSQL's COPY), the server stores one chunk
 * while node checks the next. Their revisions follow once the import is recorded. All of it in
 * the import's one transaction: a row found invalid later, or any failure, rolls it all back.
 */
import type { SessionUser } from '../auth/policy.ts';
import type { BulkInsert, FeatureRepository, Row, Tx } from '../repositories/feature-repository.ts';
import type { LookupRepository } from '../repositories/lookup-repository.ts';
import type { RevisionRepository } from '../repositories/revision-repository.ts';
import type { ImportRowResult } from './layers/imports.ts';
import type { LayerBehaviour, Snapshot } from './layers/types.ts';

/** Rows an import hands to a sink at once. */
export const IMPORT_CHUNK = 500;

/** One row an import writes (or, in a dry run, would write). */
export interface Write {
  out: ImportRowResult;
  current?: Row;
  before: Snapshot | null;
  next: Snapshot;
}

export interface CreateWriterDeps {
  tx: Tx;
  repo: FeatureRepository;
  revisions: RevisionRepository;
  behaviour: LayerBehaviour;
  lookups: LookupRepository;
  columnsOf(s: Snapshot): Row;
  user: SessionUser;
  /** The import's time: the rows' created/updated_at and their revisions' `at`. */
  at: string;
}

type Revisions = Awaited<ReturnType<RevisionRepository['openAppend']>>;

export class CreateWriter {
  private readonly waiting: Write[] = [];
  private readonly created: { w: Write; id: number }[] = [];
  private ids: number[] = [];
  private expected = 0;
  private rows?: BulkInsert;
  private revisions?: Revisions;

  constructor(private readonly d: CreateWriterDeps) {}

  /**
   * How many new rows the import will have if it succeeds (known once existing rows are matched):
   * their ids are reserved in one statement, when the first chunk is written.
   */
  expect(n: number): void {
    this.expected = n;
  }

  /** A new row, in file order; written with the next full chunk. */
  async add(w: Write): Promise<void> {
    this.waiting.push(w);
    if (this.waiting.length >= IMPORT_CHUNK) await this.writeWaiting();
  }

  /** Writes what is still waiting; resolves once every new row is stored. */
  async flush(): Promise<void> {
    await this.writeWaiting();
    await this.rows?.flush();
  }

  /** Writes every new row's revision under `importId` (after {@link flush}); resolves once they are stored. */
  async writeRevisions(importId: number): Promise<void> {
    if (!this.created.length) return;
    const { tx, revisions, behaviour, user, at } = this.d;
    this.revisions = await revisions.openAppend(tx, {
      import_id: importId,
      table_name: behaviour.spec.table,
      version: 1,
      action: 'import',
      user_id: user.id,
      username: user.username,
      at,
      before: null,
    });
    for (let i = 0; i < this.created.length; i += IMPORT_CHUNK)
      await this.revisions.write(
        this.created.slice(i, i + IMPORT_CHUNK).map(({ w, id }) => ({ row_id: id, after: w.next })),
      );
    await this.revisions.flush();
  }

  /** The failure of a write handed over earlier, if one failed (the cause of any later error). */
  async failure(): Promise<unknown> {
    for (const sink of [this.rows, this.revisions])
      try {
        await sink?.flush();
      } catch (e) {
        return e;
      }
    return undefined;
  }

  /** Releases the statements (also after a failure, which {@link failure} reports). */
  async close(): Promise<void> {
    await Promise.allSettled([this.rows?.close(), this.revisions?.close()]);
  }

  /** The waiting rows, with ids ascending in file order. */
  private async writeWaiting(): Promise<void> {
    if (!this.waiting.length) return;
    const chunk = this.waiting.splice(0);
    const { tx, repo, behaviour, lookups, user, at } = this.d;
    const first = this.created.length;
    if (this.ids.length < first + chunk.length) {
      // Once, in the usual case; more only if `expect` was short (the ids stay ascending).
      const n = Math.max(this.expected - this.ids.length, first + chunk.length - this.ids.length);
      this.ids = this.ids.concat(await repo.reserveIds(tx, n));
    }
    this.rows ??= await repo.openInsert(tx, {
      version: 1,
      created_at: at,
      created_by: user.username,
      updated_at: at,
      updated_by: user.username,
    });
    const ids = this.ids.slice(first, first + chunk.length);
    const columns = chunk.map((w, j) => {
      w.out.id = ids[j]!;
      this.created.push({ w, id: ids[j]! });
      return this.d.columnsOf(w.next);
    });
    await this.rows.write(ids, columns);
    if (behaviour.afterWrite) {
      await this.rows.flush();
      for (const [j, w] of chunk.entries()) await behaviour.afterWrite(tx, ids[j]!, w.next, lookups);
    }
  }
}
