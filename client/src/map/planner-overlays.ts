import * as L from 'leaflet';
import {
  HULL_STYLE,
  MEMBER_RING_RADIUS,
  MEMBER_RING_STYLE,
  SITE_RING_RADIUS,
  SITE_RING_STYLE,
  SLOT_COLORS,
  STATION_CIRCLE_STYLE,
  STATION_POINT_STYLE,
  SUGGESTION_RING_RADIUS,
  SUGGESTION_RING_STYLE,
  UNCOVERED_RING_RADIUS,
  UNCOVERED_RING_STYLE,
  type DraftSlot,
} from './planner-styles.ts';

type LngLat = readonly number[];

/** Plain data the planner page hands the map; everything Leaflet stays in here. */
export interface PlannerOverlayData {
  /** Member villages of the draft(s) shown, with the lead flagged. */
  members: { id: number; lngLat: LngLat; lead: boolean }[];
  hulls: { slot: DraftSlot; coordinates: number[][][] }[];
  /** Partner suggestions, best first (rank 1…). */
  suggestions: { id: number; lngLat: LngLat; rank: number }[];
  /** Villages or nodes that could fill a missing chain stage. */
  suppliers: { lngLat: LngLat; label: string }[];
  coverage: {
    stations: { lngLat: LngLat; radiusM: number; name: string }[];
    uncovered: LngLat[];
    sites: { lngLat: LngLat; label: string }[];
  } | null;
}

export const NO_OVERLAYS: PlannerOverlayData = {
  members: [],
  hulls: [],
  suggestions: [],
  suppliers: [],
  coverage: null,
};

const toLatLng = (p: LngLat): L.LatLngExpression => [p[1]!, p[0]!];
const valid = (p: LngLat) => Number.isFinite(p[0]) && Number.isFinite(p[1]);

function label(className: string, text: string): L.DivIcon {
  const span = document.createElement('span');
  span.textContent = text; // textContent: names come from user data
  return L.divIcon({ className, html: span, iconSize: [0, 0] });
}

/**
 * The planner's overlays on the village map: hulls and station circles under the village points
 * (same canvas, not clickable), rings and labels over them. Nothing here takes clicks, so a
 * click always reaches the village point under it.
 */
export class PlannerOverlays {
  private readonly under = L.layerGroup();
  private readonly over = L.layerGroup();
  private readonly labels = L.layerGroup();

  constructor(private readonly map: L.Map) {
    this.under.addTo(map);
    this.over.addTo(map);
    this.labels.addTo(map);
  }

  setData(d: PlannerOverlayData): void {
    this.under.clearLayers();
    this.over.clearLayers();
    this.labels.clearLayers();
    const noClicks = { interactive: false } as const;

    for (const s of d.coverage?.stations ?? []) {
      if (!valid(s.lngLat)) continue;
      this.under.addLayer(L.circle(toLatLng(s.lngLat), { ...STATION_CIRCLE_STYLE, ...noClicks, radius: s.radiusM }));
    }
    for (const h of d.hulls) {
      const color = SLOT_COLORS[h.slot];
      const latLngs = L.GeoJSON.coordsToLatLngs(h.coordinates, 1) as L.LatLng[][];
      this.under.addLayer(L.polygon(latLngs, { ...HULL_STYLE, ...noClicks, color, fillColor: color }));
    }
    // Under every village point already on the shared canvas.
    this.under.eachLayer((l) => (l as L.Path).bringToBack());

    for (const s of d.coverage?.stations ?? []) {
      if (!valid(s.lngLat)) continue;
      this.over.addLayer(L.circleMarker(toLatLng(s.lngLat), { ...STATION_POINT_STYLE, ...noClicks, radius: 4 }));
    }
    for (const p of d.coverage?.uncovered ?? []) {
      if (valid(p))
        this.over.addLayer(
          L.circleMarker(toLatLng(p), { ...UNCOVERED_RING_STYLE, ...noClicks, radius: UNCOVERED_RING_RADIUS }),
        );
    }
    for (const site of d.coverage?.sites ?? []) {
      if (!valid(site.lngLat)) continue;
      this.over.addLayer(
        L.circleMarker(toLatLng(site.lngLat), { ...SITE_RING_STYLE, ...noClicks, radius: SITE_RING_RADIUS }),
      );
      this.labels.addLayer(
        L.marker(toLatLng(site.lngLat), { icon: label('xt-planner-site', site.label), ...noClicks, keyboard: false }),
      );
    }
    for (const s of d.suggestions) {
      if (!valid(s.lngLat)) continue;
      this.over.addLayer(
        L.circleMarker(toLatLng(s.lngLat), { ...SUGGESTION_RING_STYLE, ...noClicks, radius: SUGGESTION_RING_RADIUS }),
      );
      this.labels.addLayer(
        L.marker(toLatLng(s.lngLat), { icon: label('xt-planner-rank', String(s.rank)), ...noClicks, keyboard: false }),
      );
    }
    for (const m of d.members) {
      if (!valid(m.lngLat)) continue;
      this.over.addLayer(
        L.circleMarker(toLatLng(m.lngLat), { ...MEMBER_RING_STYLE, ...noClicks, radius: MEMBER_RING_RADIUS }),
      );
      if (m.lead) {
        this.labels.addLayer(
          L.marker(toLatLng(m.lngLat), { icon: label('xt-planner-lead', '★'), ...noClicks, keyboard: false }),
        );
      }
    }
    for (const s of d.suppliers) {
      if (!valid(s.lngLat)) continue;
      this.labels.addLayer(
        L.marker(toLatLng(s.lngLat), {
          icon: label('xt-planner-supplier', s.label),
          ...noClicks,
          keyboard: false,
        }),
      );
    }
  }

  /** The bounds of the hulls and members drawn, or null when there are none. */
  bounds(): L.LatLngBounds | null {
    let b: L.LatLngBounds | null = null;
    const take = (l: L.Layer) => {
      const lb =
        l instanceof L.Polygon || l instanceof L.Circle
          ? l.getBounds()
          : l instanceof L.CircleMarker
            ? L.latLngBounds([l.getLatLng()])
            : null;
      if (lb) b = b ? b.extend(lb) : lb;
    };
    this.under.eachLayer(take);
    this.over.eachLayer(take);
    return b;
  }

  remove(): void {
    this.under.remove();
    this.over.remove();
    this.labels.remove();
  }
}
