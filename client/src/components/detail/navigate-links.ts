/**
 * One-tap navigation links for a located record: a `geo:` URI (Android and most phone map apps)
 * and a 高德 (Amap) marker link. Amap expects GCJ-02, so the stored WGS-84 position is converted
 * first (≈ 500–600 m around Shenyang; DOMAIN.md "Coordinates").
 */
import gcoord from 'gcoord';
import { coordsBBox } from '../../../../common/geo.ts';

/** `[lng, lat]` in degrees. */
export type LngLat = readonly [number, number];

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

/**
 * A `geo:` URI (RFC 5870) with a labelled query, which Android map apps open as a marker.
 * @example geoUri([122.939837, 41.788517], '羊草沟村') // 'geo:41.788517,122.939837?q=41.788517,122.939837(%E7%BE%8A…)'
 */
export function geoUri(lngLat: LngLat, name: string): string {
  const ll = `${round6(lngLat[1])},${round6(lngLat[0])}`;
  return `geo:${ll}?q=${ll}(${encodeURIComponent(name)})`;
}

/** A WGS-84 position in GCJ-02 (what 高德 and 腾讯 maps expect), rounded to 6 decimals. */
export function wgs84ToGcj02(lngLat: LngLat): [number, number] {
  const [lng, lat] = gcoord.transform([lngLat[0], lngLat[1]], gcoord.WGS84, gcoord.GCJ02) as [number, number];
  return [round6(lng), round6(lat)];
}

/**
 * The 高德 marker link of a WGS-84 position (converted to GCJ-02); opens the Amap app on phones
 * that have it, the Amap web page elsewhere.
 * @example amapUri([122.939837, 41.788517], '羊草沟村') // 'https://uri.amap.com/marker?position=122.9xx,41.79xx&name=…&src=xiangtu&coordinate=gaode'
 */
export function amapUri(lngLat: LngLat, name: string): string {
  const [lng, lat] = wgs84ToGcj02(lngLat);
  const q = new URLSearchParams({ position: `${lng},${lat}`, name, src: 'xiangtu', coordinate: 'gaode' });
  return `https://uri.amap.com/marker?${q.toString()}`;
}

/** A GeoJSON geometry as the API returns it (or null). */
export type AnyGeometry = { type: string; coordinates?: unknown } | null | undefined;

/**
 * The one position to navigate to for a geometry: a Point's position, else the centre of the
 * geometry's bbox (a field's outline, a chain link); null without coordinates.
 */
export function navigationPoint(geometry: AnyGeometry): [number, number] | null {
  if (!geometry || !Array.isArray(geometry.coordinates)) return null;
  const c = geometry.coordinates as unknown[];
  if (geometry.type === 'Point') return typeof c[0] === 'number' ? [c[0], c[1] as number] : null;
  const [w, s, e, n] = coordsBBox(c);
  return Number.isFinite(w) ? [round6((w + e) / 2), round6((s + n) / 2)] : null;
}
