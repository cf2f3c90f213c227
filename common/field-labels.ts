/**
 * Every property a layer carries: the English key (the API, GeoJSON, CSV, KML), its Chinese label
 * (the detail panel, XLSX headers, KML display names, docs/io.md) and its Shapefile field name
 * (≤ 10 characters). Import accepts any of the three as a column name (server/io/labels.ts).
 * Shared by server and client; the English labels are in field-labels.en.ts.
 */
import type { LayerName } from './schemas/layers.ts';

export type FieldKind = 'text' | 'int' | 'number' | 'bool' | 'date' | 'list' | 'ids' | 'json' | 'geometry';

export interface FieldDef {
  key: string;
  zh: string;
  /** Shapefile (DBF) field name: ASCII, at most 10 characters. */
  dbf: string;
  kind: FieldKind;
  /** Exported but ignored on import (ids, derived values, row metadata). */
  readOnly?: boolean;
  /** Imported but never exported (a village boundary travels as geometry with `geom=boundary`). */
  importOnly?: boolean;
  /**
   * A value looked up through another record on export (`village_code` through `village_id`).
   * When the looked-up column is `code`, import resolves it back to the id (the natural key).
   */
  lookup?: { via: string; table: string; column: 'code' | 'name' };
}

const f = (key: string, zh: string, dbf: string, kind: FieldKind, extra: Partial<FieldDef> = {}): FieldDef => ({
  key,
  zh,
  dbf,
  kind,
  ...extra,
});
const ro = { readOnly: true };

const ID = f('id', '编号', 'id', 'int', ro);
const META = [
  f('version', '版本', 'version', 'int', ro),
  f('updated_at', '更新时间', 'updated_at', 'text', ro),
  f('updated_by', '更新人', 'updated_by', 'text', ro),
];
const NOTES = f('notes', '备注', 'notes', 'text');

const village = (via = 'village_id') => [
  f('village_id', '村ID', 'vil_id', 'int'),
  f('village_code', '村代码', 'vil_code', 'text', { lookup: { via, table: 'villages', column: 'code' } }),
  f('village_name', '村名', 'vil_name', 'text', { ...ro, lookup: { via, table: 'villages', column: 'name' } }),
];
const township = [
  f('township_id', '乡镇ID', 'twp_id', 'int'),
  f('township_code', '乡镇代码', 'twp_code', 'text', {
    lookup: { via: 'township_id', table: 'townships', column: 'code' },
  }),
  f('township_name', '乡镇名称', 'twp_name', 'text', {
    ...ro,
    lookup: { via: 'township_id', table: 'townships', column: 'name' },
  }),
];
const chain = [
  f('chain_id', '产业链ID', 'chain_id', 'int'),
  f('chain_name', '产业链', 'chain_name', 'text', {
    ...ro,
    lookup: { via: 'chain_id', table: 'chains', column: 'name' },
  }),
];

export const FIELDS: Record<LayerName, FieldDef[]> = {
  townships: [
    ID,
    f('code', '乡镇代码', 'code', 'text'),
    f('name', '乡镇名称', 'name', 'text'),
    f('county', '所属县', 'county', 'text'),
    ...META,
  ],
  villages: [
    ID,
    f('code', '统计用区划代码', 'code', 'text'),
    f('code_edition', '代码年份', 'code_ed', 'int'),
    f('name', '村名', 'name', 'text'),
    ...township,
    f('registered_population', '户籍人口', 'reg_pop', 'int'),
    f('resident_population', '常住人口', 'res_pop', 'int'),
    f('households', '户数', 'households', 'int'),
    f('party_members', '党员数', 'party_mem', 'int'),
    f('incomes', '集体经济收入（万元，按年）', 'incomes', 'json'),
    f('operating_income', '经营性收入（万元，最新年）', 'oper_inc', 'number', ro),
    f('income_band', '收入分档', 'inc_band', 'text', ro),
    f('flags', '村类标记', 'flags', 'list'),
    f('honours', '荣誉称号', 'honours', 'list'),
    NOTES,
    f('has_boundary', '有村界', 'has_bnd', 'bool', ro),
    f('secretary_state', '第一书记状态', 'sec_state', 'text', ro),
    f('secretary_name', '第一书记', 'sec_name', 'text', ro),
    f('secretary_term_end', '第一书记任期至', 'sec_end', 'text', ro),
    f('boundary', '村界', 'boundary', 'geometry', { importOnly: true }),
    ...META,
  ],
  assets: [
    ID,
    ...village(),
    f('external_id', '资产编号', 'ext_id', 'text'),
    f('category', '资产类别', 'category', 'text'),
    f('subtype', '资产类型', 'subtype', 'text'),
    f('name', '资产名称', 'name', 'text'),
    f('area_mu', '面积（亩）', 'area_mu', 'number'),
    f('area_m2', '面积（平方米）', 'area_m2', 'number'),
    f('book_value', '账面价值（万元）', 'book_value', 'number'),
    f('ownership', '所有权', 'ownership', 'text'),
    f('operation_mode', '经营方式', 'oper_mode', 'text'),
    f('lessee', '承租方', 'lessee', 'text'),
    f('contract_start', '合同开始日期', 'con_start', 'date'),
    f('contract_end', '合同结束日期', 'con_end', 'date'),
    f('annual_income', '年收益（万元）', 'ann_income', 'number'),
    f('source', '数据来源', 'source', 'text'),
    f('photos', '照片', 'photos', 'list'),
    NOTES,
    ...META,
  ],
  secretaries: [
    ID,
    ...village(),
    f('name', '姓名', 'name', 'text'),
    f('gender', '性别', 'gender', 'text'),
    f('role', '职务', 'role', 'text'),
    f('unit', '派出单位', 'unit', 'text'),
    f('unit_level', '派出单位层级', 'unit_level', 'text'),
    f('batch', '批次', 'batch', 'text'),
    f('term_start', '任期开始日期', 'term_start', 'date'),
    f('term_end', '任期结束日期', 'term_end', 'date'),
    f('status', '在岗状态', 'status', 'text'),
    f('phone', '联系电话', 'phone', 'text'),
    f('phone_hidden', '电话已隐藏', 'phone_hid', 'bool', ro),
    NOTES,
    ...META,
  ],
  assessments: [
    ID,
    f('secretary_id', '书记ID', 'sec_id', 'int'),
    f('year', '考核年度', 'year', 'int'),
    f('grade', '考核等次', 'grade', 'text'),
    f('score', '得分', 'score', 'number'),
    f('days_in_village', '在村天数', 'days_in', 'int'),
    ...META,
  ],
  stations: [
    ID,
    f('name', '站点名称', 'name', 'text'),
    f('level', '站点级别', 'level', 'text'),
    ...township,
    ...village(),
    f('building_area', '建筑面积（平方米）', 'bldg_area', 'number'),
    f('hall_area', '服务大厅面积（平方米）', 'hall_area', 'number'),
    f('activity_room_area', '活动室面积（平方米）', 'act_area', 'number'),
    f('square_area', '广场面积（平方米）', 'sq_area', 'number'),
    f('functions', '功能', 'functions', 'list'),
    f('opening_hours', '开放时间', 'open_hours', 'text'),
    f('staff_on_duty', '值守人数', 'staff', 'int'),
    f('service_items', '服务事项', 'svc_items', 'text'),
    f('service_radius_m', '服务半径（米）', 'radius_m', 'int'),
    f('effective_radius_m', '实际服务半径（米）', 'eff_rad_m', 'int', ro),
    ...META,
  ],
  chains: [
    ID,
    f('name', '产业链名称', 'name', 'text'),
    f('lead_product', '主导产品', 'lead_prod', 'text'),
    f('level', '产业链级别', 'level', 'text'),
    f('description', '简介', 'descr', 'text'),
    f('stages', '已有环节', 'stages', 'list', ro),
    ...META,
  ],
  'chain-nodes': [
    ID,
    ...chain,
    ...village(),
    f('name', '节点名称', 'name', 'text'),
    f('stage', '产业环节', 'stage', 'text'),
    f('operator', '经营主体', 'operator', 'text'),
    f('capacity', '产能', 'capacity', 'number'),
    f('capacity_unit', '产能单位', 'cap_unit', 'text'),
    ...META,
  ],
  'chain-links': [
    ID,
    ...chain,
    f('from_node_id', '起点节点ID', 'from_node', 'int'),
    f('to_node_id', '终点节点ID', 'to_node', 'int'),
    f('product', '产品', 'product', 'text'),
    f('volume', '年流量', 'volume', 'number'),
    f('volume_unit', '流量单位', 'vol_unit', 'text'),
    f('mode', '联结方式', 'mode', 'text'),
    ...META,
  ],
  alliances: [
    ID,
    f('name', '联建名称', 'name', 'text'),
    f('type', '联建类型', 'type', 'text'),
    f('status', '联建状态', 'status', 'text'),
    f('lead_village_id', '牵头村ID', 'lead_vil', 'int'),
    f('member_village_ids', '成员村ID', 'members', 'ids'),
    f('member_count', '成员村数', 'mem_count', 'int', ro),
    f('partner_enterprises', '合作企业', 'partners', 'list'),
    f('chain_ids', '产业链ID', 'chain_ids', 'ids'),
    f('committee_name', '联合党委名称', 'committee', 'text'),
    f('committee_secretary', '联合党委书记', 'comm_sec', 'text'),
    f('start_date', '开始日期', 'start_date', 'date'),
    f('benefit_rule', '利益联结机制', 'benefit', 'text'),
    f('meeting_cadence', '例会制度', 'meetings', 'text'),
    NOTES,
    ...META,
  ],
};

/** The Chinese name of each layer (export file names, docs). */
export const LAYER_ZH: Record<LayerName, string> = {
  townships: '乡镇',
  villages: '行政村',
  assets: '村集体资产',
  secretaries: '驻村第一书记',
  assessments: '考核',
  stations: '党群服务中心',
  chains: '产业链',
  'chain-nodes': '产业链节点',
  'chain-links': '产业链联结',
  alliances: '党建联建',
};

/** Geometry columns of tables (CSV, XLSX): English key, Chinese label. */
export const GEOMETRY_COLUMNS = {
  lng: { key: 'lng', zh: '经度' },
  lat: { key: 'lat', zh: '纬度' },
  wkt: { key: 'wkt', zh: '几何（WKT）' },
} as const;
