/** The shapes of a bulk import through LayerService.importMany (one transaction, all or nothing). */
import type { Geometry } from '../../../common/schemas/geometry.ts';
import type { Decision, Scope } from '../../auth/policy.ts';
import type { Tx } from '../../repositories/feature-repository.ts';

/** One row of an import, as the file gave it (see ImportService). */
export interface ImportItem {
  /** The row's number in the file (1-based data rows), for reports. */
  row: number;
  /** Undefined: the file gives no geometry (an update keeps the stored one). */
  geometry?: Geometry | null;
  /** Only the properties the file gives; an update keeps the others. */
  properties: Record<string, unknown>;
  /** The natural key: update the live row whose `column` is `value`, else create. */
  key?: { column: string; value: string };
}

export interface RowError {
  row: number;
  path: string;
  message: string;
}

export interface ImportRowResult {
  row: number;
  action: 'create' | 'update' | 'unchanged' | 'invalid';
  id: number | null;
  changed: string[];
}

export interface ImportResult {
  rows: ImportRowResult[];
  errors: RowError[];
  created: number;
  updated: number;
  unchanged: number;
  importId: number | null;
}

export interface ImportOptions {
  dryRun: boolean;
  /** The import permission for a row lying in `scopes` (before and after). */
  authorize(scopes: Scope[]): Decision;
  /** Records the import (its `imports` row) inside the write transaction; returns its id. */
  record(tx: Tx, counts: { created: number; updated: number }): Promise<number>;
}

/** A real import with invalid rows: nothing was written; the result says why. */
export class ImportRejected extends Error {
  constructor(readonly result: ImportResult) {
    super(`${result.errors.length} problems in the file`);
  }
}
