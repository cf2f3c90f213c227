import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { BBox } from '../../../common/schemas/geometry.ts';
import { isAbortError, toErrorInfo, type ApiErrorInfo } from '../api/http.ts';
import {
  fetchVillage,
  fetchVillageBoundaries,
  fetchVillageClusters,
  fetchVillageMapPoints,
  type VillageBoundaryCollection,
  type VillageClusterCollection,
  type VillageFeature,
  type VillageMapPointCollection,
} from '../api/villages.ts';

/** Why the map shows no villages: none in this view, or none in the database at all. */
export type EmptyKind = 'none-here' | 'no-data';

/** Screen pixels a cluster cell spans: bubbles up to ~40 px wide stay apart. */
const CLUSTER_CELL_PX = 80;

/**
 * Cells along each side of the cluster grid for a view whose bbox spans `spanPx` screen pixels
 * on its longer side: about one per 80 px, between 4 and 24.
 * @example clusterGrid(1920) // 24
 */
export function clusterGrid(spanPx: number): number {
  return Math.min(24, Math.max(4, Math.ceil(spanPx / CLUSTER_CELL_PX)));
}

/** How a view is loaded. */
export interface ViewOptions {
  /** Also load village boundaries (only worth it when zoomed in). */
  withBoundaries: boolean;
  /**
   * Ask for counted clusters first and list the villages only when the view holds at most this
   * many (zoomed-out views); undefined lists them straight away.
   */
  clusterAbove?: number;
  /** Townships the clusters are counted in (the township filter); all when empty. */
  townships?: readonly number[];
  /** Screen pixels the bbox spans on its longer side (sets the cluster grid); 1,920 when unknown. */
  spanPx?: number;
}

/**
 * The villages of the current map view (points, and boundaries when zoomed in) and the selected
 * village. Only plain GeoJSON lives here; the map draws it.
 */
export const useVillagesStore = defineStore('villages', () => {
  const points = shallowRef<VillageMapPointCollection | null>(null);
  const boundaries = shallowRef<VillageBoundaryCollection | null>(null);
  /** The view's villages counted per cell, when there were too many to list (points is then null). */
  const clusters = shallowRef<VillageClusterCollection | null>(null);
  const loading = ref(false);
  const error = ref<ApiErrorInfo | null>(null);
  const empty = ref<EmptyKind | null>(null);

  let viewRequest: AbortController | null = null;
  let lastView: { bbox: BBox; opts: ViewOptions } | null = null;

  /**
   * Loads the villages inside `bbox`, aborting the previous view request: listed, or counted in
   * clusters when a zoomed-out view holds more than `opts.clusterAbove` (issue #8: no view ships
   * every feature).
   */
  async function loadView(bbox: BBox, opts: ViewOptions): Promise<void> {
    viewRequest?.abort();
    const request = new AbortController();
    viewRequest = request;
    lastView = { bbox, opts };
    const { withBoundaries, clusterAbove } = opts;
    loading.value = true;
    try {
      if (clusterAbove !== undefined) {
        const cells = await fetchVillageClusters(
          { bbox, grid: clusterGrid(opts.spanPx ?? 1920), townships: opts.townships },
          request.signal,
        );
        if (cells.total > clusterAbove) {
          clusters.value = cells;
          points.value = null;
          boundaries.value = null;
          empty.value = null;
          error.value = null;
          return;
        }
      }
      const [pts, bounds] = await Promise.all([
        fetchVillageMapPoints({ bbox }, request.signal),
        withBoundaries ? fetchVillageBoundaries({ bbox }, request.signal) : Promise.resolve(null),
      ]);
      let emptyKind: EmptyKind | null = null;
      if (pts.features.length === 0) {
        // One cheap extra request tells "pan elsewhere" apart from "import some data first".
        const any = await fetchVillageMapPoints({ limit: 1 }, request.signal);
        emptyKind = (any.total ?? any.features.length) > 0 ? 'none-here' : 'no-data';
      }
      points.value = pts;
      boundaries.value = bounds;
      clusters.value = null;
      empty.value = emptyKind;
      error.value = null;
    } catch (e) {
      if (isAbortError(e)) return;
      error.value = toErrorInfo(e);
    } finally {
      if (viewRequest === request) {
        loading.value = false;
        viewRequest = null;
      }
    }
  }

  /** Repeats the last view request (after an error). */
  function retry(): Promise<void> {
    return lastView ? loadView(lastView.bbox, lastView.opts) : Promise.resolve();
  }

  const selectedId = ref<number | null>(null);
  const selected = shallowRef<VillageFeature | null>(null);
  const selectedLoading = ref(false);
  const selectedError = ref<ApiErrorInfo | null>(null);
  let selectRequest: AbortController | null = null;

  /** Selects a village and loads its full record; `null` clears the selection. */
  async function select(id: number | null): Promise<void> {
    if (id === selectedId.value && (selected.value || selectedLoading.value)) return;
    selectRequest?.abort();
    selectRequest = null;
    selectedId.value = id;
    selected.value = null;
    selectedError.value = null;
    selectedLoading.value = false;
    if (id === null) return;
    const request = new AbortController();
    selectRequest = request;
    selectedLoading.value = true;
    try {
      selected.value = await fetchVillage(id, request.signal);
    } catch (e) {
      if (isAbortError(e)) return;
      selectedError.value = toErrorInfo(e);
    } finally {
      if (selectRequest === request) {
        selectedLoading.value = false;
        selectRequest = null;
      }
    }
  }

  /** Loads the selected village again (after an error). */
  function reloadSelected(): Promise<void> {
    const id = selectedId.value;
    selectedId.value = null;
    return select(id);
  }

  return {
    points,
    boundaries,
    clusters,
    loading,
    error,
    empty,
    loadView,
    retry,
    selectedId,
    selected,
    selectedLoading,
    selectedError,
    select,
    reloadSelected,
  };
});
