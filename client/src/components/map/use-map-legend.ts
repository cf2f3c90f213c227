import { computed, type ComputedRef } from 'vue';
import type { VillageMapPointCollection } from '../../api/villages.ts';
import type { ChainMapLink, ChainMapNode } from '../../map/chain-layer.ts';
import { stageColor, stagesPresent } from '../../map/chain-styles.ts';
import type { MapState } from '../../map/map-query.ts';
import {
  ALLIANCE_COLOR,
  SECRETARY_STATE_COLORS,
  assetLegend,
  stationLegend,
  secretaryColor,
  villageLegend,
  type ThemeChoice,
} from '../../map/themes.ts';
import { CLUSTER_COLOR } from '../../map/village-clusters.ts';
import type { LegendSection } from './MapLegend.vue';
import type { OverlayFeatures } from './use-map-overlays.ts';

/** The legend's sections for what is drawn: one per shown layer, counting what is on the map. */
export function useMapLegend(
  state: ComputedRef<MapState>,
  theme: ComputedRef<ThemeChoice>,
  villages: ComputedRef<VillageMapPointCollection | null>,
  features: ComputedRef<OverlayFeatures>,
  chains: ComputedRef<{ nodes: ChainMapNode[]; links: ChainMapLink[] } | null>,
  /** Villages in view when they are drawn as counted clusters, else null. */
  clustered: ComputedRef<number | null> = computed(() => null),
): ComputedRef<LegendSection[]> {
  return computed(() => {
    const shown = state.value.layers;
    const f = features.value;
    const out: LegendSection[] = [];
    if (shown.includes('villages') && clustered.value !== null) {
      out.push({
        id: 'villages',
        title: 'mapx.clusters.legendTitle',
        rows: [{ id: 'clusters', color: CLUSTER_COLOR, label: 'mapx.clusters.legendRow', count: clustered.value }],
        note: 'mapx.clusters.legendNote',
      });
    } else if (shown.includes('villages')) {
      const title = theme.value.theme === 'income' ? 'legend.title' : `mapx.theme.${theme.value.theme}`;
      out.push({
        id: 'villages',
        title,
        rows: villageLegend(
          (villages.value?.features ?? []).map((v) => v.properties),
          theme.value,
        ),
      });
    }
    if (shown.includes('assets')) {
      out.push({
        id: 'assets',
        title: 'mapx.layer.assets',
        rows: assetLegend(f.assets.map((a) => String(a.properties.subtype))),
      });
    }
    if (shown.includes('stations')) {
      out.push({
        id: 'stations',
        title: 'mapx.layer.stations',
        rows: stationLegend(f.stations.map((s) => String(s.properties.level))),
        note: 'mapx.legend.radius',
      });
    }
    if (shown.includes('secretaries')) {
      const today = new Date().toISOString().slice(0, 10);
      const colors = f.secretaries.map((s) => secretaryColor(s.properties, today));
      out.push({
        id: 'secretaries',
        title: 'mapx.layer.secretaries',
        rows: (['posted', 'ending', 'none'] as const)
          .map((k) => ({
            id: `secretary-${k}`,
            color: SECRETARY_STATE_COLORS[k],
            glyph: '书',
            label: k === 'none' ? 'mapx.legend.otherStatus' : `mapx.secState.${k}`,
            count: colors.filter((c) => c === SECRETARY_STATE_COLORS[k]).length,
          }))
          .filter((r) => r.count > 0),
      });
    }
    const c = chains.value;
    if (shown.includes('chains') && c) {
      out.push({
        id: 'chains',
        title: 'mapx.layer.chains',
        rows: stagesPresent(c.nodes.map((n) => n.stage)).map((stage) => ({
          id: `stage-${stage}`,
          color: stageColor(stage),
          label: `chain.stage.${stage}`,
          count: c.nodes.filter((n) => n.stage === stage).length,
        })),
        note: 'mapx.legend.chainNote',
      });
    }
    if (shown.includes('alliances')) {
      out.push({
        id: 'alliances',
        title: 'mapx.layer.alliances',
        area: true,
        rows: f.alliances.map((a) => ({
          id: `alliance-${a.id}`,
          color: ALLIANCE_COLOR,
          label: 'mapx.legend.term',
          term: String(a.properties.name),
          count: ((a.properties.member_village_ids as unknown[] | undefined) ?? []).length,
        })),
      });
    }
    return out;
  });
}
