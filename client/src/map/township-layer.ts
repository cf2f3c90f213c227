import * as L from 'leaflet';
import { coordsBBox } from '../../../common/geo.ts';
import type { TownshipCollection } from '../api/townships.ts';
import { PANES } from './create-map.ts';
import { labelPoint } from './label-point.ts';
import { TOWNSHIP_STYLE } from './styles.ts';

/** Township names are drawn from this zoom on. */
export const TOWNSHIP_LABEL_MIN_ZOOM = 10;
/**
 * More townships than this (a province's or the nation's) are outlined only from
 * `TOWNSHIP_OUTLINE_MIN_ZOOM` on: wider, thousands of outlines are a grey smear that costs
 * seconds to build and draw (29,000 at the nation: 2.3 s before the first bubbles showed). A
 * county's few are outlined at every zoom.
 */
export const TOWNSHIP_OUTLINES_ALWAYS_UPTO = 200;
export const TOWNSHIP_OUTLINE_MIN_ZOOM = 7;

type TownshipShape = { name: string; geometry: Parameters<typeof labelPoint>[0] };

/** Township outlines (dashed, not clickable) and their names, built the first time they show. */
export class TownshipLayer {
  private readonly outlines = L.layerGroup();
  private readonly labels = L.layerGroup();
  private readonly renderer = L.canvas({ pane: PANES.townships, padding: 0.5 });
  private bounds: L.LatLngBounds | null = null;
  private readonly boundsById = new Map<number, L.LatLngBounds>();

  private visible = true;
  private count = 0;
  /** Shapes whose outlines are built the first time they show. */
  private pendingOutlines: TownshipShape[] = [];
  /** Names and shapes whose labels are placed the first time they show (placing is costly). */
  private pendingLabels: TownshipShape[] = [];

  constructor(private readonly map: L.Map) {
    map.on('zoomend', () => this.update());
    this.update();
  }

  private update(): void {
    this.updateOutlines();
    this.updateLabels();
  }

  private updateOutlines(): void {
    const show =
      this.visible && (this.count <= TOWNSHIP_OUTLINES_ALWAYS_UPTO || this.map.getZoom() >= TOWNSHIP_OUTLINE_MIN_ZOOM);
    if (show && this.pendingOutlines.length) {
      for (const { geometry } of this.pendingOutlines) {
        const latLngs = L.GeoJSON.coordsToLatLngs(geometry.coordinates, geometry.type === 'Polygon' ? 1 : 2);
        this.outlines.addLayer(
          L.polygon(latLngs, {
            ...TOWNSHIP_STYLE,
            dashArray: TOWNSHIP_STYLE.dashArray,
            renderer: this.renderer,
            pane: PANES.townships,
            interactive: false,
          }),
        );
      }
      this.pendingOutlines = [];
    }
    if (show && !this.map.hasLayer(this.outlines)) this.outlines.addTo(this.map);
    else if (!show && this.map.hasLayer(this.outlines)) this.outlines.remove();
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
    this.pendingOutlines = [];
    this.pendingLabels = [];
    this.bounds = null;
    this.boundsById.clear();
    this.count = 0;
    for (const f of fc?.features ?? []) {
      const g = f.geometry;
      if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) continue;
      const [w, s, e, n] = coordsBBox(g.coordinates);
      const own = L.latLngBounds([s, w], [n, e]);
      this.bounds = this.bounds ? this.bounds.extend(own) : L.latLngBounds([s, w], [n, e]);
      if (typeof f.id === 'number') this.boundsById.set(f.id, own);
      const shape = { name: f.properties.name, geometry: g };
      this.pendingOutlines.push(shape);
      this.pendingLabels.push(shape);
      this.count++;
    }
    this.update();
  }

  /** Outlines on the map now (for tests): 0 while hidden or not yet built. */
  outlinesShown(): number {
    return this.map.hasLayer(this.outlines) ? this.outlines.getLayers().length : 0;
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.update();
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
