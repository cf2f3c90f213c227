/**
 * GeoJSON features of each map layer → what FeatureOverlay draws. Styles come from themes.ts, so
 * the legend and the drawing cannot disagree.
 */
import * as L from 'leaflet';
import type { Feature } from '../api/geojson.ts';
import type { Drawing, OverlayItem } from './feature-overlay.ts';
import { GlyphMarker } from './glyph-marker.ts';
import { anchorOf } from './label-point.ts';
import { ALLIANCE_COLOR, SECRETARY_GLYPH, assetGlyph, secretaryColor, stationGlyph, type Glyph } from './themes.ts';
import { DEFAULT_SERVICE_RADIUS_M } from '../../../common/enums.ts';

import type { AnyGeometry as Geometry } from './label-point.ts';
import { textTip } from './text-tip.ts';
export type AnyFeature = Feature<Geometry, Record<string, unknown>>;

const SELECTED = { color: '#0b3d91', weight: 3 } as const;
const SYMBOL_STYLE = { color: '#1f2421', weight: 1, opacity: 1, fillOpacity: 1 } as const;

function glyphMarker(lngLat: readonly number[], g: Glyph, selected: boolean, offset?: [number, number]) {
  return new GlyphMarker([lngLat[1]!, lngLat[0]!], {
    ...SYMBOL_STYLE,
    ...(selected ? SELECTED : {}),
    radius: selected ? g.radius + 3 : g.radius,
    fillColor: g.color,
    glyph: g.glyph,
    offset,
  });
}

function shapesOf(g: Geometry, style: L.PathOptions): L.Path[] {
  if (!g) return [];
  if (g.type === 'Polygon' || g.type === 'MultiPolygon') {
    return [L.polygon(L.GeoJSON.coordsToLatLngs(g.coordinates as never[], g.type === 'Polygon' ? 1 : 2), style)];
  }
  if (g.type === 'LineString') return [L.polyline(L.GeoJSON.coordsToLatLngs(g.coordinates as never[], 0), style)];
  return [];
}

function item(f: AnyFeature, extraKey: string, draw: (selected: boolean) => Drawing): OverlayItem | null {
  return typeof f.id === 'number' ? { id: f.id, key: `${String(f.properties.version)}|${extraKey}`, draw } : null;
}

export function assetItem(f: AnyFeature): OverlayItem | null {
  const g = assetGlyph(f.properties.subtype as string);
  const anchor = anchorOf(f.geometry);
  if (!anchor) return null;
  return item(f, '', (selected) => ({
    shapes: shapesOf(f.geometry, {
      color: selected ? SELECTED.color : g.color,
      weight: selected ? 3 : f.geometry?.type === 'LineString' ? 3 : 1.5,
      fillColor: g.color,
      fillOpacity: 0.35,
    }),
    symbols: [glyphMarker(anchor, g, selected)],
  }));
}

export function stationItem(f: AnyFeature): OverlayItem | null {
  const g = stationGlyph(f.properties.level as string);
  const anchor = anchorOf(f.geometry);
  if (!anchor) return null;
  const radius = Number(f.properties.service_radius_m ?? DEFAULT_SERVICE_RADIUS_M) || DEFAULT_SERVICE_RADIUS_M;
  return item(f, '', (selected) => ({
    shapes: [
      L.circle([anchor[1], anchor[0]], {
        radius,
        interactive: false,
        color: g.color,
        weight: selected ? 2.5 : 1.2,
        dashArray: '4 4',
        fillColor: g.color,
        fillOpacity: selected ? 0.12 : 0.06,
      }),
    ],
    symbols: [glyphMarker(anchor, g, selected)],
  }));
}

/** Secretaries at their village, beside its point (first secretary right, team members further). */
export function secretaryItem(f: AnyFeature, today: string, slot: number): OverlayItem | null {
  const anchor = anchorOf(f.geometry);
  if (!anchor) return null;
  const color = secretaryColor(f.properties, today);
  const offset: [number, number] = [12 + slot * 13, -11];
  return item(f, `${color}|${slot}`, (selected) => ({
    shapes: [],
    symbols: [
      glyphMarker(anchor, { color, glyph: SECRETARY_GLYPH.glyph, radius: SECRETARY_GLYPH.radius }, selected, offset),
    ],
  }));
}

export function allianceItem(f: AnyFeature): OverlayItem | null {
  if (!f.geometry) return null;
  const it = item(f, '', (selected) => {
    const shapes = shapesOf(f.geometry, {
      color: selected ? SELECTED.color : ALLIANCE_COLOR,
      weight: selected ? 3.5 : 2,
      dashArray: '8 5',
      fillColor: ALLIANCE_COLOR,
      fillOpacity: 0.07,
    });
    shapes.forEach((s) => s.bindTooltip(textTip(String(f.properties.name ?? '')), { sticky: true }));
    return { shapes, symbols: [] };
  });
  return it;
}

/** Builds the items of a collection, skipping features without a drawable geometry. */
export function itemsOf(features: readonly AnyFeature[], build: (f: AnyFeature) => OverlayItem | null): OverlayItem[] {
  const out: OverlayItem[] = [];
  for (const f of features) {
    const it = build(f);
    if (it) out.push(it);
  }
  return out;
}

/** Secretaries with their slot beside the village (first secretary first, then by id). */
export function secretaryItems(features: readonly AnyFeature[], today: string): OverlayItem[] {
  const order = (f: AnyFeature) => (f.properties.role === '第一书记' ? 0 : 1);
  const sorted = [...features].sort((a, b) => order(a) - order(b) || Number(a.id) - Number(b.id));
  const slots = new Map<unknown, number>();
  return itemsOf(sorted, (f) => {
    const slot = slots.get(f.properties.village_id) ?? 0;
    slots.set(f.properties.village_id, slot + 1);
    return secretaryItem(f, today, slot);
  });
}
