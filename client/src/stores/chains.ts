import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { BBox } from '../../../common/schemas/geometry.ts';
import {
  createChain,
  createChainLink,
  createChainNode,
  deleteChain,
  deleteChainLink,
  deleteChainNode,
  fetchAllianceChoices,
  fetchChain,
  fetchChainGaps,
  fetchChainLinks,
  fetchChainNodes,
  fetchChains,
  updateChain,
  updateChainLink,
  updateChainNode,
  type AllianceChoice,
  type ChainFeature,
  type ChainGaps,
  type ChainInput,
  type ChainLinkFeature,
  type ChainLinkInput,
  type ChainNodeFeature,
  type ChainNodeInput,
  type LngLat,
} from '../api/chains.ts';
import { ApiError, isAbortError, toErrorInfo, type ApiErrorInfo } from '../api/http.ts';
import { fetchVillageDots, type VillageDotCollection } from '../api/villages.ts';

/** Background villages per view: enough for context, never the whole layer. */
const BACKGROUND_VILLAGE_LIMIT = 3000;

const isConflict = (e: unknown) => e instanceof ApiError && e.code === 'version_conflict';

/**
 * The industry chains (issue #6): every chain with its nodes and links embedded (for the list
 * and the map), the selected chain's nodes and links with their versions (for the table and
 * editing), its gap analysis, and faint villages for the map's background. Plain data only.
 */
export const useChainsStore = defineStore('chains', () => {
  const chains = shallowRef<ChainFeature[]>([]);
  const loaded = ref(false);
  const loading = ref(false);
  const error = ref<ApiErrorInfo | null>(null);

  /** The chain the panel shows (null: the list). */
  const selectedId = ref<number | null>(null);
  /** The chain the map shows (null: all). */
  const filterId = ref<number | null>(null);

  const nodes = shallowRef<ChainNodeFeature[]>([]);
  const links = shallowRef<ChainLinkFeature[]>([]);
  const rowsLoading = ref(false);
  const rowsError = ref<ApiErrorInfo | null>(null);

  const gaps = shallowRef<ChainGaps | null>(null);
  const gapsAlliance = ref<number | null>(null);
  const gapsLoading = ref(false);
  const gapsError = ref<ApiErrorInfo | null>(null);
  const alliances = shallowRef<AllianceChoice[]>([]);

  const villages = shallowRef<VillageDotCollection | null>(null);

  const selected = computed(() => chains.value.find((c) => c.id === selectedId.value) ?? null);

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      chains.value = (await fetchChains()).features;
      loaded.value = true;
    } catch (e) {
      error.value = toErrorInfo(e);
    } finally {
      loading.value = false;
    }
  }

  function putChain(c: ChainFeature): ChainFeature {
    const i = chains.value.findIndex((x) => x.id === c.id);
    chains.value = i < 0 ? [...chains.value, c] : chains.value.map((x) => (x.id === c.id ? c : x));
    return c;
  }

  /** Loads one chain again (after a write to it or its nodes and links); drops it when it is gone. */
  async function refreshChain(id: number): Promise<void> {
    try {
      putChain(await fetchChain(id));
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) chains.value = chains.value.filter((c) => c.id !== id);
      else throw e;
    }
  }

  let rowsRequest: AbortController | null = null;
  /** Loads the selected chain's nodes and links with their versions. */
  async function loadRows(): Promise<void> {
    rowsRequest?.abort();
    const id = selectedId.value;
    if (id === null) {
      nodes.value = [];
      links.value = [];
      return;
    }
    const r = new AbortController();
    rowsRequest = r;
    rowsLoading.value = true;
    rowsError.value = null;
    try {
      const [n, l] = await Promise.all([fetchChainNodes(id, r.signal), fetchChainLinks(id, r.signal)]);
      nodes.value = n.features;
      links.value = l.features;
    } catch (e) {
      if (isAbortError(e)) return;
      rowsError.value = toErrorInfo(e);
    } finally {
      if (rowsRequest === r) rowsLoading.value = false;
    }
  }

  /** Opens a chain in the panel (and shows only it on the map); null goes back to the list. */
  async function select(id: number | null): Promise<void> {
    if (id === selectedId.value) return;
    selectedId.value = id;
    filterId.value = id;
    gaps.value = null;
    gapsError.value = null;
    gapsAlliance.value = null;
    nodes.value = [];
    links.value = [];
    await loadRows();
  }

  /** After a write: the chain (counts, stages, map) and its rows again, and the gaps if shown. */
  async function afterWrite(chainId: number): Promise<void> {
    await Promise.all([
      refreshChain(chainId).catch(() => undefined),
      chainId === selectedId.value ? loadRows() : Promise.resolve(),
    ]);
    if (gaps.value?.chain_id === chainId) void loadGaps(gapsAlliance.value);
  }

  /** Runs a write; on a version conflict loads the current state before rethrowing. */
  async function write<T>(chainId: number, run: () => Promise<T>): Promise<T> {
    try {
      const out = await run();
      await afterWrite(chainId);
      return out;
    } catch (e) {
      if (isConflict(e)) await afterWrite(chainId);
      throw e;
    }
  }

  /** @throws ApiError `validation_failed` with `details` at `properties.<field>` */
  async function create(props: ChainInput): Promise<ChainFeature> {
    return putChain(await createChain(props));
  }

  /** @throws ApiError `version_conflict` (412, the chain is reloaded first), `validation_failed`, `forbidden` */
  async function update(chain: ChainFeature, props: ChainInput): Promise<ChainFeature> {
    return write(chain.id, () => updateChain(chain.id, chain.properties.version, props));
  }

  /** @throws ApiError `has_dependents` (409) while it has nodes or links, `version_conflict` (412) */
  async function remove(chain: ChainFeature): Promise<void> {
    try {
      await deleteChain(chain.id, chain.properties.version);
    } catch (e) {
      if (isConflict(e)) await refreshChain(chain.id).catch(() => undefined);
      throw e;
    }
    chains.value = chains.value.filter((c) => c.id !== chain.id);
    if (selectedId.value === chain.id) await select(null);
  }

  async function createNode(chainId: number, lngLat: LngLat, props: ChainNodeInput): Promise<ChainNodeFeature> {
    return write(chainId, () => createChainNode(lngLat, { ...props, chain_id: chainId }));
  }

  async function updateNode(node: ChainNodeFeature, props: ChainNodeInput, lngLat?: LngLat): Promise<ChainNodeFeature> {
    return write(node.properties.chain_id, () => updateChainNode(node.id, node.properties.version, props, lngLat));
  }

  /** @throws ApiError `has_dependents` (409) while links use the node */
  async function removeNode(node: ChainNodeFeature): Promise<void> {
    await write(node.properties.chain_id, () => deleteChainNode(node.id, node.properties.version));
  }

  async function createLink(chainId: number, props: ChainLinkInput): Promise<ChainLinkFeature> {
    return write(chainId, () => createChainLink({ ...props, chain_id: chainId }));
  }

  async function updateLink(link: ChainLinkFeature, props: ChainLinkInput): Promise<ChainLinkFeature> {
    return write(link.properties.chain_id, () => updateChainLink(link.id, link.properties.version, props));
  }

  async function removeLink(link: ChainLinkFeature): Promise<void> {
    await write(link.properties.chain_id, () => deleteChainLink(link.id, link.properties.version));
  }

  let gapsRequest: AbortController | null = null;
  /** Runs the gap analysis of the selected chain, for an alliance's part of it when `allianceId` is set. */
  async function loadGaps(allianceId: number | null = gapsAlliance.value): Promise<void> {
    const id = selectedId.value;
    if (id === null) return;
    gapsRequest?.abort();
    const r = new AbortController();
    gapsRequest = r;
    gapsAlliance.value = allianceId;
    gapsLoading.value = true;
    gapsError.value = null;
    try {
      gaps.value = await fetchChainGaps(id, { alliance: allianceId }, r.signal);
    } catch (e) {
      if (isAbortError(e)) return;
      gaps.value = null;
      gapsError.value = toErrorInfo(e);
    } finally {
      if (gapsRequest === r) gapsLoading.value = false;
    }
  }

  /** The alliances for the gap analysis' scope picker (once; a failure leaves the picker empty). */
  async function loadAlliances(): Promise<void> {
    if (alliances.value.length) return;
    try {
      alliances.value = await fetchAllianceChoices();
    } catch {
      alliances.value = [];
    }
  }

  let villagesRequest: AbortController | null = null;
  /** Faint background villages for the visible area (failures only leave the background empty). */
  async function loadVillages(bbox: BBox): Promise<void> {
    villagesRequest?.abort();
    const r = new AbortController();
    villagesRequest = r;
    try {
      villages.value = await fetchVillageDots({ bbox, limit: BACKGROUND_VILLAGE_LIMIT }, r.signal);
    } catch {
      // Context only: the chains still draw without it.
    }
  }

  return {
    chains,
    loaded,
    loading,
    error,
    selectedId,
    filterId,
    selected,
    nodes,
    links,
    rowsLoading,
    rowsError,
    gaps,
    gapsAlliance,
    gapsLoading,
    gapsError,
    alliances,
    villages,
    load,
    refreshChain,
    loadRows,
    select,
    create,
    update,
    remove,
    createNode,
    updateNode,
    removeNode,
    createLink,
    updateLink,
    removeLink,
    loadGaps,
    loadAlliances,
    loadVillages,
  };
});
