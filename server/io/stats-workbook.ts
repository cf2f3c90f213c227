/**
 * The dashboard's figures as an Excel workbook: one sheet per table, Chinese headers, the scope
 * and date on a cover sheet. Small (a few hundred rows), so it is built in memory.
 */
import ExcelJS from 'exceljs';
import type { AttentionList, DashboardStats } from '../../common/stats/types.ts';

const SECRETARY_STATE_ZH = {
  posted: '有第一书记在岗',
  ending: '任期90天内到期',
  vacant: '重点村无第一书记',
  none: '非重点村无第一书记',
};
const ATTENTION_ZH = {
  term_ending: '第一书记任期到期',
  vacant_target: '重点村无第一书记',
  contract_ending: '资产合同到期',
  uncovered: '不在服务圈内',
};

type Cell = string | number | null;

function addSheet(wb: ExcelJS.Workbook, name: string, heads: string[], rows: Cell[][]): void {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = heads.map((h, i) => ({
    header: h,
    width: Math.min(50, Math.max(10, h.length * 2 + 2, ...rows.map((r) => String(r[i] ?? '').length * 1.6))),
  }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(r);
}

/**
 * Builds the workbook.
 * @param scope the townships' names, e.g. "柳河镇" or "全县"
 * @param now when it was made (the app's clock)
 */
export async function statsWorkbook(
  stats: DashboardStats,
  attention: AttentionList,
  scope: string,
  now: Date,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Xiangtu 乡图';
  wb.created = now;
  const t = stats.thresholds;
  addSheet(
    wb,
    '概况',
    ['项目', '数值'],
    [
      ['范围', scope],
      ['统计日期', stats.as_of],
      ['行政村数', stats.villages.total],
      ['常住人口', stats.villages.residents],
      [
        '收入分档（万元经营性收入）',
        `空壳村 <${t.shell}，薄弱村 ${t.shell}–${t.weak}，一般村 ${t.weak}–${t.strong}，强村 ≥${t.strong}`,
      ],
    ],
  );
  addSheet(
    wb,
    '收入分档',
    ['收入分档', '村数'],
    stats.income.current.map((b) => [b.band, b.count]),
  );
  addSheet(
    wb,
    '收入分档趋势',
    ['年度', ...(stats.income.by_year[0]?.bands.map((b) => b.band) ?? [])],
    stats.income.by_year.map((y) => [y.year, ...y.bands.map((b) => b.count)]),
  );
  const sec = stats.secretaries;
  addSheet(
    wb,
    '第一书记',
    ['项目', '数值'],
    [
      ['在岗第一书记', sec.in_post],
      ['90天内任期到期', sec.terms_ending],
      ['重点村（脱贫村等）', sec.target_villages],
      ...sec.village_states.map((s): Cell[] => [`村数：${SECRETARY_STATE_ZH[s.state]}`, s.count]),
    ],
  );
  const c = stats.coverage;
  addSheet(
    wb,
    '党群服务覆盖',
    ['项目', '数值'],
    [
      ['默认服务半径（米）', c.radius_m],
      ['党群服务中心/站', c.stations],
      ['行政村', c.villages],
      ['服务圈内行政村', c.covered_villages],
      ['常住人口', c.residents],
      ['服务圈内常住人口', c.covered_residents],
    ],
  );
  addSheet(
    wb,
    '村集体资产',
    ['资产类型', '资产类别', '数量', '面积（亩）', '面积（平方米）', '账面价值（万元）', '年收入（万元）'],
    [
      ...stats.assets.by_subtype.map((a): Cell[] => [
        a.subtype,
        a.category,
        a.count,
        a.land ? a.area_mu : null,
        a.land ? null : a.area_m2,
        a.book_value,
        a.annual_income,
      ]),
      ['合计', null, stats.assets.count, stats.assets.area_mu, stats.assets.area_m2, stats.assets.book_value, null],
    ],
  );
  addSheet(
    wb,
    '联建',
    ['状态', '联建数'],
    stats.alliances.by_status.map((s) => [s.status, s.count]),
  );
  addSheet(
    wb,
    '产业链',
    ['产业链', '节点数', '必备环节已有', '必备环节共', '可选环节已有', '缺少的环节'],
    stats.chains.map((ch) => [
      ch.name,
      ch.node_count,
      ch.required_present,
      ch.required_total,
      ch.optional_present,
      ch.missing.join('、'),
    ]),
  );
  addSheet(
    wb,
    '待办事项',
    ['类型', '名称', '所在村', '说明', '日期', '剩余天数'],
    attention.items.map((i) => [
      ATTENTION_ZH[i.kind],
      i.title,
      i.village_name,
      i.detail,
      i.date ?? null,
      i.days_left ?? null,
    ]),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
