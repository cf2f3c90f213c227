import { computed, type ComputedRef } from 'vue';
import type { ChainMapLink, ChainMapNode } from '../../map/chain-layer.ts';
import type { OverlayItem } from '../../map/feature-overlay.ts';
import type { MapState } from '../../map/map-query.ts';
import {
  allianceItem,
  assetItem,
  itemsOf,
  secretaryItems,
  stationItem,
  type AnyFeature,
} from '../../map/overlay-items.ts';
import { hasVillageFilter } from '../../map/themes.ts';
import type { OverlayLayer } from '../../map/xiangtu-map.ts';
import type { VillageMapPointCollection } from '../../api/villages.ts';
import { useMapLayersStore } from '../../stores/map-layers.ts';

export type Overlays = Record<OverlayLayer, OverlayItem[] | null>;
export interface OverlayFeatures {
  assets: AnyFeature[];
  stations: AnyFeature[];
  secretaries: AnyFeature[];
  alliances: AnyFeature[];
}

/** Today as `YYYY-MM-DD` in the user's time zone. */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * The main map's other layers as drawn: the loaded features filtered like the villages (assets
 * and secretaries of the villages shown, assets by type, stations by township) and turned into
 * map items. Hidden layers are null.
 */
export function useMapOverlays(
  state: ComputedRef<MapState>,
  villages: ComputedRef<VillageMapPointCollection | null>,
  _config: () => unknown,
) {
  const store = useMapLayersStore();

  const features = computed<OverlayFeatures>(() => {
    const s = state.value;
    const f = s.filters;
    const shownVillages = hasVillageFilter(f)
      ? new Set((villages.value?.features ?? []).map((v) => Number(v.id)))
      : null;
    const ofShownVillage = (x: AnyFeature) =>
      shownVillages === null || shownVillages.has(Number(x.properties.village_id));
    const data = store.data;
    return {
      assets: (data.assets?.features ?? []).filter(
        (a) => ofShownVillage(a) && (!f.subtype.length || f.subtype.includes(a.properties.subtype as never)),
      ),
      stations: (data.stations?.features ?? []).filter(
        (st) => !f.township.length || f.township.includes(Number(st.properties.township_id)),
      ),
      secretaries: (data.secretaries?.features ?? []).filter(ofShownVillage),
      alliances: data.alliances?.features ?? [],
    };
  });

  const overlays = computed<Overlays>(() => {
    const shown = state.value.layers;
    const f = features.value;
    return {
      assets: shown.includes('assets') ? itemsOf(f.assets, assetItem) : null,
      stations: shown.includes('stations') ? itemsOf(f.stations, stationItem) : null,
      secretaries: shown.includes('secretaries') ? secretaryItems(f.secretaries, today()) : null,
      alliances: shown.includes('alliances') ? itemsOf(f.alliances, allianceItem) : null,
    };
  });

  const chains = computed<{ nodes: ChainMapNode[]; links: ChainMapLink[] } | null>(() => {
    if (!state.value.layers.includes('chains') || !store.chains) return null;
    const cs = store.chains.features;
    return {
      nodes: cs.flatMap((c) =>
        c.properties.nodes.map((n) => ({
          id: n.id,
          chainId: Number(c.id),
          name: n.name,
          stage: n.stage,
          lngLat: n.lngLat,
          detail: c.properties.name,
        })),
      ),
      links: cs.flatMap((c) => {
        const name = new Map(c.properties.nodes.map((n) => [n.id, n.name]));
        return c.properties.links.map((l) => ({
          id: l.id,
          chainId: Number(c.id),
          from: l.from_node_id,
          to: l.to_node_id,
          label: [`${name.get(l.from_node_id) ?? ''} → ${name.get(l.to_node_id) ?? ''}`, l.product]
            .filter(Boolean)
            .join(' · '),
        }));
      }),
    };
  });

  return { features, overlays, chains };
}
