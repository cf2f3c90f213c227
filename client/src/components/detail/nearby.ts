/**
 * What lies around a village or a station: the nearest station and which stations' service
 * circles reach a village (through common/analysis `stationCoverage`, so the panel agrees with the
 * coverage analysis), and the villages inside a station's circle.
 */
import { stationCoverage } from '../../../../common/analysis/coverage.ts';
import { haversineM } from '../../../../common/geo.ts';
import type { LngLat } from './navigate-links.ts';

/** A station as the panel needs it (radius already resolved: `effective_radius_m`). */
export interface NearbyStation {
  id: number;
  name: string;
  level: string;
  lngLat: LngLat;
  radiusM: number;
}

export interface StationReach {
  /** The nearest station and its distance, or null when none was given. */
  nearest: { station: NearbyStation; distanceM: number } | null;
  /** The nearest station whose service radius reaches the village, or null (uncovered). */
  coveredBy: { station: NearbyStation; distanceM: number } | null;
}

/**
 * The nearest of `stations` to a village and the nearest one that covers it.
 * @example stationReach([122.94, 41.79], stations).coveredBy === null // outside every service circle
 */
export function stationReach(village: LngLat, stations: readonly NearbyStation[]): StationReach {
  const [r] = stationCoverage(
    [{ id: 0, lngLat: village }],
    stations.map((s) => ({ id: s.id, name: s.name, level: s.level, lngLat: s.lngLat, radius_m: s.radiusM })),
  );
  const byId = (id: number | null | undefined) => stations.find((s) => s.id === id);
  const at = (s: NearbyStation | undefined) => (s ? { station: s, distanceM: haversineM(village, s.lngLat) } : null);
  return { nearest: at(byId(r?.nearest_station_id)), coveredBy: at(byId(r?.covered_by)) };
}

/**
 * A bbox `[west, south, east, north]` that contains the circle of `radiusM` metres around a point
 * (a little generous; callers re-check distances with `haversineM`).
 */
export function bboxAround(at: LngLat, radiusM: number): [number, number, number, number] {
  const dLat = (radiusM / 111_000) * 1.01;
  const dLng = dLat / Math.max(0.01, Math.cos((at[1] * Math.PI) / 180));
  const r6 = (n: number) => Math.round(n * 1e6) / 1e6;
  return [r6(at[0] - dLng), r6(Math.max(-90, at[1] - dLat)), r6(at[0] + dLng), r6(Math.min(90, at[1] + dLat))];
}

/** A village as the station panel lists it. */
export interface NearbyVillage {
  id: number;
  name: string;
  lngLat: LngLat;
  residents: number | null;
}

/**
 * The villages within `radiusM` of a station, nearest first, with their distance, and the
 * residents they hold together (villages without a figure count as 0).
 */
export function villagesWithin(
  station: LngLat,
  radiusM: number,
  villages: readonly NearbyVillage[],
): { villages: (NearbyVillage & { distanceM: number })[]; residents: number } {
  const inside = villages
    .map((v) => ({ ...v, distanceM: haversineM(station, v.lngLat) }))
    .filter((v) => v.distanceM <= radiusM)
    .sort((a, b) => a.distanceM - b.distanceM);
  return { villages: inside, residents: inside.reduce((sum, v) => sum + (v.residents ?? 0), 0) };
}
