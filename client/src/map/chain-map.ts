import * as L from 'leaflet';
import type { BBox } from '../../../common/schemas/geometry.ts';
import type { BasemapConfig } from '../api/config.ts';
import type { TownshipEntry } from '../api/townships.ts';
import type { VillageDotCollection } from '../api/villages.ts';
import { addBasemap } from './basemap.ts';
import { round5, viewBBox } from './map-bounds.ts';
import { ChainLayer, type ChainEmphasis, type ChainMapLink, type ChainMapNode } from './chain-layer.ts';
import { BACKGROUND_VILLAGE_STYLE, SUPPLIER_RING_STYLE } from './chain-styles.ts';
import './chain-map.css';
import { DEFAULT_VIEW, createMap } from './create-map.ts';
import { TownshipLayer } from './township-layer.ts';

export type { ChainMapLink, ChainMapNode, ChainEmphasis };

/** `browse`: clicks pick nodes; `place`: a click anywhere reports its `[lng, lat]`; `link`: clicks pick link ends. */
export type ChainMapMode = 'browse' | 'place' | 'link';

export interface ChainMapEvents {
  nodeClick(id: number): void;
  linkClick(id: number): void;
  /** A click on the map in `place` mode. */
  place(lngLat: [number, number]): void;
  /** The visible area padded by a quarter, after every move (for loading background villages). */
  viewChange(bbox: BBox): void;
  basemapUnavailable(): void;
}

/** Read-only hook for end-to-end tests (`window.__xiangtuChains`). */
export interface ChainTestHook {
  visibleNodeIds(): number[];
  linkIds(): number[];
  /** Pixel of a drawn node relative to `[data-testid=chain-map]`, or null. */
  nodePixel(id: number): { x: number; y: number } | null;
  /** Pixel of `[lng, lat]` relative to the map container. */
  pixelOf(lngLat: [number, number]): { x: number; y: number };
  /** Whether the supplier ring is shown, and where. */
  supplier(): { lngLat: [number, number]; label: string } | null;
}

declare global {
  interface Window {
    __xiangtuChains?: ChainTestHook;
  }
}

/** Pixels of the map's edges hidden under the page's panels (side panel, bottom sheet, legend). */
export interface Cover {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

const MARGIN = 36;
const padding = (c: Cover) => ({
  paddingTopLeft: L.point(c.left + MARGIN, c.top + MARGIN),
  paddingBottomRight: L.point(c.right + MARGIN, c.bottom + MARGIN),
});
/** Background villages under the chains' canvas (overlayPane, 400); labels above it. Neither takes clicks. */
const PANE_BACKGROUND = 'xt-chain-background';
const PANE_LABELS = 'xt-chain-labels';

/**
 * The industry-chain map (issue #6): faint villages and township outlines for context, the
 * chains on top, and a ring for a supplier the gap analysis points at. Plain data in, plain
 * events out; Leaflet stays behind this class.
 */
export class ChainMap {
  private readonly map: L.Map;
  private readonly townships: TownshipLayer;
  private readonly villages = L.layerGroup();
  private readonly chains: ChainLayer;
  private readonly marks = L.layerGroup();
  private readonly backgroundRenderer: L.Canvas;
  private readonly renderer: L.Canvas;
  private mode: ChainMapMode = 'browse';
  private zooming = false;
  private afterZoom: (() => void) | null = null;
  private supplier: { lngLat: [number, number]; label: string } | null = null;
  private zoomControl: L.Control.Zoom | null = null;
  private removeBasemap: () => void = () => {};
  private readonly hook: ChainTestHook;

  constructor(
    el: HTMLElement,
    private readonly events: ChainMapEvents,
  ) {
    this.map = createMap(el, DEFAULT_VIEW);
    for (const [name, zIndex] of [
      [PANE_BACKGROUND, 390],
      [PANE_LABELS, 450],
    ] as const) {
      const pane = this.map.createPane(name);
      pane.style.zIndex = String(zIndex);
      pane.style.pointerEvents = 'none';
    }
    this.backgroundRenderer = L.canvas({ pane: PANE_BACKGROUND, padding: 0.5 });
    this.renderer = L.canvas({ padding: 0.5, tolerance: 4 });
    this.townships = new TownshipLayer(this.map);
    this.villages.addTo(this.map);
    this.chains = new ChainLayer(this.map, this.renderer, PANE_LABELS, {
      nodeClick: (id) => {
        if (this.mode !== 'place') events.nodeClick(id);
      },
      linkClick: (id) => {
        if (this.mode === 'browse') events.linkClick(id);
      },
    });
    this.marks.addTo(this.map);
    this.map.on('click', (e: L.LeafletMouseEvent) => {
      if (this.mode === 'place') events.place([round5(e.latlng.lng), round5(e.latlng.lat)]);
    });
    this.map.on('moveend', () => events.viewChange(this.paddedBBox()));
    // Leaflet drops a new view asked for during a zoom animation; ask again when it ends.
    this.map.on('zoomanim', () => (this.zooming = true));
    this.map.on('zoomend', () => {
      this.zooming = false;
      const next = this.afterZoom;
      this.afterZoom = null;
      next?.();
    });
    this.hook = {
      visibleNodeIds: () => this.chains.visibleNodeIds(),
      linkIds: () => this.chains.linkIds(),
      nodePixel: (id) => this.chains.nodePixel(id),
      pixelOf: ([lng, lat]) => {
        const p = this.map.latLngToContainerPoint([lat, lng]);
        return { x: p.x, y: p.y };
      },
      supplier: () => this.supplier,
    };
    window.__xiangtuChains = this.hook;
  }

  /** The visible area padded by a quarter, `[west, south, east, north]`. */
  paddedBBox(): BBox {
    return viewBBox(this.map, 0.25);
  }

  setBasemap(config: BasemapConfig | null): void {
    this.removeBasemap();
    this.removeBasemap = config ? addBasemap(this.map, config, () => this.events.basemapUnavailable()) : () => {};
  }

  /** The townships (the index: extents, no boundaries); the outlines in view are fetched as needed. */
  setTownships(index: readonly TownshipEntry[] | null): void {
    this.townships.setData(index);
  }

  /** Faint, unclickable village points behind the chains. */
  setVillages(fc: VillageDotCollection | null): void {
    this.villages.clearLayers();
    for (const f of fc?.features ?? []) {
      const [lng, lat] = f.geometry?.coordinates ?? [];
      if (lng === undefined || lat === undefined) continue;
      this.villages.addLayer(
        L.circleMarker([lat, lng], {
          ...BACKGROUND_VILLAGE_STYLE,
          renderer: this.backgroundRenderer,
          interactive: false,
        }),
      );
    }
  }

  setChains(nodes: readonly ChainMapNode[], links: readonly ChainMapLink[]): void {
    this.chains.setData(nodes, links);
  }

  setFilter(chainId: number | null): void {
    this.chains.setFilter(chainId);
  }

  setEmphasis(emphasis: ChainEmphasis): void {
    this.chains.setEmphasis(emphasis);
  }

  /** What a click does; `place` shows a crosshair. */
  setMode(mode: ChainMapMode): void {
    this.mode = mode;
    const el = this.map.getContainer();
    el.classList.toggle('xt-chain-placing', mode === 'place');
    el.classList.toggle('xt-chain-linking', mode === 'link');
  }

  /**
   * Marks a spot: the supplier the gap analysis points at (ring and name) and the position picked
   * for a node being placed (a cross). Null removes it.
   */
  setMarks(marks: {
    supplier: { lngLat: [number, number]; label: string } | null;
    placed: [number, number] | null;
  }): void {
    this.marks.clearLayers();
    this.supplier = marks.supplier;
    if (marks.supplier) {
      const [lng, lat] = marks.supplier.lngLat;
      this.marks.addLayer(
        L.circleMarker([lat, lng], { ...SUPPLIER_RING_STYLE, renderer: this.renderer, interactive: false }),
      );
      this.marks.addLayer(this.label([lng, lat], marks.supplier.label, 'xt-chain-supplier-label'));
    }
    if (marks.placed) {
      const [lng, lat] = marks.placed;
      this.marks.addLayer(
        L.marker([lat, lng], {
          icon: L.divIcon({ className: 'xt-chain-placed', iconSize: [22, 22] }),
          interactive: false,
          keyboard: false,
        }),
      );
    }
  }

  /**
   * Shows `[lng, lat]` together with one chain's nodes (or just the spot when the chain has none),
   * so a supplier the gap analysis names is seen in relation to the chain.
   */
  showAround(lngLat: readonly [number, number], chainId: number | null, cover: Cover): void {
    const [lng, lat] = lngLat;
    const chain = chainId === null ? null : this.chains.bounds(chainId);
    const bounds = (chain ?? L.latLngBounds([[lat, lng]])).extend([lat, lng]);
    this.whenIdle(() => this.map.flyToBounds(bounds, { ...padding(cover), maxZoom: 14, duration: 0.6 }));
  }

  /** Flies to `[lng, lat]` (zooming in to at least `minZoom`), keeping it clear of panels. */
  flyTo(lngLat: readonly [number, number], cover: Cover, minZoom = 13): void {
    const [lng, lat] = lngLat;
    this.whenIdle(() =>
      this.map.flyToBounds(L.latLngBounds([[lat, lng]]), {
        ...padding(cover),
        maxZoom: Math.max(this.map.getZoom(), minZoom),
        duration: 0.6,
      }),
    );
  }

  /** Fits the map to one chain's nodes (or all), leaving room for panels. @returns false when there are none */
  fitChains(chainId: number | null, cover: Cover, animate = true): boolean {
    const bounds = this.chains.bounds(chainId);
    if (!bounds?.isValid()) return false;
    this.whenIdle(() => this.map.fitBounds(bounds, { ...padding(cover), maxZoom: 14, animate }));
    return true;
  }

  private whenIdle(run: () => void): void {
    if (this.zooming) this.afterZoom = run;
    else run();
  }

  setZoomTitles(zoomInTitle: string, zoomOutTitle: string): void {
    this.zoomControl?.remove();
    this.zoomControl = L.control.zoom({ zoomInTitle, zoomOutTitle, position: 'topleft' }).addTo(this.map);
  }

  invalidateSize(): void {
    this.map.invalidateSize();
  }

  focus(): void {
    this.map.getContainer().focus();
  }

  destroy(): void {
    if (window.__xiangtuChains === this.hook) delete window.__xiangtuChains;
    this.map.remove();
  }

  private label(lngLat: [number, number], text: string, className: string): L.Marker {
    const span = document.createElement('span');
    span.textContent = text; // textContent: names come from user data
    return L.marker([lngLat[1], lngLat[0]], {
      icon: L.divIcon({ className, html: span, iconSize: [0, 0] }),
      pane: PANE_LABELS,
      interactive: false,
      keyboard: false,
    });
  }
}
