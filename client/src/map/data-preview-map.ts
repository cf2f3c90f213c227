import * as L from 'leaflet';
import type { BBox, Geometry } from '../../../common/schemas/geometry.ts';
import type { BasemapConfig } from '../api/config.ts';
import type { PreviewCollection } from '../api/io.ts';
import type { TownshipEntry } from '../api/townships.ts';
import { addBasemap } from './basemap.ts';
import { viewBBox } from './map-bounds.ts';
import { DEFAULT_VIEW, createMap } from './create-map.ts';
import { TownshipLayer } from './township-layer.ts';

export interface DataPreviewEvents {
  basemapUnavailable(): void;
  /** A preview feature was clicked: its file row. */
  rowClick(row: number): void;
}

/** Read-only hook for end-to-end tests (`window.__xiangtuData`). */
export interface DataTestHook {
  /** Preview features drawn (valid and invalid). */
  previewCount(): number;
  /** Preview features drawn as invalid (red). */
  invalidCount(): number;
  /** The file rows of the drawn features. */
  rows(): number[];
}

declare global {
  interface Window {
    __xiangtuData?: DataTestHook;
  }
}

/** Colours of the preview: rows to import blue, rows with problems red. */
export const PREVIEW_COLORS = { valid: '#1f5fbf', invalid: '#c62828' } as const;

function validLngLat(c: unknown): boolean {
  return (
    Array.isArray(c) &&
    typeof c[0] === 'number' &&
    typeof c[1] === 'number' &&
    Math.abs(c[0]) <= 180 &&
    Math.abs(c[1]) <= 90
  );
}

/** True when every position of the geometry is a valid longitude/latitude (bad rows may hold anything). */
function drawable(g: Geometry): boolean {
  const walk = (c: unknown): boolean => (Array.isArray(c) && Array.isArray(c[0]) ? c.every(walk) : validLngLat(c));
  return 'coordinates' in g && walk(g.coordinates);
}

/**
 * The data page's map: township outlines for orientation and the import preview (points as
 * circles, lines and polygons as paths). Works without base map tiles.
 */
export class DataPreviewMap {
  private readonly map: L.Map;
  private readonly townships: TownshipLayer;
  private readonly preview = L.featureGroup();
  private readonly renderer = L.canvas({ padding: 0.5, tolerance: 4 });
  private removeBasemap: () => void = () => {};
  private drawn: { row: number; invalid: boolean }[] = [];
  private readonly hook: DataTestHook;
  private zoomControl: L.Control.Zoom | null = null;

  constructor(
    private readonly el: HTMLElement,
    private readonly events: DataPreviewEvents,
  ) {
    this.map = createMap(el, DEFAULT_VIEW);
    this.townships = new TownshipLayer(this.map);
    this.preview.addTo(this.map);
    this.hook = {
      previewCount: () => this.drawn.length,
      invalidCount: () => this.drawn.filter((d) => d.invalid).length,
      rows: () => this.drawn.map((d) => d.row),
    };
    window.__xiangtuData = this.hook;
  }

  setBasemap(config: BasemapConfig | null): void {
    this.removeBasemap();
    this.removeBasemap = config ? addBasemap(this.map, config, () => this.events.basemapUnavailable()) : () => {};
  }

  /** The townships (the index: extents, no boundaries); the outlines in view are fetched as needed. */
  setTownships(index: readonly TownshipEntry[] | null): void {
    this.townships.setData(index);
  }

  setZoomTitles(zoomInTitle: string, zoomOutTitle: string): void {
    this.zoomControl?.remove();
    this.zoomControl = L.control.zoom({ zoomInTitle, zoomOutTitle, position: 'topleft' }).addTo(this.map);
  }

  /**
   * Draws the preview (invalid rows red, on top) and marks the container with
   * `data-preview-drawn` (the count) for tests.
   */
  setPreview(fc: PreviewCollection | null): void {
    this.preview.clearLayers();
    this.drawn = [];
    const features = [...(fc?.features ?? [])].sort(
      (a, b) => Number(a.properties._action === 'invalid') - Number(b.properties._action === 'invalid'),
    );
    for (const f of features) {
      const g = f.geometry;
      if (!g || !drawable(g)) continue;
      const invalid = f.properties._action === 'invalid';
      const color = invalid ? PREVIEW_COLORS.invalid : PREVIEW_COLORS.valid;
      const row = f.properties._row;
      const layer = L.geoJSON(g, {
        pointToLayer: (_f, latlng) =>
          L.circleMarker(latlng, {
            renderer: this.renderer,
            radius: invalid ? 7 : 6,
            color: invalid ? '#7f0000' : '#0b2f66',
            weight: invalid ? 2 : 1,
            fillColor: color,
            fillOpacity: 0.9,
          }),
        // Points keep their circle style (GeoJSON's `style` would restyle circle markers too).
        style: (feat) =>
          feat?.geometry.type === 'Point' || feat?.geometry.type === 'MultiPoint'
            ? {}
            : { renderer: this.renderer, color, weight: 2, fillOpacity: 0.2 },
      });
      const name = typeof f.properties.name === 'string' ? f.properties.name : '';
      const tip = document.createElement('span');
      tip.textContent = `#${row}${name ? ` ${name}` : ''}`; // textContent: names come from the file
      layer.bindTooltip(tip, { direction: 'top' });
      layer.on('click', () => this.events.rowClick(row));
      this.preview.addLayer(layer);
      this.drawn.push({ row, invalid });
    }
    // Marked after the canvas has redrawn (two frames: the caller fits the view right after).
    const drawn = this.drawn;
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        if (drawn !== this.drawn) return;
        this.el.dataset.previewDrawn = String(drawn.length);
        this.el.dataset.previewInvalid = String(drawn.filter((d) => d.invalid).length);
      }),
    );
  }

  /** Fits the view to the preview; false when nothing is drawn. */
  fitPreview(): boolean {
    const b = this.preview.getBounds();
    if (!b.isValid()) return false;
    this.map.fitBounds(b, { padding: [32, 32], maxZoom: 15, animate: false });
    return true;
  }

  fitTownships(animate = true): boolean {
    const bounds = this.townships.getBounds();
    if (!bounds?.isValid()) return false;
    this.map.fitBounds(bounds, { padding: [16, 16], animate });
    return true;
  }

  /** The current view as `[west, south, east, north]` (for "only the current map view"). */
  bbox(): BBox {
    return viewBBox(this.map);
  }

  onMove(listener: () => void): void {
    this.map.on('moveend', listener);
  }

  invalidateSize(): void {
    this.map.invalidateSize();
  }

  destroy(): void {
    if (window.__xiangtuData === this.hook) delete window.__xiangtuData;
    this.removeBasemap();
    this.map.remove();
  }
}
