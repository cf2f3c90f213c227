import { computed, onBeforeUnmount, ref, watch, type ComputedRef } from 'vue';
import { VILLAGE_FLAGS } from '../../../../common/enums.ts';
import type { VillageMapProps } from '../../api/villages.ts';
import type { MapState } from '../../map/map-query.ts';
import { BOUNDARY_MIN_ZOOM, CLUSTER_MAX_ZOOM, DEFAULT_CLUSTER_ABOVE } from '../../map/styles.ts';
import { villageColor, villageMatches } from '../../map/themes.ts';
import type { ViewChange } from '../../map/xiangtu-map.ts';
import { useConfigStore } from '../../stores/config.ts';
import { useVillagesStore } from '../../stores/villages.ts';

/** Debounce of view requests while the user is still panning. */
const VIEW_DEBOUNCE_MS = 150;

/**
 * The main map's villages: loading each view (listed, or counted in clusters when zoomed out over
 * many), the filters and thematic colour applied to them, and the counts the legend and status
 * line show.
 */
export function useMapVillages(state: ComputedRef<MapState>) {
  const config = useConfigStore();
  const villages = useVillagesStore();
  let lastView: ViewChange | null = null;
  let viewTimer: ReturnType<typeof setTimeout> | undefined;
  onBeforeUnmount(() => clearTimeout(viewTimer));

  function load(view: ViewChange): Promise<void> {
    return villages.loadView(view.bbox, {
      withBoundaries: view.zoom >= BOUNDARY_MIN_ZOOM,
      clusterAbove:
        view.zoom < CLUSTER_MAX_ZOOM ? (config.config?.map?.cluster_above ?? DEFAULT_CLUSTER_ABOVE) : undefined,
      townships: state.value.filters.township,
      // The bbox is the view padded by a quarter on each side: 1.5 × the window.
      spanPx: 1.5 * Math.max(window.innerWidth, window.innerHeight),
    });
  }

  /** A new view: the opening one loads at once, later ones when the pan or zoom has settled. */
  function viewChanged(view: ViewChange): void {
    const first = lastView === null;
    lastView = view;
    clearTimeout(viewTimer);
    if (first) void load(view);
    else viewTimer = setTimeout(() => void load(view), VIEW_DEBOUNCE_MS);
  }

  // The first view may load before /api/config answers: load it again if the threshold differs.
  watch(
    () => config.config?.map?.cluster_above,
    (above) => {
      if (lastView && lastView.zoom < CLUSTER_MAX_ZOOM && above !== undefined && above !== DEFAULT_CLUSTER_ABOVE)
        void load(lastView);
    },
  );
  // Clusters are counted in the filtered townships: count again when that filter changes.
  watch(
    () => state.value.filters.township.join(','),
    () => {
      if (lastView && villages.clusters) void load(lastView);
    },
  );

  // Things that read the whole scope (the attention list) wait for the map's first villages.
  const hasLoaded = ref(false);
  watch(
    () => villages.points ?? villages.clusters ?? villages.error,
    (v) => {
      if (v) hasLoaded.value = true;
    },
  );

  const themeChoice = computed(() => ({
    theme: state.value.theme,
    flag: state.value.themeFlag ?? VILLAGE_FLAGS[0],
  }));
  const colorOf = computed(() => {
    const choice = themeChoice.value;
    return (p: VillageMapProps) => villageColor(p, choice);
  });
  const shown = computed(() => state.value.layers.includes('villages'));
  const filteredPoints = computed(() => {
    const fc = villages.points;
    if (!fc) return null;
    const f = state.value.filters;
    return { ...fc, features: fc.features.filter((v) => villageMatches(v.properties, f)) };
  });
  const filteredBoundaries = computed(() => {
    const fc = villages.boundaries;
    if (!fc) return null;
    const f = state.value.filters;
    return { ...fc, features: fc.features.filter((v) => villageMatches(v.properties, f)) };
  });
  /** Villages drawn (after the filters; clusters count them all). */
  const shownCount = computed(() =>
    shown.value ? (filteredPoints.value?.features.length ?? villages.clusters?.total ?? 0) : 0,
  );
  /** Villages in the view. */
  const inViewCount = computed(() => villages.points?.features.length ?? villages.clusters?.total ?? 0);
  /** Set when the server capped the list. */
  const truncated = computed(() => {
    const total = villages.points?.total;
    return total !== undefined && total > inViewCount.value ? { shown: inViewCount.value, total } : null;
  });

  return {
    viewChanged,
    /** The last view the map reported, or null before the first. */
    lastView: () => lastView,
    hasLoaded,
    themeChoice,
    colorOf,
    shown,
    filteredPoints,
    filteredBoundaries,
    shownCount,
    inViewCount,
    truncated,
  };
}
