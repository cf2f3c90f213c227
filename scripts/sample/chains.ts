/**
 * Three industry chains (稻米, 草莓, 肉牛) with their nodes and links, and two alliances.
 * The 草莓 chain has no 仓储冷链 node on purpose: the planner finds the gap and the idle 冷库
 * of a nearby village (roles.coldStore).
 */
import type { ChainStage } from '../../common/enums.ts';
import { offset, type XY } from './geometry.ts';
import type { Asset, Roles, Village } from './model.ts';
import { personName, stemOf } from './names.ts';
import type { Rng } from './random.ts';
import { near } from './stations.ts';

export interface ChainNode {
  chainKey: string;
  key: string;
  village: Village | null;
  name: string;
  stage: ChainStage;
  operator: '合作社' | '龙头企业' | '村集体' | '家庭农场';
  capacity: number | null;
  capacityUnit: string | null;
  xy: XY;
}

export interface ChainLink {
  from: string;
  to: string;
  product: string;
  volume: number | null;
  volume_unit: string | null;
  mode: '订单' | '入股' | '托管' | '保底分红';
}

export interface Chain {
  key: string;
  name: string;
  lead_product: string;
  level: '县级重点链' | '市级重点链' | '省级重点链';
  description: string;
  links: ChainLink[];
}

export interface Alliance {
  name: string;
  type: '龙头引领型' | '治理协同型' | '村企共建型' | '片区化发展';
  status: '规划中' | '实施中' | '已完成';
  lead_village_code: string | null;
  /** The members, the lead village first. */
  member_village_codes: string[];
  partner_enterprises: string[];
  chain_keys: string[];
  committee_name: string | null;
  committee_secretary: string | null;
  start_date: string | null;
  benefit_rule: string | null;
  meeting_cadence: string | null;
  notes: string | null;
}

/** Where an asset sits: its point, or the middle of its parcel. */
function assetXY(a: Asset): XY {
  if (a.shape.type === 'point') return a.shape.xy;
  const ring = a.shape.ring;
  return [ring.reduce((s, p) => s + p[0], 0) / ring.length, ring.reduce((s, p) => s + p[1], 0) / ring.length];
}

export function buildChains(
  rng: Rng,
  roles: Roles,
  assets: readonly Asset[],
  people: Set<string>,
): { nodes: ChainNode[]; chains: Chain[]; alliances: Alliance[] } {
  const nodes: ChainNode[] = [];
  /** A node at the named asset of the village if there is one, else somewhere in the village. */
  const node = (
    chainKey: string,
    key: string,
    village: Village,
    stage: ChainStage,
    name: string,
    operator: ChainNode['operator'],
    capacity: number | null,
    capacityUnit: string | null,
    assetName?: string,
  ) => {
    const asset = assetName ? assets.find((a) => a.village === village && a.name === assetName) : undefined;
    if (assetName && !asset) throw new Error(`no asset ${assetName} in ${village.name}`);
    const xy = asset ? assetXY(asset) : near(rng, village, 200, 1200);
    nodes.push({ chainKey, key, village, name, stage, operator, capacity, capacityUnit, xy });
  };
  const freeNode = (
    chainKey: string,
    key: string,
    xy: XY,
    stage: ChainStage,
    name: string,
    operator: ChainNode['operator'],
    capacity: number,
    unit: string,
  ) => nodes.push({ chainKey, key, village: null, name, stage, operator, capacity, capacityUnit: unit, xy });

  // 稻米: the alliance villages grow, the lead village dries, mills and shows its rice fields.
  const lead = roles.riceLead;
  const leadStem = stemOf(lead.name);
  const [m0, m1, m2, m3] = roles.riceMembers as [Village, Village, Village, Village];
  node('rice', 'rice-service', m3, '社会化服务', '示例县金穗农机服务专业合作社', '合作社', 12000, '亩（托管）');
  node('rice', 'rice-base-1', lead, '种植基地', `${leadStem}村优质稻米基地`, '村集体', 4200, '亩');
  node('rice', 'rice-base-2', m0, '种植基地', `${stemOf(m0.name)}村水稻种植基地`, '合作社', 2600, '亩');
  node('rice', 'rice-base-3', m1, '种植基地', `${stemOf(m1.name)}村水稻种植基地`, '家庭农场', 1800, '亩');
  node('rice', 'rice-base-4', m2, '种植基地', `${stemOf(m2.name)}村水稻种植基地`, '合作社', 2100, '亩');
  node('rice', 'rice-mill', lead, '初加工', `${leadStem}村大米加工厂`, '村集体', 8000, '吨/年', '大米加工厂房');
  node(
    'rice',
    'rice-tour',
    lead,
    '农文旅',
    `${leadStem}稻田画观景台`,
    '村集体',
    3,
    '万人次/年',
    `${leadStem}稻田画观景台`,
  );
  freeNode(
    'rice',
    'rice-live',
    offset(lead.xy, 1800, 4.2),
    '电商直播销售',
    '示例县电商直播基地',
    '龙头企业',
    30,
    '万单/年',
  );
  const rice: Chain = {
    key: 'rice',
    name: '稻米',
    lead_product: '优质粳米',
    level: '市级重点链',
    description: `以${lead.name}为龙头，${roles.riceMembers.map((v) => v.name).join('、')}统一品种、统一托管，稻谷集中到${lead.name}大米加工厂加工，经电商直播销售；稻田画观景台带动农文旅。`,
    links: [
      {
        from: 'rice-service',
        to: 'rice-base-2',
        product: '全程托管服务',
        volume: 2600,
        volume_unit: '亩',
        mode: '托管',
      },
      {
        from: 'rice-service',
        to: 'rice-base-3',
        product: '全程托管服务',
        volume: 1800,
        volume_unit: '亩',
        mode: '托管',
      },
      {
        from: 'rice-service',
        to: 'rice-base-4',
        product: '全程托管服务',
        volume: 2100,
        volume_unit: '亩',
        mode: '托管',
      },
      { from: 'rice-base-1', to: 'rice-mill', product: '稻谷', volume: 2500, volume_unit: '吨', mode: '订单' },
      { from: 'rice-base-2', to: 'rice-mill', product: '稻谷', volume: 1500, volume_unit: '吨', mode: '保底分红' },
      { from: 'rice-base-3', to: 'rice-mill', product: '稻谷', volume: 1000, volume_unit: '吨', mode: '保底分红' },
      { from: 'rice-base-4', to: 'rice-mill', product: '稻谷', volume: 1200, volume_unit: '吨', mode: '保底分红' },
      { from: 'rice-mill', to: 'rice-live', product: '大米', volume: 1800, volume_unit: '吨', mode: '订单' },
      { from: 'rice-base-1', to: 'rice-tour', product: '稻田景观', volume: null, volume_unit: null, mode: '入股' },
    ],
  };

  // 草莓: seedlings, greenhouses, sorting, live-stream sales and picking — but no cold store.
  const [s0, s1, s2, s3] = roles.strawberry as [Village, Village, Village, Village];
  const sb = (v: Village) => `${stemOf(v.name)}村`;
  node('strawberry', 'sb-seedling', s1, '育种研发', '示例县绿野草莓脱毒种苗繁育中心', '龙头企业', 300, '万株/年');
  node('strawberry', 'sb-base-1', s0, '种植基地', `${sb(s0)}草莓温室大棚园区`, '合作社', 120, '亩', '草莓温室大棚园区');
  node(
    'strawberry',
    'sb-base-2',
    s2,
    '种植基地',
    `${sb(s2)}草莓温室大棚园区`,
    '家庭农场',
    80,
    '亩',
    '草莓温室大棚园区',
  );
  node('strawberry', 'sb-base-3', s3, '种植基地', `${sb(s3)}草莓温室大棚园区`, '合作社', 95, '亩', '草莓温室大棚园区');
  node('strawberry', 'sb-sorting', s0, '初加工', `${sb(s0)}草莓分拣包装中心`, '合作社', 1500, '吨/年');
  node('strawberry', 'sb-live', s1, '电商直播销售', `${sb(s1)}草莓直播间`, '合作社', 8, '万单/年');
  node('strawberry', 'sb-picking', s0, '农文旅', `${sb(s0)}草莓采摘园`, '村集体', 2, '万人次/年', '草莓采摘园');
  const strawberry: Chain = {
    key: 'strawberry',
    name: '草莓',
    lead_product: '设施草莓',
    level: '县级重点链',
    description: `${[s0, s1, s2, s3].map((v) => v.name).join('、')}发展温室草莓，种苗由企业统一供应，鲜果分拣包装后经直播电商销售，冬春季开展采摘游。鲜果尚无预冷和冷藏环节。`,
    links: [
      { from: 'sb-seedling', to: 'sb-base-1', product: '脱毒种苗', volume: 90, volume_unit: '万株', mode: '订单' },
      { from: 'sb-seedling', to: 'sb-base-2', product: '脱毒种苗', volume: 60, volume_unit: '万株', mode: '订单' },
      { from: 'sb-seedling', to: 'sb-base-3', product: '脱毒种苗', volume: 70, volume_unit: '万株', mode: '订单' },
      { from: 'sb-base-1', to: 'sb-sorting', product: '鲜草莓', volume: 260, volume_unit: '吨', mode: '订单' },
      { from: 'sb-base-2', to: 'sb-sorting', product: '鲜草莓', volume: 170, volume_unit: '吨', mode: '保底分红' },
      { from: 'sb-base-3', to: 'sb-sorting', product: '鲜草莓', volume: 200, volume_unit: '吨', mode: '订单' },
      { from: 'sb-sorting', to: 'sb-live', product: '精品盒装草莓', volume: 320, volume_unit: '吨', mode: '订单' },
      { from: 'sb-base-1', to: 'sb-picking', product: '采摘体验', volume: null, volume_unit: null, mode: '入股' },
    ],
  };

  // 肉牛: forage and two farms feed the slaughterhouse of the township seat, which chills and sells.
  const [f0, f1, seat] = roles.beef as [Village, Village, Village];
  node('beef', 'beef-forage', f1, '种植基地', `${stemOf(f1.name)}村青贮饲草基地`, '合作社', 3000, '亩', '肉牛饲草基地');
  node('beef', 'beef-farm-1', f0, '养殖基地', `${stemOf(f0.name)}村肉牛标准化养殖场`, '合作社', 800, '头（存栏）');
  node('beef', 'beef-farm-2', f1, '养殖基地', `${stemOf(f1.name)}村肉牛养殖小区`, '家庭农场', 450, '头（存栏）');
  node('beef', 'beef-slaughter', seat, '初加工', '示例县德润肉牛屠宰分割厂', '龙头企业', 2, '万头/年');
  node(
    'beef',
    'beef-cold',
    seat,
    '仓储冷链',
    `${stemOf(seat.name)}村冷鲜肉冷库`,
    '村集体',
    1500,
    '吨',
    '肉牛屠宰分割冷鲜库',
  );
  freeNode(
    'beef',
    'beef-market',
    offset(seat.xy, 2200, 0.8),
    '批发市场',
    '示例县农产品批发市场',
    '龙头企业',
    5,
    '万吨/年',
  );
  const beef: Chain = {
    key: 'beef',
    name: '肉牛',
    lead_product: '冷鲜牛肉',
    level: '县级重点链',
    description: `${f1.name}种植青贮饲草，${f0.name}、${f1.name}养殖肉牛，活牛由${seat.name}的屠宰分割厂订单收购，冷鲜肉入村集体冷库后进入批发市场。`,
    links: [
      { from: 'beef-forage', to: 'beef-farm-1', product: '青贮饲料', volume: 6000, volume_unit: '吨', mode: '订单' },
      { from: 'beef-forage', to: 'beef-farm-2', product: '青贮饲料', volume: 3500, volume_unit: '吨', mode: '订单' },
      { from: 'beef-farm-1', to: 'beef-slaughter', product: '育肥牛', volume: 700, volume_unit: '头', mode: '订单' },
      {
        from: 'beef-farm-2',
        to: 'beef-slaughter',
        product: '育肥牛',
        volume: 400,
        volume_unit: '头',
        mode: '保底分红',
      },
      { from: 'beef-slaughter', to: 'beef-cold', product: '冷鲜牛肉', volume: 300, volume_unit: '吨', mode: '入股' },
      { from: 'beef-cold', to: 'beef-market', product: '冷鲜牛肉', volume: 280, volume_unit: '吨', mode: '订单' },
    ],
  };

  const alliances: Alliance[] = [
    {
      name: `${leadStem}片区稻米产业党建联建`,
      type: '龙头引领型',
      status: '实施中',
      lead_village_code: lead.code,
      member_village_codes: [lead, ...roles.riceMembers].map((v) => v.code),
      partner_enterprises: ['示例县金穗米业有限公司'],
      chain_keys: ['rice'],
      committee_name: `${leadStem}片区稻米产业联合党委`,
      committee_secretary: personName(rng, '男', people),
      start_date: '2024-03-15',
      benefit_rule:
        '统一品种、统一托管、统一加工销售；成员村以集体耕地入股，大米加工利润按入股面积分红，每亩保底分红100元。',
      meeting_cadence: '每季度一次联席会议',
      notes: `${lead.name}党委书记任联合党委书记，成员村党组织书记任委员。`,
    },
    {
      name: `${stemOf(s0.name)}草莓产业村企联建`,
      type: '村企共建型',
      status: '规划中',
      lead_village_code: s0.code,
      member_village_codes: [s0, s1, s2, s3].map((v) => v.code),
      partner_enterprises: ['示例县绿野农业科技有限公司'],
      chain_keys: ['strawberry'],
      committee_name: `${stemOf(s0.name)}草莓产业联合党委（筹）`,
      committee_secretary: null,
      start_date: null,
      benefit_rule: '企业统一供苗、技术指导并保底收购；村集体以温室大棚入股，按销售额3%分红（拟）。',
      meeting_cadence: '每月一次',
      notes: '拟于2027年春季成立联合党委。',
    },
  ];
  return { nodes, chains: [rice, strawberry, beef], alliances };
}
