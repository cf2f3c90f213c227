import type * as L from 'leaflet';
import type { BBox } from '../../../common/schemas/geometry.ts';

/** Rounds degrees to 5 decimals (≈ 1 m): stable URLs and cache-friendly requests. */
export const round5 = (v: number): number => Math.round(v * 1e5) / 1e5;

/**
 * The visible area, grown by `pad` of its size on each side (0.25 prefetches around the view),
 * clamped to the world, as `[west, south, east, north]`.
 */
export function viewBBox(map: L.Map, pad = 0): BBox {
  const b = map.getBounds().pad(pad);
  return [
    round5(Math.max(-180, b.getWest())),
    round5(Math.max(-90, b.getSouth())),
    round5(Math.min(180, b.getEast())),
    round5(Math.min(90, b.getNorth())),
  ];
}
