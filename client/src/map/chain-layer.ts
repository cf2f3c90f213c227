import * as L from 'leaflet';
import { CLICK_TOLERANCE } from './create-map.ts';
import { arrowHead, linkPath, planBends, trimPath, type XY } from './chain-geometry.ts';
import { placeLabels } from './chain-labels.ts';
import {
  ARROW_HALF_WIDTH,
  ARROW_LENGTH,
  LINK_CASING,
  LINK_COLOR,
  LINK_HIGHLIGHT_COLOR,
  LINK_WEIGHT,
  NODE_HIGHLIGHT_RADIUS,
  NODE_HIGHLIGHT_STYLE,
  NODE_PICKED_STYLE,
  NODE_RADIUS,
  NODE_STYLE,
  stageColor,
} from './chain-styles.ts';

/** A chain node as the map draws it (plain data, `[lng, lat]`). */
export interface ChainMapNode {
  id: number;
  chainId: number;
  name: string;
  stage: string;
  lngLat: readonly [number, number];
  /** Extra tooltip line (chain name, operator …). */
  detail?: string;
}

/** A link as the map draws it; `label` is its tooltip. */
export interface ChainMapLink {
  id: number;
  chainId: number;
  from: number;
  to: number;
  label: string;
}

/** What is emphasised: a node (table row, map click), a link, nodes picked while drawing a link. */
export interface ChainEmphasis {
  nodeId: number | null;
  linkId: number | null;
  picked: readonly number[];
}

/** Node names are drawn for a single chain, or for all from this zoom on. */
export const LABEL_MIN_ZOOM = 14;
const LABEL_FONT = '12px system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif';
const LABEL_HEIGHT = 18;
const LABEL_PADDING = 8;

let measurer: CanvasRenderingContext2D | null | undefined;
/** The width of a label in pixels (canvas text metrics; a rough estimate without a canvas). */
function labelWidth(text: string): number {
  if (measurer === undefined) measurer = document.createElement('canvas').getContext('2d');
  if (!measurer) return text.length * 12 + LABEL_PADDING;
  measurer.font = LABEL_FONT;
  return Math.ceil(measurer.measureText(text).width) + LABEL_PADDING;
}

function tooltip(lines: readonly string[]): HTMLElement {
  const el = document.createElement('div');
  el.className = 'xt-chain-tip';
  lines.forEach((line, i) => {
    const row = document.createElement(i === 0 ? 'strong' : 'div');
    row.textContent = line; // textContent: names come from user data
    el.append(row);
  });
  return el;
}

/**
 * The chains on the shared canvas: links (white casing, line, arrowhead at the target end, bent
 * where they would overlap) under the stage-coloured node circles. Everything is rebuilt on a
 * data, filter or zoom change: a county has tens of chains with tens of nodes each, and link
 * shapes are computed in pixels so arrowheads keep their size.
 */
export class ChainLayer {
  private readonly group = L.featureGroup();
  private readonly labels = L.layerGroup();
  private nodes: ChainMapNode[] = [];
  private links: ChainMapLink[] = [];
  private filter: number | null = null;
  private emphasis: ChainEmphasis = { nodeId: null, linkId: null, picked: [] };
  private readonly nodeOf = new WeakMap<L.Layer, number>();
  private readonly linkOf = new WeakMap<L.Layer, number>();
  private drawnNodes: { id: number; lngLat: readonly [number, number] }[] = [];
  private drawnLinks: number[] = [];

  constructor(
    private readonly map: L.Map,
    private readonly renderer: L.Canvas,
    private readonly labelPane: string,
    handlers: { nodeClick(id: number): void; linkClick(id: number): void },
  ) {
    this.group.addTo(map);
    this.labels.addTo(map);
    this.group.on('click', (e: L.LeafletMouseEvent) => {
      const layer = e.propagatedFrom as L.Layer;
      const node = this.nodeOf.get(layer);
      if (node !== undefined) return handlers.nodeClick(node);
      const link = this.linkOf.get(layer);
      if (link !== undefined) handlers.linkClick(link);
    });
    map.on('zoomend', () => this.redraw());
  }

  setData(nodes: readonly ChainMapNode[], links: readonly ChainMapLink[]): void {
    this.nodes = [...nodes];
    this.links = [...links];
    this.redraw();
  }

  /** Shows or hides the whole layer (nodes, links and labels). */
  setVisible(visible: boolean): void {
    for (const g of [this.group, this.labels]) {
      if (visible && !this.map.hasLayer(g)) g.addTo(this.map);
      else if (!visible && this.map.hasLayer(g)) g.remove();
    }
  }

  /** Draws the chains above the other shapes on the canvas. */
  bringToFront(): void {
    if (this.map.hasLayer(this.group)) this.group.bringToFront();
  }

  /** Shows one chain only (null: all). */
  setFilter(chainId: number | null): void {
    if (chainId === this.filter) return;
    this.filter = chainId;
    this.redraw();
  }

  setEmphasis(emphasis: ChainEmphasis): void {
    this.emphasis = { ...emphasis, picked: [...emphasis.picked] };
    this.redraw();
  }

  /** Ids of the drawn nodes, in draw order. */
  visibleNodeIds(): number[] {
    return this.drawnNodes.map((n) => n.id);
  }

  /** Ids of the links drawn with an arrowhead. */
  linkIds(): number[] {
    return [...this.drawnLinks];
  }

  /** A container pixel on a drawn node (its centre), or null. */
  nodePixel(id: number): { x: number; y: number } | null {
    const n = this.drawnNodes.find((d) => d.id === id);
    if (!n) return null;
    const p = this.map.latLngToContainerPoint([n.lngLat[1], n.lngLat[0]]);
    return { x: p.x, y: p.y };
  }

  /** The extent of the drawn nodes (of one chain, or of all), or null. */
  bounds(chainId: number | null): L.LatLngBounds | null {
    const pts = this.nodes.filter((n) => chainId === null || n.chainId === chainId);
    if (!pts.length) return null;
    return L.latLngBounds(pts.map((n) => [n.lngLat[1], n.lngLat[0]] as L.LatLngTuple));
  }

  private redraw(): void {
    this.group.clearLayers();
    this.labels.clearLayers();
    const nodes = this.nodes.filter((n) => this.filter === null || n.chainId === this.filter);
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const links = this.links.filter((l) => byId.has(l.from) && byId.has(l.to));
    const zoom = this.map.getZoom();
    const px = new Map<number, XY>();
    for (const n of nodes) {
      const p = this.map.project([n.lngLat[1], n.lngLat[0]], zoom);
      px.set(n.id, [p.x, p.y]);
    }
    const toLatLng = (p: XY) => this.map.unproject([p[0], p[1]], zoom);
    const bends = planBends(
      links.map((l) => ({ id: l.id, from: l.from, to: l.to })),
      px,
    );

    this.drawnLinks = [];
    const emphasised = new Set([this.emphasis.nodeId, ...this.emphasis.picked]);
    const gap = (id: number) => (emphasised.has(id) ? NODE_HIGHLIGHT_RADIUS : NODE_RADIUS) + 2;
    for (const l of links) {
      const bend = bends.get(l.id);
      if (bend === undefined) continue;
      const path = linkPath(px.get(l.from)!, px.get(l.to)!, bend);
      // The arrow's tip touches the target circle; the line stops inside the arrowhead.
      const toTip = trimPath(path, gap(l.from), gap(l.to));
      const head = toTip && arrowHead(toTip, ARROW_LENGTH, ARROW_HALF_WIDTH);
      const line = toTip && trimPath(toTip, 0, ARROW_LENGTH * 0.6);
      if (!toTip || !head || !line) continue;
      const highlight = l.id === this.emphasis.linkId;
      const color = highlight ? LINK_HIGHLIGHT_COLOR : LINK_COLOR;
      const latLngs = line.map(toLatLng);
      this.group.addLayer(
        L.polyline(latLngs, { ...LINK_CASING, renderer: this.renderer, interactive: false, lineCap: 'round' }),
      );
      const shaft = L.polyline(latLngs, {
        renderer: this.renderer,
        color,
        weight: highlight ? LINK_WEIGHT + 1.5 : LINK_WEIGHT,
        opacity: 0.95,
        lineCap: 'round',
      });
      shaft.bindTooltip(tooltip([l.label]), { sticky: true, direction: 'top', offset: [0, -6] });
      this.linkOf.set(shaft, l.id);
      this.group.addLayer(shaft);
      const arrow = L.polygon(head.map(toLatLng), {
        renderer: this.renderer,
        color: '#ffffff',
        weight: 1,
        fillColor: color,
        fillOpacity: 1,
        interactive: false,
      });
      this.group.addLayer(arrow);
      this.drawnLinks.push(l.id);
    }

    // Emphasised nodes last, so they sit on top and take the click.
    const ordered = [...nodes].sort((a, b) => Number(emphasised.has(a.id)) - Number(emphasised.has(b.id)));
    this.drawnNodes = [];
    for (const n of ordered) {
      const picked = this.emphasis.picked.includes(n.id);
      const highlighted = n.id === this.emphasis.nodeId;
      const style = picked ? NODE_PICKED_STYLE : highlighted ? NODE_HIGHLIGHT_STYLE : NODE_STYLE;
      const marker = L.circleMarker([n.lngLat[1], n.lngLat[0]], {
        ...style,
        renderer: this.renderer,
        radius: picked || highlighted ? NODE_HIGHLIGHT_RADIUS : NODE_RADIUS,
        fillColor: stageColor(n.stage),
      });
      marker.bindTooltip(tooltip([n.name, n.detail ? `${n.stage} · ${n.detail}` : n.stage]), {
        direction: 'top',
        offset: [0, -NODE_RADIUS - CLICK_TOLERANCE],
      });
      this.nodeOf.set(marker, n.id);
      this.group.addLayer(marker);
      this.drawnNodes.push({ id: n.id, lngLat: n.lngLat });
    }
    if (this.filter !== null || zoom >= LABEL_MIN_ZOOM) this.drawLabels([...ordered].reverse(), px);
  }

  /** Names beside the nodes, the emphasised ones first; a name with no free side is left out. */
  private drawLabels(nodes: readonly ChainMapNode[], px: ReadonlyMap<number, XY>): void {
    const requests = nodes.map((n) => {
      const [x, y] = px.get(n.id)!;
      return { id: n.id, x, y, width: labelWidth(n.name), height: LABEL_HEIGHT };
    });
    const centres = requests.map((r) => ({ x: r.x, y: r.y }));
    const byId = new Map(nodes.map((n) => [n.id, n]));
    for (const p of placeLabels(requests, centres, NODE_HIGHLIGHT_RADIUS, 2)) {
      const n = byId.get(p.id)!;
      const span = document.createElement('span');
      span.textContent = n.name; // textContent: names come from user data
      span.style.left = `${p.dx}px`;
      span.style.top = `${p.dy}px`;
      this.labels.addLayer(
        L.marker([n.lngLat[1], n.lngLat[0]], {
          icon: L.divIcon({ className: 'xt-chain-node-label', html: span, iconSize: [0, 0] }),
          pane: this.labelPane,
          interactive: false,
          keyboard: false,
        }),
      );
    }
  }
}
