/**
 * A draft's plan as GeoJSON, the same shape as the server's `GET /api/alliances/:id/plan.geojson`:
 * the hull with the summary figures, then one point per member village. Pure (no DOM).
 */
import type { AllianceSummary } from '../../../../common/analysis/alliance-summary.ts';
import type { DraftForm } from '../../stores/planner-draft.ts';

/** What the export needs to know of a member village. */
export interface PlanVillage {
  id: number;
  name: string;
  code: string;
  township_name: string;
  income_band: string | null;
  resident_population: number | null;
  lngLat: [number, number] | null;
}

export interface PlanFeatureCollection {
  type: 'FeatureCollection';
  features: {
    type: 'Feature';
    id: string;
    geometry: { type: 'Polygon'; coordinates: number[][][] } | { type: 'Point'; coordinates: number[] } | null;
    properties: Record<string, unknown>;
  }[];
}

/**
 * Builds the plan of an unsaved draft.
 * @param villages members by id; members without a known position are left out of the points
 * @example draftPlanGeoJson(form, summary, villages).features[0].properties.member_count // 5
 */
export function draftPlanGeoJson(
  form: DraftForm,
  summary: AllianceSummary,
  villages: ReadonlyMap<number, PlanVillage>,
): PlanFeatureCollection {
  const { hull, member_ids: _ids, ...figures } = summary;
  const members = summary.member_ids.flatMap((id) => {
    const v = villages.get(id);
    if (!v?.lngLat) return [];
    return [
      {
        type: 'Feature' as const,
        id: `village-${id}`,
        geometry: { type: 'Point' as const, coordinates: [v.lngLat[0], v.lngLat[1]] },
        properties: {
          kind: 'member',
          village_id: id,
          name: v.name,
          code: v.code,
          township_name: v.township_name,
          income_band: v.income_band,
          resident_population: v.resident_population,
          lead: id === summary.lead_village_id,
        },
      },
    ];
  });
  return {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        id: 'alliance-draft',
        geometry: hull,
        properties: {
          kind: 'alliance',
          name: form.name.trim() || null,
          type: form.type,
          status: form.status,
          ...figures,
        },
      },
      ...members,
    ],
  };
}

/**
 * A file name for the plan: the alliance's name without characters file systems refuse.
 * @example planFileName('柳河/片区') // '柳河_片区.geojson'
 */
export function planFileName(name: string, fallback: string): string {
  const base = (name.trim() || fallback).replace(/[\\/:*?"<>|\p{Cc}]+/gu, '_').slice(0, 80);
  return `${base}.geojson`;
}
