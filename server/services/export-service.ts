/**
 * Export (docs/io.md): a layer with its list filters, streamed page by page (keyset reads
 * through LayerService.pages, so phones are blanked as on every read) into one of the writers of
 * server/io. A secretary exports only their own village. Each export is recorded in the audit log,
 * before the download's last byte is sent. Villages as GeoJSON (point geometry) take a faster road
 * to the same bytes: server/services/village-export.ts.
 */
import type { Writable } from 'node:stream';
import { rewind } from '../../common/geometry-checks.ts';
import type { LayerName } from '../../common/schemas/layers.ts';
import { exportVillageRestriction, type SessionUser } from '../auth/policy.ts';
import { TARGET_VILLAGE_FLAGS } from '../../common/enums.ts';
import { addDays, TERM_ENDING_DAYS } from '../../common/secretary-state.ts';
import { CONTENT_TYPES, writerFor } from '../io/formats.ts';
import { featureText, type GeoJsonWriter } from '../io/geojson.ts';
import { roundGeometry } from '../io/geometry.ts';
import { exportFields, LAYER_ZH, type FieldDef } from '../io/labels.ts';
import { finish, SinkClosed } from '../io/sink.ts';
import type { ExportFeature, ExportFormat, FeatureWriter, WriterContext } from '../io/types.ts';
import type { AuditRepository } from '../repositories/audit-repository.ts';
import type { ListFilter } from '../repositories/feature-repository.ts';
import type { IoRepository } from '../repositories/io-repository.ts';
import type { VillageExportRepository } from '../repositories/village-export-repository.ts';
import type { Clock } from '../app.ts';
import type { Feature } from './features.ts';
import type { LayerService } from './layer-service.ts';
import type { SettingsService } from './settings-service.ts';
import { villageExportPages } from './village-export.ts';

export interface ExportServiceDeps {
  layers: LayerService;
  io: IoRepository;
  audit: AuditRepository;
  clock: Clock;
  /** The villages' GeoJSON export written by the database; without it, the general path exports them. */
  villages?: { repo: VillageExportRepository; settings: SettingsService };
}

export interface ExportRequest {
  layer: LayerName;
  format: ExportFormat;
  filter: Omit<ListFilter, 'limit' | 'offset'>;
  geom?: 'location' | 'boundary';
  params: Record<string, unknown>;
  ip: string | null;
}

/** A prepared export: its first page is read (so a bad filter fails before any byte is sent). */
export interface ExportJob {
  contentType: string;
  /** ASCII file name and its Chinese (UTF-8) form, for Content-Disposition. */
  filename: string;
  filenameUtf8: string;
  /** Streams the file into `sink` and ends it; resolves with the number of features. */
  run(sink: Writable): Promise<number>;
}

/** How tables carry each layer's geometry: lng/lat for points, WKT for other shapes. */
function geometryMode(layer: LayerName, geom?: string): WriterContext['geometry'] {
  if (layer === 'chains' || layer === 'assessments') return 'none';
  if (layer === 'villages') return geom === 'boundary' ? 'shape' : 'point';
  if (layer === 'stations' || layer === 'chain-nodes' || layer === 'secretaries') return 'point';
  if (layer === 'assets') return 'mixed';
  return 'shape';
}

/** One page of an export, written by `write`; resolves with the number of features it wrote. */
type Step = (writer: FeatureWriter) => Promise<number>;

const EXT: Record<ExportFormat, string> = { geojson: 'geojson', csv: 'csv', xlsx: 'xlsx', kml: 'kml', zip: 'zip' };

export class ExportService {
  constructor(private readonly deps: ExportServiceDeps) {}

  async prepare(user: SessionUser, req: ExportRequest): Promise<ExportJob> {
    const { layer, format } = req;
    const filter = await this.restrict(user, layer, req.filter);
    const fields = exportFields(layer);
    const steps = this.fast(req)
      ? await this.villageSteps(user, req, filter, fields)
      : this.steps(user, req, filter, fields);
    const first = await steps.next();
    const day = this.deps.clock.now().toISOString().slice(0, 10);
    const boundary = layer === 'villages' && req.geom === 'boundary';
    const stem = `${layer}${boundary ? '-boundary' : ''}`;
    return {
      contentType: CONTENT_TYPES[format],
      filename: `${stem}-${day}.${EXT[format]}`,
      filenameUtf8: `${LAYER_ZH[layer]}${boundary ? '村界' : ''}-${day}.${EXT[format]}`,
      run: async (sink) => {
        const ctx: WriterContext = {
          sink,
          fields,
          geometry: geometryMode(layer, req.geom),
          name: stem,
          title: LAYER_ZH[layer],
          now: this.deps.clock.now(),
        };
        const writer = writerFor(format, ctx);
        let rows = 0;
        let audited = false;
        const audit = (complete: boolean) => {
          audited = true;
          return this.audit(user, req, rows, complete, writer);
        };
        try {
          await writer.begin();
          for (let step = first; !step.done; step = await steps.next()) rows += await step.value(writer);
          await writer.end();
          // Recorded before the response ends: whoever has the whole file finds the export in the log.
          await audit(true);
          if (!sink.writableEnded) await finish(sink);
        } catch (e) {
          await writer.abort?.();
          await steps.return(undefined);
          if (!(e instanceof SinkClosed)) throw e;
        } finally {
          if (!audited) await audit(false);
        }
        return rows;
      },
    };
  }

  /** Whether the villages' fast GeoJSON path gives this export's bytes (point geometry, fields it can write). */
  private fast(req: ExportRequest): boolean {
    return (
      req.layer === 'villages' &&
      req.format === 'geojson' &&
      req.geom !== 'boundary' &&
      this.deps.villages?.repo.writable === true
    );
  }

  /** The general path: decorated features (LayerService.pages) turned into export rows by the writer. */
  private async *steps(
    user: SessionUser,
    req: ExportRequest,
    filter: ExportRequest['filter'],
    fields: FieldDef[],
  ): AsyncGenerator<Step> {
    for await (const features of this.deps.layers.pages(user, req.layer, filter, {
      geom: req.geom,
      params: req.params,
    })) {
      const page = await this.toExport(features, fields);
      yield async (writer) => {
        await writer.write(page);
        return page.length;
      };
    }
  }

  /** Villages as GeoJSON: pages of text the database wrote (the same bytes as {@link steps}). */
  private async villageSteps(
    user: SessionUser,
    req: ExportRequest,
    filter: ExportRequest['filter'],
    fields: FieldDef[],
  ): Promise<AsyncGenerator<Step>> {
    const { repo, settings } = this.deps.villages!;
    const today = this.deps.clock.now().toISOString().slice(0, 10);
    const pages = villageExportPages(repo, {
      filter: this.deps.layers.listFilter(req.layer, filter, { geom: req.geom, params: req.params }),
      context: { endingBy: addDays(today, TERM_ENDING_DAYS), targetFlags: TARGET_VILLAGE_FLAGS },
      thresholds: (await settings.all()).income_thresholds,
      general: async (ids) => {
        const out = new Map<number, string>();
        for (const step of await this.generalTexts(user, req, { ...filter, villageIds: ids }, fields))
          out.set(step.id, step.text);
        return out;
      },
    });
    return (async function* () {
      for await (const page of pages)
        yield async (writer: FeatureWriter) => {
          await (writer as GeoJsonWriter).writeText(page.text);
          return page.rows;
        };
    })();
  }

  /** The general path's GeoJSON text of the features `filter` matches. */
  private async generalTexts(
    user: SessionUser,
    req: ExportRequest,
    filter: ExportRequest['filter'],
    fields: FieldDef[],
  ): Promise<{ id: number; text: string }[]> {
    const out: { id: number; text: string }[] = [];
    for await (const features of this.deps.layers.pages(user, req.layer, filter, {
      geom: req.geom,
      params: req.params,
    }))
      for (const f of await this.toExport(features, fields)) out.push({ id: f.id, text: featureText(f, fields) });
    return out;
  }

  /** A secretary exports only their own village (ARCHITECTURE.md permission table). */
  private async restrict(
    user: SessionUser,
    layer: LayerName,
    filter: ExportRequest['filter'],
  ): Promise<ExportRequest['filter']> {
    const village = exportVillageRestriction(user);
    if (village == null) return filter;
    if (layer === 'townships') {
      const t = (await this.deps.io.villageTownships([village])).get(village);
      return { ...filter, townshipIds: [t ?? -1] };
    }
    return { ...filter, villageIds: [village] };
  }

  /** Features → export rows: the layer's columns, codes of what they point at, rounded RFC 7946 geometry. */
  private async toExport(features: Feature[], fields: FieldDef[]): Promise<ExportFeature[]> {
    const lookups = new Map<string, Map<number, { code: string | null; name: string }>>();
    for (const d of fields) {
      if (!d.lookup || lookups.has(`${d.lookup.table}/${d.lookup.via}`)) continue;
      if (features.every((f) => f.properties[d.key] !== undefined)) continue;
      const ids = [
        ...new Set(features.map((f) => f.properties[d.lookup!.via]).filter((v): v is number => typeof v === 'number')),
      ];
      lookups.set(`${d.lookup.table}/${d.lookup.via}`, await this.deps.io.codesAndNames(d.lookup.table, ids));
    }
    return features.map((f) => {
      const properties: Record<string, unknown> = {};
      for (const d of fields) {
        let v = d.key === 'id' ? f.id : f.properties[d.key];
        if (v === undefined && d.lookup) {
          const found = lookups.get(`${d.lookup.table}/${d.lookup.via}`)?.get(Number(f.properties[d.lookup.via]));
          v = found?.[d.lookup.column] ?? null;
        }
        if (v === undefined && d.kind === 'bool') v = false;
        properties[d.key] = v ?? null;
      }
      const g = f.geometry as { type: string; coordinates: unknown } | null;
      return { id: f.id, geometry: g ? roundGeometry(rewind(g)) : null, properties };
    });
  }

  private async audit(
    user: SessionUser,
    req: ExportRequest,
    rows: number,
    complete: boolean,
    writer: object,
  ): Promise<void> {
    const truncated =
      (writer as { truncated?: number; tooLong?: number }).truncated ?? (writer as { tooLong?: number }).tooLong;
    await this.deps.audit.append({
      at: this.deps.clock.now().toISOString(),
      user_id: user.id,
      username: user.username,
      action: 'export',
      ip: req.ip,
      details: {
        layer: req.layer,
        format: req.format,
        rows,
        complete,
        ...(truncated ? { values_cut: truncated } : {}),
        filter: Object.fromEntries(Object.entries(req.params).filter(([, v]) => typeof v === 'string')),
      },
    });
  }
}
