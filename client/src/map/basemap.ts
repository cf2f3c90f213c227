import * as L from 'leaflet';
import type { BasemapConfig } from '../api/config.ts';
import { MAX_ZOOM } from './create-map.ts';

/** After this many failed tiles and not one loaded, the base map is taken as unreachable. */
const GIVE_UP_AFTER_ERRORS = 6;

/**
 * Adds the configured base map (and its label overlay) under our layers. Tiles that fail are
 * harmless: Leaflet hides them and the plain map background shows. When no tile has loaded
 * after a few errors (offline, firewall) the tile layers are removed so panning stops asking.
 * @returns a function that removes the base map again
 */
export function addBasemap(map: L.Map, config: BasemapConfig, onUnavailable: () => void): () => void {
  if (config.id === 'none' || !config.url) return () => {};
  const options: L.TileLayerOptions = {
    subdomains: config.subdomains.length > 0 ? config.subdomains : 'abc',
    maxNativeZoom: Math.min(config.maxZoom, MAX_ZOOM),
    maxZoom: MAX_ZOOM,
  };
  const layers = [L.tileLayer(config.url, { ...options, attribution: config.attribution })];
  if (config.overlayUrl) layers.push(L.tileLayer(config.overlayUrl, options));

  let loaded = 0;
  let failed = 0;
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    for (const layer of layers) layer.remove();
  };
  for (const layer of layers) {
    layer.on('tileload', () => loaded++);
    layer.on('tileerror', () => {
      failed++;
      if (loaded === 0 && failed === GIVE_UP_AFTER_ERRORS) {
        // Leaflet is still inside its tile callback; remove on the next tick.
        setTimeout(() => {
          remove();
          onUnavailable();
        }, 0);
      }
    });
    layer.addTo(map);
  }
  return remove;
}
