/** Asset photos and stored files in the OpenAPI document (docs/api.md "Photos" is the guide). */
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { BODY, CROSS_SITE, errors, ETAG_HEADER, GEOJSON, idParam, ifMatch, SIGNED_IN } from './blocks.ts';
import { describeWrite } from './permissions.ts';
import { safe, safeObject } from './safe.ts';
import { featureSchema } from './schemas.ts';

const hashParam = () =>
  z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .meta({ param: { description: "The SHA-256 of the file, in hex (as listed in an asset's `photos`)" } });

export function registerPhotos(reg: OpenAPIRegistry): void {
  const asset = { [GEOJSON]: { schema: safe(featureSchema('assets'), 'asset') } };
  reg.registerPath({
    method: 'post',
    path: '/api/assets/{id}/photos',
    operationId: 'attachAssetPhoto',
    tags: ['assets'],
    summary: 'Attach a photo to an asset',
    description:
      'Multipart upload, field `photo`: one JPEG, PNG or WebP image, recognised by its bytes (not its name or ' +
      'declared type). The size limit is `PHOTO_MAX_BYTES` (default 5 MB, 413 naming it) and an asset holds at ' +
      'most `PHOTO_MAX_COUNT` photos (default 6; 409 `too_many_photos` with `error.max_photos`). The file is ' +
      "stored once under its SHA-256 and the hash appended to the asset's `photos` as a new version (history and " +
      'restore cover it). The same image twice is not added twice. The client resizes to ≤ 1600 px first.\n\n' +
      `Permission, as editing the asset: ${describeWrite('assets', 'update')}.`,
    request: {
      params: idParam('Asset'),
      headers: ifMatch(true),
      body: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: z.object({ photo: z.string().meta({ format: 'binary', description: 'The image' }) }),
          },
        },
      },
    },
    responses: {
      201: { description: 'The asset with the photo listed', headers: ETAG_HEADER, content: asset },
      ...errors({
        400: ['unsupported_type', 'validation_failed', 'bad_if_match'],
        ...SIGNED_IN,
        403: ['forbidden', CROSS_SITE],
        404: ['not_found'],
        409: ['too_many_photos'],
        412: ['version_conflict'],
        413: BODY[413],
        428: ['precondition_required'],
      }),
    },
  });
  reg.registerPath({
    method: 'delete',
    path: '/api/assets/{id}/photos/{hash}',
    operationId: 'detachAssetPhoto',
    tags: ['assets'],
    summary: 'Remove a photo from an asset',
    description:
      "Removes the hash from the asset's `photos` as a new version. The stored file stays (a revision may " +
      `still show it). Permission, as editing the asset: ${describeWrite('assets', 'update')}.`,
    request: {
      params: safeObject({ id: z.number().int().min(1), hash: hashParam() }, 'photo params'),
      headers: ifMatch(true),
    },
    responses: {
      200: { description: 'The asset without the photo', headers: ETAG_HEADER, content: asset },
      ...errors({
        ...SIGNED_IN,
        400: ['bad_if_match'],
        403: ['forbidden', CROSS_SITE],
        404: ['not_found'],
        412: ['version_conflict'],
        428: ['precondition_required'],
      }),
    },
  });
  reg.registerPath({
    method: 'get',
    path: '/api/files/{hash}',
    operationId: 'getFile',
    tags: ['assets'],
    summary: 'A stored photo',
    description:
      'The bytes with their type (`image/jpeg`, `image/png`, `image/webp`) and `Cache-Control: private, ' +
      'max-age=31536000, immutable` (a hash never changes its content); `ETag` is the hash, so ' +
      '`If-None-Match` answers 304. Any signed-in user.',
    request: { params: safeObject({ hash: hashParam() }, 'file params') },
    responses: {
      200: {
        description: 'The image',
        content: {
          'image/jpeg': { schema: { type: 'string', format: 'binary' } },
          'image/png': { schema: { type: 'string', format: 'binary' } },
          'image/webp': { schema: { type: 'string', format: 'binary' } },
        },
      },
      304: { description: 'Not modified' },
      ...errors({ ...SIGNED_IN, 404: ['not_found'] }),
    },
  });
}
