/**
 * Inputs and answers of the officials' dashboard (issue #4). The server fills the inputs from the
 * live rows; `dashboardStats` and `attentionList` are pure functions over them (no I/O).
 */
import type { IncomeBand } from '../enums.ts';
import type { IncomeThresholds } from '../income.ts';
import type { SecretaryStateValue } from '../secretary-state.ts';

/** A village as the dashboard needs it. */
export interface StatsVillage {
  id: number;
  name: string;
  township_id: number;
  flags: readonly string[];
  /** Every year's income (万元); the latest year's `operating` decides the current band. */
  incomes: readonly { year: number; total: number | null; operating: number | null }[];
  resident_population: number | null;
  registered_population: number | null;
}

/** A secretary or work-team member (only first secretaries in post count for the figures). */
export interface StatsSecretary {
  id: number;
  village_id: number;
  name: string;
  role: string;
  status: string;
  term_end: string | null;
}

export interface StatsAsset {
  id: number;
  village_id: number;
  name: string;
  subtype: string;
  area_mu: number | null;
  area_m2: number | null;
  book_value: number | null;
  annual_income: number | null;
  lessee: string | null;
  contract_end: string | null;
}

export interface StatsAlliance {
  id: number;
  name: string;
  status: string;
  member_village_ids: readonly number[];
}

export interface StatsChain {
  id: number;
  name: string;
  lead_product: string | null;
  /** The chain's nodes: their village (null for a free node) and stage. */
  nodes: readonly { village_id: number | null; stage: string }[];
}

/** The coverage of one village (from `stationCoverage`). */
export interface StatsCoverage {
  village_id: number;
  covered: boolean;
  nearest_station_id: number | null;
  nearest_distance_m: number | null;
}

export interface StatsInput {
  /** `YYYY-MM-DD` (the app's clock). */
  today: string;
  thresholds: IncomeThresholds;
  /** Default service radius (m) of stations without their own. */
  radius_m: number;
  /** The townships asked for; empty: the whole county. */
  township_ids: readonly number[];
  villages: readonly StatsVillage[];
  secretaries: readonly StatsSecretary[];
  assets: readonly StatsAsset[];
  alliances: readonly StatsAlliance[];
  chains: readonly StatsChain[];
  /** Coverage of every village (stations anywhere may cover a village in scope). */
  coverage: readonly StatsCoverage[];
  /** Stations in scope (by their township). */
  station_count: number;
}

export type BandOrUnknown = IncomeBand | '未填报';

export interface BandCount {
  band: BandOrUnknown;
  count: number;
}

export interface AssetTotals {
  subtype: string;
  category: string;
  /** Land (area in 亩) or buildings and things (area in m²). */
  land: boolean;
  count: number;
  area_mu: number;
  area_m2: number;
  /** 万元. */
  book_value: number;
  /** 万元 per year. */
  annual_income: number;
}

export interface ChainCompleteness {
  chain_id: number;
  name: string;
  /** Required stage groups present (of `required_total`). */
  required_present: number;
  required_total: number;
  /** Optional groups present (品牌, 农文旅, 社会化服务). */
  optional_present: number;
  /** Required groups the chain lacks. */
  missing: string[];
  node_count: number;
}

/** `GET /api/stats`. */
export interface DashboardStats {
  as_of: string;
  township_ids: number[];
  thresholds: IncomeThresholds;
  villages: { total: number; residents: number };
  income: {
    /** Villages per band by the latest year's operating income, in band order, then 未填报. */
    current: BandCount[];
    /** Villages per band for every year any village reported, oldest first. */
    by_year: { year: number; bands: BandCount[] }[];
  };
  secretaries: {
    /** First secretaries (第一书记) in post (在岗). */
    in_post: number;
    /** Of those, terms ending within 90 days (or already past their end). */
    terms_ending: number;
    /** Villages with a target flag. */
    target_villages: number;
    /** Villages per first-secretary state (the map's `sec` filter). */
    village_states: { state: SecretaryStateValue; count: number }[];
  };
  coverage: {
    radius_m: number;
    stations: number;
    villages: number;
    covered_villages: number;
    residents: number;
    covered_residents: number;
  };
  assets: { by_subtype: AssetTotals[]; count: number; area_mu: number; area_m2: number; book_value: number };
  alliances: { by_status: { status: string; count: number }[]; total: number };
  chains: ChainCompleteness[];
}

export const ATTENTION_KINDS = ['term_ending', 'vacant_target', 'contract_ending', 'uncovered'] as const;
export type AttentionKind = (typeof ATTENTION_KINDS)[number];

/** One thing that needs an official's attention. */
export interface AttentionItem {
  kind: AttentionKind;
  /** Where it is on the map: the layer and row id to select. */
  layer: 'secretaries' | 'villages' | 'assets';
  id: number;
  village_id: number;
  village_name: string;
  /** The secretary's, village's or asset's name. */
  title: string;
  /** A short Chinese description (clients may build their own from the other fields). */
  detail: string;
  /** The term or contract end, `YYYY-MM-DD`. */
  date?: string;
  /** Days from today to `date` (negative: already past). */
  days_left?: number;
  /** Vacant target villages: their target flags. */
  flags?: string[];
  /** Uncovered villages: residents; contracts: the lessee's annual income (万元). */
  value?: number | null;
}

/** `GET /api/stats/attention`. */
export interface AttentionList {
  as_of: string;
  days: number;
  /** Items over all kinds before the cap. */
  total: number;
  counts: Record<AttentionKind, number>;
  items: AttentionItem[];
}
