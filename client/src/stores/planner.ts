import { defineStore } from 'pinia';
import { computed, markRaw, reactive, ref, shallowRef, watch } from 'vue';
import { compareAlliances, type AllianceSummary } from '../../../common/analysis/alliance-summary.ts';
import {
  createAlliance,
  fetchAlliance,
  fetchAlliances,
  updateAlliance,
  type AllianceCollection,
  type AllianceFeature,
} from '../api/alliances.ts';
import { fetchChainGaps, fetchChainOptions, fetchDraftSummary, type ChainOption } from '../api/analysis.ts';
import { isAbortError, toErrorInfo, type ApiErrorInfo } from '../api/http.ts';
import { fetchVillagePoints, type VillageFeature, type VillageMapPoint } from '../api/villages.ts';
import type { DraftSlot } from '../map/planner-styles.ts';
import {
  addMembers,
  changedProps,
  emptyForm,
  formFromProps,
  membersDiffer,
  propsFromForm,
  removeMember,
  toggleMember,
  type DraftForm,
} from './planner-draft.ts';
import { mergeSuppliers, nodeSuppliers, type SupplierRow } from './planner-gaps.ts';

export type { SupplierRow };

export type { DraftSlot };
export const SLOTS: readonly DraftSlot[] = ['A', 'B'];

/** A village as the planner lists and draws it. */
export interface VillageBrief {
  id: number;
  name: string;
  code: string;
  township_id: number;
  township_name: string;
  income_band: string | null;
  resident_population: number | null;
  lngLat: [number, number] | null;
}

/** The suppliers shown for one missing stage group of a draft. */
export interface GapView {
  group: string;
  loading: boolean;
  error: ApiErrorInfo | null;
  suppliers: SupplierRow[];
}

export interface Draft {
  /** The saved alliance this draft edits; null until saved. */
  id: number | null;
  version: number | null;
  form: DraftForm;
  /** The form as last saved or opened (null: never saved). */
  saved: DraftForm | null;
  summary: AllianceSummary | null;
  summaryLoading: boolean;
  summaryError: ApiErrorInfo | null;
  saving: boolean;
  saveError: ApiErrorInfo | null;
  /** The server's version after a 412 (someone else saved meanwhile). */
  conflictVersion: number | null;
  /** What the last successful save did, for the status line. */
  savedFlash: 'created' | 'updated' | 'unchanged' | null;
  gap: GapView | null;
}

/** Wait after the last member change before asking for the summary. */
const SUMMARY_DEBOUNCE_MS = 300;
const IDS_PER_REQUEST = 60;
const SUPPLIERS_SHOWN = 5;

function newDraft(): Draft {
  return {
    id: null,
    version: null,
    form: emptyForm(),
    saved: null,
    summary: null,
    summaryLoading: false,
    summaryError: null,
    saving: false,
    saveError: null,
    conflictVersion: null,
    savedFlash: null,
    gap: null,
  };
}

const cloneForm = (f: DraftForm): DraftForm => JSON.parse(JSON.stringify(f)) as DraftForm;

/**
 * A village's short record; `townshipName` names its township where the feature does not (the
 * map's villages come without: see MAP_VILLAGE_PROPERTIES).
 */
export function villageBrief(
  f: VillageFeature | VillageMapPoint,
  townshipName: (id: number) => string = () => '',
): VillageBrief {
  const c = f.geometry?.coordinates;
  return {
    id: f.id,
    name: f.properties.name,
    code: f.properties.code,
    township_id: f.properties.township_id,
    township_name:
      'township_name' in f.properties ? f.properties.township_name : townshipName(f.properties.township_id),
    income_band: f.properties.income_band ?? null,
    resident_population: f.properties.resident_population ?? null,
    lngLat: c && c.length >= 2 ? [c[0]!, c[1]!] : null,
  };
}

/**
 * The planner page's drafts (联建规划): two slots A and B, each an alliance being built or a
 * saved one being edited, with its live summary; the saved alliances; village names and
 * positions by id; the chains. Plain data only (the map draws it).
 */
export const usePlannerStore = defineStore('planner', () => {
  const slot = ref<DraftSlot>('A');
  const comparing = ref(false);
  const drafts = reactive<Record<DraftSlot, Draft>>({ A: newDraft(), B: newDraft() });
  const active = computed(() => drafts[slot.value]);

  // ---- villages by id (names and positions of members and suggestions) ----
  const villages = shallowRef<ReadonlyMap<number, VillageBrief>>(new Map());

  function remember(list: readonly VillageBrief[]): void {
    if (!list.length) return;
    const next = new Map(villages.value);
    for (const v of list) next.set(v.id, v);
    villages.value = next;
  }

  /** Makes sure these villages are known (unknown ids are fetched in batches). */
  async function ensureVillages(ids: readonly number[]): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !villages.value.has(id));
    for (let i = 0; i < missing.length; i += IDS_PER_REQUEST) {
      const batch = missing.slice(i, i + IDS_PER_REQUEST);
      const fc = await fetchVillagePoints({ ids: batch, limit: batch.length });
      remember(fc.features.map((f) => villageBrief(f)));
    }
  }

  /**
   * Villages whose name or code contains `q` (at most `limit`), remembered by id.
   * @throws ApiError, or an AbortError when `signal` aborts
   */
  async function searchVillages(q: string, limit: number, signal?: AbortSignal): Promise<VillageBrief[]> {
    const fc = await fetchVillagePoints({ q: q.trim(), limit }, signal);
    const list = fc.features.map((f) => villageBrief(f));
    remember(list);
    return list;
  }

  // ---- chains (for the picker and the supplier search) ----
  const chains = shallowRef<ChainOption[] | null>(null);
  const chainsError = ref<ApiErrorInfo | null>(null);
  let chainsLoading: Promise<void> | null = null;

  function loadChains(): Promise<void> {
    chainsLoading ??= (async () => {
      try {
        chains.value = await fetchChainOptions();
        chainsError.value = null;
      } catch (e) {
        chainsError.value = toErrorInfo(e);
        chainsLoading = null;
      }
    })();
    return chainsLoading;
  }

  // ---- saved alliances ----
  const saved = shallowRef<AllianceCollection | null>(null);
  const savedLoading = ref(false);
  const savedError = ref<ApiErrorInfo | null>(null);

  async function loadSaved(): Promise<void> {
    savedLoading.value = true;
    try {
      saved.value = await fetchAlliances();
      savedError.value = null;
    } catch (e) {
      savedError.value = toErrorInfo(e);
    } finally {
      savedLoading.value = false;
    }
  }

  // ---- the live summary ----
  const timers: Partial<Record<DraftSlot, ReturnType<typeof setTimeout>>> = {};
  const requests: Partial<Record<DraftSlot, AbortController>> = {};
  /** What the summary of each slot was last asked for (members, lead, chains). */
  const askedFor: Partial<Record<DraftSlot, string>> = {};
  const summaryKey = (f: DraftForm) => JSON.stringify([f.member_village_ids, f.lead_village_id, f.chain_ids]);

  /** Asks for the summary of a slot's draft now (aborting an older request). */
  async function refreshSummary(s: DraftSlot): Promise<void> {
    clearTimeout(timers[s]);
    requests[s]?.abort();
    const d = drafts[s];
    const f = d.form;
    askedFor[s] = summaryKey(f);
    if (f.member_village_ids.length === 0) {
      d.summary = null;
      d.summaryError = null;
      d.summaryLoading = false;
      return;
    }
    const request = new AbortController();
    requests[s] = request;
    d.summaryLoading = true;
    try {
      const summary = await fetchDraftSummary(
        {
          member_village_ids: [...f.member_village_ids],
          lead_village_id: f.lead_village_id,
          chain_ids: [...f.chain_ids],
        },
        request.signal,
      );
      d.summary = markRaw(summary);
      d.summaryError = null;
      // A different member set changes the gaps; close the supplier list.
      if (d.gap && !summary.chain_stages.missing.some((m) => m.group === d.gap?.group)) d.gap = null;
    } catch (e) {
      if (isAbortError(e)) return;
      d.summaryError = toErrorInfo(e);
    } finally {
      if (requests[s] === request) {
        d.summaryLoading = false;
        delete requests[s];
      }
    }
  }

  function scheduleSummary(s: DraftSlot): void {
    clearTimeout(timers[s]);
    drafts[s].summaryLoading = drafts[s].form.member_village_ids.length > 0;
    timers[s] = setTimeout(() => void refreshSummary(s), SUMMARY_DEBOUNCE_MS);
  }

  for (const s of SLOTS) {
    watch(
      () => summaryKey(drafts[s].form),
      (key) => {
        if (key !== askedFor[s]) scheduleSummary(s);
      },
    );
  }

  // ---- editing ----
  function toggle(id: number): boolean {
    const on = toggleMember(active.value.form, id);
    void ensureVillages([id]);
    return on;
  }

  function add(ids: readonly number[]): number {
    const n = addMembers(active.value.form, ids);
    void ensureVillages(ids);
    return n;
  }

  function remove(id: number): void {
    removeMember(active.value.form, id);
  }

  function setLead(id: number): void {
    const f = active.value.form;
    if (f.member_village_ids.includes(id)) f.lead_village_id = id;
  }

  /** Empties a slot for a new draft. */
  function reset(s: DraftSlot = slot.value): void {
    clearTimeout(timers[s]);
    requests[s]?.abort();
    drafts[s] = newDraft();
  }

  function load(s: DraftSlot, f: AllianceFeature): void {
    reset(s);
    const d = drafts[s];
    d.id = f.id;
    d.version = f.properties.version;
    d.form = formFromProps(f.properties);
    d.saved = cloneForm(d.form);
    void ensureVillages(d.form.member_village_ids);
    // Members equal to those before (a reload) would not trigger the watcher: ask now.
    void refreshSummary(s);
  }

  /** Opens a saved alliance in the current slot. */
  function open(f: AllianceFeature): void {
    comparing.value = false;
    load(slot.value, f);
  }

  const dirty = (s: DraftSlot): boolean => {
    const d = drafts[s];
    if (!d.saved) return d.form.member_village_ids.length > 0 || d.form.name.trim() !== '';
    return Object.keys(changedProps(d.saved, d.form)).length > 0;
  };

  /** The slot's alliance id when its members and chains are those saved (gap searches can use it). */
  const savedScope = (s: DraftSlot): number | null => {
    const d = drafts[s];
    return d.id !== null && d.saved && !membersDiffer(d.saved, d.form) ? d.id : null;
  };

  /**
   * Saves the slot's draft: POST when new, else PATCH of the changed fields with If-Match.
   * @returns true when saved; on failure `saveError` (and `conflictVersion` on 412) say why
   */
  async function save(s: DraftSlot = slot.value): Promise<boolean> {
    const d = drafts[s];
    d.saveError = null;
    d.conflictVersion = null;
    d.savedFlash = null;
    d.saving = true;
    try {
      let f: AllianceFeature | null = null;
      if (d.id === null) {
        f = await createAlliance(propsFromForm(d.form));
        d.savedFlash = 'created';
      } else {
        const patch = changedProps(d.saved ?? emptyForm(), d.form);
        if (Object.keys(patch).length > 0) f = await updateAlliance(d.id, d.version ?? 1, patch);
        d.savedFlash = f ? 'updated' : 'unchanged';
      }
      if (f) {
        d.id = f.id;
        d.version = f.properties.version;
      }
      d.saved = cloneForm(d.form);
      void loadSaved();
      return true;
    } catch (e) {
      const info = toErrorInfo(e);
      d.saveError = info;
      if (info.status === 412) {
        const v = Number(info.extra?.current_version);
        d.conflictVersion = Number.isSafeInteger(v) ? v : null;
      }
      return false;
    } finally {
      d.saving = false;
    }
  }

  /** After a 412: drops the local edits and loads the alliance as it is now. */
  async function reloadFromServer(s: DraftSlot = slot.value): Promise<void> {
    const d = drafts[s];
    if (d.id === null) return;
    try {
      load(s, await fetchAlliance(d.id));
    } catch (e) {
      d.saveError = toErrorInfo(e);
    }
  }

  /** After a 412: saves the local edits over the newer version. */
  async function overwrite(s: DraftSlot = slot.value): Promise<boolean> {
    const d = drafts[s];
    if (d.conflictVersion === null) return false;
    d.version = d.conflictVersion;
    return save(s);
  }

  // ---- chain gaps: who could supply a missing stage ----
  /**
   * Looks up suppliers for a missing stage group of the slot's draft. A saved, unchanged draft
   * asks the server with `alliance=<id>`; an unsaved one combines the chain's own gaps with the
   * chain's nodes of that stage outside the draft (the gaps endpoint cannot take a draft).
   */
  async function showGap(group: string, s: DraftSlot = slot.value): Promise<void> {
    const d = drafts[s];
    const missing = d.summary?.chain_stages.missing.find((m) => m.group === group);
    if (!missing) return;
    d.gap = { group, loading: true, error: null, suppliers: [] };
    const gap = d.gap;
    const members = new Set(d.form.member_village_ids);
    const scope = savedScope(s);
    try {
      await Promise.all([loadChains(), ensureVillages([...members])]);
      const memberPoints = [...members].flatMap((id) => {
        const p = villages.value.get(id)?.lngLat;
        return p ? [p] : [];
      });
      const rows: SupplierRow[] = [];
      for (const chainId of missing.chain_ids) {
        const chain = chains.value?.find((c) => c.id === chainId);
        const chainName = chain?.name ?? `#${chainId}`;
        const gaps = await fetchChainGaps(chainId, scope);
        for (const sup of gaps.missing.find((m) => m.group === group)?.suppliers ?? []) {
          rows.push({ ...sup, chain_id: chainId, chain_name: chainName });
        }
        if (scope === null && chain) {
          rows.push(
            ...nodeSuppliers(chain, missing.stages, members, memberPoints, (id) => villages.value.get(id)?.name),
          );
        }
      }
      gap.suppliers = mergeSuppliers(rows, members, SUPPLIERS_SHOWN);
      await ensureVillages(gap.suppliers.flatMap((r) => (r.village_id === null ? [] : [r.village_id])));
    } catch (e) {
      gap.error = toErrorInfo(e);
    } finally {
      gap.loading = false;
    }
  }

  function closeGap(s: DraftSlot = slot.value): void {
    drafts[s].gap = null;
  }

  const comparison = computed(() => {
    const a = drafts.A.summary;
    const b = drafts.B.summary;
    return a && b ? compareAlliances(a, b) : null;
  });

  return {
    slot,
    comparing,
    drafts,
    active,
    villages,
    remember,
    ensureVillages,
    searchVillages,
    chains,
    chainsError,
    loadChains,
    saved,
    savedLoading,
    savedError,
    loadSaved,
    refreshSummary,
    toggle,
    add,
    remove,
    setLead,
    reset,
    open,
    dirty,
    savedScope,
    save,
    reloadFromServer,
    overwrite,
    showGap,
    closeGap,
    comparison,
  };
});
