import * as L from 'leaflet';
import type { TownshipCollection } from '../api/townships.ts';
import { PANES } from './create-map.ts';
import { labelPoint } from './label-point.ts';
import { TOWNSHIP_STYLE } from './styles.ts';

/** Township names are drawn from this zoom on. */
export const TOWNSHIP_LABEL_MIN_ZOOM = 10;

/** Township outlines (dashed, not clickable) and their names. */
export class TownshipLayer {
  private readonly outlines = L.layerGroup();
  private readonly labels = L.layerGroup();
  private readonly renderer = L.canvas({ pane: PANES.townships, padding: 0.5 });
  private bounds: L.LatLngBounds | null = null;
  private readonly boundsById = new Map<number, L.LatLngBounds>();

  private visible = true;
  /** Names and shapes whose labels are placed the first time they show (placing is costly). */
  private pendingLabels: { name: string; geometry: Parameters<typeof labelPoint>[0] }[] = [];

  constructor(private readonly map: L.Map) {
    this.outlines.addTo(map);
    map.on('zoomend', () => this.updateLabels());
    this.updateLabels();
  }

  /** Names only from `TOWNSHIP_LABEL_MIN_ZOOM` on: a province's townships would bury the map in text. */
  private updateLabels(): void {
    const show = this.visible && this.map.getZoom() >= TOWNSHIP_LABEL_MIN_ZOOM;
    if (show && this.pendingLabels.length) {
      for (const { name, geometry } of this.pendingLabels) {
        const at = labelPoint(geometry);
        if (at) this.labels.addLayer(this.label(name, at));
      }
      this.pendingLabels = [];
    }
    if (show && !this.map.hasLayer(this.labels)) this.labels.addTo(this.map);
    else if (!show && this.map.hasLayer(this.labels)) this.labels.remove();
  }

  /** Replaces the drawn townships. */
  setData(fc: TownshipCollection | null): void {
    this.outlines.clearLayers();
    this.labels.clearLayers();
    this.pendingLabels = [];
    this.bounds = null;
    this.boundsById.clear();
    for (const f of fc?.features ?? []) {
      const g = f.geometry;
      if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) continue;
      const latLngs = L.GeoJSON.coordsToLatLngs(g.coordinates, g.type === 'Polygon' ? 1 : 2);
      const outline = L.polygon(latLngs, {
        ...TOWNSHIP_STYLE,
        dashArray: TOWNSHIP_STYLE.dashArray,
        renderer: this.renderer,
        pane: PANES.townships,
        interactive: false,
      });
      this.outlines.addLayer(outline);
      // A copy: getBounds() is the polygon's own object, which extend() would change.
      const own = L.latLngBounds(outline.getBounds().getSouthWest(), outline.getBounds().getNorthEast());
      this.bounds = this.bounds ? this.bounds.extend(own) : L.latLngBounds(own.getSouthWest(), own.getNorthEast());
      if (typeof f.id === 'number') this.boundsById.set(f.id, own);
      this.pendingLabels.push({ name: f.properties.name, geometry: g });
    }
    this.updateLabels();
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible && !this.map.hasLayer(this.outlines)) this.outlines.addTo(this.map);
    else if (!visible && this.map.hasLayer(this.outlines)) this.outlines.remove();
    this.updateLabels();
  }

  /** The extent of these townships (all when `ids` is empty or none of them is drawn), or null when there are none. */
  getBounds(ids: readonly number[] = []): L.LatLngBounds | null {
    let out: L.LatLngBounds | null = null;
    for (const id of ids) {
      const b = this.boundsById.get(id);
      if (b) out = out ? out.extend(b) : L.latLngBounds(b.getSouthWest(), b.getNorthEast());
    }
    return out ?? this.bounds;
  }

  private label(name: string, lngLat: [number, number]): L.Marker {
    const span = document.createElement('span');
    span.textContent = name; // textContent: names come from user data
    return L.marker([lngLat[1], lngLat[0]], {
      icon: L.divIcon({ className: 'xt-township-label', html: span, iconSize: [0, 0] }),
      pane: PANES.labels,
      interactive: false,
      keyboard: false,
    });
  }
}
