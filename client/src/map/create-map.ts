import 'leaflet/dist/leaflet.css';
import './map.css';
import * as L from 'leaflet';
import { MAP_BACKGROUND } from './styles.ts';
import type { MapView } from './view-query.ts';

/** Where the map opens before anything has loaded: the sample county near Shenyang. */
export const DEFAULT_VIEW: MapView = { lngLat: [122.95, 41.75], zoom: 10 };

export const MAX_ZOOM = 18;

/** Extra pixels around a shape that still count as a click on it (fingers are wide). */
export const CLICK_TOLERANCE = 4;

/** Custom panes under the village canvas (overlayPane, 400), so points stay on top; neither takes clicks. */
export const PANES = { townships: 'xt-townships', labels: 'xt-labels' } as const;

function addPane(map: L.Map, name: string, zIndex: number): void {
  const pane = map.createPane(name);
  pane.style.zIndex = String(zIndex);
  pane.style.pointerEvents = 'none';
}

/**
 * Creates the Leaflet map in `el`: canvas renderer, our panes, scale bar, a plain background
 * that reads well when no tiles load.
 */
export function createMap(el: HTMLElement, view: MapView): L.Map {
  el.style.background = MAP_BACKGROUND;
  const map = L.map(el, {
    preferCanvas: true,
    renderer: L.canvas({ padding: 0.5, tolerance: CLICK_TOLERANCE }),
    zoomSnap: 0.5, // fits the county more tightly than whole zoom levels
    zoomControl: false,
    minZoom: 3,
    maxZoom: MAX_ZOOM,
  });
  map.attributionControl.setPrefix('<a href="https://leafletjs.com" target="_blank" rel="noopener">Leaflet</a>');
  addPane(map, PANES.townships, 350);
  addPane(map, PANES.labels, 380);
  L.control.scale({ imperial: false, position: 'bottomright' }).addTo(map);
  map.setView([view.lngLat[1], view.lngLat[0]], view.zoom);
  return map;
}
