/**
 * Colours and path styles of the planner's overlays (联建规划). Pure data (no Leaflet), so the
 * planner legend and the map draw from the same source.
 */

/** A draft slot of the planner: two drafts can be built and compared side by side. */
export type DraftSlot = 'A' | 'B';

/** Hull colours of the two drafts (blue and orange read apart for most colour vision). */
export const SLOT_COLORS: Readonly<Record<DraftSlot, string>> = { A: '#1f5fbf', B: '#d9661f' };

export const HULL_STYLE = { weight: 2, opacity: 0.95, fillOpacity: 0.14 } as const;
/** Member villages: a thick dark ring around the band-coloured point. */
export const MEMBER_RING_STYLE = { color: '#102a56', weight: 4, opacity: 1, fill: false } as const;
export const MEMBER_RING_RADIUS = 10;
/** Partner suggestions: a dashed ring. */
export const SUGGESTION_RING_STYLE = {
  color: '#6a3fb5',
  weight: 2.5,
  opacity: 1,
  dashArray: '4 3',
  fill: false,
} as const;
export const SUGGESTION_RING_RADIUS = 12;
/** Villages outside every station's service circle. */
export const UNCOVERED_RING_STYLE = { color: '#c0161b', weight: 2.5, opacity: 1, fill: false } as const;
export const UNCOVERED_RING_RADIUS = 10;
/** Station service circles (metres on the ground). */
export const STATION_CIRCLE_STYLE = {
  color: '#2f7d4a',
  weight: 1,
  opacity: 0.8,
  fillColor: '#4caf6d',
  fillOpacity: 0.12,
} as const;
export const STATION_POINT_STYLE = { color: '#ffffff', weight: 1.5, fillColor: '#2f7d4a', fillOpacity: 1 } as const;
/** Suggested new station sites: a thick purple ring around the village. */
export const SITE_RING_STYLE = { color: '#7a1f9c', weight: 4, opacity: 1, fill: false } as const;
export const SITE_RING_RADIUS = 13;
/** The lasso while it is being drawn. */
export const LASSO_STYLE = {
  color: '#102a56',
  weight: 2,
  opacity: 0.9,
  dashArray: '6 4',
  fill: true,
  fillOpacity: 0.06,
} as const;
