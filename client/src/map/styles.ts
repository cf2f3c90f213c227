/**
 * Colours and path styles of the map's layers. Pure data (no Leaflet), so the legend, the
 * village panel and the tests share the same source as the drawing.
 */
import { INCOME_BANDS, type IncomeBand } from '../../../common/enums.ts';

/** i18n key suffix of each band (`band.<key>`); `unknown` for villages without an income. */
export type BandKey = 'shell' | 'weak' | 'ordinary' | 'strong' | 'unknown';

/** Red → green (ColorBrewer RdYlGn, 4 classes): weak villages stand out on the light background. */
export const BAND_COLORS: Readonly<Record<IncomeBand, string>> = {
  空壳村: '#d7191c',
  薄弱村: '#fdae61',
  一般村: '#a6d96a',
  强村: '#1a9641',
};
export const UNKNOWN_BAND_COLOR = '#9e9e9e';

const BAND_KEYS: Readonly<Record<IncomeBand, BandKey>> = {
  空壳村: 'shell',
  薄弱村: 'weak',
  一般村: 'ordinary',
  强村: 'strong',
};

function isIncomeBand(band: unknown): band is IncomeBand {
  return typeof band === 'string' && (INCOME_BANDS as readonly string[]).includes(band);
}

/**
 * The fill colour of a village by its income band.
 * @param band `properties.income_band`; null, undefined or an unknown word gives grey
 * @example bandColor('强村') // '#1a9641'
 */
export function bandColor(band: string | null | undefined): string {
  return isIncomeBand(band) ? BAND_COLORS[band] : UNKNOWN_BAND_COLOR;
}

/** The i18n key of a band (`unknown` for anything that is not one of the four bands). */
export function bandKey(band: string | null | undefined): BandKey {
  return isIncomeBand(band) ? BAND_KEYS[band] : 'unknown';
}

/** The legend's rows, in band order, ending with "unknown". */
export const LEGEND_ENTRIES: readonly { band: IncomeBand | null; key: BandKey; color: string }[] = [
  ...INCOME_BANDS.map((band) => ({ band, key: BAND_KEYS[band], color: BAND_COLORS[band] })),
  { band: null, key: 'unknown', color: UNKNOWN_BAND_COLOR },
];

/**
 * Black or white, whichever reads better on `hex` (WCAG relative luminance).
 * @example textColorOn('#d7191c') // '#ffffff'
 */
export function textColorOn(hex: string): '#1f2421' | '#ffffff' {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return '#1f2421';
  const lin = (h: string) => {
    const c = parseInt(h, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * lin(m[1]!) + 0.7152 * lin(m[2]!) + 0.0722 * lin(m[3]!);
  // Contrast with white is 1.05/(l+0.05); with near-black ≈ (l+0.05)/0.065. Pick the larger.
  return 1.05 / (l + 0.05) > (l + 0.05) / 0.065 ? '#ffffff' : '#1f2421';
}

/** Background of the map where no tiles are drawn (offline or no base map configured). */
export const MAP_BACKGROUND = '#eef2ea';

/** Village point radius in pixels, normal and selected. */
export const POINT_RADIUS = 6;
export const SELECTED_POINT_RADIUS = 9;

/** Village boundaries are drawn from this zoom on (below it they would be a blur). */
export const BOUNDARY_MIN_ZOOM = 12;
/**
 * Below this zoom a view may hold a province's villages: the map asks for counted clusters first
 * and lists the villages only when there are few enough (`cluster_above` in /api/config).
 */
export const CLUSTER_MAX_ZOOM = 11;
/** `cluster_above` until /api/config has answered. */
export const DEFAULT_CLUSTER_ABOVE = 2000;

export const TOWNSHIP_STYLE = { color: '#5a4a3a', weight: 2, opacity: 0.8, dashArray: '6 4', fill: false } as const;
export const POINT_STYLE = { color: '#27302a', weight: 1, opacity: 0.9, fillOpacity: 0.95 } as const;
export const SELECTED_POINT_STYLE = { color: '#0b3d91', weight: 3, opacity: 1, fillOpacity: 1 } as const;
export const BOUNDARY_STYLE = { color: '#4d5a4f', weight: 1, opacity: 0.7, fillOpacity: 0.18 } as const;

/** How many villages fall in each band (for the legend). */
export function countByBand(bands: Iterable<string | null | undefined>): Record<BandKey, number> {
  const counts: Record<BandKey, number> = { shell: 0, weak: 0, ordinary: 0, strong: 0, unknown: 0 };
  for (const band of bands) counts[bandKey(band)]++;
  return counts;
}
