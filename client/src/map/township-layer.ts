import * as L from 'leaflet';
import { fetchTownshipOutlines, type TownshipCollection, type TownshipEntry } from '../api/townships.ts';
import { PANES } from './create-map.ts';
import { labelPoint } from './label-point.ts';
import { viewBBox } from './map-bounds.ts';
import { TOWNSHIP_STYLE } from './styles.ts';
import { labelsShown, outlinesShown, TownshipOutlineFetcher, type OutlineFetch } from './township-view.ts';

export { TOWNSHIP_LABEL_MIN_ZOOM, TOWNSHIP_OUTLINE_MIN_ZOOM, TOWNSHIP_OUTLINES_ALWAYS_UPTO } from './township-view.ts';

type TownshipShape = { name: string; geometry: Parameters<typeof labelPoint>[0] };

/**
 * Township outlines (dashed, not clickable) and their names. The layer is given the township
 * index (extents, no boundaries); the outlines of the townships in view are fetched as the view
 * needs them (township-view.ts) and built once.
 */
export class TownshipLayer {
  private readonly outlines = L.layerGroup();
  private readonly labels = L.layerGroup();
  private readonly renderer = L.canvas({ pane: PANES.townships, padding: 0.5 });
  private bounds: L.LatLngBounds | null = null;
  private readonly boundsById = new Map<number, L.LatLngBounds>();
  private index: TownshipEntry[] | null = null;
  private readonly outlineById = new Map<number, L.Polygon>();
  private readonly labelById = new Map<number, L.Marker>();
  private readonly fetcher: TownshipOutlineFetcher;

  private visible = true;
  /** Names and shapes whose labels are placed the first time they show (placing is costly). */
  private pendingLabels = new Map<number, TownshipShape>();

  constructor(
    private readonly map: L.Map,
    fetchPage: OutlineFetch = (bbox, page, signal) => fetchTownshipOutlines(bbox, page, signal),
  ) {
    this.fetcher = new TownshipOutlineFetcher(
      fetchPage,
      (features) => this.addOutlines(features),
      (ids) => this.drop(ids),
    );
    map.on('moveend', () => this.update());
    this.update();
  }

  private update(): void {
    const zoom = this.map.getZoom();
    const showOutlines = outlinesShown(this.index?.length ?? 0, zoom, this.visible);
    if (showOutlines && !this.map.hasLayer(this.outlines)) this.outlines.addTo(this.map);
    else if (!showOutlines && this.map.hasLayer(this.outlines)) this.outlines.remove();
    this.updateLabels();
    void this.fetcher.update({ index: this.index, zoom, view: viewBBox(this.map, 0.25), visible: this.visible });
  }

  private addOutlines(features: TownshipCollection['features']): void {
    for (const f of features) {
      const g = f.geometry;
      if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon') || this.outlineById.has(f.id)) continue;
      const latLngs = L.GeoJSON.coordsToLatLngs(g.coordinates, g.type === 'Polygon' ? 1 : 2);
      const polygon = L.polygon(latLngs, {
        ...TOWNSHIP_STYLE,
        renderer: this.renderer,
        pane: PANES.townships,
        interactive: false,
      });
      this.outlineById.set(f.id, polygon);
      this.outlines.addLayer(polygon);
      this.pendingLabels.set(f.id, { name: f.properties.name, geometry: g });
    }
    this.updateLabels();
  }

  private drop(ids: readonly number[]): void {
    for (const id of ids) {
      const o = this.outlineById.get(id);
      if (o) this.outlines.removeLayer(o);
      const l = this.labelById.get(id);
      if (l) this.labels.removeLayer(l);
      this.outlineById.delete(id);
      this.labelById.delete(id);
      this.pendingLabels.delete(id);
    }
  }

  /** Names only from `TOWNSHIP_LABEL_MIN_ZOOM` on: a province's townships would bury the map in text. */
  private updateLabels(): void {
    const show = labelsShown(this.map.getZoom(), this.visible);
    if (show && this.pendingLabels.size) {
      for (const [id, { name, geometry }] of this.pendingLabels) {
        const at = labelPoint(geometry);
        if (!at) continue;
        const marker = this.label(name, at);
        this.labelById.set(id, marker);
        this.labels.addLayer(marker);
      }
      this.pendingLabels.clear();
    }
    if (show && !this.map.hasLayer(this.labels)) this.labels.addTo(this.map);
    else if (!show && this.map.hasLayer(this.labels)) this.labels.remove();
  }

  /** Replaces the townships: the index (extents; null: none); outlines follow for the view. */
  setData(index: readonly TownshipEntry[] | null): void {
    this.fetcher.reset();
    this.outlines.clearLayers();
    this.labels.clearLayers();
    this.outlineById.clear();
    this.labelById.clear();
    this.pendingLabels.clear();
    this.bounds = null;
    this.boundsById.clear();
    this.index = index ? [...index] : null;
    for (const t of index ?? []) {
      if (!t.extent) continue;
      const [w, s, e, n] = t.extent;
      const own = L.latLngBounds([s, w], [n, e]);
      this.bounds = this.bounds ? this.bounds.extend(own) : L.latLngBounds([s, w], [n, e]);
      this.boundsById.set(t.id, own);
    }
    this.update();
  }

  /** Outlines on the map now (for tests): 0 while hidden or not yet fetched. */
  outlinesShown(): number {
    return this.map.hasLayer(this.outlines) ? this.outlines.getLayers().length : 0;
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.update();
  }

  /** The extent of these townships (all when `ids` is empty or none of them is known), or null when there are none. */
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
