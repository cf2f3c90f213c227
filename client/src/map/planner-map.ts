import './planner-map.css';
import * as L from 'leaflet';
import type { BasemapConfig } from '../api/config.ts';
import type { TownshipEntry } from '../api/townships.ts';
import type { VillageMapPointCollection } from '../api/villages.ts';
import { addBasemap } from './basemap.ts';
import { viewBBox } from './map-bounds.ts';
import { DEFAULT_VIEW, createMap } from './create-map.ts';
import { LassoTool } from './planner-lasso-tool.ts';
import type { LngLatPair } from './planner-lasso.ts';
import { PlannerOverlays, type PlannerOverlayData } from './planner-overlays.ts';
import { TownshipLayer } from './township-layer.ts';
import type { MapView } from './view-query.ts';
import { VillagePointLayer } from './village-points.ts';
import type { ViewChange } from './xiangtu-map.ts';

export interface PlannerMapEvents {
  villageClick(id: number): void;
  viewChange(view: ViewChange): void;
  basemapUnavailable(): void;
  /** A lasso was drawn: its path as `[lng, lat]` vertices. */
  lasso(path: LngLatPair[]): void;
  /** Escape in lasso mode. */
  lassoCancel(): void;
}

/** Read-only hook for end-to-end tests (`window.__xiangtuPlanner`), like `window.__xiangtu`. */
export interface PlannerTestHook {
  villageIds(): number[];
  villagePixel(id: number): { x: number; y: number } | null;
  villageCount(): number;
  /** Pixel of a `[lng, lat]` relative to the map container. */
  lngLatPixel(lng: number, lat: number): { x: number; y: number };
}

declare global {
  interface Window {
    __xiangtuPlanner?: PlannerTestHook;
  }
}

/**
 * The planner page's map (联建规划): townships and band-coloured village points as on the main
 * map, plus the planner's overlays and a lasso. Plain data in, plain events out.
 */
export class PlannerMap {
  private readonly map: L.Map;
  private readonly townships: TownshipLayer;
  private readonly villagePoints: VillagePointLayer;
  private readonly overlays: PlannerOverlays;
  private readonly lassoTool: LassoTool;
  private zoomControl: L.Control.Zoom | null = null;
  private removeBasemap: () => void = () => {};
  private readonly hook: PlannerTestHook;

  constructor(
    private readonly el: HTMLElement,
    initial: MapView | null,
    private readonly events: PlannerMapEvents,
  ) {
    this.map = createMap(el, initial ?? DEFAULT_VIEW);
    this.townships = new TownshipLayer(this.map);
    this.overlays = new PlannerOverlays(this.map);
    this.villagePoints = new VillagePointLayer(this.map, (id) => {
      // A lasso drag ends in a click on the canvas: it selected already, do not toggle again.
      if (!this.lassoTool.active) events.villageClick(id);
    });
    this.lassoTool = new LassoTool(
      this.map,
      (path) => events.lasso(path),
      () => events.lassoCancel(),
    );
    this.map.on('moveend', () => events.viewChange(this.currentView()));
    this.hook = {
      villageIds: () => this.villagePoints.ids(),
      villagePixel: (id) => this.villagePoints.pixel(id),
      villageCount: () => this.villagePoints.count,
      lngLatPixel: (lng, lat) => {
        const p = this.map.latLngToContainerPoint([lat, lng]);
        return { x: p.x, y: p.y };
      },
    };
    window.__xiangtuPlanner = this.hook;
  }

  currentView(): ViewChange {
    const c = this.map.getCenter();
    return { lngLat: [c.lng, c.lat], zoom: this.map.getZoom(), bbox: viewBBox(this.map, 0.25) };
  }

  setBasemap(config: BasemapConfig | null): void {
    this.removeBasemap();
    this.removeBasemap = config ? addBasemap(this.map, config, () => this.events.basemapUnavailable()) : () => {};
  }

  /** The townships (the index: extents, no boundaries); the outlines in view are fetched as needed. */
  setTownships(index: readonly TownshipEntry[] | null): void {
    this.townships.setData(index);
  }

  /** Draws the village points, then marks the container (`data-villages-drawn`) for tests. */
  setVillages(fc: VillageMapPointCollection | null): void {
    this.villagePoints.setData(fc);
    if (!fc) return;
    requestAnimationFrame(() => {
      this.el.dataset.villagesDrawn = String(this.villagePoints.count);
    });
  }

  setOverlays(data: PlannerOverlayData): void {
    this.overlays.setData(data);
  }

  /** Highlights one village point (the partner search's centre village). */
  setFocused(id: number | null): void {
    this.villagePoints.setSelected(id);
  }

  setLasso(on: boolean): void {
    if (on) this.lassoTool.enable();
    else this.lassoTool.disable();
  }

  setZoomTitles(zoomInTitle: string, zoomOutTitle: string): void {
    this.zoomControl?.remove();
    this.zoomControl = L.control.zoom({ zoomInTitle, zoomOutTitle, position: 'topleft' }).addTo(this.map);
  }

  fitTownships(animate = true): boolean {
    const bounds = this.townships.getBounds();
    if (!bounds?.isValid()) return false;
    this.map.fitBounds(bounds, { padding: [16, 16], animate });
    return true;
  }

  /**
   * Fits the map to the drawn overlays.
   * @param onlyIfHidden leave the view alone when it already shows them all
   * @returns false when there is nothing drawn
   */
  fitOverlays(onlyIfHidden = false): boolean {
    const b = this.overlays.bounds();
    if (!b?.isValid()) return false;
    if (onlyIfHidden && this.map.getBounds().contains(b)) return true;
    this.map.fitBounds(b, { padding: [40, 40], maxZoom: 14 });
    return true;
  }

  /** Pans to `[lng, lat]` unless it is already well inside the view. */
  show(lngLat: readonly number[]): void {
    const [lng, lat] = lngLat;
    if (lng === undefined || lat === undefined) return;
    this.map.panInside([lat, lng], { padding: [40, 40] });
  }

  invalidateSize(): void {
    this.map.invalidateSize();
  }

  focus(): void {
    this.map.getContainer().focus();
  }

  destroy(): void {
    this.lassoTool.disable();
    if (window.__xiangtuPlanner === this.hook) delete window.__xiangtuPlanner;
    this.overlays.remove();
    this.map.remove();
  }
}
