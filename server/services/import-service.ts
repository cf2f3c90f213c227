/**
 * Import (docs/io.md): parse the file → decide its CRS and convert to WGS-84 → map columns to the
 * layer's properties → resolve codes to ids → validate, check permission and write through
 * LayerService.importMany, the one write path. A dry run reports; a real run is all or nothing.
 */
import type { Geometry } from '../../common/schemas/geometry.ts';
import { LAYER_SCHEMAS, type LayerName } from '../../common/schemas/layers.ts';
import { canImport, WRITE_RULES, type SessionUser } from '../auth/policy.ts';
import { HttpError } from '../http/errors.ts';
import { checkCoordinates } from '../io/crs-checks.ts';
import type { Crs } from '../io/crs.ts';
import { assertVertexBudget, chooseCrs, convertGeometry, firstPositions } from '../io/convert.ts';
import { readUpload } from '../io/formats.ts';
import { IoError, MAX_PREVIEW, MAX_REPORTED_ERRORS, MAX_REPORTED_WARNINGS } from '../io/limits.ts';
import { mapperFor } from '../io/mapping.ts';
import type { TextEncoding } from '../io/text.ts';
import type { IoWarning, ParsedFile, RawGeometry } from '../io/types.ts';
import type { AuditRepository } from '../repositories/audit-repository.ts';
import type { IoRepository } from '../repositories/io-repository.ts';
import type { Clock } from '../app.ts';
import { locationWarnings } from './import-checks.ts';
import { applyKeys, explain, IMPORT_LAYERS, IMPORTABLE, resolveReferences, type Pending } from './import-rows.ts';
import type { LayerService } from './layer-service.ts';
import { ImportRejected, type ImportItem, type ImportResult, type RowError } from './layers/imports.ts';

export { IMPORTABLE, IMPORT_LAYERS };

export interface ImportInput {
  layer: LayerName;
  crs: Crs | 'auto';
  dryRun: boolean;
  swap: boolean;
  encoding: TextEncoding | null;
  filename: string;
  bytes: Buffer;
  ip: string | null;
}

export interface ImportReport {
  layer: LayerName;
  format: string;
  filename: string;
  dry_run: boolean;
  encoding: string | null;
  source_crs: string;
  source_crs_name: string;
  source_crs_from: string;
  total: number;
  valid: number;
  invalid: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: RowError[];
  errors_total: number;
  warnings: IoWarning[];
  warnings_total: number;
  preview: { type: 'FeatureCollection'; features: unknown[] };
  preview_total: number;
  import_id: number | null;
}

export interface ImportServiceDeps {
  layers: LayerService;
  io: IoRepository;
  audit: AuditRepository;
  clock: Clock;
}

export class ImportService {
  constructor(private readonly deps: ImportServiceDeps) {}

  /** Refuses at once whoever may never import this layer (before the file is read). */
  precheck(user: SessionUser, layer: LayerName): void {
    if (!IMPORTABLE[layer])
      throw new HttpError(400, 'invalid_query', `${layer} cannot be imported`, [
        { path: 'layer', message: `expected one of ${IMPORT_LAYERS.join(', ')}` },
      ]);
    if (user.role === 'secretary') throw new HttpError(403, 'forbidden', 'Not allowed: secretaries may not import');
    // Townships are the frame everything else hangs on: only those who may edit them import them.
    if (WRITE_RULES[layer][user.role] === 'none' && layer === 'townships')
      throw new HttpError(403, 'forbidden', `Not allowed: ${user.role} may not import townships`);
  }

  async run(user: SessionUser, input: ImportInput): Promise<ImportReport> {
    this.precheck(user, input.layer);
    let parsed: ParsedFile;
    try {
      parsed = await readUpload(input.bytes, input.filename, { encoding: input.encoding });
      assertVertexBudget(parsed.rows.map((r) => r.geometry));
      if (!parsed.rows.length) throw new IoError(400, 'invalid_file', 'The file has no data rows');
    } catch (e) {
      if (e instanceof IoError) throw new HttpError(e.status, e.code, e.message);
      throw e;
    }
    try {
      const report = await this.plan(user, input, parsed);
      if (!input.dryRun) await this.audit(user, input, 'import', report);
      return report;
    } catch (e) {
      if (e instanceof HttpError && e.code === 'import_invalid')
        await this.audit(user, input, 'import_rejected', e.extra.report as ImportReport);
      throw e;
    }
  }

  private async plan(user: SessionUser, input: ImportInput, parsed: ParsedFile): Promise<ImportReport> {
    const { layer } = input;
    const raw = parsed.rows.map((r) => r.geometry);
    const points = firstPositions(raw, input.swap);
    let choice;
    try {
      choice = chooseCrs(parsed, input.crs, points);
    } catch (e) {
      if (e instanceof IoError) throw new HttpError(e.status, e.code, e.message);
      throw e;
    }
    const warnings: IoWarning[] = [...parsed.warnings, ...choice.warnings];
    if (choice.from !== 'detected') warnings.push(...checkCoordinates(points, choice.crs));
    const needsGeometry = LAYER_SCHEMAS[layer].geometry !== 'none';
    if (needsGeometry && parsed.rows.every((r) => !r.geometry && !r.issues?.length)) {
      const table = parsed.format === 'csv' || parsed.format === 'xlsx';
      const none = table
        ? 'The file has no coordinates: add lng and lat (经度, 纬度) columns, or a WKT column'
        : 'No row of the file has a geometry';
      // A table of figures by code (村情统计) may update records in place; only new rows need shapes.
      if (!IMPORTABLE[layer]?.key) throw new HttpError(400, 'invalid_file', none);
      warnings.push({
        code: 'no_geometry',
        message: `${none}: rows can only update existing ${layer}, which keep their place`,
      });
    }

    const mapper = mapperFor(layer);
    const pending: Pending[] = parsed.rows.map((r) => {
      const issues = [...(r.issues ?? [])];
      const m = mapper.map(r.properties);
      issues.push(...m.issues);
      let geometry: RawGeometry | null = null;
      if (r.geometry && needsGeometry) {
        const c = convertGeometry(r.geometry, choice.crs, input.swap);
        if (c.ok) geometry = c.geometry;
        else issues.push({ path: 'geometry', message: c.message });
      }
      const boundary = m.properties.boundary;
      if (layer === 'villages' && boundary && typeof boundary === 'object') {
        const c = convertGeometry(boundary as RawGeometry, choice.crs, input.swap);
        if (c.ok) m.properties.boundary = c.geometry;
        else issues.push({ path: 'properties.boundary', message: c.message });
      }
      const item: ImportItem = { row: r.row, properties: m.properties };
      // No geometry in the row: an update keeps the stored one; a new record will ask for one.
      if (needsGeometry && geometry) item.geometry = geometry as Geometry;
      return { row: r.row, geometry, item, refs: m.refs, issues };
    });
    if (mapper.unknown.size)
      warnings.push({
        code: 'unknown_columns',
        message: `Columns ignored (not fields of ${layer}): ${[...mapper.unknown].slice(0, 20).join(', ')}`,
      });
    if (mapper.duplicates.size)
      warnings.push({
        code: 'duplicate_columns',
        message: `Columns ignored (their field was already given by another column): ${[...mapper.duplicates].join(', ')}`,
      });

    await resolveReferences(this.deps.io, pending);
    await applyKeys(this.deps.io, layer, pending, warnings);

    const errors: RowError[] = pending.flatMap((p) => p.issues.map((i) => ({ row: p.row, ...i })));
    const bad = new Set(errors.map((e) => e.row));
    const ok = pending.filter((p) => !bad.has(p.row));
    let result: ImportResult;
    if (!input.dryRun && errors.length) result = emptyResult(pending);
    else
      try {
        result = await this.deps.layers.importMany(
          user,
          layer,
          ok.map((p) => p.item),
          {
            dryRun: input.dryRun,
            authorize: (scopes) => canImport(user, scopes),
            record: (tx, counts) =>
              this.deps.io.insertImport(tx, {
                layer,
                filename: input.filename,
                format: parsed.format,
                source_crs: choice.crs.id,
                user_id: user.id,
                at: this.deps.clock.now().toISOString(),
                ...counts,
              }),
          },
        );
      } catch (e) {
        if (!(e instanceof ImportRejected)) throw e;
        result = e.result;
      }
    errors.push(...result.errors.map((e) => explain(layer, e)));
    errors.sort((a, b) => a.row - b.row);
    warnings.push(...(await locationWarnings(this.deps.io, layer, pending, raw, choice.crs, input.swap)));

    const seen = new Set<string>();
    const unique = warnings.filter((w) => {
      const k = `${w.code}|${w.row ?? ''}|${w.message}`;
      return !seen.has(k) && seen.add(k) !== undefined;
    });
    const actions = new Map(result.rows.map((r) => [r.row, r]));
    const invalid = new Set(errors.map((e) => e.row));
    const withShape = pending.filter((p) => p.geometry || p.item.properties.boundary);
    const report: ImportReport = {
      layer,
      format: parsed.format,
      filename: input.filename,
      dry_run: input.dryRun,
      encoding: parsed.encoding,
      source_crs: choice.crs.id,
      source_crs_name: choice.crs.name,
      source_crs_from: choice.from,
      total: parsed.rows.length,
      valid: parsed.rows.length - invalid.size,
      invalid: invalid.size,
      created: result.created,
      updated: result.updated,
      unchanged: result.unchanged,
      errors: errors.slice(0, MAX_REPORTED_ERRORS),
      errors_total: errors.length,
      warnings: unique.slice(0, MAX_REPORTED_WARNINGS),
      warnings_total: unique.length,
      preview: {
        type: 'FeatureCollection',
        features: withShape.slice(0, MAX_PREVIEW).map((p) => {
          const a = actions.get(p.row);
          const { boundary, ...props } = p.item.properties;
          return {
            type: 'Feature',
            id: p.row,
            geometry: p.geometry ?? boundary,
            properties: {
              ...props,
              _row: p.row,
              _action: invalid.has(p.row) ? 'invalid' : (a?.action ?? 'invalid'),
              ...(a?.changed.length ? { _changed: a.changed } : {}),
            },
          };
        }),
      },
      preview_total: withShape.length,
      import_id: result.importId,
    };
    if (!input.dryRun && errors.length)
      throw new HttpError(
        422,
        'import_invalid',
        `${invalid.size} of ${parsed.rows.length} rows are invalid: nothing was imported`,
        errors.slice(0, 50).map((e) => ({ path: `row ${e.row}${e.path ? `: ${e.path}` : ''}`, message: e.message })),
        { report },
      );
    return report;
  }

  private async audit(user: SessionUser, input: ImportInput, action: string, r: ImportReport): Promise<void> {
    await this.deps.audit.append({
      at: this.deps.clock.now().toISOString(),
      user_id: user.id,
      username: user.username,
      action,
      ip: input.ip,
      details: {
        layer: input.layer,
        filename: input.filename.slice(0, 200),
        format: r.format,
        source_crs: r.source_crs,
        rows: r.total,
        invalid: r.invalid,
        created: r.created,
        updated: r.updated,
        unchanged: r.unchanged,
        import_id: r.import_id,
      },
    });
  }
}

function emptyResult(pending: Pending[]): ImportResult {
  return {
    rows: pending.map((p) => ({ row: p.row, action: 'invalid', id: null, changed: [] })),
    errors: [],
    created: 0,
    updated: 0,
    unchanged: 0,
    importId: null,
  };
}
