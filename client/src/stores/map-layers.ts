import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { BBox } from '../../../common/schemas/geometry.ts';
import { fetchChains, type ChainCollection } from '../api/chains.ts';
import { getJson, isAbortError, toErrorInfo, withQuery, type ApiErrorInfo } from '../api/http.ts';
import { assertCollection, type FeatureCollection } from '../api/geojson.ts';
import type { AnyFeature } from '../map/overlay-items.ts';
import type { MapLayer } from '../map/map-query.ts';

/** Layers loaded by this store (townships and villages have their own stores). */
export type OverlayName = 'assets' | 'stations' | 'secretaries' | 'alliances' | 'chains';
export const OVERLAY_NAMES: readonly OverlayName[] = ['assets', 'stations', 'secretaries', 'alliances', 'chains'];

/** Longest `village=` id list the API takes (characters; docs/api.md). */
const ID_LIST_MAX = 500;
/** Secretaries requests in flight at once. */
const PARALLEL = 4;

/**
 * Splits ids into comma-joined lists of at most `max` characters.
 * @example idChunks([1, 22, 333], 5) // ['1,22', '333']
 */
export function idChunks(ids: readonly number[], max = ID_LIST_MAX): string[] {
  const out: string[] = [];
  let cur = '';
  for (const id of ids) {
    const next = cur ? `${cur},${id}` : String(id);
    if (next.length > max && cur) {
      out.push(cur);
      cur = String(id);
    } else cur = next;
  }
  if (cur) out.push(cur);
  return out;
}

type Collection = FeatureCollection<AnyFeature['geometry'], Record<string, unknown>>;

async function fetchLayer(path: string, query: Record<string, string | number | undefined>, signal: AbortSignal) {
  return assertCollection<AnyFeature['geometry'], Record<string, unknown>>(
    await getJson<unknown>(withQuery(path, query), signal),
  );
}

/**
 * The features of the main map's other layers for the current view: assets and stations by
 * bbox, secretaries of the villages in view, all alliances and chains (few per county). Each
 * layer loads only while it is shown; a new view aborts the previous requests of that layer.
 */
export const useMapLayersStore = defineStore('map-layers', () => {
  const data = shallowRef<Partial<Record<Exclude<OverlayName, 'chains'>, Collection>>>({});
  const chains = shallowRef<ChainCollection | null>(null);
  const loading = ref<Partial<Record<OverlayName, boolean>>>({});
  const errors = ref<Partial<Record<OverlayName, ApiErrorInfo>>>({});
  const requests = new Map<OverlayName, AbortController>();
  let last: { shown: readonly MapLayer[]; bbox: BBox; villageIds: readonly number[] } | null = null;

  async function loadOne(name: OverlayName, bbox: BBox, villageIds: readonly number[]): Promise<void> {
    requests.get(name)?.abort();
    const request = new AbortController();
    requests.set(name, request);
    loading.value = { ...loading.value, [name]: true };
    const signal = request.signal;
    const b = bbox.join(',');
    try {
      if (name === 'chains') {
        if (!chains.value) chains.value = await fetchChains(signal);
      } else {
        let fc: Collection;
        if (name === 'secretaries') {
          const chunks = idChunks(villageIds);
          const parts: Collection[] = [];
          for (let i = 0; i < chunks.length; i += PARALLEL) {
            const batch = chunks.slice(i, i + PARALLEL);
            parts.push(
              ...(await Promise.all(
                batch.map((ids) => fetchLayer('/api/secretaries', { village: ids, limit: 10000 }, signal)),
              )),
            );
          }
          fc = { type: 'FeatureCollection', features: parts.flatMap((p) => p.features) };
        } else if (name === 'alliances') {
          fc = data.value.alliances ?? (await fetchLayer('/api/alliances', { limit: 10000 }, signal));
        } else {
          fc = await fetchLayer(`/api/${name}`, { bbox: b, limit: 10000 }, signal);
        }
        data.value = { ...data.value, [name]: fc };
      }
      const { [name]: _gone, ...rest } = errors.value;
      errors.value = rest;
    } catch (e) {
      if (isAbortError(e)) return;
      errors.value = { ...errors.value, [name]: toErrorInfo(e) };
    } finally {
      if (requests.get(name) === request) {
        requests.delete(name);
        loading.value = { ...loading.value, [name]: false };
      }
    }
  }

  /** Loads the shown layers for a view; hidden layers are dropped (and load again when shown). */
  function loadView(shown: readonly MapLayer[], bbox: BBox, villageIds: readonly number[]): Promise<unknown> {
    last = { shown, bbox, villageIds };
    const jobs: Promise<void>[] = [];
    for (const name of OVERLAY_NAMES) {
      if (shown.includes(name)) jobs.push(loadOne(name, bbox, villageIds));
      else {
        requests.get(name)?.abort();
        loading.value = { ...loading.value, [name]: false };
      }
    }
    return Promise.all(jobs);
  }

  /** After a write elsewhere: forget cached layers and load the shown ones again. */
  function invalidate(): Promise<unknown> {
    data.value = {};
    chains.value = null;
    return last ? loadView(last.shown, last.bbox, last.villageIds) : Promise.resolve();
  }

  function retry(): Promise<unknown> {
    errors.value = {};
    return last ? loadView(last.shown, last.bbox, last.villageIds) : Promise.resolve();
  }

  return { data, chains, loading, errors, loadView, invalidate, retry };
});
