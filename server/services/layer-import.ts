/**
 * Bulk imports through the one write path (LayerService): every row validated with the layer's
 * create schema, its references checked and its scope authorised, then all rows written in ONE
 * transaction, a few hundred per statement — all or nothing.
 */
import type { LayerName } from '../../common/schemas/layers.ts';
import type { Scope, SessionUser } from '../auth/policy.ts';
import { HttpError } from '../http/errors.ts';
import type { Row, Tx } from '../repositories/feature-repository.ts';
import type { LookupRepository } from '../repositories/lookup-repository.ts';
import type { NewRevision } from '../repositories/revision-repository.ts';
import { changedFields } from './layers/changes.ts';
import { BEHAVIOURS } from './layers/behaviours.ts';
import {
  ImportRejected,
  type ImportItem,
  type ImportOptions,
  type ImportResult,
  type ImportRowResult,
  type RowError,
} from './layers/imports.ts';
import type { Snapshot } from './layers/types.ts';
import type { LayerServiceDeps } from './layer-service.ts';

/** Rows an import writes per step (one INSERT of rows, one of their revisions). */
const IMPORT_CHUNK = 500;

/** What an import borrows from LayerService, so both write the same columns and check the same rules. */
export interface WriteKit {
  deps: LayerServiceDeps;
  validated(layer: LayerName, body: unknown): Snapshot;
  checkReferences(layer: LayerName, s: Snapshot, tx?: Tx, lookups?: LookupRepository): Promise<void>;
  snapshotOf(layer: LayerName, row: Row, tx?: Tx): Promise<Snapshot>;
  columnsOf(layer: LayerName, s: Snapshot): Row;
  conflict(layer: LayerName, current: Row): HttpError;
  meta(user: SessionUser, version: number): Row;
}

/** Records a problem of a row (a module function: a closure per row costs more under tsx). */
function fail(errors: RowError[], row: number, path: string, message: string): void {
  errors.push({ row, path, message });
}

interface Write {
  out: ImportRowResult;
  current?: Row;
  before: Snapshot | null;
  next: Snapshot;
}

export class LayerImporter {
  constructor(private readonly k: WriteKit) {}

  /**
   * Writes many rows of one layer as one import, through the same steps as every write: each
   * row is validated with the layer's create schema (a row matched by its natural key merges
   * the file's properties over the stored ones, as PATCH does), its references checked and its
   * scope authorised. A dry run stops there. A real run writes every row in ONE transaction
   * (revisions with action `import` and the import's id) — all or nothing: any invalid row
   * throws ImportRejected and nothing is written.
   */
  async importMany(
    user: SessionUser,
    layer: LayerName,
    items: ImportItem[],
    opts: ImportOptions,
  ): Promise<ImportResult> {
    if (opts.dryRun) return (await this.planImport(user, layer, items, opts)).result;
    return this.k.deps.lookups.transaction(async (tx) => {
      const { result, writes } = await this.planImport(user, layer, items, opts, tx);
      if (result.errors.length) throw new ImportRejected(result);
      const importId = await opts.record(tx, { created: result.created, updated: result.updated });
      result.importId = importId;
      const at = this.k.deps.clock.now().toISOString();
      const rev = (id: number, version: number, before: Snapshot | null, after: Snapshot): NewRevision => ({
        import_id: importId,
        table_name: BEHAVIOURS[layer].spec.table,
        row_id: id,
        version,
        action: 'import',
        user_id: user.id,
        username: user.username,
        at,
        before,
        after,
      });
      await this.writeCreates(
        tx,
        user,
        layer,
        writes.filter((w) => w.out.action === 'create'),
        importId,
        at,
      );
      const revisions: NewRevision[] = [];
      for (const w of writes) {
        if (w.out.action !== 'update' || !w.current) continue;
        const id = Number(w.current.id);
        const version = Number(w.current.version) + 1;
        const ok = await this.k.deps.repos[layer].updateIfVersion(tx, id, version - 1, {
          ...this.k.columnsOf(layer, w.next),
          ...this.k.meta(user, version),
        });
        if (!ok) throw this.k.conflict(layer, w.current);
        await BEHAVIOURS[layer].afterWrite?.(tx, id, w.next, this.k.deps.lookups);
        revisions.push(rev(id, version, w.before, w.next));
      }
      await this.k.deps.revisions.appendMany(tx, revisions);
      return result;
    });
  }

  /**
   * New rows with ids reserved up front (ascending in file order), chunk by chunk through
   * statements prepared once: while the database writes one chunk, the next one's columns and
   * revisions are built, and each chunk's objects die young.
   */
  private async writeCreates(
    tx: Tx,
    user: SessionUser,
    layer: LayerName,
    creates: Write[],
    importId: number,
    at: string,
  ): Promise<void> {
    if (!creates.length) return;
    const b = BEHAVIOURS[layer];
    const repo = this.k.deps.repos[layer];
    const ids = await repo.reserveIds(tx, creates.length);
    const rows = await repo.openInsert(tx, {
      version: 1,
      created_at: at,
      created_by: user.username,
      updated_at: at,
      updated_by: user.username,
    });
    const revisions = await this.k.deps.revisions
      .openAppend(tx, {
        import_id: importId,
        table_name: b.spec.table,
        version: 1,
        action: 'import',
        user_id: user.id,
        username: user.username,
        at,
        before: null,
      })
      .catch(async (e: unknown) => {
        await rows.close();
        throw e;
      });
    let inflight: Promise<unknown> = Promise.resolve();
    try {
      for (let i = 0; i < creates.length; i += IMPORT_CHUNK) {
        const chunk = creates.slice(i, i + IMPORT_CHUNK);
        const chunkIds = ids.slice(i, i + IMPORT_CHUNK);
        const columns = chunk.map((w, j) => {
          w.out.id = chunkIds[j]!;
          return this.k.columnsOf(layer, w.next);
        });
        const revs = chunk.map((w, j) => ({ row_id: chunkIds[j]!, after: w.next }));
        await inflight;
        inflight = Promise.all([rows.write(chunkIds, columns), revisions.write(revs)]);
        // Awaited with the next chunk (or below); until then a failure must not count as unhandled.
        inflight.catch(() => undefined);
        if (b.afterWrite) {
          await inflight;
          for (const [j, w] of chunk.entries()) await b.afterWrite(tx, chunkIds[j]!, w.next, this.k.deps.lookups);
        }
      }
      await inflight;
    } finally {
      await inflight.catch(() => undefined);
      await Promise.all([rows.close(), revisions.close()]);
    }
  }

  private async planImport(user: SessionUser, layer: LayerName, items: ImportItem[], opts: ImportOptions, tx?: Tx) {
    const result: ImportResult = { rows: [], errors: [], created: 0, updated: 0, unchanged: 0, importId: null };
    const writes: Write[] = [];
    const keyColumn = items.find((i) => i.key)?.key?.column;
    const existing = new Map<string, Row[]>();
    if (keyColumn) {
      const values = [...new Set(items.flatMap((i) => (i.key ? [i.key.value] : [])))];
      for (const row of await this.k.deps.repos[layer].findBy(keyColumn, values, tx))
        existing.set(String(row[keyColumn]), [...(existing.get(String(row[keyColumn])) ?? []), row]);
    }
    // Every row's references and scope are looked up through one memo, filled up front from the
    // ids the file names (one query per 500 ids, not one per row).
    const lookups = this.k.deps.lookups.memo();
    for (const [key, table] of Object.entries(BEHAVIOURS[layer].spec.references)) {
      const ids = items.map((i) => i.properties[key]).filter((v): v is number => typeof v === 'number');
      await lookups.existing(table, ids, tx);
      if (table === 'villages') await lookups.villageTownships(ids, tx);
    }
    const firstRow = new Map<string, number>();
    for (const item of items) {
      const errors: RowError[] = [];
      let current: Row | undefined;
      let before: Snapshot | null = null;
      if (item.key) {
        const { column, value } = item.key;
        const matches = existing.get(value) ?? [];
        if (firstRow.has(value))
          fail(errors, item.row, `properties.${column}`, `${value} is also in row ${firstRow.get(value)!}`);
        else if (matches.length > 1)
          fail(errors, item.row, `properties.${column}`, `${matches.length} ${layer} have ${column} ${value}`);
        else current = matches[0];
        firstRow.set(value, firstRow.get(value) ?? item.row);
        if (current) before = await this.k.snapshotOf(layer, current, tx);
      }
      let next: Snapshot | null = null;
      if (!errors.length) {
        const body = before
          ? {
              geometry: item.geometry === undefined ? before.geometry : item.geometry,
              properties: { ...before.properties, ...item.properties },
            }
          : { ...(item.geometry === undefined ? {} : { geometry: item.geometry }), properties: item.properties };
        try {
          next = this.k.validated(layer, body);
          await this.k.checkReferences(layer, next, tx, lookups);
          const id = current ? Number(current.id) : undefined;
          const scopes: Scope[] = [];
          for (const s of before ? [before, next] : [next])
            scopes.push(await BEHAVIOURS[layer].scope(s, lookups, tx, id));
          const d = opts.authorize(scopes);
          if (!d.allowed) fail(errors, item.row, '', `Not allowed: ${d.reason ?? 'forbidden'}`);
        } catch (e) {
          if (!(e instanceof HttpError)) throw e;
          for (const x of e.details.length ? e.details : [{ path: '', message: e.message }])
            fail(errors, item.row, x.path, x.message);
        }
      }
      const changed = before && next ? changedFields(before, next) : [];
      const action = errors.length || !next ? 'invalid' : !before ? 'create' : changed.length ? 'update' : 'unchanged';
      const out: ImportRowResult = { row: item.row, action, id: current ? Number(current.id) : null, changed };
      result.rows.push(out);
      result.errors.push(...errors);
      if (action === 'create') result.created++;
      if (action === 'update') result.updated++;
      if (action === 'unchanged') result.unchanged++;
      if (next && (action === 'create' || action === 'update')) writes.push({ out, current, before, next });
    }
    return { result, writes };
  }
}
