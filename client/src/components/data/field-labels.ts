/**
 * The Chinese label of each importable field (a copy of the labels in server/io/labels.ts, which
 * the client cannot import), to name the field of a problem in the report.
 */
export const FIELD_LABELS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  townships: {
    code: '乡镇代码',
    name: '乡镇名称',
    county: '所属县',
  },
  villages: {
    code: '统计用区划代码',
    code_edition: '代码年份',
    name: '村名',
    township_id: '乡镇ID',
    township_code: '乡镇代码',
    registered_population: '户籍人口',
    resident_population: '常住人口',
    households: '户数',
    party_members: '党员数',
    incomes: '集体经济收入（万元，按年）',
    flags: '村类标记',
    honours: '荣誉称号',
    notes: '备注',
    boundary: '村界',
  },
  assets: {
    village_id: '村ID',
    village_code: '村代码',
    external_id: '资产编号',
    category: '资产类别',
    subtype: '资产类型',
    name: '资产名称',
    area_mu: '面积（亩）',
    area_m2: '面积（平方米）',
    book_value: '账面价值（万元）',
    ownership: '所有权',
    operation_mode: '经营方式',
    lessee: '承租方',
    contract_start: '合同开始日期',
    contract_end: '合同结束日期',
    annual_income: '年收益（万元）',
    source: '数据来源',
    photos: '照片',
    notes: '备注',
  },
  stations: {
    name: '站点名称',
    level: '站点级别',
    township_id: '乡镇ID',
    township_code: '乡镇代码',
    village_id: '村ID',
    village_code: '村代码',
    building_area: '建筑面积（平方米）',
    hall_area: '服务大厅面积（平方米）',
    activity_room_area: '活动室面积（平方米）',
    square_area: '广场面积（平方米）',
    functions: '功能',
    opening_hours: '开放时间',
    staff_on_duty: '值守人数',
    service_items: '服务事项',
    service_radius_m: '服务半径（米）',
  },
  secretaries: {
    village_id: '村ID',
    village_code: '村代码',
    name: '姓名',
    gender: '性别',
    role: '职务',
    unit: '派出单位',
    unit_level: '派出单位层级',
    batch: '批次',
    term_start: '任期开始日期',
    term_end: '任期结束日期',
    status: '在岗状态',
    phone: '联系电话',
    notes: '备注',
  },
};

/**
 * The label of a report path (`properties.name` → 站点名称); null when there is none.
 * @example fieldLabel("stations", "properties.level") // "站点级别"
 */
export function fieldLabel(layer: string, path: string): string | null {
  if (path.startsWith('geometry')) return null;
  const key = path.replace(/^properties\./, '').split('.')[0] ?? '';
  return FIELD_LABELS[layer]?.[key] ?? null;
}
