import {
  ASSET_STAGE,
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
  type StationSuggestion,
  type TownshipInput,
  type VillageInput,
} from '../../common/analysis/index.ts';
import type { ChainStage } from '../../common/enums.ts';
import { HttpError, notFound } from '../http/errors.ts';
import type { AnalysisRepository } from '../repositories/analysis-repository.ts';
import type { Row } from '../repositories/feature-repository.ts';
import type { SettingsService } from './settings-service.ts';
import type { StationIndexCache } from './station-index.ts';

type Pt = { coordinates: number[] };
const lngLatOf = (g: unknown) => [(g as Pt).coordinates[0]!, (g as Pt).coordinates[1]!] as const;

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

/** Villages as the analyses take them. */
export function villageInputs(rows: Row[]): VillageInput[] {
  return rows.map((v) => {
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
  });
}

export function nodeInputs(rows: Row[]): ChainNodeInput[] {
  return rows.map((n) => ({
    id: Number(n.id),
    chain_id: Number(n.chain_id),
    village_id: n.village_id == null ? null : Number(n.village_id),
    stage: n.stage as ChainStage,
    lngLat: lngLatOf(n.geometry),
    name: String(n.name),
  }));
}

export function chainInputs(rows: Row[]): ChainInput[] {
  return rows.map((c) => ({
    id: Number(c.id),
    name: String(c.name),
    lead_product: (c.lead_product as string | null) ?? null,
  }));
}

export function assetInputs(rows: Row[]): AssetInput[] {
  return rows.map((a) => ({
    id: Number(a.id),
    village_id: Number(a.village_id),
    subtype: String(a.subtype),
    area_mu: (a.area_mu as number | null) ?? null,
    area_m2: (a.area_m2 as number | null) ?? null,
    book_value: (a.book_value as number | null) ?? null,
    lngLat: [(Number(a.minx) + Number(a.maxx)) / 2, (Number(a.miny) + Number(a.maxy)) / 2] as const,
  }));
}

export function townshipInputs(rows: Row[]): TownshipInput[] {
  const adjacency = townshipAdjacency(rows as { id: number; geometry: { coordinates: unknown } }[]);
  return rows.map((t) => ({ id: Number(t.id), name: String(t.name), adjacent: adjacency.get(Number(t.id)) ?? [] }));
}

/**
 * A box holding every point within `m` metres of `p` (degrees; a little generous: 1° of latitude
 * is taken as 110 km, under the 111.2 km it is on the sphere the distances use).
 */
export function boxAroundM(p: readonly [number, number], m: number): [number, number, number, number] {
  const dLat = m / 110_000;
  const s = Math.max(-90, p[1] - dLat);
  const n = Math.min(90, p[1] + dLat);
  const widest = Math.cos((Math.min(89.9, Math.max(Math.abs(s), Math.abs(n))) * Math.PI) / 180);
  const dLng = Math.min(180, m / (110_000 * widest));
  return [p[0] - dLng, s, p[0] + dLng, n];
}

/** The stages some asset subtype can supply (others only chain nodes can). */
const ASSET_STAGES = new Set<string>(Object.values(ASSET_STAGE).flat());

/** A box holding every point within `m` metres of any of `points`. */
function boxAroundAllM(points: readonly (readonly [number, number])[], m: number): [number, number, number, number] {
  const boxes = points.map((p) => boxAroundM(p, m));
  return [
    Math.min(...boxes.map((b) => b[0])),
    Math.min(...boxes.map((b) => b[1])),
    Math.max(...boxes.map((b) => b[2])),
    Math.max(...boxes.map((b) => b[3])),
  ];
}

/**
 * Station coverage, new-station siting, partner suggestions, chain gaps and alliance summaries
 * over live data. Each reads what its answer depends on — a township's villages, a village's
 * neighbourhood, an alliance's members — and every station through the process's station index.
 */
export class AnalysisService {
  constructor(
    private readonly repo: AnalysisRepository,
    private readonly settings: SettingsService,
    private readonly stations: StationIndexCache,
  ) {}

  private async radius(given?: number): Promise<number> {
    return given ?? (await this.settings.all()).default_service_radius_m;
  }

  async coverage(opts: { radius?: number; townshipIds?: number[]; k: number }): Promise<CoverageView> {
    const radius = await this.radius(opts.radius);
    const [rows, stations] = await Promise.all([
      this.repo.villages(opts.townshipIds?.length ? { townshipIds: opts.townshipIds } : {}),
      this.stations.get(radius),
    ]);
    const villages = villageInputs(rows);
    const results = stationCoverage(villages, stations);
    const byId = new Map(villages.map((v) => [v.id, v]));
    return {
      radius_m: radius,
      villages: results.map((r) => {
        const v = byId.get(r.village_id)!;
        return {
          ...r,
          name: v.name,
          township_id: v.township_id,
          lngLat: v.lngLat,
          residents: v.resident_population ?? v.registered_population ?? 0,
        };
      }),
      summary: summarizeCoverage(results, villages),
      suggestions: suggestStations(villages, results, { k: opts.k, radius_m: radius }),
    };
  }

  async partners(opts: {
    village: number;
    maxKm: number;
    limit: number;
    weights: Partial<PartnerWeights>;
  }): Promise<{ village_id: number; suggestions: (PartnerSuggestion & { lngLat: readonly [number, number] })[] }> {
    const [target] = villageInputs(await this.repo.villages({ ids: [opts.village] }));
    if (!target) throw notFound('Village');
    // The villages within reach, and what the scores read of them: stages, assets, townships.
    const villages = villageInputs(await this.repo.villages({ bbox: boxAroundM(target.lngLat, opts.maxKm * 1000) }));
    const ids = villages.map((v) => v.id);
    const [nodes, assets, townships, { income_thresholds }] = await Promise.all([
      this.repo.chainNodes({ villageIds: ids }),
      this.repo.assets({ villageIds: ids }),
      this.repo.townships([...new Set(villages.map((v) => v.township_id))]),
      this.settings.all(),
    ]);
    const index = new PartnerIndex({
      villages,
      chainNodes: nodeInputs(nodes),
      assets: assetInputs(assets),
      townships: townshipInputs(townships),
    });
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

  /**
   * The nearest suppliers may be anywhere: they are looked for in a box around the chain (its
   * nodes and scope villages) grown until every missing group has `limit` suppliers within the
   * distance the box holds for sure — the answer reading everything would give — and in
   * everything at last.
   */
  async chainGaps(
    chainId: number,
    allianceId: number | null,
    limit: number,
    villageIds?: number[],
  ): Promise<ChainGapResult & { chain_id: number; alliance_id: number | null }> {
    const [chain] = chainInputs(await this.repo.chains([chainId]));
    if (!chain) throw notFound('Chain');
    let scope: number[] | undefined = villageIds;
    if (allianceId != null) {
      const a = await this.repo.alliance(allianceId);
      if (!a) throw notFound('Alliance');
      scope = a.member_village_ids as number[];
    }
    const chainNodes = nodeInputs(await this.repo.chainNodes({ chainIds: [chainId] }));
    const scopeIds = scope ?? chainNodes.flatMap((n) => (n.village_id === null ? [] : [n.village_id]));
    const scopeVillages = villageInputs(await this.repo.villages({ ids: scopeIds }));
    const origins = [...chainNodes.map((n) => n.lngLat), ...scopeVillages.map((v) => v.lngLat)];
    const gaps = (villages: VillageInput[], nodesAll: ChainNodeInput[], assets: AssetInput[]) => ({
      chain_id: chainId,
      alliance_id: allianceId,
      ...chainGaps(chainNodes, {
        villages,
        nodesAll,
        assets,
        scopeVillageIds: scope,
        limit,
        leadProduct: chain.lead_product,
      }),
    });
    // With nowhere to measure from there are no suppliers: nothing to look for.
    if (!origins.length) return gaps(scopeVillages, chainNodes, []);
    // Nodes are few (a chain has a handful): all of them, so a group only nodes can supply is
    // complete at any reach; assets are many, read in the box.
    const nodes = await this.repo.chainNodes();
    for (const reach of [20_000, 100_000, 500_000, Infinity]) {
      const box = Number.isFinite(reach) ? boxAroundAllM(origins, reach) : undefined;
      const assets = await this.repo.assets(box ? { bbox: box } : {});
      // The villages named: the scope's and every supplier's.
      const named = new Set([
        ...scopeIds,
        ...[...nodes, ...assets].flatMap((r) => (r.village_id == null ? [] : [Number(r.village_id)])),
      ]);
      const villages = villageInputs(await this.repo.villages(box ? { ids: [...named] } : {}));
      const result = gaps(villages, nodeInputs(nodes), assetInputs(assets));
      const sure = result.missing.every(
        (m) =>
          !m.stages.some((st) => ASSET_STAGES.has(st)) ||
          (m.suppliers.length >= limit && m.suppliers.every((x) => x.distance_m <= reach)),
      );
      if (!box || sure) return result;
    }
    throw new Error('unreachable: the last reach reads everything');
  }

  /** Summary of a saved alliance, or of a draft selection (`members` given directly). */
  async allianceSummary(draft: {
    member_village_ids: number[];
    lead_village_id: number | null;
    chain_ids: number[];
  }): Promise<AllianceSummary> {
    const ids = draft.member_village_ids;
    const [rows, assets, settings] = await Promise.all([
      this.repo.villages({ ids }, { boundary: true }),
      this.repo.assets({ villageIds: ids }),
      this.settings.all(),
    ]);
    const byId = new Map(villageInputs(rows).map((v) => [v.id, v]));
    const missing = ids.filter((id) => !byId.has(id));
    if (missing.length)
      throw new HttpError(
        400,
        'validation_failed',
        'Unknown villages',
        missing.map((id) => ({ path: 'member_village_ids', message: `village ${id} does not exist` })),
      );
    // Chains: those named, else every chain with a node at a member.
    const chainIds = draft.chain_ids.length
      ? [...new Set(draft.chain_ids)]
      : [...new Set((await this.repo.chainNodes({ villageIds: ids })).map((n) => Number(n.chain_id)))];
    const [nodes, chains, stations] = await Promise.all([
      this.repo.chainNodes({ chainIds }),
      this.repo.chains(chainIds),
      this.stations.get(settings.default_service_radius_m),
    ]);
    const members = ids.map((id) => byId.get(id)!);
    return summarizeAlliance({
      members,
      lead_village_id: draft.lead_village_id,
      assets: assetInputs(assets),
      chainNodes: nodeInputs(nodes),
      chains: chainInputs(chains),
      stations: stations.stations,
      coverage: stationCoverage(members, stations),
      thresholds: settings.income_thresholds,
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
