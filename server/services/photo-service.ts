import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from '../app.ts';
import type { SessionUser } from '../auth/policy.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { sniffImage } from '../io/image.ts';
import type { FileRepository, FileRow } from '../repositories/file-repository.ts';
import type { Feature } from './features.ts';
import type { LayerService } from './layer-service.ts';

export interface PhotoLimits {
  /** Directory of the stored files (`<sha256>.<ext>`). */
  dir: string;
  maxBytes: number;
  maxCount: number;
}

const EXT: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };
export const PHOTO_HASH = /^[0-9a-f]{64}$/;

/**
 * Photos of assets: images stored once by content hash (table `files` + a file on disk), listed in
 * the asset's `photos` property as their hashes. Attaching and detaching are ordinary asset writes
 * (the same permission, `If-Match` and revision as any edit), so history shows them and restore
 * brings an old list back. Files are never deleted: a revision may still name them.
 */
export class PhotoService {
  constructor(
    private readonly deps: { layers: LayerService; files: FileRepository; clock: Clock; limits: PhotoLimits },
  ) {}

  get limits(): PhotoLimits {
    return this.deps.limits;
  }

  private photosOf(asset: Feature): string[] {
    const p = asset.properties.photos;
    return Array.isArray(p) ? p.filter((x): x is string => typeof x === 'string') : [];
  }

  /**
   * Checks `bytes` (a JPEG, PNG or WebP by its magic bytes), stores it and appends it to the asset.
   * @returns the asset after the write (unchanged when it already had this photo)
   * @throws HttpError 400 `unsupported_type`, 403, 404, 409 `too_many_photos`, 412
   */
  async attach(user: SessionUser, assetId: number, ifMatch: number, bytes: Buffer): Promise<Feature> {
    const info = sniffImage(bytes);
    if (!info)
      throw new HttpError(400, 'unsupported_type', 'Only JPEG, PNG or WebP images can be attached as photos', [
        { path: 'photo', message: 'not a JPEG, PNG or WebP image' },
      ]);
    // An update that changes nothing runs the permission and version checks without writing, so a
    // refused user never gets a file stored.
    const asset = await this.deps.layers.update(user, 'assets', assetId, ifMatch, {});
    const photos = this.photosOf(asset);
    const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
    if (photos.includes(sha256)) return asset;
    if (photos.length >= this.deps.limits.maxCount)
      throw new HttpError(
        409,
        'too_many_photos',
        `An asset may have at most ${this.deps.limits.maxCount} photos: remove one first`,
        [{ path: 'photo', message: `at most ${this.deps.limits.maxCount} photos` }],
        { max_photos: this.deps.limits.maxCount },
      );
    await this.store(sha256, info.ext, bytes);
    await this.deps.files.insertIfAbsent({
      sha256,
      mime: info.mime,
      bytes: bytes.length,
      width: info.width,
      height: info.height,
      created_at: this.deps.clock.now().toISOString(),
      created_by: user.username,
    });
    return this.deps.layers.update(user, 'assets', assetId, ifMatch, { properties: { photos: [...photos, sha256] } });
  }

  /** Writes the file once, atomically (a temporary file renamed into place). */
  private async store(sha256: string, ext: string, bytes: Buffer): Promise<void> {
    const dir = this.deps.limits.dir;
    const target = path.join(dir, `${sha256}.${ext}`);
    try {
      await fs.access(target);
      return;
    } catch {
      // not there yet
    }
    await fs.mkdir(dir, { recursive: true });
    const tmp = path.join(dir, `.${sha256}.${process.pid}.${Date.now()}.tmp`);
    await fs.writeFile(tmp, bytes);
    await fs.rename(tmp, target);
  }

  /**
   * Removes a photo from the asset's list (the file stays: history may still show it).
   * @throws HttpError 403, 404 (no such asset, or the photo is not on it), 412
   */
  async detach(user: SessionUser, assetId: number, ifMatch: number, sha256: string): Promise<Feature> {
    const asset = await this.deps.layers.get(user, 'assets', assetId);
    const photos = this.photosOf(asset);
    if (!photos.includes(sha256)) throw notFound('Photo on this asset');
    return this.deps.layers.update(user, 'assets', assetId, ifMatch, {
      properties: { photos: photos.filter((p) => p !== sha256) },
    });
  }

  /** A stored file and where its bytes are. @throws HttpError 404 */
  async file(sha256: string): Promise<{ row: FileRow; path: string }> {
    const row = PHOTO_HASH.test(sha256) ? await this.deps.files.get(sha256) : null;
    if (!row) throw notFound('File');
    return { row, path: path.join(this.deps.limits.dir, `${sha256}.${EXT[row.mime] ?? 'bin'}`) };
  }
}
