/**
 * Partner suggestions for joint Party-building (党建联建, issue #6): for a village, candidates
 * within a distance ranked on 地域相邻、产业相近、优势互补、以强带弱 — distance, income
 * complementarity, chain-stage and asset complementarity, same or adjacent township — with
 * weights a planner can adjust. Every suggestion explains its score.
 */
import { ASSET_SUBTYPE_NAMES, CHAIN_STAGES, INCOME_BANDS, type IncomeBand } from '../enums.ts';
import { haversineM } from '../geo.ts';
import { DEFAULT_INCOME_THRESHOLDS, incomeBand, type IncomeThresholds } from '../income.ts';
import { aroundM, buildIndex, roundTo } from './spatial.ts';
import type { AssetInput, ChainNodeInput, TownshipInput, VillageInput } from './types.ts';
import type KDBush from 'kdbush';

/** The five score components. */
export const PARTNER_REASON_KINDS = ['distance', 'income', 'chain', 'asset', 'township'] as const;
export type PartnerReasonKind = (typeof PARTNER_REASON_KINDS)[number];

/** Relative weights of the components (any non-negative numbers; the score divides by their sum). */
export type PartnerWeights = Record<PartnerReasonKind, number>;

/** Default weights: distance 0.3, income 0.25, chain 0.2, asset 0.15, township 0.1. */
export const DEFAULT_PARTNER_WEIGHTS: Readonly<PartnerWeights> = Object.freeze({
  distance: 0.3,
  income: 0.25,
  chain: 0.2,
  asset: 0.15,
  township: 0.1,
});

/** English names of the income bands, for the English reason texts. */
export const INCOME_BAND_EN: Record<IncomeBand, string> = {
  空壳村: 'shell village',
  薄弱村: 'weak village',
  一般村: 'average village',
  强村: 'strong village',
};

/** One component of a suggestion's score. */
export interface PartnerReason {
  kind: PartnerReasonKind;
  /** The component's value, 0..1. */
  value: number;
  /** The weight it was given. */
  weight: number;
  /** Its share of the score: weight × value / Σ weight × value (0 when the score is 0). */
  share: number;
  text_zh: string;
  text_en: string;
}

/** A ranked candidate partner. */
export interface PartnerSuggestion {
  village_id: number;
  name: string;
  township_id: number;
  distance_m: number;
  /** Σ wᵢsᵢ / Σ wᵢ, 0..1. */
  score: number;
  /** All five components, largest share first. */
  reasons: PartnerReason[];
}

/** What the partner index is built from. */
export interface PartnerContext {
  villages: readonly VillageInput[];
  /** Nodes of all chains: a village's stages are those of the nodes at it. */
  chainNodes?: readonly Pick<ChainNodeInput, 'village_id' | 'stage'>[];
  /** All assets: a village's subtypes are those of its assets. */
  assets?: readonly Pick<AssetInput, 'village_id' | 'subtype'>[];
  /** Townships with their adjacency (symmetric: either side listing the other suffices). */
  townships?: readonly TownshipInput[];
}

export interface PartnerOptions {
  /** Search radius in km (default 10). */
  maxKm?: number;
  /** Most suggestions returned (default 10). */
  limit?: number;
  /** Weights, merged over {@link DEFAULT_PARTNER_WEIGHTS}. */
  weights?: Partial<PartnerWeights>;
  /** Income band thresholds (default {@link DEFAULT_INCOME_THRESHOLDS}). */
  thresholds?: IncomeThresholds;
}

const STAGE_ORDER = new Map<string, number>(CHAIN_STAGES.map((s, i) => [s, i]));
const SUBTYPE_ORDER = new Map<string, number>(ASSET_SUBTYPE_NAMES.map((s, i) => [s, i]));

/** Items of `a` not in `b`, in the given vocabulary order (unknown words last, alphabetically). */
function minus(a: ReadonlySet<string>, b: ReadonlySet<string>, order: ReadonlyMap<string, number>): string[] {
  return [...a]
    .filter((x) => !b.has(x))
    .sort((x, y) => (order.get(x) ?? 1e9) - (order.get(y) ?? 1e9) || x.localeCompare(y));
}

const EMPTY: ReadonlySet<string> = new Set();

/**
 * The villages of a county or province with their chain stages, asset subtypes and township
 * adjacency, indexed once (KDBush) so the server can answer many suggestion requests.
 * @example const index = new PartnerIndex({ villages, chainNodes, assets, townships });
 */
export class PartnerIndex {
  readonly villages: readonly VillageInput[];
  private readonly kd: KDBush;
  private readonly byId = new Map<number, VillageInput>();
  private readonly stages = new Map<number, Set<string>>();
  private readonly subtypes = new Map<number, Set<string>>();
  private readonly adjacent = new Map<number, Set<number>>();

  constructor(context: PartnerContext) {
    this.villages = context.villages;
    this.kd = buildIndex(context.villages.map((v) => v.lngLat));
    for (const v of context.villages) this.byId.set(v.id, v);
    const add = <K, V>(m: Map<K, Set<V>>, k: K, v: V) => {
      let s = m.get(k);
      if (!s) m.set(k, (s = new Set()));
      s.add(v);
    };
    for (const n of context.chainNodes ?? []) if (n.village_id !== null) add(this.stages, n.village_id, n.stage);
    for (const a of context.assets ?? []) add(this.subtypes, a.village_id, a.subtype);
    for (const t of context.townships ?? [])
      for (const o of t.adjacent) {
        add(this.adjacent, t.id, o);
        add(this.adjacent, o, t.id);
      }
  }

  /** The village with this id, if indexed. */
  village(id: number): VillageInput | undefined {
    return this.byId.get(id);
  }
  /** The chain stages present at a village (any chain). */
  stagesOf(id: number): ReadonlySet<string> {
    return this.stages.get(id) ?? EMPTY;
  }
  /** The asset subtypes a village holds. */
  subtypesOf(id: number): ReadonlySet<string> {
    return this.subtypes.get(id) ?? EMPTY;
  }
  /** Whether two townships share a boundary. */
  areAdjacent(a: number, b: number): boolean {
    return this.adjacent.get(a)?.has(b) ?? false;
  }
  /** Indices into `villages` of those within about `maxM` metres of `v` (re-check the distance). */
  near(v: VillageInput, maxM: number): number[] {
    return aroundM(this.kd, v.lngLat, maxM);
  }
}

/** Resolves and checks weights: every weight finite and ≥ 0. */
export function resolveWeights(weights: Partial<PartnerWeights> = {}): PartnerWeights {
  const w = { ...DEFAULT_PARTNER_WEIGHTS, ...weights };
  for (const k of PARTNER_REASON_KINDS)
    if (!Number.isFinite(w[k]) || w[k] < 0) throw new RangeError(`weight ${k} must be a number ≥ 0, got ${w[k]}`);
  return w;
}

const joinZh = (xs: string[]) => xs.join('、');
const kmText = (m: number) => (m / 1000).toFixed(1);

/**
 * Ranks candidate partners of `target` (a village or its id in `index`) within `maxKm`:
 * score = Σ wᵢsᵢ / Σ wᵢ over the components (each 0..1) distance 1 − d/maxKm, income
 * |band rank difference| / 3, chain min(1, n/3) and asset min(1, n/4) (n = stages or subtypes one
 * side has and the other lacks, both ways), township 1 same / 0.5 adjacent / 0 otherwise.
 * Sorted by score (desc), then distance, then id; the target itself is excluded.
 * @example
 * suggestPartners(liuheId, index, { maxKm: 10, limit: 5, weights: { income: 0.5 } })[0].reasons[0].text_zh
 * // '收入互补：强村带薄弱村'
 */
export function suggestPartners(
  target: VillageInput | number,
  index: PartnerIndex,
  options: PartnerOptions = {},
): PartnerSuggestion[] {
  const t = typeof target === 'number' ? index.village(target) : target;
  if (!t) throw new RangeError(`village ${String(target)} is not in the partner index`);
  const maxKm = options.maxKm ?? 10;
  const limit = options.limit ?? 10;
  const w = resolveWeights(options.weights);
  const thresholds = options.thresholds ?? DEFAULT_INCOME_THRESHOLDS;
  const wSum = PARTNER_REASON_KINDS.reduce((s, k) => s + w[k], 0);
  const maxM = maxKm * 1000;

  const tBand = incomeBand(t.operating_income, thresholds);
  const tStages = index.stagesOf(t.id);
  const tSubtypes = index.subtypesOf(t.id);

  const out: PartnerSuggestion[] = [];
  for (const i of index.near(t, maxM)) {
    const c = index.villages[i]!;
    if (c.id === t.id) continue;
    const d = haversineM(t.lngLat, c.lngLat);
    if (d > maxM) continue;

    const distance = maxM > 0 ? Math.max(0, 1 - d / maxM) : 1;
    const distanceTexts = [`距离 ${kmText(d)} 公里`, `${kmText(d)} km away`];

    const cBand = incomeBand(c.operating_income, thresholds);
    let income = 0;
    let incomeTexts: [string, string];
    if (tBand === null || cBand === null) {
      incomeTexts = ['收入情况不明', 'Income unknown'];
    } else {
      const rt = INCOME_BANDS.indexOf(tBand);
      const rc = INCOME_BANDS.indexOf(cBand);
      income = Math.abs(rt - rc) / 3;
      const [hi, lo] = rt >= rc ? [tBand, cBand] : [cBand, tBand];
      incomeTexts =
        rt === rc
          ? [`收入同档：均为${tBand}`, `Same income band: both ${INCOME_BAND_EN[tBand]}s`]
          : [`收入互补：${hi}带${lo}`, `Income complement: ${INCOME_BAND_EN[hi]} with ${INCOME_BAND_EN[lo]}`];
    }

    const cStages = index.stagesOf(c.id);
    const stagesIn = minus(cStages, tStages, STAGE_ORDER);
    const stagesOut = minus(tStages, cStages, STAGE_ORDER);
    const chain = Math.min(1, (stagesIn.length + stagesOut.length) / 3);
    const chainTexts = complementTexts(stagesIn, stagesOut, t.name, ['产业链环节', 'chain stages']);

    const cSubtypes = index.subtypesOf(c.id);
    const assetsIn = minus(cSubtypes, tSubtypes, SUBTYPE_ORDER);
    const assetsOut = minus(tSubtypes, cSubtypes, SUBTYPE_ORDER);
    const asset = Math.min(1, (assetsIn.length + assetsOut.length) / 4);
    const assetTexts = complementTexts(assetsIn, assetsOut, t.name, ['资产', 'assets']);

    const same = c.township_id === t.township_id;
    const adjacent = !same && index.areAdjacent(t.township_id, c.township_id);
    const township = same ? 1 : adjacent ? 0.5 : 0;
    const townshipTexts: [string, string] = same
      ? ['同一乡镇', 'Same township']
      : adjacent
        ? ['相邻乡镇', 'Adjacent township']
        : ['不同乡镇且不相邻', 'Township not adjacent'];

    const values: Record<PartnerReasonKind, [number, [string, string]]> = {
      distance: [distance, distanceTexts as [string, string]],
      income: [income, incomeTexts],
      chain: [chain, chainTexts],
      asset: [asset, assetTexts],
      township: [township, townshipTexts],
    };
    const weighted = PARTNER_REASON_KINDS.reduce((s, k) => s + w[k] * values[k][0], 0);
    const reasons = PARTNER_REASON_KINDS.map((kind): PartnerReason => ({
      kind,
      value: values[kind][0],
      weight: w[kind],
      share: weighted > 0 ? (w[kind] * values[kind][0]) / weighted : 0,
      text_zh: values[kind][1][0],
      text_en: values[kind][1][1],
    })).sort(
      (a, b) => b.share - a.share || PARTNER_REASON_KINDS.indexOf(a.kind) - PARTNER_REASON_KINDS.indexOf(b.kind),
    );
    out.push({
      village_id: c.id,
      name: c.name,
      township_id: c.township_id,
      distance_m: d,
      score: wSum > 0 ? weighted / wSum : 0,
      reasons,
    });
  }
  out.sort((a, b) => b.score - a.score || a.distance_m - b.distance_m || a.village_id - b.village_id);
  return out.slice(0, Math.max(0, limit));
}

/** "补充资产：冷库；柳河村可输出资产：厂房" (what the candidate adds; what the target offers) and its English. */
function complementTexts(
  gained: string[],
  given: string[],
  targetName: string,
  [zh, en]: [string, string],
): [string, string] {
  if (gained.length === 0 && given.length === 0) return [`${zh}无互补`, `No complementary ${en}`];
  const zhParts: string[] = [];
  const enParts: string[] = [];
  if (gained.length > 0) {
    zhParts.push(`补充${zh}：${joinZh(gained)}`);
    enParts.push(`adds ${en}: ${gained.join(', ')}`);
  }
  if (given.length > 0) {
    zhParts.push(`${targetName}可输出${zh}：${joinZh(given)}`);
    enParts.push(`${targetName} can offer ${en}: ${given.join(', ')}`);
  }
  const enText = enParts.join('; ');
  return [zhParts.join('；'), enText.charAt(0).toUpperCase() + enText.slice(1)];
}

/** The headline reason texts of a suggestion, for a tooltip ("距离 2.3 公里 · 收入互补：…"). */
export function reasonSummary(s: PartnerSuggestion, lang: 'zh' | 'en' = 'zh'): string {
  return s.reasons
    .filter((r) => r.share > 0)
    .map((r) => `${lang === 'zh' ? r.text_zh : r.text_en} (${roundTo(r.share * 100, 0)}%)`)
    .join(' · ');
}
