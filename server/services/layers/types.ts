import type { Geometry } from '../../../common/schemas/geometry.ts';
import type { Settings } from '../../../common/schemas/settings.ts';
import type { SessionUser, Scope } from '../../auth/policy.ts';
import type { Dialect } from '../../db/dialects/dialect.ts';
import type { ExtrasSql, ListInput, Row, Tx } from '../../repositories/feature-repository.ts';
import type { LookupRepository } from '../../repositories/lookup-repository.ts';
import type { LayerSpec } from '../../repositories/layer-specs.ts';
import type { Feature } from '../features.ts';

/** The writable state of a row: what revisions store and restore writes back. */
export interface Snapshot {
  geometry: Geometry | null;
  properties: Record<string, unknown>;
}

export interface ReadContext {
  user: SessionUser;
  settings: Settings;
  lookups: LookupRepository;
  /** Today's date (`YYYY-MM-DD`, the app's clock), for states that depend on it. */
  today: string;
  /** Villages: which geometry to return. */
  geom?: 'location' | 'boundary';
}

/** What makes one layer different from the others; everything else is LayerService's. */
export interface LayerBehaviour {
  spec: LayerSpec;
  /** Properties that are not columns of the table (written by afterWrite). */
  virtualKeys?: readonly string[];
  /** Normalises a validated snapshot before it is stored (rewind, computed areas). */
  prepare?(s: Snapshot): Snapshot;
  /** Columns of the table for a snapshot (besides version/meta). */
  toColumns?(s: Snapshot): Row;
  /** Values of virtual keys for rows (e.g. alliance members). */
  loadVirtual?(rows: Row[], lookups: LookupRepository, tx?: Tx): Promise<Map<number, Row>>;
  afterWrite?(tx: Tx, id: number, s: Snapshot, lookups: LookupRepository): Promise<void>;
  /** Townships and villages the row touches, for the permission policy. */
  scope(s: Snapshot, lookups: LookupRepository, tx: Tx | undefined, id?: number): Promise<Scope>;
  /** Derived properties and display geometry on read. */
  decorate?(features: Feature[], rows: Row[], ctx: ReadContext): Promise<void>;
  /**
   * The derived properties of `decorate` as a function of a few columns, so that long lists can be
   * written as text the database builds (FeatureRepository.listText) rather than as objects. A
   * layer with `decorate` but without this is listed as objects.
   */
  listExtras?: ListExtras;
  /** Rows that depend on this one and block its deletion: [table, column]. */
  dependents?: readonly (readonly [string, string])[];
  /** Exact-match list filters: query parameter → column. */
  filters?: Readonly<Record<string, string>>;
}

/** See {@link LayerBehaviour.listExtras}. */
export interface ListExtras {
  /** The names of the properties `compute` adds, in order. */
  keys: readonly string[];
  /** What `compute` reads of each row besides its visible doubles, by name. */
  inputs: Readonly<Record<string, ListInput>>;
  /** The column whose GeoJSON is the Feature's geometry (the spec's when absent). */
  geometryColumn?(ctx: ReadContext): string | null;
  /** The properties to add to each row, in order. */
  compute(rows: Row[], ctx: ReadContext): Promise<Record<string, unknown>[]>;
  /**
   * The same properties written by the database, so that it writes a whole list as one text
   * (FeatureRepository.listJoined); lists are written with `compute` where this is absent.
   */
  sql?(ctx: ReadContext, dialect: Dialect): ExtrasSql;
}
