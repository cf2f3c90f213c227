/**
 * What the main map's thematic views draw: colours and glyphs per layer and the legend rows that
 * go with them. Pure data and functions (no Leaflet), shared by the drawing, the legend and the
 * tests, so the legend always matches the map.
 */
import {
  ASSET_SUBTYPE_NAMES,
  STATION_LEVELS,
  type AssetSubtype,
  type IncomeBand,
  type StationLevel,
} from '../../../common/enums.ts';
import { addDays, TERM_ENDING_DAYS } from '../../../common/secretary-state.ts';
import type { MapFilters, SecretaryState, VillageTheme } from './map-query.ts';
import { LEGEND_ENTRIES, bandColor } from './styles.ts';

export const SECRETARY_STATE_COLORS: Readonly<Record<SecretaryState, string>> = {
  posted: '#1a9641',
  ending: '#f08c00',
  vacant: '#d7191c',
  none: '#bdbdbd',
};
export const FLAG_ON_COLOR = '#7b3294';
export const FLAG_OFF_COLOR = '#d9d9d9';

/** A point symbol: a filled disc with one character on it (drawn on the canvas, see glyph-marker.ts). */
export interface Glyph {
  color: string;
  glyph: string;
  radius: number;
}

export const STATION_GLYPHS: Readonly<Record<StationLevel, Glyph>> = {
  乡镇中心: { color: '#b2182b', glyph: '镇', radius: 11 },
  村中心: { color: '#d6604d', glyph: '村', radius: 9 },
  站点: { color: '#f4a582', glyph: '站', radius: 8 },
};

/** Asset subtypes: land in earthy greens and browns, buildings in blues, public goods in purples. */
export const ASSET_GLYPHS: Readonly<Record<AssetSubtype, Glyph>> = {
  耕地: { color: '#a6761d', glyph: '耕', radius: 8 },
  林地: { color: '#1b7837', glyph: '林', radius: 8 },
  草地: { color: '#7fbc41', glyph: '草', radius: 8 },
  园地: { color: '#b8e186', glyph: '园', radius: 8 },
  水面: { color: '#4393c3', glyph: '水', radius: 8 },
  四荒地: { color: '#bf812d', glyph: '荒', radius: 8 },
  宅基地: { color: '#dfc27d', glyph: '宅', radius: 8 },
  闲置农房: { color: '#8c510a', glyph: '房', radius: 8 },
  厂房: { color: '#2166ac', glyph: '厂', radius: 8 },
  商铺: { color: '#5e3c99', glyph: '商', radius: 8 },
  冷库: { color: '#35978f', glyph: '冷', radius: 8 },
  设备: { color: '#636363', glyph: '机', radius: 8 },
  卫生室: { color: '#e7298a', glyph: '医', radius: 8 },
  文化广场: { color: '#8073ac', glyph: '文', radius: 8 },
  红色资源: { color: '#c51b7d', glyph: '红', radius: 8 },
  文旅景点: { color: '#01665e', glyph: '景', radius: 8 },
};
const UNKNOWN_GLYPH: Glyph = { color: '#9e9e9e', glyph: '?', radius: 8 };

export const SECRETARY_GLYPH = { glyph: '书', radius: 7 } as const;
export const ALLIANCE_COLOR = '#c2185b';

export function stationGlyph(level: string | null | undefined): Glyph {
  return STATION_GLYPHS[level as StationLevel] ?? UNKNOWN_GLYPH;
}

export function assetGlyph(subtype: string | null | undefined): Glyph {
  return ASSET_GLYPHS[subtype as AssetSubtype] ?? UNKNOWN_GLYPH;
}

/** The properties of a village that themes and filters read. */
export interface VillageThemeProps {
  township_id: number;
  income_band: string | null;
  flags: readonly string[];
  secretary_state?: string;
}

export interface ThemeChoice {
  theme: VillageTheme;
  /** The flag the `flag` theme shows (null: the first flag in the settings). */
  flag: string | null;
}

/**
 * The colour of a village under a theme.
 * @example villageColor({ township_id: 1, income_band: '强村', flags: [] }, { theme: 'income', flag: null }) // '#1a9641'
 */
export function villageColor(p: VillageThemeProps, choice: ThemeChoice): string {
  switch (choice.theme) {
    case 'secretary':
      return SECRETARY_STATE_COLORS[(p.secretary_state as SecretaryState) ?? 'none'] ?? SECRETARY_STATE_COLORS.none;
    case 'flag':
      return choice.flag !== null && p.flags.includes(choice.flag) ? FLAG_ON_COLOR : FLAG_OFF_COLOR;
    default:
      return bandColor(p.income_band);
  }
}

/** One row of the legend: `key` is an i18n key, `term` a domain word to translate, `count` drawn. */
export interface LegendRow {
  id: string;
  color: string;
  /** i18n key of the label, with `term` as its `{term}` parameter when set. */
  label: string;
  term?: string;
  glyph?: string;
  count: number;
}

/** The rows of the village legend for a theme, counting the villages drawn. */
export function villageLegend(villages: readonly VillageThemeProps[], choice: ThemeChoice): LegendRow[] {
  const count = (pred: (p: VillageThemeProps) => boolean) => villages.filter(pred).length;
  switch (choice.theme) {
    case 'secretary':
      return (Object.keys(SECRETARY_STATE_COLORS) as SecretaryState[]).map((s) => ({
        id: `sec-${s}`,
        color: SECRETARY_STATE_COLORS[s],
        label: `mapx.secState.${s}`,
        count: count((p) => (p.secretary_state ?? 'none') === s),
      }));
    case 'flag': {
      const flag = choice.flag ?? '';
      return [
        {
          id: 'flag-on',
          color: FLAG_ON_COLOR,
          label: 'mapx.legend.hasFlag',
          term: flag,
          count: count((p) => p.flags.includes(flag)),
        },
        {
          id: 'flag-off',
          color: FLAG_OFF_COLOR,
          label: 'mapx.legend.notFlag',
          term: flag,
          count: count((p) => !p.flags.includes(flag)),
        },
      ];
    }
    default:
      return LEGEND_ENTRIES.map((e) => ({
        id: e.key,
        color: e.color,
        label: `band.${e.key}`,
        count: count((p) => (e.band === null ? bandColor(p.income_band) === e.color : p.income_band === e.band)),
      }));
  }
}

/** Legend rows for glyph layers: only the kinds present, in vocabulary order. */
export function glyphLegend<K extends string>(
  order: readonly K[],
  glyphOf: (k: string) => Glyph,
  values: readonly string[],
  prefix: string,
): LegendRow[] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return order
    .filter((k) => counts.has(k))
    .map((k) => {
      const g = glyphOf(k);
      return {
        id: `${prefix}-${k}`,
        color: g.color,
        glyph: g.glyph,
        label: 'mapx.legend.term',
        term: k,
        count: counts.get(k)!,
      };
    });
}

export const assetLegend = (subtypes: readonly string[]) =>
  glyphLegend(ASSET_SUBTYPE_NAMES, assetGlyph, subtypes, 'asset');
export const stationLegend = (levels: readonly string[]) =>
  glyphLegend(STATION_LEVELS, stationGlyph, levels, 'station');

/** Whether a village passes the map's filters (every non-empty filter must match). */
export function villageMatches(p: VillageThemeProps, f: MapFilters): boolean {
  if (f.township.length && !f.township.includes(p.township_id)) return false;
  if (f.band.length && !f.band.includes(p.income_band as IncomeBand)) return false;
  if (f.flag.length && !f.flag.some((x) => p.flags.includes(x))) return false;
  if (f.sec.length && !f.sec.includes((p.secretary_state ?? 'none') as SecretaryState)) return false;
  return true;
}

/** Whether any village filter is set (the asset subtype filter applies to assets only). */
export function hasVillageFilter(f: MapFilters): boolean {
  return f.township.length + f.band.length + f.flag.length + f.sec.length > 0;
}

/** A secretary's colour: in post (green), term ending within 90 days (orange), otherwise grey. */
export function secretaryColor(p: Record<string, unknown>, today: string): string {
  if (p.status !== '在岗') return SECRETARY_STATE_COLORS.none;
  const end = p.term_end as string | null;
  return end && end <= addDays(today, TERM_ENDING_DAYS) ? SECRETARY_STATE_COLORS.ending : SECRETARY_STATE_COLORS.posted;
}
