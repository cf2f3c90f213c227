import * as L from 'leaflet';
import type { VillageClusterCollection } from '../api/villages.ts';

/** Fill of the cluster bubbles (map.css `.xt-cluster`). */
export const CLUSTER_COLOR = '#2e7d32';

/** Diameter in pixels of a cluster bubble holding `count` villages: grows with the log of it. */
export function clusterSize(count: number): number {
  return Math.round(26 + 10 * Math.log10(Math.max(1, count)));
}

/**
 * A zoomed-out view's villages as counted bubbles (`GET /api/clusters/villages`). Clicking or
 * pressing Enter on a bubble zooms in on it; a cell holding a single village selects it.
 * Bubbles are DOM markers (focusable, with a count as text): a view has at most grid² of them.
 */
export class VillageClusterLayer {
  private readonly group = L.layerGroup();
  private drawn = { cells: 0, villages: 0 };

  constructor(
    private readonly map: L.Map,
    private readonly onVillage: (id: number) => void,
  ) {}

  /**
   * Draws exactly the cells of `fc` (none for null).
   * @param label the bubble's accessible name and tooltip, e.g. "57 个村，点击放大"
   */
  setData(fc: VillageClusterCollection | null, label: (count: number) => string = String): void {
    this.group.clearLayers();
    this.drawn = { cells: 0, villages: 0 };
    if (!fc || fc.features.length === 0) {
      this.group.remove();
      return;
    }
    for (const f of fc.features) {
      const c = f.geometry?.type === 'Point' ? f.geometry.coordinates : null;
      if (!c || c[0] === undefined || c[1] === undefined) continue;
      const { count, id } = f.properties;
      const latLng = L.latLng(c[1], c[0]);
      const size = clusterSize(count);
      const html = document.createElement('span');
      html.textContent = count.toLocaleString();
      html.dataset.count = String(count);
      const marker = L.marker(latLng, {
        icon: L.divIcon({ className: 'xt-cluster', html, iconSize: [size, size] }),
        title: label(count),
        alt: label(count),
        keyboard: true,
      });
      const open = () => {
        if (count === 1 && id !== null) this.onVillage(id);
        else this.map.setView(latLng, Math.min(this.map.getZoom() + 2, this.map.getMaxZoom()));
      };
      marker.on('click', open);
      // Leaflet makes the icon focusable but only opens popups on Enter.
      marker.on('keypress', (e: L.LeafletKeyboardEvent) => {
        if (e.originalEvent.key === 'Enter' || e.originalEvent.key === ' ') open();
      });
      this.group.addLayer(marker);
      this.drawn.cells++;
      this.drawn.villages += count;
    }
    if (!this.map.hasLayer(this.group)) this.group.addTo(this.map);
  }

  /** Bubbles drawn and the villages they hold. */
  get counts(): { cells: number; villages: number } {
    return this.drawn;
  }
}
