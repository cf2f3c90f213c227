import * as L from 'leaflet';
import type { BBox } from '../../../common/schemas/geometry.ts';
import type { BasemapConfig } from '../api/config.ts';
import type { TownshipCollection } from '../api/townships.ts';
import type { VillageBoundaryCollection, VillagePointCollection } from '../api/villages.ts';
import { addBasemap } from './basemap.ts';
import { viewBBox } from './map-bounds.ts';
import { DEFAULT_VIEW, createMap } from './create-map.ts';
import { installTestHook } from './test-hook.ts';
import { TownshipLayer } from './township-layer.ts';
import { VillageBoundaryLayer } from './village-boundaries.ts';
import { VillagePointLayer } from './village-points.ts';
import type { MapView } from './view-query.ts';

/** The view after a move, with the bbox to load data for (the visible area padded by a quarter). */
export interface ViewChange extends MapView {
  bbox: BBox;
}

export interface XiangtuMapEvents {
  villageClick(id: number): void;
  viewChange(view: ViewChange): void;
  basemapUnavailable(): void;
}

/**
 * The map as the rest of the app sees it: plain data in (GeoJSON, ids, configs), plain events
 * out. Everything Leaflet stays behind this class.
 */
export class XiangtuMap {
  private readonly map: L.Map;
  private readonly townships: TownshipLayer;
  private readonly villagePoints: VillagePointLayer;
  private readonly villageBoundaries: VillageBoundaryLayer;
  private zoomControl: L.Control.Zoom | null = null;
  private removeBasemap: () => void = () => {};
  private readonly removeHook: () => void;

  constructor(
    private readonly el: HTMLElement,
    initial: MapView | null,
    private readonly events: XiangtuMapEvents,
  ) {
    this.map = createMap(el, initial ?? DEFAULT_VIEW);
    this.townships = new TownshipLayer(this.map);
    this.villageBoundaries = new VillageBoundaryLayer(this.map, (id) => events.villageClick(id));
    this.villagePoints = new VillagePointLayer(this.map, (id) => events.villageClick(id));
    this.map.on('moveend', () => events.viewChange(this.currentView()));
    this.removeHook = installTestHook({
      villageIds: () => this.villagePoints.ids(),
      villagePixel: (id) => this.villagePoints.pixel(id),
      villageCount: () => this.villagePoints.count,
    });
  }

  /** The current centre, zoom and padded bbox `[west, south, east, north]`. */
  currentView(): ViewChange {
    const c = this.map.getCenter();
    return { lngLat: [c.lng, c.lat], zoom: this.map.getZoom(), bbox: viewBBox(this.map, 0.25) };
  }

  /** Shows the configured base map (null or id `none`: no tiles, just the background). */
  setBasemap(config: BasemapConfig | null): void {
    this.removeBasemap();
    this.removeBasemap = config ? addBasemap(this.map, config, () => this.events.basemapUnavailable()) : () => {};
  }

  setTownships(fc: TownshipCollection | null): void {
    this.townships.setData(fc);
  }

  /** Draws the village points and then marks the document so tests can wait for it. */
  setVillages(fc: VillagePointCollection | null): void {
    this.villagePoints.setData(fc);
    if (!fc) return;
    // The canvas repaints on the next animation frame; mark after it.
    requestAnimationFrame(() => {
      const count = String(this.villagePoints.count);
      this.el.dataset.villagesDrawn = count;
      document.body.dataset.villagesDrawn = count;
    });
  }

  setVillageBoundaries(fc: VillageBoundaryCollection | null): void {
    this.villageBoundaries.setData(fc);
  }

  setSelected(id: number | null): void {
    this.villagePoints.setSelected(id);
    this.villageBoundaries.setSelected(id);
  }

  /** (Re)creates the zoom buttons with titles in the current language. */
  setZoomTitles(zoomInTitle: string, zoomOutTitle: string): void {
    this.zoomControl?.remove();
    this.zoomControl = L.control.zoom({ zoomInTitle, zoomOutTitle, position: 'topleft' }).addTo(this.map);
  }

  /** Fits the map to all townships. @returns false when there are none to fit to */
  fitTownships(animate = true): boolean {
    const bounds = this.townships.getBounds();
    if (!bounds?.isValid()) return false;
    this.map.fitBounds(bounds, { padding: [16, 16], animate });
    return true;
  }

  /** Centres on `[lng, lat]`, zooming in to at least `minZoom`. */
  centerOn(lngLat: readonly number[], minZoom = 13): void {
    const [lng, lat] = lngLat;
    if (lng === undefined || lat === undefined) return;
    this.map.setView([lat, lng], Math.max(this.map.getZoom(), minZoom));
  }

  /**
   * Pans just enough that `[lng, lat]` is not hidden behind a panel covering `cover` pixels of
   * the map's right or bottom edge.
   */
  reveal(lngLat: readonly number[], cover: { right: number; bottom: number }): void {
    const [lng, lat] = lngLat;
    if (lng === undefined || lat === undefined) return;
    const margin = 24;
    this.map.panInside([lat, lng], {
      paddingTopLeft: [margin, margin],
      paddingBottomRight: [cover.right + margin, cover.bottom + margin],
    });
  }

  /** Tells Leaflet the container changed size (e.g. a panel opened beside it). */
  invalidateSize(): void {
    this.map.invalidateSize();
  }

  focus(): void {
    this.map.getContainer().focus();
  }

  destroy(): void {
    this.removeHook();
    delete document.body.dataset.villagesDrawn;
    this.map.remove();
  }
}
