import { computed, type ComputedRef, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { NO_OVERLAYS, type PlannerOverlayData } from '../../map/planner-overlays.ts';
import { usePlannerCoverageStore } from '../../stores/planner-coverage.ts';
import { usePlannerPartnersStore } from '../../stores/planner-partners.ts';
import { SLOTS, usePlannerStore, type DraftSlot } from '../../stores/planner.ts';

export type PlannerTab = 'builder' | 'partners' | 'coverage';

/**
 * What the planner map draws for the open tab, as plain data: the current draft (members, lead,
 * hull, suppliers of a missing stage), both drafts when comparing, the partner suggestions, or
 * the station coverage.
 */
export function usePlannerOverlays(tab: Ref<PlannerTab>): ComputedRef<PlannerOverlayData> {
  const { locale, t } = useI18n();
  const planner = usePlannerStore();
  const partners = usePlannerPartnersStore();
  const coverage = usePlannerCoverageStore();

  const memberMarks = (s: DraftSlot) => {
    const f = planner.drafts[s].form;
    return f.member_village_ids.flatMap((id) => {
      const p = planner.villages.get(id)?.lngLat;
      return p ? [{ id, lngLat: p, lead: id === f.lead_village_id }] : [];
    });
  };
  const hull = (s: DraftSlot) => {
    const d = planner.drafts[s];
    const h = d.form.member_village_ids.length ? d.summary?.hull : null;
    return h ? [{ slot: s, coordinates: h.coordinates }] : [];
  };

  return computed<PlannerOverlayData>(() => {
    if (tab.value === 'coverage') {
      const r = coverage.result;
      const fmt = new Intl.NumberFormat(locale.value);
      return {
        ...NO_OVERLAYS,
        coverage: r
          ? {
              stations: coverage.circles.map((c) => ({ lngLat: c.lngLat, radiusM: c.radiusM, name: c.name })),
              uncovered: coverage.uncovered.map((v) => v.lngLat),
              sites: r.suggestions.map((s) => ({
                lngLat: s.lngLat,
                label: t('planner.coverage.gainLabel', { n: fmt.format(s.gain_residents) }),
              })),
            }
          : null,
      };
    }
    if (tab.value === 'builder' && planner.comparing) {
      return { ...NO_OVERLAYS, members: SLOTS.flatMap(memberMarks), hulls: SLOTS.flatMap(hull) };
    }
    const suggestions =
      tab.value === 'partners'
        ? (partners.result?.suggestions ?? []).flatMap((sg, i) => {
            const p = planner.villages.get(sg.village_id)?.lngLat;
            return p ? [{ id: sg.village_id, lngLat: p, rank: i + 1 }] : [];
          })
        : [];
    const gap = planner.active.gap;
    return {
      ...NO_OVERLAYS,
      members: memberMarks(planner.slot),
      hulls: hull(planner.slot),
      suggestions,
      suppliers:
        tab.value === 'builder' && gap && !gap.loading
          ? gap.suppliers.map((x) => ({ lngLat: x.lngLat, label: `${x.name}${x.subtype ? ` · ${x.subtype}` : ''}` }))
          : [],
    };
  });
}
