import * as L from 'leaflet';

/** What one feature draws: shapes (areas, lines, circles) below, symbols (glyph markers) above. */
export interface Drawing {
  shapes: L.Path[];
  symbols: L.CircleMarker[];
}

export interface OverlayItem {
  id: number;
  /** Changes when the drawing must be rebuilt (version, theme …). */
  key: string;
  draw(selected: boolean): Drawing;
}

/**
 * One map layer of features on the shared canvas, diffed by id and key so panning adds and
 * removes only what changed. Clicks report the feature id; the selected feature is redrawn
 * highlighted.
 */
export class FeatureOverlay {
  readonly shapes = L.featureGroup();
  readonly symbols = L.featureGroup();
  private readonly drawn = new Map<number, { item: OverlayItem; drawing: Drawing }>();
  private readonly idOf = new WeakMap<L.Layer, number>();
  private selectedId: number | null = null;
  private visible = false;

  constructor(
    private readonly map: L.Map,
    onClick: (id: number) => void,
  ) {
    const click = (e: L.LeafletMouseEvent) => {
      const id = this.idOf.get(e.propagatedFrom as L.Layer);
      if (id !== undefined) {
        L.DomEvent.stop(e);
        onClick(id);
      }
    };
    this.shapes.on('click', click);
    this.symbols.on('click', click);
  }

  setVisible(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    for (const g of [this.shapes, this.symbols]) {
      if (visible) g.addTo(this.map);
      else g.remove();
    }
  }

  /** Draws exactly these items (an empty list clears the layer). */
  setItems(items: readonly OverlayItem[]): void {
    const keep = new Set<number>();
    for (const item of items) {
      keep.add(item.id);
      const old = this.drawn.get(item.id);
      if (old && old.item.key === item.key) continue;
      if (old) this.remove(old.drawing);
      this.add(item);
    }
    for (const [id, d] of this.drawn) {
      if (keep.has(id)) continue;
      this.remove(d.drawing);
      this.drawn.delete(id);
    }
  }

  setSelected(id: number | null): void {
    if (id === this.selectedId) return;
    const prev = this.selectedId;
    this.selectedId = id;
    for (const x of [prev, id]) {
      const d = x === null ? undefined : this.drawn.get(x);
      if (!d) continue;
      this.remove(d.drawing);
      this.add(d.item);
    }
  }

  get count(): number {
    return this.drawn.size;
  }

  ids(): number[] {
    return [...this.drawn.keys()];
  }

  /** The container pixel of a feature's symbol (or first shape), or null when not drawn. */
  pixel(id: number): { x: number; y: number } | null {
    const d = this.drawn.get(id);
    if (!d || !this.visible) return null;
    const marker = d.drawing.symbols[0];
    const ll = marker ? marker.getLatLng() : (d.drawing.shapes[0] as L.Polyline | undefined)?.getBounds().getCenter();
    if (!ll) return null;
    const p = this.map.latLngToContainerPoint(ll);
    const off = (marker?.options as { offset?: [number, number] } | undefined)?.offset ?? [0, 0];
    return { x: p.x + off[0], y: p.y + off[1] };
  }

  /** Where a feature is, for flying to it. */
  latLng(id: number): L.LatLng | null {
    const d = this.drawn.get(id);
    const marker = d?.drawing.symbols[0];
    if (marker) return marker.getLatLng();
    const shape = d?.drawing.shapes[0] as L.Polyline | undefined;
    return shape ? shape.getBounds().getCenter() : null;
  }

  private add(item: OverlayItem): void {
    const drawing = item.draw(item.id === this.selectedId);
    for (const l of drawing.shapes) {
      this.idOf.set(l, item.id);
      this.shapes.addLayer(l);
    }
    for (const l of drawing.symbols) {
      this.idOf.set(l, item.id);
      this.symbols.addLayer(l);
    }
    this.drawn.set(item.id, { item, drawing });
  }

  private remove(drawing: Drawing): void {
    for (const l of drawing.shapes) this.shapes.removeLayer(l);
    for (const l of drawing.symbols) this.symbols.removeLayer(l);
  }
}
