import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import { fetchSecretaries } from '../api/secretaries.ts';
import { fetchVillagePoints, type VillagePointCollection } from '../api/villages.ts';

/** A record as pickers and tables show it. */
export interface NamedRef {
  id: number;
  name: string;
}

export interface VillageRef extends NamedRef {
  township_id: number;
  township_name: string;
}

export interface SecretaryRef extends NamedRef {
  role: string;
}

const villageRefs = (fc: VillagePointCollection): VillageRef[] =>
  fc.features.map((f) => ({
    id: f.id,
    name: f.properties.name,
    township_id: f.properties.township_id,
    township_name: f.properties.township_name,
  }));

/** Ids per request: keeps `?village=1,2,…` well under the server's 500-character parameter limit. */
const IDS_PER_REQUEST = 60;
const SEARCH_LIMIT = 50;

/**
 * Names of villages and secretaries for pickers and for the scope column of the users table;
 * village names are cached by id (township names come from `useTownshipsStore`).
 */
export const useLookupsStore = defineStore('lookups', () => {
  const villages = shallowRef<ReadonlyMap<number, VillageRef>>(new Map());

  function remember(list: VillageRef[]): void {
    if (!list.length) return;
    const next = new Map(villages.value);
    for (const v of list) next.set(v.id, v);
    villages.value = next;
  }

  /**
   * Villages of a township whose name or code contains `q` (at most 50) and how many match in all.
   * @throws ApiError, or an AbortError when `signal` aborts
   */
  async function searchVillages(
    townshipId: number,
    q: string,
    signal?: AbortSignal,
  ): Promise<{ villages: VillageRef[]; total: number }> {
    const fc = await fetchVillagePoints(
      { township: townshipId, q: q.trim() || undefined, limit: SEARCH_LIMIT },
      signal,
    );
    const list = villageRefs(fc);
    remember(list);
    return { villages: list, total: fc.total ?? list.length };
  }

  /** Makes sure the names of these villages are known (unknown ids are fetched in batches). */
  async function loadVillages(ids: readonly number[]): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !villages.value.has(id));
    for (let i = 0; i < missing.length; i += IDS_PER_REQUEST) {
      const batch = missing.slice(i, i + IDS_PER_REQUEST);
      remember(villageRefs(await fetchVillagePoints({ ids: batch, limit: batch.length })));
    }
  }

  /** The secretaries and work team members posted to a village. */
  async function secretariesOf(villageId: number, signal?: AbortSignal): Promise<SecretaryRef[]> {
    const fc = await fetchSecretaries(villageId, signal);
    return fc.features.map((f) => ({ id: f.id, name: f.properties.name, role: f.properties.role }));
  }

  return { villages, searchVillages, loadVillages, secretariesOf };
});
