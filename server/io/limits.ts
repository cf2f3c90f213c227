/**
 * The limits of import (docs/io.md "Limits"). Every bad file ends in an IoError: a 4xx JSON
 * answer with a clear message, and nothing written.
 */

const MB = 1024 * 1024;

/** Largest upload accepted (the 413 names it): a province's villages as CSV with boundaries fit (100k ≈ 22 MB). */
export const MAX_UPLOAD_BYTES = 64 * MB;
/** Largest total a zip (Shapefile, KMZ, XLSX) may unpack to: a zip bomb stops here. */
export const MAX_UNPACKED_BYTES = 200 * MB;
/** Most entries a zip may hold. */
export const MAX_ZIP_ENTRIES = 2000;
/** Most data rows in one file: the largest province's villages (~45k) twice over. */
export const MAX_ROWS = 100_000;
/** Most vertices in one file (one geometry is capped by MAX_VERTICES in common/geometry-checks.ts). */
export const MAX_FILE_VERTICES = 2_000_000;
/** Features returned in a dry run's preview. */
export const MAX_PREVIEW = 2000;
/** Row errors and warnings listed in a report (the totals are always given). */
export const MAX_REPORTED_ERRORS = 1000;
export const MAX_REPORTED_WARNINGS = 500;

export const mb = (bytes: number): string => `${Math.round(bytes / MB)} MB`;

/** A file that cannot be read: its status is 400 (malformed) or 413 (over a limit). */
export class IoError extends Error {
  constructor(
    readonly status: 400 | 413,
    readonly code: 'invalid_file' | 'unsupported_format' | 'payload_too_large' | 'too_many_rows' | 'unsupported_crs',
    message: string,
  ) {
    super(message);
  }
}

export const invalidFile = (message: string): IoError => new IoError(400, 'invalid_file', message);
