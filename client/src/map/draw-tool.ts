import * as L from 'leaflet';
import type { Geometry } from '../../../common/schemas/geometry.ts';
import { geometryToVertices, verticesToGeometry, type DrawKind, type LngLat } from './draw-geometry.ts';

const SHAPE_STYLE: L.PathOptions = { color: '#d9480f', weight: 3, dashArray: '6 4', fillOpacity: 0.15 };

/**
 * Touch-first drawing of a point, line or polygon: a tap on the map adds a vertex (a point moves),
 * every vertex is a large draggable handle, the last one can be undone. Reports the geometry (or
 * null while too few vertices) after every change.
 */
export class DrawTool {
  private kind: DrawKind = 'Point';
  private vertices: LngLat[] = [];
  private readonly group: L.LayerGroup;
  private active = false;

  constructor(
    private readonly map: L.Map,
    private readonly onChange: (geometry: Geometry | null, vertices: number) => void,
  ) {
    this.group = L.layerGroup().addTo(map);
    map.createPane('xt-draw').style.zIndex = '650';
  }

  get isActive(): boolean {
    return this.active;
  }

  /** Starts drawing `kind`, from `initial` when it is of that kind (vertex editing). */
  start(kind: DrawKind, initial: Geometry | null = null): void {
    this.stop();
    this.kind = kind;
    const v = geometryToVertices(initial);
    this.vertices = v && v.kind === kind ? v.vertices : [];
    this.active = true;
    this.map.on('click', this.onClick);
    this.map.doubleClickZoom.disable();
    this.map.getContainer().classList.add('xt-drawing');
    this.redraw();
    this.emit();
  }

  undo(): void {
    this.vertices.pop();
    this.redraw();
    this.emit();
  }

  /** Stops drawing. @returns the geometry drawn, or null when too few vertices */
  stop(): Geometry | null {
    const g = this.active ? verticesToGeometry(this.kind, this.vertices) : null;
    this.active = false;
    this.map.off('click', this.onClick);
    this.map.doubleClickZoom.enable();
    this.map.getContainer().classList.remove('xt-drawing');
    this.group.clearLayers();
    return g;
  }

  private readonly onClick = (e: L.LeafletMouseEvent): void => {
    const v: LngLat = [e.latlng.lng, e.latlng.lat];
    if (this.kind === 'Point') this.vertices = [v];
    else this.vertices.push(v);
    this.redraw();
    this.emit();
  };

  private emit(): void {
    this.onChange(verticesToGeometry(this.kind, this.vertices), this.vertices.length);
  }

  private redraw(): void {
    this.group.clearLayers();
    const latLngs = this.vertices.map(([lng, lat]) => L.latLng(lat, lng));
    if (this.kind === 'Polygon' && latLngs.length >= 2)
      L.polygon(latLngs, { ...SHAPE_STYLE, interactive: false, pane: 'xt-draw' }).addTo(this.group);
    if (this.kind === 'LineString' && latLngs.length >= 2)
      L.polyline(latLngs, { ...SHAPE_STYLE, interactive: false, pane: 'xt-draw' }).addTo(this.group);
    latLngs.forEach((ll, i) => {
      const handle = L.marker(ll, {
        draggable: true,
        pane: 'xt-draw',
        keyboard: false,
        icon: L.divIcon({ className: 'xt-handle', iconSize: [28, 28], iconAnchor: [14, 14] }),
      }).addTo(this.group);
      handle.on('drag', () => {
        const p = handle.getLatLng();
        this.vertices[i] = [p.lng, p.lat];
        this.redrawShape();
      });
      handle.on('dragend', () => {
        this.redraw();
        this.emit();
      });
    });
  }

  /** During a drag only the outline follows (the handles stay where they are). */
  private redrawShape(): void {
    this.group.eachLayer((l) => {
      if (l instanceof L.Polyline) l.setLatLngs(this.vertices.map(([lng, lat]) => L.latLng(lat, lng)));
    });
  }
}
