import {
  PartnerIndex,
  chainGaps,
  stationCoverage,
  suggestPartners,
  suggestStations,
  summarizeAlliance,
  summarizeCoverage,
  type AllianceSummary,
  type AssetInput,
  type ChainGapResult,
  type ChainInput,
  type ChainNodeInput,
  type CoverageResult,
  type CoverageSummary,
  type PartnerSuggestion,
  type PartnerWeights,
  type StationInput,
  type StationSuggestion,
  type TownshipInput,
  type VillageInput,
} from '../../common/analysis/index.ts';
import type { ChainStage } from '../../common/enums.ts';
import { HttpError, notFound } from '../http/errors.ts';
import type { AnalysisRepository } from '../repositories/analysis-repository.ts';
import type { Row } from '../repositories/feature-repository.ts';
import type { SettingsService } from './settings-service.ts';

type Pt = { coordinates: number[] };
const lngLatOf = (g: unknown) => [(g as Pt).coordinates[0]!, (g as Pt).coordinates[1]!] as const;

/** Everything the analyses read, loaded once per request. */
interface Inputs {
  villages: VillageInput[];
  stations: StationInput[];
  nodes: ChainNodeInput[];
  chains: ChainInput[];
  assets: AssetInput[];
  townships: TownshipInput[];
}

export interface CoverageView {
  radius_m: number;
  villages: (CoverageResult & {
    name: string;
    township_id: number;
    lngLat: readonly [number, number];
    residents: number;
  })[];
  summary: CoverageSummary;
  suggestions: StationSuggestion[];
}

/** Two townships are adjacent when their boundaries share a vertex (the sample's and most survey data's edges are shared exactly). */
export function townshipAdjacency(rows: { id: number; geometry: { coordinates: unknown } }[]): Map<number, number[]> {
  const owners = new Map<string, Set<number>>();
  const walk = (c: unknown, id: number): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const key = `${(c[0] as number).toFixed(6)},${(c[1] as number).toFixed(6)}`;
      let s = owners.get(key);
      if (!s) owners.set(key, (s = new Set()));
      s.add(id);
    } else if (Array.isArray(c)) for (const x of c) walk(x, id);
  };
  for (const r of rows) walk(r.geometry.coordinates, r.id);
  const adj = new Map<number, Set<number>>(rows.map((r) => [r.id, new Set()]));
  for (const s of owners.values())
    if (s.size > 1) for (const a of s) for (const b of s) if (a !== b) adj.get(a)!.add(b);
  return new Map([...adj].map(([k, v]) => [k, [...v].sort((x, y) => x - y)]));
}

/** Station coverage, new-station siting, partner suggestions, chain gaps and alliance summaries over live data. */
export class AnalysisService {
  constructor(
    private readonly repo: AnalysisRepository,
    private readonly settings: SettingsService,
  ) {}

  private async inputs(defaultRadius?: number): Promise<Inputs & { radius: number }> {
    const s = await this.settings.all();
    const radius = defaultRadius ?? s.default_service_radius_m;
    const [villages, stations, nodes, chains, assets, townships] = await Promise.all([
      this.repo.villages(),
      this.repo.stations(),
      this.repo.chainNodes(),
      this.repo.chains(),
      this.repo.assets(),
      this.repo.townships(),
    ]);
    const adjacency = townshipAdjacency(townships as { id: number; geometry: { coordinates: unknown } }[]);
    return {
      radius,
      villages: villages.map((v: Row) => {
        const incomes = (v.incomes as { year: number; total: number | null }[]) ?? [];
        const latest = [...incomes].sort((a, b) => b.year - a.year)[0];
        return {
          id: Number(v.id),
          name: String(v.name),
          township_id: Number(v.township_id),
          lngLat: [Number(v.lng), Number(v.lat)] as const,
          resident_population: (v.resident_population as number | null) ?? null,
          registered_population: (v.registered_population as number | null) ?? null,
          operating_income: v.operating_income == null ? null : Number(v.operating_income),
          total_income: latest?.total ?? null,
          flags: (v.flags as string[]) ?? [],
          boundary: (v.boundary as VillageInput['boundary']) ?? null,
        };
      }),
      stations: stations.map((st: Row) => ({
        id: Number(st.id),
        name: String(st.name),
        level: String(st.level),
        lngLat: lngLatOf(st.geometry),
        radius_m: st.service_radius_m == null ? radius : Number(st.service_radius_m),
        village_id: st.village_id == null ? null : Number(st.village_id),
        township_id: Number(st.township_id),
      })),
      nodes: nodes.map((n: Row) => ({
        id: Number(n.id),
        chain_id: Number(n.chain_id),
        village_id: n.village_id == null ? null : Number(n.village_id),
        stage: n.stage as ChainStage,
        lngLat: lngLatOf(n.geometry),
        name: String(n.name),
      })),
      chains: chains.map((c: Row) => ({
        id: Number(c.id),
        name: String(c.name),
        lead_product: (c.lead_product as string | null) ?? null,
      })),
      assets: assets.map((a: Row) => ({
        id: Number(a.id),
        village_id: Number(a.village_id),
        subtype: String(a.subtype),
        area_mu: (a.area_mu as number | null) ?? null,
        area_m2: (a.area_m2 as number | null) ?? null,
        book_value: (a.book_value as number | null) ?? null,
        lngLat: [(Number(a.minx) + Number(a.maxx)) / 2, (Number(a.miny) + Number(a.maxy)) / 2] as const,
      })),
      townships: townships.map((t: Row) => ({
        id: Number(t.id),
        name: String(t.name),
        adjacent: adjacency.get(Number(t.id)) ?? [],
      })),
    };
  }

  async coverage(opts: { radius?: number; townshipIds?: number[]; k: number }): Promise<CoverageView> {
    const inp = await this.inputs(opts.radius);
    const results = stationCoverage(inp.villages, inp.stations);
    const byId = new Map(inp.villages.map((v) => [v.id, v]));
    const inScope = (id: number) => !opts.townshipIds?.length || opts.townshipIds.includes(byId.get(id)!.township_id);
    const villages = inp.villages.filter((v) => inScope(v.id));
    const scoped = results.filter((r) => inScope(r.village_id));
    return {
      radius_m: inp.radius,
      villages: scoped.map((r) => {
        const v = byId.get(r.village_id)!;
        return {
          ...r,
          name: v.name,
          township_id: v.township_id,
          lngLat: v.lngLat,
          residents: v.resident_population ?? v.registered_population ?? 0,
        };
      }),
      summary: summarizeCoverage(scoped, villages),
      suggestions: suggestStations(villages, scoped, { k: opts.k, radius_m: inp.radius }),
    };
  }

  async partners(opts: {
    village: number;
    maxKm: number;
    limit: number;
    weights: Partial<PartnerWeights>;
  }): Promise<{ village_id: number; suggestions: (PartnerSuggestion & { lngLat: readonly [number, number] })[] }> {
    const inp = await this.inputs();
    const { income_thresholds } = await this.settings.all();
    const index = new PartnerIndex({
      villages: inp.villages,
      chainNodes: inp.nodes,
      assets: inp.assets,
      townships: inp.townships,
    });
    if (!index.village(opts.village)) throw notFound('Village');
    try {
      const suggestions = suggestPartners(opts.village, index, {
        maxKm: opts.maxKm,
        limit: opts.limit,
        weights: opts.weights,
        thresholds: income_thresholds,
      });
      // Positions too, so a client can draw the suggestions without another request.
      return {
        village_id: opts.village,
        suggestions: suggestions.map((s) => ({ ...s, lngLat: index.village(s.village_id)!.lngLat })),
      };
    } catch (e) {
      if (e instanceof RangeError) throw new HttpError(400, 'invalid_query', e.message);
      throw e;
    }
  }

  async chainGaps(
    chainId: number,
    allianceId: number | null,
    limit: number,
    villageIds?: number[],
  ): Promise<ChainGapResult & { chain_id: number; alliance_id: number | null }> {
    const inp = await this.inputs();
    const chain = inp.chains.find((c) => c.id === chainId);
    if (!chain) throw notFound('Chain');
    let scope: number[] | undefined = villageIds;
    if (allianceId != null) {
      const a = await this.repo.alliance(allianceId);
      if (!a) throw notFound('Alliance');
      scope = a.member_village_ids as number[];
    }
    const result = chainGaps(
      inp.nodes.filter((n) => n.chain_id === chainId),
      {
        villages: inp.villages,
        nodesAll: inp.nodes,
        assets: inp.assets,
        scopeVillageIds: scope,
        limit,
        leadProduct: chain.lead_product,
      },
    );
    return { chain_id: chainId, alliance_id: allianceId, ...result };
  }

  /** Summary of a saved alliance, or of a draft selection (`members` given directly). */
  async allianceSummary(draft: {
    member_village_ids: number[];
    lead_village_id: number | null;
    chain_ids: number[];
  }): Promise<AllianceSummary> {
    const inp = await this.inputs();
    const byId = new Map(inp.villages.map((v) => [v.id, v]));
    const missing = draft.member_village_ids.filter((id) => !byId.has(id));
    if (missing.length)
      throw new HttpError(
        400,
        'validation_failed',
        'Unknown villages',
        missing.map((id) => ({ path: 'member_village_ids', message: `village ${id} does not exist` })),
      );
    // Chains: those named, else every chain with a node at a member.
    const memberSet = new Set(draft.member_village_ids);
    const chainIds = draft.chain_ids.length
      ? new Set(draft.chain_ids)
      : new Set(inp.nodes.filter((n) => n.village_id != null && memberSet.has(n.village_id)).map((n) => n.chain_id));
    const members = draft.member_village_ids.map((id) => byId.get(id)!);
    return summarizeAlliance({
      members,
      lead_village_id: draft.lead_village_id,
      assets: inp.assets,
      chainNodes: inp.nodes.filter((n) => chainIds.has(n.chain_id)),
      chains: inp.chains.filter((c) => chainIds.has(c.id)),
      stations: inp.stations,
      coverage: stationCoverage(members, inp.stations),
      thresholds: (await this.settings.all()).income_thresholds,
    });
  }

  async savedAllianceSummary(id: number): Promise<{ alliance: Row; summary: AllianceSummary }> {
    const a = await this.repo.alliance(id);
    if (!a) throw notFound('Alliance');
    const summary = await this.allianceSummary({
      member_village_ids: a.member_village_ids as number[],
      lead_village_id: (a.lead_village_id as number | null) ?? null,
      chain_ids: (a.chain_ids as number[]) ?? [],
    });
    return { alliance: a, summary };
  }
}
