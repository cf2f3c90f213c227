/**
 * Where each dashboard figure leads: the main map filtered to it (the URL contract of
 * `map/map-query.ts`), or the chains page for a chain. Pure, so the charts, the tables and the
 * attention list share one rule and the tests can check it.
 */
import { ASSET_SUBTYPE_NAMES, INCOME_BANDS, type AssetSubtype, type IncomeBand } from '../../../../common/enums.ts';
import type { AttentionItem } from '../../../../common/stats/types.ts';
import {
  DEFAULT_LAYERS,
  EMPTY_FILTERS,
  mapLocation,
  type MapFilters,
  type MapLayer,
  type SecretaryState,
} from '../../map/map-query.ts';

export type DashboardLink = { name: 'map' | 'chains'; query: Record<string, string> };

const filters = (townships: readonly number[], more: Partial<MapFilters> = {}): MapFilters => ({
  ...EMPTY_FILTERS,
  township: [...townships],
  ...more,
});
const withLayer = (layer: MapLayer): MapLayer[] => [...DEFAULT_LAYERS, layer];

/** The map with the villages of one income band (null for 未填报: the map has no such filter). */
export function bandLink(band: string, townships: readonly number[]): DashboardLink | null {
  if (!(INCOME_BANDS as readonly string[]).includes(band)) return null;
  return mapLocation({ filters: filters(townships, { band: [band as IncomeBand] }) });
}

/** The map coloured by first-secretary state, showing the villages in one state. */
export function secretaryLink(state: SecretaryState, townships: readonly number[]): DashboardLink {
  return mapLocation({ theme: 'secretary', filters: filters(townships, { sec: [state] }) });
}

/** The map with the stations and their service circles. */
export function coverageLink(townships: readonly number[]): DashboardLink {
  return mapLocation({ layers: withLayer('stations'), filters: filters(townships) });
}

/** The map with the assets of one subtype. */
export function assetLink(subtype: string, townships: readonly number[]): DashboardLink {
  const known = (ASSET_SUBTYPE_NAMES as readonly string[]).includes(subtype);
  return mapLocation({
    layers: withLayer('assets'),
    filters: filters(townships, known ? { subtype: [subtype as AssetSubtype] } : {}),
  });
}

/** The map with the alliances' hulls. */
export function allianceLink(townships: readonly number[]): DashboardLink {
  return mapLocation({ layers: withLayer('alliances'), filters: filters(townships) });
}

/** The chains page with one chain open (its map, table and gaps). */
export function chainLink(chainId: number): DashboardLink {
  return { name: 'chains', query: { chain: String(chainId) } };
}

/** The thing an attention item is about, selected on the map. */
export function attentionLink(item: Pick<AttentionItem, 'kind' | 'layer' | 'id' | 'village_id'>): DashboardLink {
  if (item.layer === 'villages') {
    return mapLocation({
      layers: item.kind === 'uncovered' ? withLayer('stations') : [...DEFAULT_LAYERS],
      theme: item.kind === 'vacant_target' ? 'secretary' : 'income',
      village: item.id,
    });
  }
  return mapLocation({ layers: withLayer(item.layer), sel: { layer: item.layer, id: item.id } });
}
