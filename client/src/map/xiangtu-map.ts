import * as L from 'leaflet';
import type { BBox } from '../../../common/schemas/geometry.ts';
import type { BasemapConfig } from '../api/config.ts';
import type { TownshipEntry } from '../api/townships.ts';
import type {
  VillageBoundaryCollection,
  VillageClusterCollection,
  VillageMapProps,
  VillageMapPointCollection,
} from '../api/villages.ts';
import { addBasemap } from './basemap.ts';
import { ChainLayer, type ChainMapLink, type ChainMapNode } from './chain-layer.ts';
import { viewBBox } from './map-bounds.ts';
import { DEFAULT_VIEW, PANES, createMap } from './create-map.ts';
import { FeatureOverlay, type OverlayItem } from './feature-overlay.ts';
import type { SelectableLayer } from './map-query.ts';
import { installTestHook } from './test-hook.ts';
import { TownshipLayer } from './township-layer.ts';
import { VillageBoundaryLayer } from './village-boundaries.ts';
import { VillageClusterLayer } from './village-clusters.ts';
import { VillagePointLayer } from './village-points.ts';
import type { MapView } from './view-query.ts';

/** The view after a move, with the bbox to load data for (the visible area padded by a quarter). */
export interface ViewChange extends MapView {
  bbox: BBox;
}

export interface XiangtuMapEvents {
  villageClick(id: number): void;
  featureClick(layer: SelectableLayer, id: number): void;
  viewChange(view: ViewChange): void;
  basemapUnavailable(): void;
  /** A click on the map itself (also under features), for placing a new record. */
  mapClick?(lngLat: [number, number]): void;
}

/** Layers drawn by a FeatureOverlay (chains have their own layer class). */
export type OverlayLayer = 'assets' | 'stations' | 'secretaries' | 'alliances';

/**
 * The map as the rest of the app sees it: plain data in (GeoJSON, ids, configs), plain events
 * out. Everything Leaflet stays behind this class.
 */
export class XiangtuMap {
  private readonly map: L.Map;
  private readonly townships: TownshipLayer;
  private readonly villagePoints: VillagePointLayer;
  private readonly villageBoundaries: VillageBoundaryLayer;
  private readonly villageClusters: VillageClusterLayer;
  private readonly overlays: Record<OverlayLayer, FeatureOverlay>;
  private readonly chains: ChainLayer;
  private villagesVisible = true;
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
    this.villageClusters = new VillageClusterLayer(this.map, (id) => events.villageClick(id));
    const overlay = (layer: OverlayLayer) => new FeatureOverlay(this.map, (id) => events.featureClick(layer, id));
    this.overlays = {
      alliances: overlay('alliances'),
      assets: overlay('assets'),
      stations: overlay('stations'),
      secretaries: overlay('secretaries'),
    };
    this.chains = new ChainLayer(this.map, this.map.options.renderer as L.Canvas, PANES.labels, {
      nodeClick: (id) => events.featureClick('chain-nodes', id),
      linkClick: () => {},
    });
    this.chains.setVisible(false);
    this.map.on('moveend', () => events.viewChange(this.currentView()));
    this.map.on('zoomend', () => this.restack());
    this.map.on('click', (e: L.LeafletMouseEvent) => events.mapClick?.([e.latlng.lng, e.latlng.lat]));
    this.removeHook = installTestHook({
      villageIds: () => this.villagePoints.ids(),
      villagePixel: (id) => this.villagePoints.pixel(id),
      villageCount: () => (this.villagesVisible ? this.villagePoints.count : 0),
      featureIds: (layer) => (layer === 'chain-nodes' ? this.chains.visibleNodeIds() : this.overlayOf(layer).ids()),
      featurePixel: (layer, id) =>
        layer === 'chain-nodes' ? this.chains.nodePixel(id) : this.overlayOf(layer).pixel(id),
      townshipOutlines: () => this.townships.outlinesShown(),
    });
  }

  private overlayOf(layer: string): FeatureOverlay {
    return this.overlays[layer as OverlayLayer] ?? this.overlays.assets;
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

  /** The townships (the index: extents, no boundaries); the outlines in view are fetched as needed. */
  setTownships(index: readonly TownshipEntry[] | null): void {
    this.townships.setData(index);
  }

  /**
   * Draws the village points (coloured by `colorOf`, the thematic view) and then marks the
   * document so tests can wait for it.
   */
  setVillages(fc: VillageMapPointCollection | null, colorOf?: (p: VillageMapProps) => string): void {
    this.villagePoints.setData(this.villagesVisible ? fc : null, colorOf);
    if (!fc) return;
    // The canvas repaints on the next animation frame; mark after it.
    requestAnimationFrame(() => {
      const count = String(this.villagesVisible ? this.villagePoints.count : 0);
      this.el.dataset.villagesDrawn = count;
      document.body.dataset.villagesDrawn = count;
    });
  }

  /**
   * Draws a zoomed-out view's villages as counted clusters (null: none) and marks the document
   * with how many villages they hold.
   */
  setVillageClusters(fc: VillageClusterCollection | null, label?: (count: number) => string): void {
    this.villageClusters.setData(this.villagesVisible ? fc : null, label);
    const { villages } = this.villageClusters.counts;
    if (villages) this.el.dataset.clusteredVillages = String(villages);
    else delete this.el.dataset.clusteredVillages;
  }

  setVillageBoundaries(fc: VillageBoundaryCollection | null, colorOf?: (p: VillageMapProps) => string): void {
    this.villageBoundaries.setData(this.villagesVisible ? fc : null, colorOf);
  }

  /** Hides or shows villages (points and boundaries); the caller passes the data again after. */
  setVillagesVisible(visible: boolean): void {
    this.villagesVisible = visible;
  }

  setTownshipsVisible(visible: boolean): void {
    this.townships.setVisible(visible);
  }

  /** Draws one overlay layer (null hides it). */
  setOverlay(layer: OverlayLayer, items: readonly OverlayItem[] | null): void {
    const o = this.overlays[layer];
    o.setVisible(items !== null);
    o.setItems(items ?? []);
    this.restack();
  }

  /** Draws the industry chains (null hides them). */
  setChains(data: { nodes: readonly ChainMapNode[]; links: readonly ChainMapLink[] } | null): void {
    this.chains.setVisible(data !== null);
    this.chains.setData(data?.nodes ?? [], data?.links ?? []);
    this.restack();
  }

  /**
   * Canvas order, bottom to top: alliance hulls, village boundaries, asset areas and station
   * circles, village points, chains, then the symbols of assets, stations and secretaries.
   */
  private restack(): void {
    this.villageBoundaries.bringToBack();
    if (this.map.hasLayer(this.overlays.alliances.shapes)) this.overlays.alliances.shapes.bringToBack();
    for (const o of [this.overlays.assets, this.overlays.stations]) {
      if (this.map.hasLayer(o.shapes)) o.shapes.bringToFront();
    }
    this.villagePoints.bringToFront();
    this.chains.bringToFront();
    for (const o of [this.overlays.assets, this.overlays.stations, this.overlays.secretaries]) {
      if (this.map.hasLayer(o.symbols)) o.symbols.bringToFront();
    }
  }

  setSelected(id: number | null): void {
    this.villagePoints.setSelected(id);
    this.villageBoundaries.setSelected(id);
  }

  /** Highlights a feature of another layer (null: none). */
  setSelectedFeature(sel: { layer: SelectableLayer; id: number } | null): void {
    for (const [layer, o] of Object.entries(this.overlays)) o.setSelected(sel?.layer === layer ? sel.id : null);
    this.chains.setEmphasis({ nodeId: sel?.layer === 'chain-nodes' ? sel.id : null, linkId: null, picked: [] });
  }

  /** (Re)creates the zoom buttons with titles in the current language. */
  setZoomTitles(zoomInTitle: string, zoomOutTitle: string): void {
    this.zoomControl?.remove();
    this.zoomControl = L.control.zoom({ zoomInTitle, zoomOutTitle, position: 'topleft' }).addTo(this.map);
  }

  /**
   * Fits the map to these townships (all when none are given).
   * @returns false when there are none to fit to
   */
  fitTownships(animate = true, ids: readonly number[] = []): boolean {
    const bounds = this.townships.getBounds(ids);
    if (!bounds?.isValid()) return false;
    this.map.fitBounds(bounds, { padding: [16, 16], animate });
    return true;
  }

  /** Fits the map to `[west, south, east, north]`. */
  fitBBox(b: readonly number[], animate = true): void {
    const [w, s, e, n] = b as [number, number, number, number];
    this.map.fitBounds(
      [
        [s, w],
        [n, e],
      ],
      { padding: [24, 24], maxZoom: 15, animate },
    );
  }

  /** Centres on `[lng, lat]`, zooming in to at least `minZoom`. */
  centerOn(lngLat: readonly number[], minZoom = 13): void {
    const [lng, lat] = lngLat;
    if (lng === undefined || lat === undefined) return;
    this.map.setView([lat, lng], Math.max(this.map.getZoom(), minZoom));
  }

  /** Flies to `[lng, lat]` (animated unless the user prefers reduced motion). */
  flyTo(lngLat: readonly number[], zoom = 14): void {
    const [lng, lat] = lngLat;
    if (lng === undefined || lat === undefined) return;
    const reduce = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    // Snapped like every other zoom (zoomSnap 0.5), so a copied `c=` reopens exactly this view.
    const snap = this.map.options.zoomSnap || 1;
    const z = Math.round(Math.max(this.map.getZoom(), zoom) / snap) * snap;
    if (reduce) this.map.setView([lat, lng], z);
    else this.map.flyTo([lat, lng], z, { duration: 0.8 });
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

  /** A crosshair cursor while the user places something. */
  setPlacing(on: boolean): void {
    this.map.getContainer().style.cursor = on ? 'crosshair' : '';
  }

  /** The Leaflet map, for the export (map-export.ts) only. */
  leaflet(): L.Map {
    return this.map;
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
