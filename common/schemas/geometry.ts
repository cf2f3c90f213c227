import { z } from 'zod';

/** A WGS-84 position `[lng, lat]` (RFC 7946), range-checked. Elevation is allowed and ignored. */
export const position = z
  .array(z.number().finite())
  .min(2, 'a position needs [lng, lat]')
  .max(3, 'a position has at most [lng, lat, alt]')
  .refine((p) => p[0]! >= -180 && p[0]! <= 180, 'longitude must be within -180..180')
  .refine((p) => p[1]! >= -90 && p[1]! <= 90, 'latitude must be within -90..90');

export const pointGeometry = z.object({ type: z.literal('Point'), coordinates: position }).strict();
export const lineStringGeometry = z
  .object({ type: z.literal('LineString'), coordinates: z.array(position).min(2) })
  .strict();
const ring = z.array(position).min(4, 'a ring needs at least 4 positions');
export const polygonGeometry = z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) }).strict();
export const multiPolygonGeometry = z
  .object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1)).min(1) })
  .strict();
export const arealGeometry = z.discriminatedUnion('type', [polygonGeometry, multiPolygonGeometry]);
export const anyGeometry = z.discriminatedUnion('type', [
  pointGeometry,
  lineStringGeometry,
  polygonGeometry,
  multiPolygonGeometry,
]);

export type Position = z.infer<typeof position>;
export type PointGeometry = z.infer<typeof pointGeometry>;
export type PolygonGeometry = z.infer<typeof polygonGeometry>;
export type MultiPolygonGeometry = z.infer<typeof multiPolygonGeometry>;
export type ArealGeometry = z.infer<typeof arealGeometry>;
export type Geometry = z.infer<typeof anyGeometry>;

/** `[west, south, east, north]` in degrees. */
export type BBox = [number, number, number, number];
