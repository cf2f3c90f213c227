import { computed, ref, type ComputedRef } from 'vue';
import { toErrorInfo } from '../../api/http.ts';
import { useI18n } from 'vue-i18n';
import type { MapState } from '../../map/map-query.ts';
import { fetchTownshipAt } from '../../api/townships.ts';
import { areaAt } from '../../map/locate-point.ts';
import { useMapLayersStore } from '../../stores/map-layers.ts';
import { useSessionStore } from '../../stores/session.ts';
import { useVillagesStore } from '../../stores/villages.ts';
import type { DetailLayer } from '../detail/detail-loaders.ts';
import { canEditRecord } from '../detail/edit-policy.ts';
import type { EditTarget } from './MapEditDialog.vue';

/**
 * What officials maintain from the main map, all through the shared editor (MapEditDialog →
 * RecordEditor): any record the detail panel offers to edit, a new station placed by a click in
 * a township, a new work-team member of the selected village, an annual assessment of the
 * selected secretary. The server enforces the same permissions; this only offers what it allows.
 */
export function useMapEditing(deps: {
  state: ComputedRef<MapState>;
  patchState(patch: Partial<MapState>): void;
  setPlacing(on: boolean): void;
}) {
  const { t } = useI18n();
  const session = useSessionStore();
  const villages = useVillagesStore();
  const layers = useMapLayersStore();
  const editTarget = ref<EditTarget | null>(null);
  const placing = ref(false);
  const placeError = ref<string | null>(null);
  /** Bumped after a save so the detail panel loads the record again. */
  const detailKey = ref(0);

  function onEdit(target: { layer: DetailLayer; id: number }): void {
    const title = t('mapx.edit.title', { name: t(`detail.kind.${target.layer}`) });
    editTarget.value = { layer: target.layer, id: target.id, title };
  }

  const canPlaceStation = computed(() => ['admin', 'official'].includes(session.user?.role ?? ''));
  function togglePlacing(): void {
    placing.value = !placing.value;
    placeError.value = null;
    deps.setPlacing(placing.value);
  }

  /** Clicks while a township is being looked up for the previous one are ignored. */
  let locating = false;
  async function onMapClick(lngLat: [number, number]): Promise<void> {
    if (!placing.value || locating) return;
    // The server has the township boundaries (the client holds only those in view, if any).
    locating = true;
    let townshipId: number | null;
    try {
      townshipId = (await fetchTownshipAt(lngLat))?.id ?? null;
    } catch (e) {
      placeError.value = toErrorInfo(e).message;
      return;
    } finally {
      locating = false;
    }
    if (!placing.value) return;
    if (townshipId === null) {
      placeError.value = t('mapx.edit.outside');
      return;
    }
    togglePlacing();
    editTarget.value = {
      layer: 'stations',
      title: t('mapx.edit.newStationTitle'),
      create: {
        geometry: { type: 'Point', coordinates: lngLat },
        properties: {
          township_id: townshipId,
          village_id: areaAt(lngLat, villages.boundaries?.features ?? []),
          level: '站点',
          functions: [],
        },
      },
    };
  }

  /** The selected village, when the user may add to its work team. */
  const teamVillage = computed(() => {
    const v = villages.selected;
    const user = session.user;
    if (!v || !user || user.role === 'secretary' || deps.state.value.village !== v.id) return null;
    const scope = { id: 0, townshipIds: [v.properties.township_id], villageIds: [Number(v.id)] };
    return canEditRecord(user, 'secretaries', scope) ? v : null;
  });
  function addMember(): void {
    const v = teamVillage.value;
    if (!v) return;
    editTarget.value = {
      layer: 'secretaries',
      title: t('mapx.edit.newMemberTitle', { village: v.properties.name }),
      create: { geometry: null, properties: { village_id: Number(v.id), role: '队员', status: '在岗' } },
    };
  }
  const canAssess = computed(
    () => deps.state.value.sel?.layer === 'secretaries' && ['admin', 'official'].includes(session.user?.role ?? ''),
  );
  function addAssessment(): void {
    const sel = deps.state.value.sel;
    if (!sel) return;
    editTarget.value = {
      layer: 'assessments',
      title: t('mapx.edit.newAssessmentTitle', { name: t('detail.kind.secretaries') }),
      create: { geometry: null, properties: { secretary_id: sel.id, year: new Date().getFullYear() } },
    };
  }

  function onSaved(feature: { id: number } | null): void {
    const created = editTarget.value?.create ? editTarget.value.layer : null;
    editTarget.value = null;
    void layers.invalidate();
    void villages.retry();
    void villages.reloadSelected();
    detailKey.value++;
    if (created === 'stations' && feature)
      deps.patchState({ village: null, sel: { layer: 'stations', id: feature.id } });
  }

  return {
    editTarget,
    placing,
    placeError,
    detailKey,
    onEdit,
    canPlaceStation,
    togglePlacing,
    onMapClick,
    teamVillage,
    addMember,
    canAssess,
    addAssessment,
    onSaved,
  };
}
