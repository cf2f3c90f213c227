/** The import and export routes in the OpenAPI document (docs/io.md is the guide). */
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { LAYER_NAMES } from '../../common/schemas/layers.ts';
import { EXPORT_FORMATS } from '../io/formats.ts';
import { MAX_PREVIEW, MAX_ROWS, MAX_UNPACKED_BYTES, MAX_UPLOAD_BYTES, mb } from '../io/limits.ts';
import { IMPORT_LAYERS } from '../services/import-service.ts';
import { errors, json, SIGNED_IN } from './blocks.ts';
import { safeObject } from './safe.ts';

const rowError = z.object({
  row: z.number().int().meta({ description: 'Data row in the file, 1-based (a header line is not a row)' }),
  path: z.string().meta({ description: 'The field, as a zod path: `properties.name`, `geometry.coordinates.0`' }),
  message: z.string(),
});

const warning = z.object({
  code: z.string().meta({
    description:
      'e.g. `looks_swapped`, `looks_projected`, `looks_geographic`, `zone_mismatch`, `crs_detected`, `crs_override`, ' +
      '`crs_mismatch`, `outside_township`, `encoding`, `unknown_columns`, `no_natural_key`, `no_geometry`, `location_from_boundary`',
  }),
  message: z.string(),
  row: z.number().int().optional(),
  path: z.string().optional(),
});

export const importReportSchema = z
  .object({
    layer: z.enum(IMPORT_LAYERS as [string, ...string[]]),
    format: z.enum(['geojson', 'csv', 'xlsx', 'kml', 'kmz', 'shapefile']),
    filename: z.string(),
    dry_run: z.boolean(),
    encoding: z.string().nullable().meta({ description: 'How text was read (CSV, DBF): UTF-8 or GBK' }),
    source_crs: z
      .string()
      .meta({ description: '`EPSG:4326`, `EPSG:4490`, `GCJ-02`, `BD-09`, `EPSG:4491`–`EPSG:4554`, …' }),
    source_crs_name: z.string(),
    source_crs_from: z.enum(['user', 'prj', 'geojson-crs', 'detected', 'default']),
    total: z.number().int(),
    valid: z.number().int(),
    invalid: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    errors: z.array(rowError),
    errors_total: z.number().int(),
    warnings: z.array(warning),
    warnings_total: z.number().int(),
    preview: z.object({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()) }).meta({
      description:
        `The rows in WGS-84 (at most ${MAX_PREVIEW}), each with \`_row\`, \`_action\` ` +
        '(`create`, `update`, `unchanged`, `invalid`) and, for updates, `_changed`',
    }),
    preview_total: z.number().int(),
    import_id: z
      .number()
      .int()
      .nullable()
      .meta({ description: 'The import written (real runs); its revisions carry it' }),
  })
  .meta({ id: 'ImportReport' });

export function registerIo(reg: OpenAPIRegistry): void {
  reg.registerPath({
    method: 'post',
    path: '/api/import',
    operationId: 'importFile',
    tags: ['io'],
    summary: 'Import a file into a layer (dry run first)',
    description:
      `Multipart upload, field \`file\`: .geojson/.json, .csv, .xlsx, .kml, .kmz, or a .zip with a Shapefile ` +
      `(.shp, .dbf, .prj, .cpg). Layers: ${IMPORT_LAYERS.join(', ')}. Rows update the record with the same natural ` +
      'key (villages and townships by `code`, assets by `external_id`), else create one. Coordinates are converted ' +
      'to WGS-84 from the chosen or declared CRS.\n\n' +
      '`dryRun=true` (the default) validates everything and answers the report without writing. `dryRun=false` ' +
      'writes all rows in one transaction, or none: any invalid row answers 422 `import_invalid` with the same ' +
      'report in `error.report`.\n\n' +
      `Limits: ${mb(MAX_UPLOAD_BYTES)} per file (413), ${MAX_ROWS} rows, zips unpack to at most ${mb(MAX_UNPACKED_BYTES)}.\n\n` +
      'Permission: admins and planners anywhere; officials only rows in their townships; secretaries never. ' +
      'Townships: admins only.',
    request: {
      query: safeObject(
        {
          layer: z.enum(IMPORT_LAYERS as [string, ...string[]]).meta({ description: 'The layer to import into' }),
          crs: z
            .string()
            .optional()
            .meta({
              description:
                "The coordinates' system: `auto` (default: the .prj or GeoJSON `crs`, else WGS-84, or a Gauss-Krüger zone " +
                'named by the eastings), `wgs84`, `cgcs2000`, `gcj02`, `bd09`, or an EPSG code (`EPSG:4529`, 4491–4554, 3857)',
              example: 'EPSG:4529',
            }),
          dryRun: z.enum(['true', 'false']).optional().meta({ description: 'Default true: report only' }),
          swap: z.enum(['true', 'false']).optional().meta({ description: 'Exchange x and y (latitude given first)' }),
          encoding: z
            .enum(['auto', 'utf-8', 'gbk'])
            .optional()
            .meta({ description: 'Text encoding of CSV/DBF (default: detected; a .cpg wins for DBF)' }),
        },
        'import query',
      ),
      body: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: z.object({ file: z.string().meta({ format: 'binary', description: 'The file' }) }),
          },
        },
      },
    },
    responses: {
      200: {
        description: 'The report (dry run), or the import done',
        content: json(importReportSchema, 'import report'),
      },
      ...errors({
        400: ['invalid_file', 'unsupported_format', 'unsupported_crs', 'invalid_query', 'validation_failed'],
        ...SIGNED_IN,
        403: ['forbidden', 'cross_origin'],
        413: ['payload_too_large', 'too_many_rows'],
      }),
      422: {
        description:
          'Invalid rows: nothing was written. `error.report` is the full report; `error.details` the first errors',
        content: json(
          z.object({
            error: z.object({ code: z.literal('import_invalid'), message: z.string(), report: importReportSchema }),
          }),
          'import rejected',
        ),
      },
    },
  });

  reg.registerPath({
    method: 'get',
    path: '/api/export/{file}',
    operationId: 'exportLayer',
    tags: ['io'],
    summary: 'Export a layer as a file (streamed)',
    description:
      `\`{file}\` is \`{layer}.{format}\`: layers ${LAYER_NAMES.join(', ')}; formats ${EXPORT_FORMATS.join(', ')} ` +
      '(`zip` is a zipped Shapefile, one per geometry type, with .prj and .cpg). WGS-84, RFC 7946 rings, at most ' +
      '7 decimals. CSV is UTF-8 with a BOM, points as `lng`/`lat`, other shapes as `wkt`; XLSX has Chinese headers. ' +
      'The same filters as the layer list apply (no paging: every match). Phones are blanked as on read; a ' +
      'secretary gets only their own village. `Content-Disposition` names the file (also in UTF-8).',
    request: {
      params: safeObject(
        { file: z.string().meta({ description: '`{layer}.{format}`', example: 'villages.geojson' }) },
        'export params',
      ),
      query: safeObject(
        {
          bbox: z.string().optional().meta({ description: 'west,south,east,north in degrees' }),
          township: z.string().optional().meta({ description: 'Comma-separated township ids' }),
          village: z.string().optional().meta({ description: 'Comma-separated village ids' }),
          q: z.string().optional().meta({ description: 'Substring search, as on the list' }),
          geom: z
            .enum(['location', 'boundary'])
            .optional()
            .meta({ description: 'Villages: export locations (default) or boundaries' }),
        },
        'export query',
      ),
    },
    responses: {
      200: {
        description: 'The file',
        content: Object.fromEntries(
          [
            'application/geo+json',
            'text/csv',
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            'application/vnd.google-earth.kml+xml',
            'application/zip',
          ].map((t) => [t, { schema: { type: 'string' as const, format: 'binary' } }]),
        ),
      },
      ...errors({ 400: ['invalid_query'], ...SIGNED_IN, 404: ['not_found'] }),
    },
  });
}
