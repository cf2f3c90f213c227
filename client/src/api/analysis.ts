/**
 * Planning analyses (联建规划): station coverage and new sites, partner suggestions, alliance
 * summaries of drafts, chain gaps. The answer shapes are the pure functions' types in
 * `common/analysis/`, which the server fills from live data.
 */
import type { AllianceSummary } from '../../../common/analysis/alliance-summary.ts';
import type { ChainGapResult } from '../../../common/analysis/chain-gaps.ts';
import type { CoverageResult, CoverageSummary } from '../../../common/analysis/coverage.ts';
import type { PartnerSuggestion, PartnerWeights } from '../../../common/analysis/partners.ts';
import type { StationSuggestion } from '../../../common/analysis/siting.ts';
import type { ChainStage } from '../../../common/enums.ts';
import { getJson, requestJson, withQuery } from './http.ts';
import { assertCollection, type Feature, type PointGeometry } from './geojson.ts';

export type { AllianceSummary, PartnerSuggestion, PartnerWeights, StationSuggestion };

/** One village of the coverage answer. */
export interface CoverageVillage extends CoverageResult {
  name: string;
  township_id: number;
  lngLat: [number, number];
  residents: number;
}

/** `GET /api/analysis/coverage`. */
export interface CoverageView {
  /** The default service radius used for stations without their own. */
  radius_m: number;
  villages: CoverageVillage[];
  summary: CoverageSummary;
  suggestions: StationSuggestion[];
}

export interface CoverageQuery {
  /** Default service radius in metres (50–50,000); the server's setting when left out. */
  radius?: number;
  townships?: readonly number[];
  /** How many new sites to suggest (default 3). */
  k?: number;
}

/** `GET /api/analysis/coverage`: nearest station and coverage of every village, and the best new sites. */
export async function fetchCoverage(q: CoverageQuery, signal?: AbortSignal): Promise<CoverageView> {
  return getJson<CoverageView>(
    withQuery('/api/analysis/coverage', { radius: q.radius, township: q.townships?.join(','), k: q.k }),
    signal,
  );
}

export interface PartnersQuery {
  village: number;
  maxKm: number;
  limit?: number;
  weights: PartnerWeights;
}

/** `GET /api/analysis/partners`. */
export interface PartnersView {
  village_id: number;
  suggestions: PartnerSuggestion[];
}

/** `GET /api/analysis/partners`: ranked partner villages within `maxKm`, each with its reasons. */
export async function fetchPartners(q: PartnersQuery, signal?: AbortSignal): Promise<PartnersView> {
  const w = q.weights;
  return getJson<PartnersView>(
    withQuery('/api/analysis/partners', {
      village: q.village,
      maxKm: q.maxKm,
      limit: q.limit,
      w_distance: w.distance,
      w_income: w.income,
      w_chain: w.chain,
      w_asset: w.asset,
      w_township: w.township,
    }),
    signal,
  );
}

/** What a draft alliance is summarised from. */
export interface DraftSummaryRequest {
  member_village_ids: number[];
  lead_village_id: number | null;
  /** Empty: every chain with a node at a member. */
  chain_ids: number[];
}

/** `POST /api/analysis/alliance-summary`: the summary of a draft (nothing is saved). */
export async function fetchDraftSummary(body: DraftSummaryRequest, signal?: AbortSignal): Promise<AllianceSummary> {
  return requestJson<AllianceSummary>('POST', '/api/analysis/alliance-summary', { body, signal });
}

/** `GET /api/chains/:id/gaps`. */
export type ChainGaps = ChainGapResult & { chain_id: number; alliance_id: number | null };

/**
 * `GET /api/chains/:id/gaps`: missing stages of a chain with the nearest suppliers for each.
 * @param allianceId scope the chain to a saved alliance's members; null: the chain's own villages
 */
export async function fetchChainGaps(
  chainId: number,
  allianceId: number | null,
  signal?: AbortSignal,
): Promise<ChainGaps> {
  return getJson<ChainGaps>(
    withQuery(`/api/chains/${encodeURIComponent(chainId)}/gaps`, { alliance: allianceId }),
    signal,
  );
}

/** A chain as the planner needs it: name, lead product and where its nodes are. */
export interface ChainOption {
  id: number;
  name: string;
  lead_product: string | null;
  nodes: { id: number; village_id: number | null; name: string; stage: ChainStage; lngLat: [number, number] }[];
}

interface ChainListProps {
  name: string;
  lead_product: string | null;
  nodes?: ChainOption['nodes'];
}

/** `GET /api/chains`, reduced to what the planner's chain picker and gap search use. */
export async function fetchChainOptions(signal?: AbortSignal): Promise<ChainOption[]> {
  const fc = assertCollection<unknown, ChainListProps>(await getJson<unknown>('/api/chains', signal));
  return fc.features.map((f) => ({
    id: f.id,
    name: f.properties.name,
    lead_product: f.properties.lead_product ?? null,
    nodes: f.properties.nodes ?? [],
  }));
}

/** A station with the radius its service circle is drawn with. */
export interface StationCircle {
  id: number;
  name: string;
  lngLat: [number, number];
  /** The station's own radius; null when it uses the default. */
  ownRadiusM: number | null;
  effectiveRadiusM: number;
}

interface StationListProps {
  name: string;
  service_radius_m: number | null;
  effective_radius_m?: number;
}

/** `GET /api/stations`, reduced to positions and service radii. */
export async function fetchStationCircles(signal?: AbortSignal): Promise<StationCircle[]> {
  const fc = assertCollection<PointGeometry | null, StationListProps>(await getJson<unknown>('/api/stations', signal));
  return fc.features
    .filter((f): f is Feature<PointGeometry, StationListProps> => f.geometry?.type === 'Point')
    .map((f) => ({
      id: f.id,
      name: f.properties.name,
      lngLat: [f.geometry.coordinates[0]!, f.geometry.coordinates[1]!],
      ownRadiusM: f.properties.service_radius_m ?? null,
      effectiveRadiusM: f.properties.effective_radius_m ?? f.properties.service_radius_m ?? 0,
    }));
}
