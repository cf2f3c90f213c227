import * as L from 'leaflet';
import type { VillageBoundaryCollection, VillageMapProps } from '../api/villages.ts';
import { BOUNDARY_MIN_ZOOM, BOUNDARY_STYLE, bandColor } from './styles.ts';

/**
 * Village boundaries, tinted by income band, drawn under the points on the same canvas (one
 * canvas, so both stay clickable) and only from `BOUNDARY_MIN_ZOOM` on.
 */
export class VillageBoundaryLayer {
  private readonly group = L.featureGroup();
  private readonly drawn = new Map<number, { layer: L.Polygon; version: number; color: string }>();
  private readonly idOf = new WeakMap<L.Layer, number>();
  private selectedId: number | null = null;

  constructor(
    private readonly map: L.Map,
    onClick: (id: number) => void,
  ) {
    this.group.on('click', (e: L.LeafletMouseEvent) => {
      const id = this.idOf.get(e.propagatedFrom as L.Layer);
      if (id !== undefined) onClick(id);
    });
    map.on('zoomend', () => this.updateVisibility());
    this.updateVisibility();
  }

  /** Draws exactly the boundaries of `fc` (none for null). */
  setData(
    fc: VillageBoundaryCollection | null,
    colorOf: (p: VillageMapProps) => string = (p) => bandColor(p.income_band),
  ): void {
    const keep = new Set<number>();
    for (const f of fc?.features ?? []) {
      const g = f.geometry;
      if (typeof f.id !== 'number' || !g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) continue;
      keep.add(f.id);
      const old = this.drawn.get(f.id);
      const color = colorOf(f.properties);
      if (old && old.version === f.properties.version) {
        if (old.color !== color) old.layer.setStyle({ fillColor: color });
        old.color = color;
        continue;
      }
      if (old) this.group.removeLayer(old.layer);
      const latLngs = L.GeoJSON.coordsToLatLngs(g.coordinates, g.type === 'Polygon' ? 1 : 2);
      const layer = L.polygon(latLngs, { ...this.style(f.id), fillColor: color });
      this.idOf.set(layer, f.id);
      this.drawn.set(f.id, { layer, version: f.properties.version, color });
      this.group.addLayer(layer);
      // Under every point already on the canvas, so a point inside its boundary stays on top.
      if (this.map.hasLayer(this.group)) layer.bringToBack();
    }
    for (const [id, d] of this.drawn) {
      if (keep.has(id)) continue;
      this.group.removeLayer(d.layer);
      this.drawn.delete(id);
    }
  }

  /** Puts the boundaries under every other shape (only hulls go lower). */
  bringToBack(): void {
    if (this.map.hasLayer(this.group)) this.group.bringToBack();
  }

  /** Outlines the selected village's boundary more strongly. */
  setSelected(id: number | null): void {
    const prev = this.selectedId;
    this.selectedId = id;
    if (prev !== null) this.drawn.get(prev)?.layer.setStyle(this.style(prev));
    if (id !== null) this.drawn.get(id)?.layer.setStyle(this.style(id));
  }

  private style(id: number): L.PathOptions {
    return id === this.selectedId ? { ...BOUNDARY_STYLE, color: '#0b3d91', weight: 3 } : { ...BOUNDARY_STYLE };
  }

  private updateVisibility(): void {
    const show = this.map.getZoom() >= BOUNDARY_MIN_ZOOM;
    if (show && !this.map.hasLayer(this.group)) {
      this.group.addTo(this.map);
      // Re-added layers land on top of the canvas; put them back under the points.
      this.group.eachLayer((l) => (l as L.Polygon).bringToBack());
    } else if (!show && this.map.hasLayer(this.group)) {
      this.group.remove();
    }
  }
}
