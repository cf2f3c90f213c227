/**
 * Domain vocabularies shared by server and client. Values are the Chinese terms users know
 * (they are stored as-is); provinces that word them differently override the lists held in
 * the `settings` table (issue #3), these are the defaults.
 */

export const VILLAGE_FLAGS = ['脱贫村', '易地搬迁安置村', '乡村振兴任务重的村', '党组织软弱涣散村'] as const;
export type VillageFlag = (typeof VILLAGE_FLAGS)[number];

/** Flags that make a village a 2021 "target village" that should have a first secretary. */
export const TARGET_VILLAGE_FLAGS: readonly string[] = [
  '脱贫村',
  '易地搬迁安置村',
  '乡村振兴任务重的村',
  '党组织软弱涣散村',
];

export const HONOURS = ['一村一品示范村', '美丽休闲乡村', '全国文明村镇', '民主法治示范村'] as const;

export const INCOME_BANDS = ['空壳村', '薄弱村', '一般村', '强村'] as const;
export type IncomeBand = (typeof INCOME_BANDS)[number];

export const ASSET_CATEGORIES = ['资源性资产', '经营性资产', '非经营性资产'] as const;
export type AssetCategory = (typeof ASSET_CATEGORIES)[number];

/** Asset subtypes with their statutory category and whether their area is counted in 亩 (land). */
export const ASSET_SUBTYPES = {
  耕地: { category: '资源性资产', land: true },
  林地: { category: '资源性资产', land: true },
  草地: { category: '资源性资产', land: true },
  园地: { category: '资源性资产', land: true },
  水面: { category: '资源性资产', land: true },
  四荒地: { category: '资源性资产', land: true },
  宅基地: { category: '资源性资产', land: true },
  闲置农房: { category: '经营性资产', land: false },
  厂房: { category: '经营性资产', land: false },
  商铺: { category: '经营性资产', land: false },
  冷库: { category: '经营性资产', land: false },
  设备: { category: '经营性资产', land: false },
  卫生室: { category: '非经营性资产', land: false },
  文化广场: { category: '非经营性资产', land: false },
  红色资源: { category: '非经营性资产', land: false },
  文旅景点: { category: '经营性资产', land: false },
} as const satisfies Record<string, { category: AssetCategory; land: boolean }>;
export type AssetSubtype = keyof typeof ASSET_SUBTYPES;
export const ASSET_SUBTYPE_NAMES = Object.keys(ASSET_SUBTYPES) as AssetSubtype[];

export const OWNERSHIPS = ['村集体', '组集体'] as const;
export const OPERATION_MODES = ['自营', '出租', '发包', '入股', '闲置'] as const;
export const ASSET_SOURCES = ['清产核资', '三调', '自填'] as const;

export const SECRETARY_ROLES = ['第一书记', '工作队长', '队员'] as const;
export const UNIT_LEVELS = ['中央', '省', '市', '县'] as const;
export const SECRETARY_STATUSES = ['在岗', '轮换', '召回'] as const;
export const GENDERS = ['男', '女'] as const;
export const ASSESSMENT_GRADES = ['优秀', '合格', '基本合格', '不合格'] as const;

export const STATION_LEVELS = ['乡镇中心', '村中心', '站点'] as const;
export type StationLevel = (typeof STATION_LEVELS)[number];
export const STATION_FUNCTIONS = [
  '便民服务大厅',
  '党员活动室',
  '会议室',
  '图书阅览',
  '卫生室',
  '日间照料',
  '儿童之家',
  '矛盾调解',
  '寄递物流',
  '便民超市',
  '新时代文明实践站',
] as const;
/** Default service radius of a station: ≈ a 15-minute walk (the "15分钟党群服务圈"). */
export const DEFAULT_SERVICE_RADIUS_M = 1200;

export const CHAIN_LEVELS = ['县级重点链', '市级重点链', '省级重点链'] as const;
export const CHAIN_STAGES = [
  '种植基地',
  '养殖基地',
  '育种研发',
  '初加工',
  '精深加工',
  '仓储冷链',
  '物流',
  '批发市场',
  '电商直播销售',
  '品牌',
  '农文旅',
  '社会化服务',
] as const;
export type ChainStage = (typeof CHAIN_STAGES)[number];
export const CHAIN_OPERATORS = ['合作社', '龙头企业', '村集体', '家庭农场'] as const;
export const LINK_MODES = ['订单', '入股', '托管', '保底分红'] as const;

export const ALLIANCE_TYPES = ['龙头引领型', '治理协同型', '村企共建型', '片区化发展'] as const;
export const ALLIANCE_STATUSES = ['规划中', '实施中', '已完成'] as const;

export const ROLES = ['admin', 'official', 'planner', 'secretary'] as const;
export type Role = (typeof ROLES)[number];
