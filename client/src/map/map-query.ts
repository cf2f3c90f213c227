/**
 * Everything the main map shows, held in the URL so that a copied link opens the same map:
 *
 * | key        | value                                                   | default              |
 * | ---------- | ------------------------------------------------------- | -------------------- |
 * | `c`        | `lng,lat,zoom` (see view-query.ts)                       | fit the townships    |
 * | `layers`   | shown layers, comma-separated (`MAP_LAYERS`)             | `townships,villages` |
 * | `theme`    | how villages are coloured: `income`, `secretary`, `flag` | `income`             |
 * | `tflag`    | the flag the `flag` theme shows                          | the first flag       |
 * | `township` | township ids, comma-separated                            | all                  |
 * | `band`     | income bands (`INCOME_BANDS`)                            | all                  |
 * | `flag`     | village flags; a village matches when it has any of them | all                  |
 * | `sec`      | secretary statuses (`SECRETARY_STATES`)                  | all                  |
 * | `subtype`  | asset subtypes (`ASSET_SUBTYPE_NAMES`)                   | all                  |
 * | `village`  | the selected village's id                                | none                 |
 * | `sel`      | another selected feature: `layer:id`, e.g. `stations:3`  | none                 |
 *
 * Unknown values are dropped, so an old or hand-edited link still opens a map.
 * The dashboard links here with {@link mapLocation}.
 */
import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import { ASSET_SUBTYPE_NAMES, INCOME_BANDS, type AssetSubtype, type IncomeBand } from '../../../common/enums.ts';

export const MAP_LAYERS = [
  'townships',
  'villages',
  'assets',
  'secretaries',
  'stations',
  'chains',
  'alliances',
] as const;
export type MapLayer = (typeof MAP_LAYERS)[number];
export const DEFAULT_LAYERS: readonly MapLayer[] = ['townships', 'villages'];

export const VILLAGE_THEMES = ['income', 'secretary', 'flag'] as const;
export type VillageTheme = (typeof VILLAGE_THEMES)[number];

/**
 * A village's first-secretary state, as the villages API reports it in `secretary_state`:
 * `posted` a first secretary in post whose term runs more than 90 days; `ending` in post, term
 * ends within 90 days; `vacant` a target village (one of the target flags) with no first
 * secretary in post; `none` not a target village and no first secretary.
 */
export const SECRETARY_STATES = ['posted', 'ending', 'vacant', 'none'] as const;
export type SecretaryState = (typeof SECRETARY_STATES)[number];

/** Selectable features other than villages. */
export const SELECTABLE_LAYERS = ['assets', 'secretaries', 'stations', 'chain-nodes', 'alliances'] as const;
export type SelectableLayer = (typeof SELECTABLE_LAYERS)[number];

export interface MapFilters {
  township: number[];
  band: IncomeBand[];
  flag: string[];
  sec: SecretaryState[];
  subtype: AssetSubtype[];
}

export interface MapState {
  layers: MapLayer[];
  theme: VillageTheme;
  themeFlag: string | null;
  filters: MapFilters;
  village: number | null;
  sel: { layer: SelectableLayer; id: number } | null;
}

export const EMPTY_FILTERS: MapFilters = { township: [], band: [], flag: [], sec: [], subtype: [] };

function list(v: unknown): string[] {
  const s = Array.isArray(v) ? v.join(',') : typeof v === 'string' ? v : '';
  return [...new Set(s.split(',').map((x) => x.trim()))].filter((x) => x !== '');
}

function oneOf<T extends string>(values: readonly T[], v: unknown): T[] {
  return list(v).filter((x): x is T => (values as readonly string[]).includes(x));
}

function positiveInt(v: string): number | null {
  return /^\d{1,15}$/.test(v) && Number(v) > 0 ? Number(v) : null;
}

/** Reads the map state from a route query; anything unknown falls back to the default. */
export function parseMapQuery(q: LocationQuery | LocationQueryRaw): MapState {
  const layers = q.layers === undefined ? [...DEFAULT_LAYERS] : oneOf(MAP_LAYERS, q.layers);
  const theme = oneOf(VILLAGE_THEMES, q.theme)[0] ?? 'income';
  const village = positiveInt(list(q.village)[0] ?? '');
  const selMatch = /^([a-z-]+):(\d+)$/.exec(list(q.sel)[0] ?? '');
  const selLayer = selMatch && (SELECTABLE_LAYERS as readonly string[]).includes(selMatch[1]!) ? selMatch[1] : null;
  const selId = selMatch ? positiveInt(selMatch[2]!) : null;
  return {
    layers,
    theme,
    themeFlag: list(q.tflag).find((f) => f.length <= 50) ?? null,
    filters: {
      township: list(q.township)
        .map(positiveInt)
        .filter((n): n is number => n !== null),
      band: oneOf(INCOME_BANDS, q.band),
      flag: list(q.flag).filter((f) => f.length <= 50),
      sec: oneOf(SECRETARY_STATES, q.sec),
      subtype: oneOf(ASSET_SUBTYPE_NAMES, q.subtype),
    },
    village,
    sel: selLayer && selId ? { layer: selLayer as SelectableLayer, id: selId } : null,
  };
}

/**
 * The query keys for a (partial) map state; defaults and empty lists are left out so links stay
 * short. Keys not named here (like `c`) are the caller's.
 */
export function formatMapQuery(state: Partial<MapState>): Record<string, string> {
  const out: Record<string, string> = {};
  if (state.layers && !sameSet(state.layers, DEFAULT_LAYERS)) {
    out.layers = MAP_LAYERS.filter((l) => state.layers!.includes(l)).join(',');
  }
  if (state.theme && state.theme !== 'income') out.theme = state.theme;
  if (state.themeFlag) out.tflag = state.themeFlag;
  for (const [key, values] of Object.entries(state.filters ?? {})) {
    if (values.length) out[key] = values.join(',');
  }
  if (state.village) out.village = String(state.village);
  if (state.sel) out.sel = `${state.sel.layer}:${state.sel.id}`;
  return out;
}

/** A router location for the main map showing `state` (used by the dashboard's chart clicks). */
export function mapLocation(state: Partial<MapState>): { name: 'map'; query: Record<string, string> } {
  return { name: 'map', query: formatMapQuery(state) };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
