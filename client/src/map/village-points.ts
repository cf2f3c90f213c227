import * as L from 'leaflet';
import type { VillageMapProps, VillageMapPointCollection } from '../api/villages.ts';
import { CLICK_TOLERANCE } from './create-map.ts';
import { POINT_RADIUS, POINT_STYLE, SELECTED_POINT_RADIUS, SELECTED_POINT_STYLE, bandColor } from './styles.ts';
import { HitGrid } from './village-hit.ts';

interface Drawn {
  marker: L.CircleMarker;
  color: string;
  lng: number;
  lat: number;
}

/**
 * Village points as circle markers on the shared canvas, coloured by income band. Updates are
 * diffed by feature id so panning only adds and removes what changed.
 */
export class VillagePointLayer {
  private readonly group = L.featureGroup();
  private readonly drawn = new Map<number, Drawn>();
  private readonly idOf = new WeakMap<L.Layer, number>();
  private selectedId: number | null = null;

  constructor(
    private readonly map: L.Map,
    onClick: (id: number) => void,
  ) {
    this.group.addTo(map);
    this.group.on('click', (e: L.LeafletMouseEvent) => {
      const id = this.idOf.get(e.propagatedFrom as L.Layer);
      if (id !== undefined) onClick(id);
    });
  }

  /**
   * Draws exactly the villages of `fc` (none for null).
   * @param colorOf fill colour of a village (the thematic view); income band by default
   */
  setData(
    fc: VillageMapPointCollection | null,
    colorOf: (p: VillageMapProps) => string = (p) => bandColor(p.income_band),
  ): void {
    const keep = new Set<number>();
    for (const f of fc?.features ?? []) {
      const c = f.geometry?.type === 'Point' ? f.geometry.coordinates : null;
      const lng = c?.[0];
      const lat = c?.[1];
      if (typeof f.id !== 'number' || lng === undefined || lat === undefined) continue;
      keep.add(f.id);
      const color = colorOf(f.properties);
      const old = this.drawn.get(f.id);
      if (old) {
        if (old.lng !== lng || old.lat !== lat) old.marker.setLatLng([lat, lng]);
        if (old.color !== color) old.marker.setStyle({ fillColor: color });
        Object.assign(old, { color, lng, lat });
        continue;
      }
      const selected = f.id === this.selectedId;
      const marker = L.circleMarker([lat, lng], {
        ...(selected ? SELECTED_POINT_STYLE : POINT_STYLE),
        radius: selected ? SELECTED_POINT_RADIUS : POINT_RADIUS,
        fillColor: color,
      });
      this.idOf.set(marker, f.id);
      this.drawn.set(f.id, { marker, color, lng, lat });
      this.group.addLayer(marker);
    }
    for (const [id, d] of this.drawn) {
      if (keep.has(id)) continue;
      this.group.removeLayer(d.marker);
      this.drawn.delete(id);
    }
    this.bringSelectedToFront();
  }

  /** Highlights one village (null: none). */
  setSelected(id: number | null): void {
    if (id === this.selectedId) return;
    const prev = this.selectedId === null ? undefined : this.drawn.get(this.selectedId);
    prev?.marker.setStyle(POINT_STYLE).setRadius(POINT_RADIUS);
    this.selectedId = id;
    const next = id === null ? undefined : this.drawn.get(id);
    next?.marker.setStyle(SELECTED_POINT_STYLE).setRadius(SELECTED_POINT_RADIUS);
    this.bringSelectedToFront();
  }

  /** Puts the points above every other shape on the canvas (after overlays were added). */
  bringToFront(): void {
    this.group.bringToFront();
    this.bringSelectedToFront();
  }

  get count(): number {
    return this.drawn.size;
  }

  /**
   * A container pixel where a real click selects this village (its centre unless a later-drawn
   * point or an overlay covers it), or null when it is not drawn.
   */
  pixel(id: number): { x: number; y: number } | null {
    const d = this.drawn.get(id);
    if (!d) return null;
    const { order, grid, accept } = this.hitTest();
    const centre = grid.circles[order.indexOf(id)]!;
    return grid.clickablePixel(order.indexOf(id), accept) ?? { x: centre.x, y: centre.y };
  }

  /** Ids of the drawn villages: clickable ones first, each group nearest the map centre first. */
  ids(): number[] {
    const { order, grid, accept } = this.hitTest();
    const size = this.map.getSize();
    return order
      .map((id, i) => {
        const c = grid.circles[i]!;
        const clickable = grid.clickablePixel(i, accept) !== null;
        return { id, rank: (clickable ? 0 : 1e12) + (c.x - size.x / 2) ** 2 + (c.y - size.y / 2) ** 2 };
      })
      .sort((a, b) => a.rank - b.rank)
      .map((e) => e.id);
  }

  /** Pixels and hit radii in canvas draw order, and a veto for pixels off the map or under overlays. */
  private hitTest() {
    const order = [...this.drawn.keys()];
    const grid = new HitGrid(
      order.map((id) => {
        const { marker, lat, lng } = this.drawn.get(id)!;
        const p = this.map.latLngToContainerPoint([lat, lng]);
        const { radius = POINT_RADIUS, weight = 0, stroke = true } = marker.options;
        return { x: p.x, y: p.y, hit: radius + (stroke ? weight / 2 : 0) + CLICK_TOLERANCE };
      }),
    );
    const container = this.map.getContainer();
    const rect = container.getBoundingClientRect();
    const size = this.map.getSize();
    const accept = (x: number, y: number) => {
      if (x < 0 || y < 0 || x >= size.x || y >= size.y) return false;
      const el = document.elementFromPoint(rect.left + x, rect.top + y);
      return el instanceof HTMLCanvasElement && container.contains(el);
    };
    return { order, grid, accept };
  }

  private bringSelectedToFront(): void {
    const d = this.selectedId === null ? undefined : this.drawn.get(this.selectedId);
    if (!d || this.selectedId === null) return;
    d.marker.bringToFront();
    // Keep `drawn` in canvas draw order (the hit test relies on it).
    this.drawn.delete(this.selectedId);
    this.drawn.set(this.selectedId, d);
  }
}
