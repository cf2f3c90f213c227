import { Router, type Request, type Response } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { LAYER_NAMES, type LayerName } from '../../common/schemas/layers.ts';
import type { AppDeps } from '../app.ts';
import { userOf } from '../http/auth.ts';
import { HttpError } from '../http/errors.ts';
import { listQuerySchema, parseQuery } from '../http/query.ts';
import { parseCrsParam } from '../io/crs.ts';
import { EXPORT_FORMATS } from '../io/formats.ts';
import { mb, MAX_UPLOAD_BYTES } from '../io/limits.ts';
import { encodingFromLabel } from '../io/text.ts';
import type { ExportFormat } from '../io/types.ts';
import { toListFilter } from './layers.ts';

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const importQuerySchema = z
  .object({
    layer: z.string().max(40),
    crs: z.string().max(40).optional(),
    dryRun: flag.optional(),
    swap: flag.optional(),
    encoding: z.enum(['auto', 'utf-8', 'utf8', 'gbk', 'gb18030', 'gb2312']).optional(),
  })
  .strict();

const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, parts: 12, fieldSize: 10_000, headerPairs: 50 },
  // Browsers send UTF-8 file names (村界.zip) without saying so.
  defParamCharset: 'utf8',
}).single('file');

/** Runs multer; its errors become the API's errors (413 names the limit). */
function receiveFile(req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) => {
    upload(req, res, (err: unknown) => {
      if (!err) return resolve();
      if (err instanceof multer.MulterError) {
        if (err.code === 'LIMIT_FILE_SIZE')
          return reject(new HttpError(413, 'payload_too_large', `The file is larger than ${mb(MAX_UPLOAD_BYTES)}`));
        return reject(
          new HttpError(400, 'validation_failed', `Send one file in the multipart field "file" (${err.message})`, [
            { path: err.field ?? 'file', message: err.message },
          ]),
        );
      }
      reject(new HttpError(400, 'validation_failed', 'The upload could not be read: send multipart/form-data'));
    });
  });
}

/** `attachment` with an ASCII name and the UTF-8 one (RFC 6266 / 5987). */
function disposition(ascii: string, utf8: string): string {
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(utf8)}`;
}

/** `POST /api/import` and `GET /api/export/{layer}.{format}` (docs/io.md). */
export function ioRouter({ services }: AppDeps): Router {
  const r = Router();

  r.post('/import', async (req, res) => {
    const user = userOf(res);
    const q = parseQuery(importQuerySchema, req.query);
    if (!LAYER_NAMES.includes(q.layer as LayerName))
      throw new HttpError(400, 'invalid_query', 'Invalid query parameters', [
        { path: 'layer', message: `no layer "${q.layer}"` },
      ]);
    const crs = parseCrsParam(q.crs ?? 'auto');
    if (!crs)
      throw new HttpError(400, 'invalid_query', 'Invalid query parameters', [
        { path: 'crs', message: 'expected auto, wgs84, cgcs2000, gcj02, bd09 or an EPSG code 4490, 4491–4554, 3857' },
      ]);
    const layer = q.layer as LayerName;
    // Refuse a role that may never import before receiving the file.
    services.imports.precheck(user, layer);
    await receiveFile(req, res);
    if (!req.file)
      throw new HttpError(400, 'validation_failed', 'Send the file as multipart/form-data in the field "file"', [
        { path: 'file', message: 'required' },
      ]);
    const report = await services.imports.run(user, {
      layer,
      crs,
      dryRun: q.dryRun ?? true,
      swap: q.swap ?? false,
      encoding: q.encoding && q.encoding !== 'auto' ? encodingFromLabel(q.encoding) : null,
      filename: req.file.originalname,
      bytes: req.file.buffer,
      ip: req.ip ?? null,
    });
    res.json(report);
  });

  r.get('/export/:file', async (req, res) => {
    const user = userOf(res);
    const m = /^([a-z-]+)\.([a-z]+)$/.exec(String(req.params.file));
    if (!m || !EXPORT_FORMATS.includes(m[2] as ExportFormat))
      throw new HttpError(400, 'invalid_query', 'Name the export as {layer}.{format}', [
        { path: 'file', message: `expected e.g. villages.geojson; formats: ${EXPORT_FORMATS.join(', ')}` },
      ]);
    if (!LAYER_NAMES.includes(m[1] as LayerName))
      throw new HttpError(404, 'not_found', `Nothing to export: there is no layer "${m[1]}"`);
    const q = parseQuery(listQuerySchema, req.query);
    const { limit: _l, offset: _o, ...filter } = toListFilter(q);
    const job = await services.exports.prepare(user, {
      layer: m[1] as LayerName,
      format: m[2] as ExportFormat,
      filter,
      geom: q.geom,
      params: req.query as Record<string, unknown>,
      ip: req.ip ?? null,
    });
    res
      .status(200)
      .set('Content-Type', job.contentType)
      .set('Content-Disposition', disposition(job.filename, job.filenameUtf8))
      .set('Cache-Control', 'no-store');
    try {
      await job.run(res);
    } catch (err) {
      // Headers are gone: all a client can be told is that the download broke off.
      res.destroy(err instanceof Error ? err : undefined);
      throw err;
    }
  });

  return r;
}
