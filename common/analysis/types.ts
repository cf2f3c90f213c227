/**
 * Plain input types of the analyses (issue #6). The server fills them from the database; the
 * analyses are pure functions over them (no I/O). Positions are `[lng, lat]` (WGS-84), distances
 * are metres unless a name says otherwise, money is 万元 per year.
 */
import type { ChainStage } from '../enums.ts';

/** A `[lng, lat]` position in degrees. */
export type LngLat = readonly [number, number];

/** A GeoJSON Polygon (RFC 7946). */
export interface PolygonInput {
  type: 'Polygon';
  coordinates: number[][][];
}

/** A GeoJSON MultiPolygon (RFC 7946). */
export interface MultiPolygonInput {
  type: 'MultiPolygon';
  coordinates: number[][][][];
}

/** An administrative village: its committee site, people and collective income. */
export interface VillageInput {
  id: number;
  name: string;
  township_id: number;
  /** The village committee (the village's `location`). */
  lngLat: LngLat;
  resident_population: number | null;
  registered_population: number | null;
  /** 经营性收入 of the latest year, 万元; decides the income band. */
  operating_income: number | null;
  /** 集体经济总收入 of the latest year, 万元. */
  total_income: number | null;
  flags: string[];
  boundary?: PolygonInput | MultiPolygonInput | null;
}

/** A Party-masses service station. */
export interface StationInput {
  id: number;
  name: string;
  level: string;
  lngLat: LngLat;
  /** Service radius already resolved: the station's own radius or the configured default. */
  radius_m: number;
  /** The village it belongs to, if any (counts as "inside" an alliance of that village). */
  village_id?: number | null;
  township_id?: number | null;
}

/** A node of an industry chain, at a village or a free location. */
export interface ChainNodeInput {
  id: number;
  chain_id: number;
  village_id: number | null;
  stage: ChainStage;
  lngLat: LngLat;
  /** Shown for free nodes (no village) when they are suggested as suppliers. */
  name?: string;
}

/** An industry chain. */
export interface ChainInput {
  id: number;
  name: string;
  lead_product: string | null;
}

/** A village collective asset; `lngLat` is a representative point (the point, or a polygon's centre). */
export interface AssetInput {
  id: number;
  village_id: number;
  subtype: string;
  /** Land area in 亩, null for buildings. */
  area_mu: number | null;
  /** Building area in m², null for land. */
  area_m2: number | null;
  /** Book value, 万元. */
  book_value: number | null;
  lngLat: LngLat;
}

/** A township and the ids of the townships that share a boundary with it. */
export interface TownshipInput {
  id: number;
  name: string;
  adjacent: number[];
}

/**
 * The people a village counts for coverage and siting: residents, falling back to registered
 * population, else 0.
 * @example residentsOf({ resident_population: null, registered_population: 900 }) // 900
 */
export function residentsOf(v: Pick<VillageInput, 'resident_population' | 'registered_population'>): number {
  return v.resident_population ?? v.registered_population ?? 0;
}
