import './village-edit-map.css';
import * as L from 'leaflet';
import type { Geometry } from '../../../common/schemas/geometry.ts';
import type { BasemapConfig } from '../api/config.ts';
import { addBasemap } from './basemap.ts';
import { DEFAULT_VIEW, createMap } from './create-map.ts';
import type { DrawKind } from './draw-geometry.ts';
import { DrawTool } from './draw-tool.ts';
import { textTip } from './text-tip.ts';

export interface MapAsset {
  id: number;
  name: string;
  geometry: Geometry | null;
}

/** Read-only hook for end-to-end tests (`window.__xiangtuVillage`). */
export interface VillageMapTestHook {
  lngLatPixel(lng: number, lat: number): { x: number; y: number };
  assetIds(): number[];
}

declare global {
  interface Window {
    __xiangtuVillage?: VillageMapTestHook;
  }
}

const ASSET_STYLE: L.PathOptions = { color: '#2f5d3a', weight: 2, fillColor: '#6a9f58', fillOpacity: 0.35 };
const SELECTED_STYLE: L.PathOptions = { color: '#d9480f', weight: 4, fillColor: '#f08c00', fillOpacity: 0.4 };

/**
 * The secretary's village map: the village boundary, its assets (tap to open), the drawing tool
 * and the phone's position with its accuracy circle. Plain data in, plain events out.
 */
export class VillageEditMap {
  private readonly map: L.Map;
  private readonly village = L.layerGroup();
  private readonly assets = L.layerGroup();
  private readonly position = L.layerGroup();
  private readonly draw: DrawTool;
  private readonly drawn = new Map<number, L.Path>();
  private removeBasemap: () => void = () => {};
  private selected: number | null = null;
  private readonly hook: VillageMapTestHook;

  constructor(
    el: HTMLElement,
    private readonly events: {
      assetClick(id: number): void;
      drawChange(geometry: Geometry | null, vertices: number): void;
    },
  ) {
    this.map = createMap(el, DEFAULT_VIEW);
    L.control.zoom({ position: 'topright' }).addTo(this.map);
    this.village.addTo(this.map);
    this.assets.addTo(this.map);
    this.position.addTo(this.map);
    this.draw = new DrawTool(this.map, (g, n) => events.drawChange(g, n));
    this.hook = {
      lngLatPixel: (lng, lat) => {
        const p = this.map.latLngToContainerPoint([lat, lng]);
        return { x: p.x, y: p.y };
      },
      assetIds: () => [...this.drawn.keys()],
    };
    window.__xiangtuVillage = this.hook;
  }

  setBasemap(config: BasemapConfig, onUnavailable: () => void): void {
    this.removeBasemap();
    this.removeBasemap = addBasemap(this.map, config, onUnavailable);
  }

  /** Draws the village (boundary outline and committee point) and fits the map to it. */
  setVillage(location: Geometry | null, boundary: Geometry | null): void {
    this.village.clearLayers();
    const layers: L.Layer[] = [];
    if (boundary)
      layers.push(
        L.geoJSON(boundary as never, {
          style: { color: '#5d665f', weight: 2, dashArray: '6 4', fill: false },
          interactive: false,
        }),
      );
    if (location?.type === 'Point') {
      const [lng, lat] = location.coordinates as number[];
      layers.push(
        L.circleMarker([lat!, lng!], {
          radius: 6,
          color: '#1f2421',
          fillColor: '#fff',
          fillOpacity: 1,
          interactive: false,
        }),
      );
    }
    for (const l of layers) l.addTo(this.village);
    const bounds = L.featureGroup(layers).getBounds();
    if (bounds.isValid()) this.map.fitBounds(bounds, { padding: [16, 16], maxZoom: 16, animate: false });
  }

  setAssets(list: readonly MapAsset[]): void {
    this.assets.clearLayers();
    this.drawn.clear();
    for (const a of list) {
      if (!a.geometry) continue;
      const style = a.id === this.selected ? SELECTED_STYLE : ASSET_STYLE;
      const layer = L.geoJSON(a.geometry as never, {
        style,
        pointToLayer: (_f, ll) => L.circleMarker(ll, { ...style, radius: 10, fillOpacity: 0.9 }),
      });
      layer.on('click', () => {
        if (!this.draw.isActive) this.events.assetClick(a.id);
      });
      layer.bindTooltip(textTip(a.name));
      layer.addTo(this.assets);
      const path = layer.getLayers()[0];
      if (path instanceof L.Path) this.drawn.set(a.id, path);
    }
  }

  /** Highlights an asset and brings it into view. */
  select(id: number | null): void {
    const prev = this.selected === null ? undefined : this.drawn.get(this.selected);
    prev?.setStyle(ASSET_STYLE);
    this.selected = id;
    const path = id === null ? undefined : this.drawn.get(id);
    if (!path) return;
    path.setStyle(SELECTED_STYLE);
    path.bringToFront();
    const b = 'getBounds' in path ? (path as L.Polyline).getBounds() : null;
    if (b?.isValid()) this.map.fitBounds(b, { padding: [40, 40], maxZoom: 17, animate: false });
    else if (path instanceof L.CircleMarker) this.map.setView(path.getLatLng(), Math.max(this.map.getZoom(), 16));
  }

  startDraw(kind: DrawKind, initial: Geometry | null): void {
    this.draw.start(kind, initial);
  }

  undoVertex(): void {
    this.draw.undo();
  }

  /** @returns the geometry drawn (null when too few vertices) */
  stopDraw(): Geometry | null {
    return this.draw.stop();
  }

  /** Shows the phone's position with a circle of its accuracy and centres on it. */
  showPosition(lngLat: [number, number], accuracyM: number): void {
    this.position.clearLayers();
    const ll = L.latLng(lngLat[1], lngLat[0]);
    L.circle(ll, { radius: accuracyM, color: '#0b61d8', weight: 1, fillOpacity: 0.12, interactive: false }).addTo(
      this.position,
    );
    L.circleMarker(ll, { radius: 7, color: '#fff', weight: 2, fillColor: '#0b61d8', fillOpacity: 1 }).addTo(
      this.position,
    );
    this.map.setView(ll, Math.max(this.map.getZoom(), 16), { animate: false });
  }

  /** The container changed size (a bottom sheet opened). */
  resize(): void {
    this.map.invalidateSize();
  }

  destroy(): void {
    if (window.__xiangtuVillage === this.hook) delete window.__xiangtuVillage;
    this.draw.stop();
    this.removeBasemap();
    this.map.remove();
  }
}
