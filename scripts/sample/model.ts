/** The generator's working records, in the local metric plane (see geometry.ts). */
import type { MultiPolygon, Polygon } from 'geojson';
import type { AssetSubtype, IncomeBand, VillageFlag } from '../../common/enums.ts';
import type { XY } from './geometry.ts';

export interface Township {
  index: number;
  code: string;
  name: string;
  stem: string;
  polygon: Polygon;
  centroid: XY;
}

export interface IncomeYear {
  year: number;
  total: number;
  operating: number;
}

export interface Village {
  code: string;
  name: string;
  township: Township;
  /** The village committee. */
  xy: XY;
  /** Voronoi cell clipped to the township. */
  cell: Polygon | MultiPolygon;
  /** The seat village of its township (hosts the township service centre). */
  seat: boolean;
  band: IncomeBand;
  registered: number;
  resident: number;
  households: number;
  partyMembers: number;
  incomes: IncomeYear[];
  flags: VillageFlag[];
  honours: string[];
  notes: string | null;
}

/** Villages with a part in the story the sample tells (alliances, chains, the demo account). */
export interface Roles {
  /** 强村 leading the 稻米 alliance (the seat village of the first township). */
  riceLead: Village;
  /** Its weaker neighbours; the first is 羊草沟村. */
  riceMembers: Village[];
  /** The 草莓 villages (the first one leads the planned alliance). */
  strawberry: Village[];
  /** A village near the 草莓 villages holding an idle 冷库 (the gap the planner finds). */
  coldStore: Village;
  /** The 肉牛 villages: two farms, then the slaughterhouse village (which has a 冷库). */
  beef: Village[];
}

export interface Asset {
  village: Village;
  subtype: AssetSubtype;
  name: string;
  /** A land parcel outline, or the point of a building. */
  shape: { type: 'polygon'; ring: XY[] } | { type: 'point'; xy: XY };
  areaM2: number;
  bookValue: number | null;
  ownership: '村集体' | '组集体';
  operationMode: '自营' | '出租' | '发包' | '入股' | '闲置';
  lessee: string | null;
  contractStart: string | null;
  contractEnd: string | null;
  annualIncome: number | null;
  source: '清产核资' | '三调' | '自填';
  notes: string | null;
}
