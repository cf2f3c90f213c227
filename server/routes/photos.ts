import { Router, type Request, type Response } from 'express';
import multer from 'multer';
import type { AppDeps } from '../app.ts';
import { userOf } from '../http/auth.ts';
import { HttpError } from '../http/errors.ts';
import { requireIfMatch } from '../http/preconditions.ts';
import { parseId } from '../http/query.ts';
import { PHOTO_HASH } from '../services/photo-service.ts';

const kb = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`;

/** Runs multer for one photo in the field `photo`; its errors become the API's (413 names the limit). */
function receivePhoto(maxBytes: number) {
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: maxBytes, files: 1, fields: 5, parts: 6, fieldSize: 1000, headerPairs: 50 },
  }).single('photo');
  return (req: Request, res: Response): Promise<Buffer> =>
    new Promise((resolve, reject) => {
      upload(req, res, (err: unknown) => {
        if (err instanceof multer.MulterError && err.code === 'LIMIT_FILE_SIZE')
          return reject(new HttpError(413, 'payload_too_large', `The photo is larger than ${kb(maxBytes)}`));
        if (err)
          return reject(
            new HttpError(400, 'validation_failed', 'Send one image as multipart/form-data in the field "photo"', [
              { path: 'photo', message: err instanceof Error ? err.message : 'unreadable upload' },
            ]),
          );
        if (!req.file)
          return reject(
            new HttpError(400, 'validation_failed', 'Send one image as multipart/form-data in the field "photo"', [
              { path: 'photo', message: 'required' },
            ]),
          );
        resolve(req.file.buffer);
      });
    });
}

/** `POST/DELETE /api/assets/:id/photos…` and `GET /api/files/:hash` (docs/api.md "Photos"). */
export function photosRouter({ services }: AppDeps): Router {
  const r = Router();
  const photos = services.photos;
  const receive = receivePhoto(photos.limits.maxBytes);

  r.post('/assets/:id/photos', async (req, res) => {
    const user = userOf(res);
    const id = parseId(req.params.id, 'Asset');
    const ifMatch = requireIfMatch(req);
    const bytes = await receive(req, res);
    const f = await photos.attach(user, id, ifMatch, bytes);
    res
      .status(201)
      .set('ETag', `"${String(f.properties.version)}"`)
      .type('application/geo+json')
      .json(f);
  });

  r.delete('/assets/:id/photos/:hash', async (req, res) => {
    const user = userOf(res);
    const id = parseId(req.params.id, 'Asset');
    const ifMatch = requireIfMatch(req);
    const hash = String(req.params.hash);
    if (!PHOTO_HASH.test(hash)) throw new HttpError(404, 'not_found', 'Photo on this asset not found');
    const f = await photos.detach(user, id, ifMatch, hash);
    res
      .set('ETag', `"${String(f.properties.version)}"`)
      .type('application/geo+json')
      .json(f);
  });

  r.get('/files/:hash', async (req, res) => {
    const { row, path } = await photos.file(String(req.params.hash));
    // Content-addressed: the bytes behind a hash never change. Private: township data needs a login.
    res.set({
      'Content-Type': row.mime,
      'Cache-Control': 'private, max-age=31536000, immutable',
      ETag: `"${row.sha256}"`,
      'Content-Disposition': 'inline',
    });
    if (req.get('if-none-match') === `"${row.sha256}"`) {
      res.status(304).end();
      return;
    }
    await new Promise<void>((resolve, reject) => {
      res.sendFile(path, { etag: false, lastModified: false, cacheControl: false }, (err) => {
        if (!err) return resolve();
        if (res.headersSent) return reject(err);
        reject(new HttpError(404, 'not_found', 'File not found'));
      });
    });
  });

  return r;
}
