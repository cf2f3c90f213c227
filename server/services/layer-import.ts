/**
 * Bulk imports through the one write path (LayerService): every row validated with the layer's
 * create schema, its references checked and its scope authorised, all rows written in ONE
 * transaction, a few hundred at a time (new rows while later ones are still being checked:
 * create-writer.ts) — all or nothing.
 */
import type { LayerName } from '../../common/schemas/layers.ts';
import type { Scope, SessionUser } from '../auth/policy.ts';
import { HttpError } from '../http/errors.ts';
import type { Row, Tx } from '../repositories/feature-repository.ts';
import type { LookupRepository } from '../repositories/lookup-repository.ts';
import type { NewRevision } from '../repositories/revision-repository.ts';
import { CreateWriter, type Write } from './create-writer.ts';
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
      const at = this.k.deps.clock.now().toISOString();
      const creates = new CreateWriter({
        tx,
        repo: this.k.deps.repos[layer],
        revisions: this.k.deps.revisions,
        behaviour: BEHAVIOURS[layer],
        lookups: this.k.deps.lookups,
        columnsOf: (s) => this.k.columnsOf(layer, s),
        user,
        at,
      });
      try {
        const { result, writes } = await this.planImport(user, layer, items, opts, tx, creates);
        if (result.errors.length) throw new ImportRejected(result);
        await creates.flush();
        const importId = await opts.record(tx, { created: result.created, updated: result.updated });
        result.importId = importId;
        await creates.writeRevisions(importId);
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
          revisions.push({
            import_id: importId,
            table_name: BEHAVIOURS[layer].spec.table,
            row_id: id,
            version,
            action: 'import',
            user_id: user.id,
            username: user.username,
            at,
            before: w.before,
            after: w.next,
          });
        }
        await this.k.deps.revisions.appendMany(tx, revisions);
        return result;
      } catch (e) {
        // A write that failed earlier aborted the transaction: it, not what failed after, is the cause.
        if (e instanceof ImportRejected) throw e;
        throw (await creates.failure()) ?? e;
      } finally {
        await creates.close();
      }
    });
  }

  /**
   * Checks every row and decides what it does; `creates`, when given, receives the new rows as
   * they are found valid, until a row is not (the import is then rejected: nothing more is written).
   */
  private async planImport(
    user: SessionUser,
    layer: LayerName,
    items: ImportItem[],
    opts: ImportOptions,
    tx?: Tx,
    creates?: CreateWriter,
  ) {
    const result: ImportResult = { rows: [], errors: [], created: 0, updated: 0, unchanged: 0, importId: null };
    const writes: Write[] = [];
    const keyColumn = items.find((i) => i.key)?.key?.column;
    const existing = new Map<string, Row[]>();
    if (keyColumn) {
      const values = [...new Set(items.flatMap((i) => (i.key ? [i.key.value] : [])))];
      for (const row of await this.k.deps.repos[layer].findBy(keyColumn, values, tx))
        existing.set(String(row[keyColumn]), [...(existing.get(String(row[keyColumn])) ?? []), row]);
    }
    // If the import succeeds, the rows matching no stored row are its new rows.
    creates?.expect(items.filter((i) => !i.key || !existing.has(i.key.value)).length);
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
      if (next && (action === 'create' || action === 'update')) {
        const w: Write = { out, current, before, next };
        writes.push(w);
        if (creates && action === 'create' && !result.errors.length) await creates.add(w);
      }
    }
    return { result, writes };
  }
}
