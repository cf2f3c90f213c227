import * as L from 'leaflet';
import { textColorOn } from './styles.ts';

export interface GlyphMarkerOptions extends L.CircleMarkerOptions {
  /** One character drawn on the disc. */
  glyph: string;
  /** Pixel offset of the symbol from its location (e.g. a secretary beside their village). */
  offset?: [number, number];
}

// Leaflet's canvas internals this class relies on (stable since Leaflet 1.0).
interface CanvasInternals {
  _ctx: CanvasRenderingContext2D;
  _updateCircle(layer: L.CircleMarker): void;
}
interface MarkerInternals {
  _point: L.Point;
  _renderer: CanvasInternals;
  _empty(): boolean;
}

/**
 * A circle marker with a character on it, drawn on the shared canvas: thousands of symbols stay
 * cheap (no DOM icons) and are part of the canvas the PNG export copies.
 */
export class GlyphMarker extends L.CircleMarker {
  declare options: GlyphMarkerOptions;

  constructor(latLng: L.LatLngExpression, options: GlyphMarkerOptions) {
    super(latLng, options);
  }

  setGlyph(glyph: string): this {
    this.options.glyph = glyph;
    return this.redraw();
  }

  // Projection with the pixel offset (CircleMarker._project plus `offset`), so drawing and
  // click hit-testing both use the shifted position.
  _project(): void {
    const self = this as unknown as MarkerInternals & {
      _map: L.Map;
      _latlng: L.LatLng;
      _updateBounds(): void;
    };
    const [dx, dy] = this.options.offset ?? [0, 0];
    self._point = self._map.latLngToLayerPoint(self._latlng).add([dx, dy]);
    self._updateBounds();
  }

  _updatePath(): void {
    const self = this as unknown as MarkerInternals;
    const renderer = self._renderer;
    renderer._updateCircle(this);
    if (self._empty() || !this.options.glyph) return;
    const ctx = renderer._ctx;
    const r = this.getRadius();
    const p = self._point;
    ctx.save();
    ctx.fillStyle = textColorOn(this.options.fillColor ?? '#888888');
    ctx.font = `700 ${Math.round(r * 1.15)}px "Noto Sans CJK SC", "Microsoft YaHei", sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(this.options.glyph, p.x, p.y + 0.5);
    ctx.restore();
  }
}
