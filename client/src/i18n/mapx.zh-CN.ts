import { ASSET_SUBTYPE_NAMES, STATION_LEVELS, VILLAGE_FLAGS } from '../../../common/enums.ts';

/** Messages of the main map's layers, thematic views, filters, search, legend and export (`mapx.*`). */
const mapxZhCN = {
  controls: '图层与筛选',
  closeControls: '收起图层与筛选',
  layers: '图层',
  layer: {
    townships: '乡镇界',
    villages: '行政村',
    assets: '村集体资产',
    secretaries: '驻村第一书记',
    stations: '党群服务中心（站）',
    chains: '产业链',
    alliances: '党建联建',
  },
  theme: {
    title: '村的专题',
    income: '按集体经营性收入',
    secretary: '按第一书记配备',
    flag: '按村类标记',
    flagPick: '显示的标记',
  },
  filters: {
    title: '筛选',
    township: '乡镇',
    band: '收入分档',
    flag: '村类标记',
    sec: '第一书记',
    subtype: '资产类型',
    clear: '清除筛选',
    active: '{n} 项筛选',
    shown: '显示 {shown} / {total} 个村',
  },
  search: {
    label: '搜索村或乡镇',
    placeholder: '搜索村名、12位代码或乡镇',
    none: '没有匹配的村或乡镇',
    searching: '搜索中…',
    village: '村',
    township: '乡镇',
    failed: '搜索失败，请重试',
  },
  legend: {
    term: '{term}',
    hasFlag: '有「{term}」',
    notFlag: '无「{term}」',
    otherStatus: '不在岗（轮换、召回）',
    radius: '虚线圆为服务半径',
    hull: '虚线范围为联建村',
    secretaryNote: '“书”在村旁：在岗（绿）、90天内到期（橙）、其他（灰）',
    chainNote: '按环节着色，箭头为产品流向',
    collapse: '收起图例',
    expand: '图例',
  },
  loadingLayer: '正在加载：{layers}',
  layerFailed: '{layers}加载失败',
  export: {
    png: '导出图片',
    print: '打印',
    working: '正在生成图片…',
    failed: '图片生成失败：{message}',
    title: '示例县乡村振兴一张图',
    titleLabel: '图名',
    date: '制图日期：{date}',
    source: '数据来源：乡图',
    printHint: '在打印对话框中选择纸张与方向',
    close: '关闭',
    doPrint: '打印',
  },
  secState: {
    posted: '第一书记在岗',
    ending: '任期 90 天内到期',
    vacant: '重点村未派驻',
    none: '非重点村、未派驻',
  },
  attention: '待办提醒',
  terms: Object.fromEntries([...ASSET_SUBTYPE_NAMES, ...STATION_LEVELS, ...VILLAGE_FLAGS].map((v) => [v, v])) as Record<
    string,
    string
  >,
};

export default mapxZhCN;
