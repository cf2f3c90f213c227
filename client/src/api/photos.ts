/**
 * Asset photos (docs/api.md "Photos"). Uploads are sent now, never queued on the device: the
 * page says so when offline. Images are resized in the browser first (`lib/resize-image.ts`).
 */
import { failure, ApiError } from './http.ts';
import type { RecordFeature } from './records.ts';

/** The URL a stored photo is served from. */
export const photoUrl = (hash: string) => `/api/files/${encodeURIComponent(hash)}`;

async function send(method: string, url: string, version: number, body?: FormData): Promise<RecordFeature> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      body,
      headers: { Accept: 'application/json', 'If-Match': `"${version}"` },
      credentials: 'same-origin',
    });
  } catch (e) {
    throw new ApiError({ status: 0, code: 'network', message: e instanceof Error ? e.message : String(e) });
  }
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) throw failure(res.status, res.statusText, json);
  return json as RecordFeature;
}

/**
 * `POST /api/assets/:id/photos`: attaches one image (field `photo`).
 * @throws ApiError `unsupported_type` (400), `payload_too_large` (413), `too_many_photos` (409),
 *   `version_conflict` (412), `forbidden` (403)
 */
export function uploadPhoto(assetId: number, version: number, image: Blob, name = 'photo.jpg'): Promise<RecordFeature> {
  const form = new FormData();
  form.append('photo', image, name);
  return send('POST', `/api/assets/${encodeURIComponent(assetId)}/photos`, version, form);
}

/** `DELETE /api/assets/:id/photos/:hash`: removes a photo from the asset (a new version). */
export function removePhoto(assetId: number, version: number, hash: string): Promise<RecordFeature> {
  return send('DELETE', `/api/assets/${encodeURIComponent(assetId)}/photos/${encodeURIComponent(hash)}`, version);
}
