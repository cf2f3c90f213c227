/**
 * The officials' dashboard figures (issue #4) for the county or some townships: villages by
 * income band and its trend, first secretaries, station coverage, assets by subtype, alliances by
 * status and chains by stage completeness.
 */
import { STAGE_GROUPS, stagePresence } from '../analysis/chain-gaps.ts';
import { residentsOf } from '../analysis/types.ts';
import {
  ALLIANCE_STATUSES,
  ASSET_SUBTYPES,
  INCOME_BANDS,
  SECRETARY_STATUSES,
  TARGET_VILLAGE_FLAGS,
  type ChainStage,
} from '../enums.ts';
import { incomeBand, type IncomeThresholds } from '../income.ts';
import {
  SECRETARY_STATE_VALUES,
  TERM_ENDING_DAYS,
  addDays,
  secretaryState,
  type SecretaryStateValue,
} from '../secretary-state.ts';
import type {
  AssetTotals,
  BandCount,
  BandOrUnknown,
  ChainCompleteness,
  DashboardStats,
  StatsInput,
  StatsSecretary,
  StatsVillage,
} from './types.ts';

export const UNKNOWN_BAND = '未填报';
const BAND_ORDER: readonly BandOrUnknown[] = [...INCOME_BANDS, UNKNOWN_BAND];

/** The latest year's income entry of a village, or undefined. */
export function latestIncome(v: Pick<StatsVillage, 'incomes'>): StatsVillage['incomes'][number] | undefined {
  let best: StatsVillage['incomes'][number] | undefined;
  for (const i of v.incomes) if (!best || i.year > best.year) best = i;
  return best;
}

/** A village's current band (latest year's operating income), 未填报 when unknown. */
export function currentBand(v: Pick<StatsVillage, 'incomes'>, t: IncomeThresholds): BandOrUnknown {
  return incomeBand(latestIncome(v)?.operating, t) ?? UNKNOWN_BAND;
}

export const isTargetVillage = (v: Pick<StatsVillage, 'flags'>): boolean =>
  v.flags.some((f) => TARGET_VILLAGE_FLAGS.includes(f));

export const isFirstSecretaryInPost = (s: Pick<StatsSecretary, 'role' | 'status'>): boolean =>
  s.role === '第一书记' && s.status === SECRETARY_STATUSES[0];

function bandCounts(counts: Map<BandOrUnknown, number>): BandCount[] {
  return BAND_ORDER.map((band) => ({ band, count: counts.get(band) ?? 0 }));
}

const inc = <K>(m: Map<K, number>, k: K, by = 1): void => {
  m.set(k, (m.get(k) ?? 0) + by);
};

/** The villages of the townships asked for (all when none). */
export function villagesInScope(inp: Pick<StatsInput, 'villages' | 'township_ids'>): StatsVillage[] {
  if (!inp.township_ids.length) return [...inp.villages];
  const t = new Set(inp.township_ids);
  return inp.villages.filter((v) => t.has(v.township_id));
}

/** First secretaries in post by village. */
export function postedByVillage(secretaries: readonly StatsSecretary[]): Map<number, StatsSecretary[]> {
  const out = new Map<number, StatsSecretary[]>();
  for (const s of secretaries) {
    if (!isFirstSecretaryInPost(s)) continue;
    const list = out.get(s.village_id) ?? [];
    list.push(s);
    out.set(s.village_id, list);
  }
  return out;
}

/** A village's first-secretary state: the same rule as the map's `sec` filter. */
export function villageSecretaryState(
  v: Pick<StatsVillage, 'flags'>,
  posted: readonly StatsSecretary[],
  today: string,
): SecretaryStateValue {
  return secretaryState(
    v.flags,
    posted.map((s) => s.term_end),
    today,
  ).state;
}

function incomeFigures(villages: readonly StatsVillage[], t: IncomeThresholds): DashboardStats['income'] {
  const current = new Map<BandOrUnknown, number>();
  const byYear = new Map<number, Map<BandOrUnknown, number>>();
  for (const v of villages) {
    inc(current, currentBand(v, t));
    for (const i of v.incomes) {
      let m = byYear.get(i.year);
      if (!m) byYear.set(i.year, (m = new Map()));
      inc(m, incomeBand(i.operating, t) ?? UNKNOWN_BAND);
    }
  }
  return {
    current: bandCounts(current),
    by_year: [...byYear.entries()].sort((a, b) => a[0] - b[0]).map(([year, m]) => ({ year, bands: bandCounts(m) })),
  };
}

function secretaryFigures(
  villages: readonly StatsVillage[],
  secretaries: readonly StatsSecretary[],
  today: string,
): DashboardStats['secretaries'] {
  const ids = new Set(villages.map((v) => v.id));
  const posted = postedByVillage(secretaries.filter((s) => ids.has(s.village_id)));
  const states = new Map<SecretaryStateValue, number>();
  for (const v of villages) inc(states, villageSecretaryState(v, posted.get(v.id) ?? [], today));
  const all = [...posted.values()].flat();
  const soon = addDays(today, TERM_ENDING_DAYS);
  return {
    in_post: all.length,
    terms_ending: all.filter((s) => s.term_end !== null && s.term_end <= soon).length,
    target_villages: villages.filter(isTargetVillage).length,
    village_states: SECRETARY_STATE_VALUES.map((state) => ({ state, count: states.get(state) ?? 0 })),
  };
}

function assetFigures(assets: StatsInput['assets']): DashboardStats['assets'] {
  const bySubtype = new Map<string, AssetTotals>();
  for (const a of assets) {
    let t = bySubtype.get(a.subtype);
    if (!t) {
      const spec = ASSET_SUBTYPES[a.subtype as keyof typeof ASSET_SUBTYPES];
      t = {
        subtype: a.subtype,
        category: spec?.category ?? '',
        land: spec?.land ?? false,
        count: 0,
        area_mu: 0,
        area_m2: 0,
        book_value: 0,
        annual_income: 0,
      };
      bySubtype.set(a.subtype, t);
    }
    t.count += 1;
    t.area_mu += a.area_mu ?? 0;
    t.area_m2 += a.area_m2 ?? 0;
    t.book_value += a.book_value ?? 0;
    t.annual_income += a.annual_income ?? 0;
  }
  const order = Object.keys(ASSET_SUBTYPES);
  const rows = [...bySubtype.values()]
    .map((r) => ({ ...r, area_mu: round(r.area_mu), area_m2: round(r.area_m2), book_value: round(r.book_value) }))
    .map((r) => ({ ...r, annual_income: round(r.annual_income) }))
    .sort((a, b) => order.indexOf(a.subtype) - order.indexOf(b.subtype));
  return {
    by_subtype: rows,
    count: assets.length,
    area_mu: round(rows.reduce((s, r) => s + r.area_mu, 0)),
    area_m2: round(rows.reduce((s, r) => s + r.area_m2, 0)),
    book_value: round(rows.reduce((s, r) => s + r.book_value, 0)),
  };
}

/** Two decimals: 亩, m² and 万元 are not meaningful beyond that, and sums stay free of float noise. */
export const round = (n: number): number => Math.round(n * 100) / 100;

function chainFigures(chains: StatsInput['chains'], villageIds: Set<number> | null): ChainCompleteness[] {
  const required = STAGE_GROUPS.filter((g) => g.required);
  return chains
    .filter((c) => !villageIds || c.nodes.some((n) => n.village_id != null && villageIds.has(n.village_id)))
    .map((c) => {
      const { missing } = stagePresence(
        c.nodes.map((n) => n.stage as ChainStage),
        c.lead_product,
      );
      const missingRequired = missing.filter((m) => m.required).map((m) => m.group);
      const optionalMissing = missing.filter((m) => !m.required).length;
      return {
        chain_id: c.id,
        name: c.name,
        required_present: required.length - missingRequired.length,
        required_total: required.length,
        optional_present: STAGE_GROUPS.length - required.length - optionalMissing,
        missing: missingRequired,
        node_count: c.nodes.length,
      };
    });
}

/**
 * Every dashboard figure for the county (`township_ids` empty) or the townships given.
 *
 * Assets, secretaries and coverage count by their village's township; an alliance counts when any
 * member is in scope, a chain when any of its nodes is at a village in scope (its completeness is
 * that of the whole chain).
 * @example dashboardStats(input).income.current.find((b) => b.band === '薄弱村')?.count
 */
export function dashboardStats(inp: StatsInput): DashboardStats {
  const villages = villagesInScope(inp);
  const scoped = inp.township_ids.length ? new Set(villages.map((v) => v.id)) : null;
  const inScope = (villageId: number) => !scoped || scoped.has(villageId);

  const covered = new Set(inp.coverage.filter((c) => c.covered).map((c) => c.village_id));
  const coverage = { villages: 0, covered_villages: 0, residents: 0, covered_residents: 0 };
  for (const v of villages) {
    const people = residentsOf(v);
    coverage.villages += 1;
    coverage.residents += people;
    if (covered.has(v.id)) {
      coverage.covered_villages += 1;
      coverage.covered_residents += people;
    }
  }

  const alliances = inp.alliances.filter((a) => a.member_village_ids.some(inScope));
  const byStatus = new Map<string, number>();
  for (const a of alliances) inc(byStatus, a.status);
  const statuses = [
    ...ALLIANCE_STATUSES,
    ...[...byStatus.keys()].filter((s) => !ALLIANCE_STATUSES.includes(s as never)),
  ];

  return {
    as_of: inp.today,
    township_ids: [...inp.township_ids],
    thresholds: inp.thresholds,
    villages: { total: villages.length, residents: coverage.residents },
    income: incomeFigures(villages, inp.thresholds),
    secretaries: secretaryFigures(villages, inp.secretaries, inp.today),
    coverage: { radius_m: inp.radius_m, stations: inp.station_count, ...coverage },
    assets: assetFigures(inp.assets.filter((a) => inScope(a.village_id))),
    alliances: {
      by_status: statuses.map((status) => ({ status, count: byStatus.get(status) ?? 0 })),
      total: alliances.length,
    },
    chains: chainFigures(inp.chains, scoped),
  };
}
