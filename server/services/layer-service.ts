import { LAYER_SCHEMAS, type LayerName } from '../../common/schemas/layers.ts';
import type { Geometry } from '../../common/schemas/geometry.ts';
import { canSeePhone, canWrite, mayEverDo, type Scope, type SessionUser, type WriteAction } from '../auth/policy.ts';
import { HttpError, notFound } from '../http/errors.ts';
import type { FeatureRepository } from '../repositories/feature-repository.ts';
import { type ListFilter, type Row, type Tx } from '../repositories/feature-repository.ts';
import type { LookupRepository } from '../repositories/lookup-repository.ts';
import type { RevisionRepository, RevisionRow } from '../repositories/revision-repository.ts';
import type { Clock } from '../app.ts';
import { featureCollectionText } from './feature-text.ts';
import { rowToFeature, type Feature, type FeatureCollection } from './features.ts';
import { BEHAVIOURS } from './layers/behaviours.ts';
import { changedFields } from './layers/changes.ts';
import type { ImportItem, ImportOptions, ImportResult } from './layers/imports.ts';
import { LayerImporter } from './layer-import.ts';
import type { LayerBehaviour, ReadContext, Snapshot } from './layers/types.ts';

export { changedFields };
import type { SettingsService } from './settings-service.ts';
import { validationError } from './validation.ts';

/** How a list is asked for besides its filter. */
export interface ListOptions {
  geom?: 'location' | 'boundary';
  /** The raw query (the layer's own exact filters). */
  params?: Record<string, unknown>;
  /** Only these properties (the id and geometry always). */
  properties?: readonly string[];
}

export interface LayerServiceDeps {
  repos: Record<LayerName, FeatureRepository>;
  lookups: LookupRepository;
  revisions: RevisionRepository;
  settings: SettingsService;
  clock: Clock;
}

export interface RevisionView {
  id: number;
  version: number;
  action: string;
  user: string | null;
  at: string;
  changed: string[];
  before: Snapshot | null;
  after: Snapshot | null;
  /** The import that wrote this revision (action `import`), else null. */
  import_id: number | null;
}

/**
 * CRUD, optimistic locking, permissions and history for every layer. Per-layer differences live
 * in layers/behaviours.ts; this is the one write path, so every rule holds for every layer.
 */
export class LayerService {
  /** Bulk imports, through this service's own validation, checks and column mapping. */
  private readonly importer: LayerImporter;

  constructor(private readonly deps: LayerServiceDeps) {
    this.importer = new LayerImporter({
      deps,
      validated: (layer, body) => this.validated(layer, body),
      checkReferences: (layer, s, tx, lookups) => this.checkReferences(layer, s, tx, lookups),
      snapshotOf: (layer, row, tx) => this.snapshotOf(layer, row, tx),
      columnsOf: (layer, s) => this.columnsOf(layer, s),
      conflict: (layer, row) => this.conflict(layer, row),
      meta: (user, version) => this.meta(user, version),
    });
  }

  private b(layer: LayerName): LayerBehaviour {
    return BEHAVIOURS[layer];
  }

  private repo(layer: LayerName): FeatureRepository {
    return this.deps.repos[layer];
  }

  private async readContext(user: SessionUser, geom?: 'location' | 'boundary'): Promise<ReadContext> {
    return {
      user,
      settings: await this.deps.settings.all(),
      lookups: this.deps.lookups,
      today: this.deps.clock.now().toISOString().slice(0, 10),
      geom,
    };
  }

  /** Rows → Features with virtual keys, derived properties and display geometry. */
  private async toFeatures(layer: LayerName, rows: Row[], ctx: ReadContext): Promise<Feature[]> {
    const b = this.b(layer);
    const virtual = b.loadVirtual ? await b.loadVirtual(rows, this.deps.lookups) : null;
    const withVirtual = virtual ? rows.map((r) => ({ ...r, ...virtual.get(Number(r.id)) })) : rows;
    const features = withVirtual.map((r) => rowToFeature(b.spec, r));
    if (b.decorate) await b.decorate(features, withVirtual, ctx);
    return features;
  }

  /** The repository filter of a list or export: the layer's exact-match parameters become column filters. */
  listFilter<F extends Omit<ListFilter, 'limit' | 'offset'>>(
    layer: LayerName,
    filter: F,
    opts: Omit<ListOptions, 'properties'>,
  ): F {
    const b = this.b(layer);
    const where: Record<string, string | number | null> = { ...filter.where };
    for (const [param, column] of Object.entries(b.filters ?? {})) {
      const v = opts.params?.[param];
      if (v === undefined) continue;
      if (typeof v !== 'string' || v.length > 100)
        throw new HttpError(400, 'invalid_query', `Invalid ${param}`, [{ path: param, message: 'expected one value' }]);
      where[column] = /^\d+$/.test(v) && column.endsWith('_id') ? Number(v) : v;
    }
    return {
      ...filter,
      where,
      ...(layer === 'villages' && opts.geom === 'boundary' ? { notNull: 'boundary' } : {}),
    };
  }

  async list(
    user: SessionUser,
    layer: LayerName,
    filter: ListFilter,
    opts: ListOptions = {},
  ): Promise<FeatureCollection> {
    const only = await this.properties(layer, opts.properties);
    const { rows, total } = await this.repo(layer).list(this.listFilter(layer, filter, opts));
    const features = await this.toFeatures(layer, rows, await this.readContext(user, opts.geom));
    if (only)
      for (const f of features)
        f.properties = Object.fromEntries(Object.entries(f.properties).filter(([k]) => only.has(k)));
    return { type: 'FeatureCollection', features, total };
  }

  /**
   * The properties a list is asked for (all when undefined); 400 naming any the layer does not have
   * (its visible columns, derived properties and virtual keys).
   */
  private async properties(layer: LayerName, names?: readonly string[]): Promise<ReadonlySet<string> | undefined> {
    if (!names) return undefined;
    const b = this.b(layer);
    const known = new Set([
      ...(await this.repo(layer).visibleColumns()),
      ...(b.listExtras?.keys ?? []),
      ...(b.virtualKeys ?? []),
    ]);
    const unknown = names.filter((n) => !known.has(n));
    if (unknown.length)
      throw new HttpError(400, 'invalid_query', `Unknown properties of ${layer}: ${unknown.join(', ')}`, [
        { path: 'properties', message: `unknown: ${unknown.join(', ')}; known: ${[...known].sort().join(', ')}` },
      ]);
    return new Set(names);
  }

  /**
   * `list` as the JSON text (UTF-8) of its FeatureCollection, written without building objects where the
   * database can (see feature-text.ts); null where it cannot, and `list` answers.
   */
  async listText(
    user: SessionUser,
    layer: LayerName,
    filter: ListFilter,
    opts: ListOptions = {},
  ): Promise<Buffer | null> {
    const only = await this.properties(layer, opts.properties);
    const f = this.listFilter(layer, filter, opts);
    return featureCollectionText(this.repo(layer), this.b(layer), f, await this.readContext(user, opts.geom), only);
  }

  /**
   * Every feature matching a list's filters, page by page in id order (keyset reads, no count):
   * what a streamed export reads, so memory stays flat however large the layer. Features are
   * decorated as in `list` (phones blanked for those who may not see them).
   */
  async *pages(
    user: SessionUser,
    layer: LayerName,
    filter: Omit<ListFilter, 'limit' | 'offset'>,
    opts: Omit<ListOptions, 'properties'> = {},
    size = 500,
  ): AsyncGenerator<Feature[]> {
    const f = this.listFilter(layer, filter, opts);
    const ctx = await this.readContext(user, opts.geom);
    const read = (after: number) => this.repo(layer).page(f, after, size);
    let next: Promise<Row[]> | null = read(0);
    while (next) {
      const rows: Row[] = await next;
      if (!rows.length) return;
      // The next page is read (on SQLite's worker thread, or by PostgreSQL) while this one is
      // decorated and written: the two overlap instead of taking turns.
      next = rows.length < size ? null : read(Number(rows[rows.length - 1]!.id));
      // A page still being read when the consumer stops must not end as an unhandled rejection.
      next?.catch(() => undefined);
      yield await this.toFeatures(layer, rows, ctx);
    }
  }

  async get(
    user: SessionUser,
    layer: LayerName,
    id: number,
    opts: { geom?: 'location' | 'boundary' } = {},
  ): Promise<Feature> {
    const row = await this.repo(layer).get(id);
    if (!row) throw notFound(this.what(layer));
    const [f] = await this.toFeatures(layer, [row], await this.readContext(user, opts.geom));
    return f!;
  }

  private what(layer: LayerName): string {
    return LAYER_LABELS[layer];
  }

  /** The writable state of a row. */
  private async snapshotOf(layer: LayerName, row: Row, tx?: Tx): Promise<Snapshot> {
    const b = this.b(layer);
    const virtual = b.loadVirtual ? (await b.loadVirtual([row], this.deps.lookups, tx)).get(Number(row.id)) : undefined;
    const merged: Row = { ...row, ...virtual };
    const properties: Record<string, unknown> = {};
    for (const k of LAYER_SCHEMAS[layer].keys) {
      if (k === 'boundary') properties[k] = merged.boundary ? JSON.parse(String(merged.boundary)) : null;
      else properties[k] = merged[k] ?? null;
    }
    const gc = b.spec.geometryColumn;
    const geometry = gc && typeof merged[gc] === 'string' ? (JSON.parse(merged[gc]) as Geometry) : null;
    return { geometry, properties };
  }

  private columnsOf(layer: LayerName, s: Snapshot): Row {
    const b = this.b(layer);
    if (b.toColumns) return b.toColumns(s);
    const cols: Row = {};
    for (const [k, v] of Object.entries(s.properties)) if (!b.virtualKeys?.includes(k)) cols[k] = v;
    const gc = b.spec.geometryColumn;
    if (gc && s.geometry) {
      cols[gc] = JSON.stringify(s.geometry);
      if (b.spec.spatial) Object.assign(cols, bboxOf(s.geometry));
    }
    return cols;
  }

  /** Validates a full state with the create schema, fills defaults, normalises. */
  private validated(layer: LayerName, body: unknown): Snapshot {
    const parsed = LAYER_SCHEMAS[layer].create.safeParse(body);
    if (!parsed.success) throw validationError(parsed.error);
    const data = parsed.data as { geometry?: Geometry | null; properties: Record<string, unknown> };
    const properties: Record<string, unknown> = {};
    for (const k of LAYER_SCHEMAS[layer].keys) {
      const v = data.properties[k];
      properties[k] = v === undefined ? defaultFor(k) : v;
    }
    const s: Snapshot = { geometry: data.geometry ?? null, properties };
    return this.b(layer).prepare?.(s) ?? s;
  }

  private async checkReferences(
    layer: LayerName,
    s: Snapshot,
    tx?: Tx,
    lookups: LookupRepository = this.deps.lookups,
  ): Promise<void> {
    const details: { path: string; message: string }[] = [];
    for (const [key, table] of Object.entries(this.b(layer).spec.references)) {
      const v = s.properties[key];
      if (typeof v !== 'number') continue;
      if (!(await lookups.existing(table, [v], tx)).has(v))
        details.push({ path: `properties.${key}`, message: `${table} ${v} does not exist` });
    }
    if (layer === 'alliances') {
      const ids = (s.properties.member_village_ids as number[]) ?? [];
      const found = await lookups.existing('villages', ids, tx);
      ids.forEach((v, i) => {
        if (!found.has(v))
          details.push({ path: `properties.member_village_ids.${i}`, message: `villages ${v} does not exist` });
      });
      const chainIds = (s.properties.chain_ids as number[]) ?? [];
      const chains = await lookups.existing('chains', chainIds, tx);
      chainIds.forEach((v, i) => {
        if (!chains.has(v)) details.push({ path: `properties.chain_ids.${i}`, message: `chains ${v} does not exist` });
      });
    }
    if (layer === 'chain-links') {
      for (const key of ['from_node_id', 'to_node_id']) {
        const chain = await lookups.column<number>('chain_nodes', Number(s.properties[key]), 'chain_id', tx);
        if (chain != null && Number(chain) !== s.properties.chain_id)
          details.push({ path: `properties.${key}`, message: 'node belongs to another chain' });
      }
    }
    if (details.length)
      throw new HttpError(
        400,
        'validation_failed',
        'The request refers to records that do not exist or do not fit',
        details,
      );
  }

  private async authorize(
    user: SessionUser,
    layer: LayerName,
    action: WriteAction,
    states: { s: Snapshot; id?: number }[],
    ctx: { rowId?: number; changedKeys?: string[] } = {},
    tx?: Tx,
  ): Promise<void> {
    const scopes: Scope[] = [];
    for (const { s, id } of states) scopes.push(await this.b(layer).scope(s, this.deps.lookups, tx, id));
    const changed = ctx.changedKeys ?? [];
    const d = canWrite(user, layer, action, scopes, {
      rowId: ctx.rowId,
      changedKeys: changed.filter((k) => k !== 'geometry'),
      geometryChanged: changed.includes('geometry'),
    });
    if (!d.allowed) throw new HttpError(403, 'forbidden', `Not allowed: ${d.reason}`);
  }

  private meta(user: SessionUser, version: number): Row {
    const at = this.deps.clock.now().toISOString();
    return { version, updated_at: at, updated_by: user.username };
  }

  private async revision(
    tx: Tx,
    layer: LayerName,
    id: number,
    version: number,
    action: string,
    user: SessionUser,
    before: Snapshot | null,
    after: Snapshot | null,
    importId: number | null = null,
  ): Promise<void> {
    await this.deps.revisions.append(tx, {
      import_id: importId,
      table_name: this.b(layer).spec.table,
      row_id: id,
      version,
      action,
      user_id: user.id,
      username: user.username,
      at: this.deps.clock.now().toISOString(),
      before,
      after,
    });
  }

  /**
   * Refuses at once a role that may never do `action` on this layer, whatever the row (before
   * validating or looking anything up, so a refusal says nothing about the rows).
   */
  private precheck(user: SessionUser, layer: LayerName, action: WriteAction): void {
    if (!mayEverDo(user, layer, action))
      throw new HttpError(
        403,
        'forbidden',
        `Not allowed: ${user.role} may not ${action === 'update' ? 'edit' : action} ${layer}`,
      );
  }

  async create(user: SessionUser, layer: LayerName, body: unknown): Promise<Feature> {
    this.precheck(user, layer, 'create');
    const s = this.validated(layer, body);
    const id = await this.deps.lookups.transaction(async (tx) => {
      await this.checkReferences(layer, s, tx);
      await this.authorize(user, layer, 'create', [{ s }], {}, tx);
      const at = this.deps.clock.now().toISOString();
      const newId = await this.repo(layer).insert(tx, {
        ...this.columnsOf(layer, s),
        version: 1,
        created_at: at,
        created_by: user.username,
        updated_at: at,
        updated_by: user.username,
      });
      await this.b(layer).afterWrite?.(tx, newId, s, this.deps.lookups);
      await this.revision(tx, layer, newId, 1, 'create', user, null, s);
      return newId;
    });
    return this.get(user, layer, id);
  }

  private conflict(layer: LayerName, current: Row): HttpError {
    return new HttpError(
      412,
      'version_conflict',
      `This ${this.what(layer).toLowerCase()} was changed by someone else (now version ${String(current.version)})`,
      [],
      {
        current_version: Number(current.version),
      },
    );
  }

  async update(user: SessionUser, layer: LayerName, id: number, ifMatch: number, body: unknown): Promise<Feature> {
    this.precheck(user, layer, 'update');
    const parsed = LAYER_SCHEMAS[layer].update.safeParse(body);
    if (!parsed.success) throw validationError(parsed.error);
    const patch = parsed.data as { geometry?: Geometry; properties?: Record<string, unknown> };
    await this.deps.lookups.transaction(async (tx) => {
      const row = await this.repo(layer).get(id, { tx });
      if (!row) throw notFound(this.what(layer));
      const before = await this.snapshotOf(layer, row, tx);
      const next = this.validated(layer, {
        geometry: patch.geometry ?? before.geometry,
        properties: { ...before.properties, ...patch.properties },
      });
      const changed = changedFields(before, next);
      await this.checkReferences(layer, next, tx);
      await this.authorize(
        user,
        layer,
        'update',
        [
          { s: before, id },
          { s: next, id },
        ],
        { rowId: id, changedKeys: changed },
        tx,
      );
      if (Number(row.version) !== ifMatch) throw this.conflict(layer, row);
      if (!changed.length) return;
      const version = ifMatch + 1;
      const ok = await this.repo(layer).updateIfVersion(tx, id, ifMatch, {
        ...this.columnsOf(layer, next),
        ...this.meta(user, version),
      });
      if (!ok) throw this.conflict(layer, (await this.repo(layer).get(id, { tx })) ?? row);
      await this.b(layer).afterWrite?.(tx, id, next, this.deps.lookups);
      await this.revision(tx, layer, id, version, 'update', user, before, next);
    });
    return this.get(user, layer, id);
  }

  async remove(
    user: SessionUser,
    layer: LayerName,
    id: number,
    ifMatch: number,
  ): Promise<{ id: number; version: number; deleted_at: string }> {
    this.precheck(user, layer, 'delete');
    return this.deps.lookups.transaction(async (tx) => {
      const row = await this.repo(layer).get(id, { tx });
      if (!row) throw notFound(this.what(layer));
      const before = await this.snapshotOf(layer, row, tx);
      await this.authorize(user, layer, 'delete', [{ s: before, id }], { rowId: id }, tx);
      if (Number(row.version) !== ifMatch) throw this.conflict(layer, row);
      // Counted per table (links can point at a node from either end).
      const dependents: Record<string, number> = {};
      for (const [table, column] of this.b(layer).dependents ?? []) {
        const n = (await this.deps.lookups.columnMany(table, 'id', { [column]: id }, tx)).length;
        if (n) dependents[table] = (dependents[table] ?? 0) + n;
      }
      const blockers = Object.entries(dependents).map(([table, n]) => `${n} ${table.replace('_', ' ')}`);
      if (blockers.length)
        throw new HttpError(
          409,
          'has_dependents',
          `Still referenced by ${blockers.join(', ')}: delete or move them first`,
          Object.entries(dependents).map(([table, n]) => ({ path: table, message: String(n) })),
          { dependents },
        );
      const version = ifMatch + 1;
      const deleted_at = this.deps.clock.now().toISOString();
      const ok = await this.repo(layer).updateIfVersion(tx, id, ifMatch, { ...this.meta(user, version), deleted_at });
      if (!ok) throw this.conflict(layer, row);
      await this.revision(tx, layer, id, version, 'delete', user, before, null);
      return { id, version, deleted_at };
    });
  }

  /**
   * Writes many rows of one layer as one import (server/services/layer-import.ts): validated,
   * checked and authorised as every write, then written in ONE transaction — all or nothing.
   */
  importMany(user: SessionUser, layer: LayerName, items: ImportItem[], opts: ImportOptions): Promise<ImportResult> {
    return this.importer.importMany(user, layer, items, opts);
  }

  async history(user: SessionUser, layer: LayerName, id: number): Promise<RevisionView[]> {
    const row = await this.repo(layer).get(id, { includeDeleted: true });
    if (!row) throw notFound(this.what(layer));
    const revs = await this.deps.revisions.list(this.b(layer).spec.table, id);
    const hidePhone = layer === 'secretaries' && !canSeePhone(user, id);
    const mask = (s: Snapshot | null) => (s && hidePhone ? { ...s, properties: { ...s.properties, phone: null } } : s);
    return revs.map((r: RevisionRow) => {
      const before = r.before as Snapshot | null;
      const after = r.after as Snapshot | null;
      return {
        id: r.id,
        version: r.version,
        action: r.action,
        user: r.username,
        at: r.at,
        changed: changedFields(before, after),
        before: mask(before),
        after: mask(after),
        import_id: r.import_id ?? null,
      };
    });
  }

  /**
   * Appends a `create` revision for rows that have none (data loaded outside the API, such as
   * the sample county), so their first state can be restored after later edits.
   * @returns how many revisions were written
   */
  async recordBaseline(username: string): Promise<number> {
    let n = 0;
    const at = this.deps.clock.now().toISOString();
    for (const layer of Object.keys(BEHAVIOURS) as LayerName[]) {
      const table = this.b(layer).spec.table;
      const ids = await this.deps.revisions.rowsWithout(table);
      for (let i = 0; i < ids.length; i += 500) {
        await this.deps.lookups.transaction(async (tx) => {
          for (const row of await this.repo(layer).getMany(ids.slice(i, i + 500), tx)) {
            const after = await this.snapshotOf(layer, row, tx);
            await this.deps.revisions.append(tx, {
              table_name: table,
              row_id: Number(row.id),
              version: Number(row.version),
              action: 'create',
              user_id: null,
              username,
              at,
              before: null,
              after,
            });
            n++;
          }
        });
      }
    }
    return n;
  }

  /** Writes a chosen revision's state back as a new version; undeletes a deleted row. */
  async restore(
    user: SessionUser,
    layer: LayerName,
    id: number,
    revisionId: number,
    ifMatch: number | null,
  ): Promise<Feature> {
    // Like every write: a role that may never edit the layer is refused before anything is looked up.
    this.precheck(user, layer, 'restore');
    await this.deps.lookups.transaction(async (tx) => {
      const row = await this.repo(layer).get(id, { includeDeleted: true, tx });
      if (!row) throw notFound(this.what(layer));
      const rev = await this.deps.revisions.get(revisionId, tx);
      if (!rev || rev.table_name !== this.b(layer).spec.table || Number(rev.row_id) !== id)
        throw new HttpError(400, 'validation_failed', 'No such revision of this record', [
          { path: 'revision', message: `revision ${revisionId} is not a revision of ${layer} ${id}` },
        ]);
      const state = (rev.after ?? rev.before) as Snapshot | null;
      if (!state)
        throw new HttpError(400, 'validation_failed', 'That revision holds no state', [
          { path: 'revision', message: 'empty revision' },
        ]);
      if (ifMatch != null && Number(row.version) !== ifMatch) throw this.conflict(layer, row);
      let target: Snapshot;
      try {
        target = this.validated(layer, state);
      } catch (e) {
        if (e instanceof HttpError)
          throw new HttpError(409, 'revision_invalid', 'That revision no longer passes validation', e.details);
        throw e;
      }
      await this.checkReferences(layer, target, tx);
      const before = await this.snapshotOf(layer, row, tx);
      await this.authorize(
        user,
        layer,
        'restore',
        [
          { s: before, id },
          { s: target, id },
        ],
        { rowId: id, changedKeys: changedFields(before, target) },
        tx,
      );
      const version = Number(row.version) + 1;
      const ok = await this.repo(layer).updateIfVersion(tx, id, Number(row.version), {
        ...this.columnsOf(layer, target),
        ...this.meta(user, version),
        deleted_at: null,
      });
      if (!ok) throw this.conflict(layer, row);
      await this.b(layer).afterWrite?.(tx, id, target, this.deps.lookups);
      await this.revision(tx, layer, id, version, 'restore', user, row.deleted_at ? null : before, target);
    });
    return this.get(user, layer, id);
  }
}

function bboxOf(g: Geometry): Row {
  const xs: number[] = [];
  const ys: number[] = [];
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      xs.push(c[0]);
      ys.push(c[1] as number);
    } else if (Array.isArray(c)) c.forEach(walk);
  };
  walk(g.coordinates);
  return { minx: Math.min(...xs), miny: Math.min(...ys), maxx: Math.max(...xs), maxy: Math.max(...ys) };
}

/** Properties that default to [] rather than null when a create body leaves them out. */
const ARRAY_KEYS = new Set([
  'incomes',
  'flags',
  'honours',
  'photos',
  'functions',
  'member_village_ids',
  'partner_enterprises',
  'chain_ids',
]);

function defaultFor(key: string): unknown {
  return ARRAY_KEYS.has(key) ? [] : null;
}

export const LAYER_LABELS: Record<LayerName, string> = {
  townships: 'Township',
  villages: 'Village',
  assets: 'Asset',
  secretaries: 'Secretary',
  assessments: 'Assessment',
  stations: 'Station',
  chains: 'Chain',
  'chain-nodes': 'Chain node',
  'chain-links': 'Chain link',
  alliances: 'Alliance',
};
