/** The map view in the URL: `?c=lng,lat,zoom`, so a copied link reopens the same view. */

export interface MapView {
  /** `[lng, lat]` of the centre. */
  lngLat: [number, number];
  zoom: number;
}

/**
 * Parses the `c` query value; null for anything missing or out of range.
 * @example parseViewQuery('122.95,41.75,11') // { lngLat: [122.95, 41.75], zoom: 11 }
 */
export function parseViewQuery(value: unknown): MapView | null {
  if (typeof value !== 'string') return null;
  const parts = value.split(',');
  if (parts.length !== 3 || parts.some((p) => p.trim() === '')) return null;
  const [lng, lat, zoom] = parts.map(Number) as [number, number, number];
  if (![lng, lat, zoom].every(Number.isFinite)) return null;
  if (lng < -180 || lng > 180 || lat < -85 || lat > 85 || zoom < 0 || zoom > 22) return null;
  return { lngLat: [lng, lat], zoom };
}

/**
 * Formats a view for the `c` query value (5 decimals ≈ 1 m).
 * @example formatViewQuery({ lngLat: [122.951234567, 41.75], zoom: 11 }) // '122.95123,41.75000,11'
 */
export function formatViewQuery(view: MapView): string {
  const [lng, lat] = view.lngLat;
  return `${lng.toFixed(5)},${lat.toFixed(5)},${Math.round(view.zoom * 100) / 100}`;
}
