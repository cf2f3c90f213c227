import { stationCoverage } from '../../common/analysis/coverage.ts';
import { attentionList } from '../../common/stats/attention.ts';
import { dashboardStats } from '../../common/stats/dashboard-stats.ts';
import type { AttentionList, DashboardStats, StatsInput } from '../../common/stats/types.ts';
import type { Clock } from '../app.ts';
import { HttpError } from '../http/errors.ts';
import type { Row } from '../repositories/feature-repository.ts';
import type { StatsRepository } from '../repositories/stats-repository.ts';
import type { SettingsService } from './settings-service.ts';
import type { StationIndexCache } from './station-index.ts';

const num = (v: unknown): number | null => (v == null ? null : Number(v));
const str = (v: unknown): string | null => (v == null ? null : String(v));

/** The officials' dashboard (issue #4): figures and the attention list over the live rows. */
export class StatsService {
  constructor(
    private readonly deps: {
      stats: StatsRepository;
      stationIndex: StationIndexCache;
      settings: SettingsService;
      clock: Clock;
    },
  ) {}

  /**
   * The names of the townships asked for (all when none).
   * @throws HttpError 400 `invalid_query` naming ids that are no township
   */
  async townships(townshipIds: readonly number[]): Promise<{ id: number; name: string }[]> {
    const found = await this.deps.stats.townships(townshipIds);
    const known = new Set(found.map((t) => t.id));
    const unknown = townshipIds.filter((id) => !known.has(id));
    if (unknown.length)
      throw new HttpError(400, 'invalid_query', 'Unknown townships', [
        { path: 'township', message: `no township with id ${unknown.join(', ')}` },
      ]);
    return found;
  }

  /**
   * Everything the figures read, for the townships given (empty: the county): their villages and
   * what hangs on them, the alliances and chains reaching them, and every station (any may be a
   * village's nearest).
   */
  async input(townshipIds: readonly number[]): Promise<StatsInput> {
    const { stats, settings, clock } = this.deps;
    await this.townships(townshipIds);
    const s = await settings.all();
    const radius = s.default_service_radius_m;
    // One read after another: the nation's whole dashboard reads for seconds, and the read pool's
    // other connections stay free for the map meanwhile (side by side, its reads took them all and
    // the map's next view waited ~12 s at 500k villages).
    const villages = await stats.villages(townshipIds);
    const stations = await this.deps.stationIndex.get(radius);
    const { chains, nodes } = await stats.chains(townshipIds);
    const secretaries = await stats.secretaries(townshipIds);
    const assets = await stats.assets(townshipIds);
    const alliances = await stats.alliances(townshipIds);
    // The same inputs as the coverage analysis: every station, its own radius or the default.
    const coverage = stationCoverage(
      villages.map((v) => ({ id: Number(v.id), lngLat: [Number(v.lng), Number(v.lat)] as const })),
      stations,
    );
    const scope = new Set(townshipIds);
    const nodesByChain = new Map<number, { village_id: number | null; stage: string }[]>();
    for (const n of nodes) {
      const list = nodesByChain.get(Number(n.chain_id)) ?? [];
      list.push({ village_id: num(n.village_id), stage: String(n.stage) });
      nodesByChain.set(Number(n.chain_id), list);
    }
    return {
      today: clock.now().toISOString().slice(0, 10),
      thresholds: s.income_thresholds,
      radius_m: radius,
      township_ids: [...townshipIds],
      villages: villages.map((v: Row) => ({
        id: Number(v.id),
        name: String(v.name),
        township_id: Number(v.township_id),
        flags: (v.flags as string[]) ?? [],
        incomes: (v.incomes as StatsInput['villages'][number]['incomes']) ?? [],
        resident_population: num(v.resident_population),
        registered_population: num(v.registered_population),
      })),
      secretaries: secretaries.map((r) => ({
        id: Number(r.id),
        village_id: Number(r.village_id),
        name: String(r.name),
        role: String(r.role),
        status: String(r.status),
        term_end: str(r.term_end),
      })),
      assets: assets.map((a) => ({
        id: Number(a.id),
        village_id: Number(a.village_id),
        name: String(a.name),
        subtype: String(a.subtype),
        area_mu: num(a.area_mu),
        area_m2: num(a.area_m2),
        book_value: num(a.book_value),
        annual_income: num(a.annual_income),
        lessee: str(a.lessee),
        contract_end: str(a.contract_end),
      })),
      alliances: alliances.map((a) => ({
        id: Number(a.id),
        name: String(a.name),
        status: String(a.status),
        member_village_ids: a.member_village_ids as number[],
      })),
      chains: chains.map((c) => ({
        id: Number(c.id),
        name: String(c.name),
        lead_product: str(c.lead_product),
        nodes: nodesByChain.get(Number(c.id)) ?? [],
      })),
      coverage,
      station_count: stations.stations.filter((st) => !scope.size || scope.has(Number(st.township_id))).length,
    };
  }

  async figures(townshipIds: readonly number[]): Promise<DashboardStats> {
    return dashboardStats(await this.input(townshipIds));
  }

  async attention(townshipIds: readonly number[], days: number, limit: number): Promise<AttentionList> {
    return attentionList(await this.input(townshipIds), days, limit);
  }

  /** Figures and the attention list from one read (the Excel workbook has both). */
  async all(
    townshipIds: readonly number[],
    days: number,
    limit: number,
  ): Promise<{ stats: DashboardStats; attention: AttentionList }> {
    const inp = await this.input(townshipIds);
    return { stats: dashboardStats(inp), attention: attentionList(inp, days, limit) };
  }
}
