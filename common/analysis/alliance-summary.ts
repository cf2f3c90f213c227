/**
 * Alliance summary (党建联建, issue #6): the hull of the member villages and what they hold
 * together — people, collective income by band, assets by subtype, chain stages covered and
 * missing, stations and coverage — plus a side-by-side comparison of two drafts.
 */
import { ASSET_SUBTYPE_NAMES, INCOME_BANDS, type ChainStage, type IncomeBand } from '../enums.ts';
import { convexHull, geometryAreaM2, positionsOf } from '../geo.ts';
import { DEFAULT_INCOME_THRESHOLDS, incomeBand, type IncomeThresholds } from '../income.ts';
import { stagePresence, type MissingStage } from './chain-gaps.ts';
import type { CoverageResult, CoverageTotals } from './coverage.ts';
import {
  residentsOf,
  type AssetInput,
  type ChainInput,
  type ChainNodeInput,
  type PolygonInput,
  type StationInput,
  type VillageInput,
} from './types.ts';

export interface AllianceSummaryInput {
  members: readonly VillageInput[];
  lead_village_id: number | null;
  /** Assets; those of non-members are ignored, so all may be passed. */
  assets: readonly AssetInput[];
  /** All nodes of the alliance's chains; only those at member villages count. */
  chainNodes: readonly ChainNodeInput[];
  /** The alliance's chains (for names and lead products). */
  chains: readonly ChainInput[];
  /** Stations to test for being inside (all, or those near the alliance). */
  stations: readonly StationInput[];
  /** Coverage results; those of non-members are ignored. */
  coverage: readonly CoverageResult[];
  thresholds?: IncomeThresholds;
}

export interface AssetSubtypeTotals {
  subtype: string;
  count: number;
  /** Sums of the known values; null when none is known. */
  area_mu: number | null;
  area_m2: number | null;
  book_value: number | null;
}

export interface AllianceSummary {
  member_count: number;
  member_ids: number[];
  lead_village_id: number | null;
  /** Convex hull of the members' boundaries (or committee sites); null for fewer than 3 distinct points. */
  hull: PolygonInput | null;
  area_km2: number;
  population: { registered: number; resident: number };
  /** 万元: sums of the known incomes; `by_band` counts villages, 未知 = no operating income. */
  income: { total: number; operating: number; by_band: Record<IncomeBand | '未知', number> };
  assets_by_subtype: AssetSubtypeTotals[];
  chain_stages: {
    present: ChainStage[];
    /** Groups missing in at least one of the chains (required first). */
    missing: (MissingStage & { chain_ids: number[] })[];
    by_chain: { chain_id: number; name: string; present: ChainStage[]; missing: MissingStage[] }[];
  };
  stations: { inside: number; ids: number[] };
  coverage: CoverageTotals;
}

/**
 * Whether `p` lies inside or on the boundary of a closed ring (ray casting; planar in degrees,
 * fine for a convex hull a few tens of km across).
 */
export function pointInRing(p: readonly number[], ring: readonly (readonly number[])[]): boolean {
  const [x, y] = [p[0]!, p[1]!];
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = [ring[i]![0]!, ring[i]![1]!];
    const [xj, yj] = [ring[j]![0]!, ring[j]![1]!];
    const cross = (xj - xi) * (y - yi) - (yj - yi) * (x - xi);
    const onSeg =
      Math.abs(cross) <= 1e-12 &&
      x >= Math.min(xi, xj) - 1e-12 &&
      x <= Math.max(xi, xj) + 1e-12 &&
      y >= Math.min(yi, yj) - 1e-12 &&
      y <= Math.max(yi, yj) + 1e-12;
    if (onSeg) return true;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const sumKnown = (xs: (number | null)[]): number | null =>
  xs.some((x) => x !== null) ? xs.reduce<number>((s, x) => s + (x ?? 0), 0) : null;

/**
 * Summarises an alliance of member villages.
 * @example
 * const s = summarizeAlliance({ members, lead_village_id, assets, chainNodes, chains, stations, coverage });
 * s.area_km2; s.income.by_band.强村; s.chain_stages.missing.map((m) => m.group);
 */
export function summarizeAlliance(input: AllianceSummaryInput): AllianceSummary {
  const thresholds = input.thresholds ?? DEFAULT_INCOME_THRESHOLDS;
  const members = input.members;
  const ids = new Set(members.map((m) => m.id));

  const points: number[][] = [];
  for (const m of members) {
    points.push([m.lngLat[0], m.lngLat[1]]);
    if (m.boundary) positionsOf(m.boundary.coordinates, points);
  }
  const ring = convexHull(points);
  const hull: PolygonInput | null = ring ? { type: 'Polygon', coordinates: [ring] } : null;

  const byBand: Record<IncomeBand | '未知', number> = { 空壳村: 0, 薄弱村: 0, 一般村: 0, 强村: 0, 未知: 0 };
  for (const m of members) byBand[incomeBand(m.operating_income, thresholds) ?? '未知'] += 1;

  const assets = input.assets.filter((a) => ids.has(a.village_id));
  const subtypes = [...new Set(assets.map((a) => a.subtype))].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const assetsBySubtype = subtypes.map((subtype): AssetSubtypeTotals => {
    const of = assets.filter((a) => a.subtype === subtype);
    return {
      subtype,
      count: of.length,
      area_mu: sumKnown(of.map((a) => a.area_mu)),
      area_m2: sumKnown(of.map((a) => a.area_m2)),
      book_value: sumKnown(of.map((a) => a.book_value)),
    };
  });

  const memberNodes = input.chainNodes.filter((n) => n.village_id !== null && ids.has(n.village_id));
  const chainIds = [...new Set([...input.chains.map((c) => c.id), ...input.chainNodes.map((n) => n.chain_id)])];
  const byChain = chainIds.map((chain_id) => {
    const chain = input.chains.find((c) => c.id === chain_id);
    const p = stagePresence(
      memberNodes.filter((n) => n.chain_id === chain_id).map((n) => n.stage),
      chain?.lead_product,
    );
    return { chain_id, name: chain?.name ?? `产业链 ${chain_id}`, ...p };
  });
  const present = stagePresence(memberNodes.map((n) => n.stage)).present;
  const missingByGroup = new Map<string, MissingStage & { chain_ids: number[] }>();
  for (const c of byChain)
    for (const m of c.missing) {
      const seen = missingByGroup.get(m.group);
      if (seen) seen.chain_ids.push(c.chain_id);
      else missingByGroup.set(m.group, { ...m, stages: [...m.stages], chain_ids: [c.chain_id] });
    }
  const missing = [...missingByGroup.values()].sort((a, b) => Number(b.required) - Number(a.required));

  const stationIds = input.stations
    .filter((s) => (s.village_id != null && ids.has(s.village_id)) || (ring !== null && pointInRing(s.lngLat, ring)))
    .map((s) => s.id)
    .sort((a, b) => a - b);

  const coveredIds = new Set(input.coverage.filter((r) => r.covered && ids.has(r.village_id)).map((r) => r.village_id));
  const coverage: CoverageTotals = { villages: 0, covered_villages: 0, residents: 0, covered_residents: 0 };
  for (const m of members) {
    const people = residentsOf(m);
    coverage.villages += 1;
    coverage.residents += people;
    if (coveredIds.has(m.id)) {
      coverage.covered_villages += 1;
      coverage.covered_residents += people;
    }
  }

  return {
    member_count: members.length,
    member_ids: members.map((m) => m.id),
    lead_village_id: input.lead_village_id,
    hull,
    area_km2: hull ? geometryAreaM2(hull) / 1e6 : 0,
    population: {
      registered: members.reduce((s, m) => s + (m.registered_population ?? 0), 0),
      resident: members.reduce((s, m) => s + (m.resident_population ?? 0), 0),
    },
    income: {
      total: members.reduce((s, m) => s + (m.total_income ?? 0), 0),
      operating: members.reduce((s, m) => s + (m.operating_income ?? 0), 0),
      by_band: byBand,
    },
    assets_by_subtype: assetsBySubtype,
    chain_stages: { present, missing, by_chain: byChain },
    stations: { inside: stationIds.length, ids: stationIds },
    coverage,
  };
}

function rank(subtype: string): number {
  const i = (ASSET_SUBTYPE_NAMES as string[]).indexOf(subtype);
  return i < 0 ? ASSET_SUBTYPE_NAMES.length : i;
}

/** One row of the side-by-side table. */
export interface ComparisonRow {
  key: string;
  label_zh: string;
  label_en: string;
  a: number | string | null;
  b: number | string | null;
}

const BAND_EN: Record<IncomeBand, string> = { 空壳村: 'shell', 薄弱村: 'weak', 一般村: 'average', 强村: 'strong' };

/**
 * The headline figures of two alliance summaries (e.g. two drafts) as table rows.
 * @example compareAlliances(draft1, draft2).find((r) => r.key === 'area_km2') // { a: 12.3, b: 15.1, … }
 */
export function compareAlliances(a: AllianceSummary, b: AllianceSummary): ComparisonRow[] {
  const rows: [string, string, string, (s: AllianceSummary) => number | string | null][] = [
    ['member_count', '成员村数', 'Member villages', (s) => s.member_count],
    ['area_km2', '片区面积（平方公里）', 'Area (km²)', (s) => s.area_km2],
    ['registered', '户籍人口', 'Registered population', (s) => s.population.registered],
    ['resident', '常住人口', 'Resident population', (s) => s.population.resident],
    ['income_total', '集体经济总收入（万元）', 'Collective income (10k CNY)', (s) => s.income.total],
    ['income_operating', '经营性收入（万元）', 'Operating income (10k CNY)', (s) => s.income.operating],
    ...INCOME_BANDS.map((band): [string, string, string, (s: AllianceSummary) => number] => [
      `band_${band}`,
      band,
      `${BAND_EN[band]} villages`,
      (s) => s.income.by_band[band],
    ]),
    ['asset_count', '集体资产（项）', 'Assets', (s) => s.assets_by_subtype.reduce((n, x) => n + x.count, 0)],
    ['stages_present', '已有产业链环节', 'Chain stages present', (s) => s.chain_stages.present.join('、') || null],
    [
      'stages_missing',
      '缺失产业链环节',
      'Chain stages missing',
      (s) =>
        s.chain_stages.missing
          .filter((m) => m.required)
          .map((m) => m.group)
          .join('、') || null,
    ],
    ['stations_inside', '片区内党群服务站', 'Stations inside', (s) => s.stations.inside],
    ['covered_villages', '服务圈覆盖村数', 'Villages covered', (s) => s.coverage.covered_villages],
    ['covered_residents', '服务圈覆盖人口', 'Residents covered', (s) => s.coverage.covered_residents],
    [
      'coverage_rate',
      '人口覆盖率',
      'Resident coverage rate',
      (s) => (s.coverage.residents > 0 ? s.coverage.covered_residents / s.coverage.residents : null),
    ],
  ];
  return rows.map(([key, label_zh, label_en, f]) => ({ key, label_zh, label_en, a: f(a), b: f(b) }));
}
