/**
 * Industry-chain gap analysis (issue #6): which stages a chain — or an alliance's part of it —
 * lacks ("贯通产加销"), and for each missing stage the nearest villages outside the scope that
 * already have a node of that stage (any chain) or an asset that could serve it (冷库 → 仓储冷链).
 */
import type { ChainStage } from '../enums.ts';
import { haversineM } from '../geo.ts';
import { buildIndex, nearestN } from './spatial.ts';
import type { AssetInput, ChainNodeInput, LngLat, VillageInput } from './types.ts';

/** A stage group: present when any of its stages is. */
export interface StageGroup {
  group: string;
  stages: readonly ChainStage[];
  required: boolean;
}

/**
 * The stage model: a complete chain needs 生产, 加工, 仓储冷链, 物流 and 销售 ("产加销");
 * 品牌, 农文旅 and 社会化服务 are optional ("融合农文旅").
 */
export const STAGE_GROUPS: readonly StageGroup[] = [
  { group: '生产', stages: ['种植基地', '养殖基地', '育种研发'], required: true },
  { group: '加工', stages: ['初加工', '精深加工'], required: true },
  { group: '仓储冷链', stages: ['仓储冷链'], required: true },
  { group: '物流', stages: ['物流'], required: true },
  { group: '销售', stages: ['批发市场', '电商直播销售'], required: true },
  { group: '品牌', stages: ['品牌'], required: false },
  { group: '农文旅', stages: ['农文旅'], required: false },
  { group: '社会化服务', stages: ['社会化服务'], required: false },
];

/** Which chain stages an asset subtype could serve. */
export const ASSET_STAGE: Readonly<Record<string, readonly ChainStage[]>> = {
  冷库: ['仓储冷链'],
  厂房: ['初加工', '精深加工'],
  商铺: ['电商直播销售', '批发市场'],
  耕地: ['种植基地'],
  园地: ['种植基地'],
  草地: ['养殖基地'],
  水面: ['养殖基地'],
  文旅景点: ['农文旅'],
  红色资源: ['农文旅'],
  设备: ['社会化服务'],
};

const LIVESTOCK = /[牛羊猪鸡鸭鹅兔驴马鹿鱼虾蟹贝参禽蛋奶乳蜂蚕]|肉|水产/;
const CROPS = /[稻米麦谷豆薯莓果瓜菜茶菌菇花椒蒜葱姜梨桃杏枣苹葡榛栗棉麻烟药]|玉|粮|苗/;

/**
 * The stages to look for when a chain lacks 生产: 种植基地 or 养殖基地 by its lead product, both
 * when undecidable (e.g. a forage-and-beef chain names only its beef).
 * @example productionStages('冷鲜牛肉') // ['养殖基地']
 */
export function productionStages(leadProduct: string | null | undefined): ChainStage[] {
  const animal = !!leadProduct && LIVESTOCK.test(leadProduct);
  const plant = !!leadProduct && CROPS.test(leadProduct);
  if (animal && !plant) return ['养殖基地'];
  if (plant && !animal) return ['种植基地'];
  return ['种植基地', '养殖基地'];
}

/** A stage group a chain lacks. */
export interface MissingStage {
  group: string;
  /** The stage to suggest: the group's first fitting stage. */
  stage: ChainStage;
  /** Every stage that would fill the gap (suppliers are searched for these). */
  stages: ChainStage[];
  required: boolean;
}

/**
 * Present stages (in CHAIN_STAGES order) and missing groups of a set of stages.
 * @example stagePresence(['种植基地', '初加工']).missing.map((m) => m.group) // ['仓储冷链', '物流', '销售', …]
 */
export function stagePresence(
  stages: Iterable<ChainStage>,
  leadProduct?: string | null,
): { present: ChainStage[]; missing: MissingStage[] } {
  const have = new Set(stages);
  const present = STAGE_GROUPS.flatMap((g) => g.stages).filter((s) => have.has(s));
  const missing = STAGE_GROUPS.filter((g) => !g.stages.some((s) => have.has(s))).map((g): MissingStage => {
    const fill = g.group === '生产' ? productionStages(leadProduct) : [...g.stages];
    return { group: g.group, stage: fill[0]!, stages: fill, required: g.required };
  });
  return { present, missing };
}

/** A village (or a free chain node) that could fill a missing stage. */
export interface Supplier {
  /** null for a free chain node (no village). */
  village_id: number | null;
  name: string;
  /** Great-circle metres from the nearest in-scope node or village to the node or asset. */
  distance_m: number;
  via: 'node' | 'asset';
  node_id?: number;
  asset_id?: number;
  subtype?: string;
  /** The stage it would serve. */
  stage: ChainStage;
  /** Where the node or asset is. */
  lngLat: LngLat;
}

export interface ChainGapOptions {
  villages: readonly Pick<VillageInput, 'id' | 'name' | 'lngLat'>[];
  /** Nodes of all chains (suppliers may come from any chain). */
  nodesAll: readonly ChainNodeInput[];
  assets: readonly Pick<AssetInput, 'id' | 'village_id' | 'subtype' | 'lngLat'>[];
  /** An alliance's villages: only the chain's nodes at these count as present. Default: the chain's villages. */
  scopeVillageIds?: Iterable<number>;
  /** Suppliers per missing stage (default 5). */
  limit?: number;
  /** The chain's lead product, to choose 种植基地 or 养殖基地 when 生产 is missing. */
  leadProduct?: string | null;
  /** Report the optional groups too (default true). */
  includeOptional?: boolean;
}

export interface ChainGapResult {
  present: ChainStage[];
  missing: (MissingStage & { suppliers: Supplier[] })[];
}

interface Item {
  key: string;
  village_id: number | null;
  lngLat: LngLat;
  via: 'node' | 'asset';
  id: number;
  subtype?: string;
  stage: ChainStage;
}

/**
 * Gaps of a chain (its nodes) or of an alliance's part of it (`scopeVillageIds`), with the
 * nearest suppliers outside the scope for each missing stage group, nearest first. Without a
 * scope, the scope is the villages of the chain's nodes and free nodes count as present.
 * @example
 * const gaps = chainGaps(strawberryNodes, { villages, nodesAll, assets, leadProduct: '设施草莓' });
 * gaps.missing.find((m) => m.stage === '仓储冷链')?.suppliers[0]; // { name: '谭家甸子村', via: 'asset', subtype: '冷库', … }
 */
export function chainGaps(chainNodes: readonly ChainNodeInput[], options: ChainGapOptions): ChainGapResult {
  const limit = options.limit ?? 5;
  const villageById = new Map(options.villages.map((v) => [v.id, v]));
  const explicit = options.scopeVillageIds !== undefined;
  const scope = new Set<number>(
    explicit ? options.scopeVillageIds : chainNodes.flatMap((n) => (n.village_id === null ? [] : [n.village_id])),
  );
  const inScope = chainNodes.filter((n) => (explicit ? n.village_id !== null && scope.has(n.village_id) : true));
  const { present, missing } = stagePresence(
    inScope.map((n) => n.stage),
    options.leadProduct,
  );

  const origins: LngLat[] = inScope.map((n) => n.lngLat);
  for (const id of scope) {
    const v = villageById.get(id);
    if (v) origins.push(v.lngLat);
  }

  const wanted = missing.filter((m) => m.required || options.includeOptional !== false);
  return {
    present,
    missing: wanted.map((m) => ({ ...m, suppliers: suppliersFor(m.stages, origins, scope, options, limit) })),
  };
}

/** The `limit` nearest supplier villages (or free nodes) for the given stages, from any origin. */
function suppliersFor(
  stages: readonly ChainStage[],
  origins: readonly LngLat[],
  scope: ReadonlySet<number>,
  options: ChainGapOptions,
  limit: number,
): Supplier[] {
  if (origins.length === 0 || limit <= 0) return [];
  const wanted = new Set<ChainStage>(stages);
  const outside = (village: number | null) => village === null || !scope.has(village);
  const items: Item[] = [];
  for (const n of options.nodesAll)
    if (wanted.has(n.stage) && outside(n.village_id))
      items.push({
        key: n.village_id === null ? `node:${n.id}` : `v:${n.village_id}`,
        village_id: n.village_id,
        lngLat: n.lngLat,
        via: 'node',
        id: n.id,
        stage: n.stage,
      });
  for (const a of options.assets) {
    const stage = (ASSET_STAGE[a.subtype] ?? []).find((s) => wanted.has(s));
    if (stage && outside(a.village_id))
      items.push({
        key: `v:${a.village_id}`,
        village_id: a.village_id,
        lngLat: a.lngLat,
        via: 'asset',
        id: a.id,
        subtype: a.subtype,
        stage,
      });
  }
  if (items.length === 0) return [];
  const index = buildIndex(items.map((i) => i.lngLat));

  // Per origin, walk its nearest items until `limit` distinct suppliers are seen: any supplier
  // in the overall top `limit` is among those of the origin nearest to it.
  const best = new Map<string, { item: Item; d: number }>();
  for (const o of origins) {
    for (let k = limit * 2; ; k *= 2) {
      const found = nearestN(index, o, k);
      const keys = new Set<string>();
      for (const i of found) {
        const item = items[i]!;
        keys.add(item.key);
        const d = haversineM(o, item.lngLat);
        const b = best.get(item.key);
        if (!b || d < b.d || (d === b.d && better(item, b.item))) best.set(item.key, { item, d });
      }
      if (keys.size >= limit || found.length < k) break;
    }
  }
  const villageById = new Map(options.villages.map((v) => [v.id, v]));
  const nodeName = new Map(options.nodesAll.map((n) => [n.id, n.name]));
  return [...best.values()]
    .sort(
      (a, b) => a.d - b.d || (a.item.village_id ?? Infinity) - (b.item.village_id ?? Infinity) || a.item.id - b.item.id,
    )
    .slice(0, limit)
    .map(({ item, d }): Supplier => {
      const s: Supplier = {
        village_id: item.village_id,
        name:
          item.village_id === null
            ? (nodeName.get(item.id) ?? `节点 ${item.id}`)
            : (villageById.get(item.village_id)?.name ?? `村 ${item.village_id}`),
        distance_m: d,
        via: item.via,
        stage: item.stage,
        lngLat: [item.lngLat[0], item.lngLat[1]],
      };
      if (item.via === 'node') s.node_id = item.id;
      else {
        s.asset_id = item.id;
        s.subtype = item.subtype!;
      }
      return s;
    });
}

/** At equal distance a node beats an asset, then the lower id wins. */
function better(a: Item, b: Item): boolean {
  if (a.via !== b.via) return a.via === 'node';
  return a.id < b.id;
}
