/**
 * Word lists for fictional names. Every name the generator makes is invented; a name that
 * happens to match a real place or person is a coincidence of common words.
 */
import type { Rng } from './random.ts';

export const COUNTY = '示例县';
export const COUNTY_CODE = '210199';

/** The four townships, in code order; the stem also names each township's seat village. */
export const TOWNSHIPS = [
  { name: '柳河镇', stem: '柳河' },
  { name: '榆树台镇', stem: '榆树台' },
  { name: '沙岗乡', stem: '沙岗' },
  { name: '苇塘乡', stem: '苇塘' },
] as const;

/** The demo village (the demo secretary account is linked to it). */
export const DEMO_VILLAGE = '羊草沟村';
export const DEMO_SECRETARY = '李明';

const SURNAMES = [
  ...'王李张刘陈杨赵孙周吴徐马朱胡郭高林郑于韩冯曹田董袁姜崔谭范金石白孟秦薛闫侯史贺郝邵常康葛齐关佟尹丛隋栾曲迟宫鲍付邢房商车',
];
const GIVEN_MALE = [...'伟强军勇磊涛斌鹏辉刚峰波宇浩凯健志国建海东林明成文博洪晓俊春立振庆德兴旭岩冬松铁'];
const GIVEN_FEMALE = [...'丽静敏燕艳娟霞芳玲婷雪慧颖琳红梅洁萍欣悦佳晶丹爽蕾冰月春秀莹'];

/** A fictional personal name (2 or 3 characters) not yet in `used`; adds it to `used`. */
export function personName(rng: Rng, gender: '男' | '女', used: Set<string>): string {
  const given = gender === '男' ? GIVEN_MALE : GIVEN_FEMALE;
  for (;;) {
    const name = rng.pick(SURNAMES) + rng.pick(given) + (rng.chance(0.65) ? rng.pick(given) : '');
    if (!used.has(name) && name.length >= 2) {
      used.add(name);
      return name;
    }
  }
}

const FAMILY_SUFFIXES = ['窝堡', '屯', '台', '岗子', '沟', '坨子', '甸子', '堡子', '房身', '店', '园子', '营子'];
const PLACE_PREFIXES =
  '柳树 榆树 杏树 梨树 黄土 红土 沙 碱 蒲 草 马 牛 鹿 莲花 荷花 石佛 双 三 四 五 七 八 大 小 前 后 东 西 南 北 高 腰 新 老 长 二 青 白 兰 官'.split(
    ' ',
  );
const PLACE_ROOTS = '泡子 坨子 甸子 岗子 台 沟 河 堡 屯 营子 窝堡 桥 洼 塘 林子 房 岭 沿 城子 井'.split(' ');
const COLLECTIVE_NAMES =
  '红旗 前进 胜利 团结 光明 东风 和平 永乐 富民 兴隆 太平 长胜 万顺 新发 三合 四合 永安 红光 联合 长青'.split(' ');

/** A fictional village name ending in 村, not yet in `used`; adds it to `used`. */
export function villageName(rng: Rng, used: Set<string>): string {
  for (;;) {
    const style = rng.weighted([
      ['family', 4],
      ['place', 5],
      ['collective', 1],
    ] as const);
    const stem =
      style === 'family'
        ? rng.pick(SURNAMES) + '家' + rng.pick(FAMILY_SUFFIXES)
        : style === 'place'
          ? rng.pick(PLACE_PREFIXES) + rng.pick(PLACE_ROOTS)
          : rng.pick(COLLECTIVE_NAMES);
    const name = stem + '村';
    if (!used.has(name) && stem.length >= 2) {
      used.add(name);
      return name;
    }
  }
}

/** The bare name of a village, for composing other names ('羊草沟村' → '羊草沟'). */
export function stemOf(villageName: string): string {
  return villageName.endsWith('村') ? villageName.slice(0, -1) : villageName;
}

/** Dispatching units (派出单位) with their level; all fictional. */
export const UNITS: readonly { unit: string; level: '中央' | '省' | '市' | '县' }[] = [
  { unit: '中国示例农业发展集团有限公司', level: '中央' },
  { unit: '示例省农业农村厅', level: '省' },
  { unit: '示例省自然资源厅', level: '省' },
  { unit: '示例省交通运输厅', level: '省' },
  { unit: '示例农业大学', level: '省' },
  { unit: '示例省农业科学院', level: '省' },
  { unit: '示例市农业农村局', level: '市' },
  { unit: '示例市财政局', level: '市' },
  { unit: '示例市供销合作社', level: '市' },
  { unit: '示例市第一人民医院', level: '市' },
  { unit: '示例县委组织部', level: '县' },
  { unit: '示例县农业农村局', level: '县' },
  { unit: '示例县财政局', level: '县' },
  { unit: '示例县自然资源局', level: '县' },
  { unit: '示例县水利局', level: '县' },
  { unit: '示例县人民医院', level: '县' },
  { unit: '示例县供电公司', level: '县' },
  { unit: '示例县农村商业银行', level: '县' },
];

const FIRM_WORDS = ['丰源', '金穗', '禾丰', '绿野', '沃土', '鑫农', '益民', '瑞丰', '兴农', '惠农', '德润', '康源'];

/** A fictional lessee: a cooperative, a family farm, a company or a person. */
export function lesseeName(rng: Rng, kind: 'land' | 'building', usedPeople: Set<string>): string {
  const word = rng.pick(FIRM_WORDS);
  const form =
    kind === 'land'
      ? rng.weighted([
          ['coop', 4],
          ['farm', 3],
          ['person', 3],
        ] as const)
      : rng.weighted([
          ['food', 3],
          ['trade', 3],
          ['tech', 2],
          ['person', 2],
        ] as const);
  switch (form) {
    case 'coop':
      return `示例县${word}种植专业合作社`;
    case 'farm':
      return `${rng.pick(SURNAMES)}氏家庭农场`;
    case 'food':
      return `示例县${word}食品有限公司`;
    case 'trade':
      return `示例县${word}商贸有限公司`;
    case 'tech':
      return `示例县${word}农业科技有限公司`;
    case 'person':
      return personName(rng, rng.chance(0.75) ? '男' : '女', usedPeople);
  }
}

/** Items a Party-masses service station offers, to compose `service_items`. */
export const SERVICE_ITEMS = [
  '社保医保参保登记',
  '低保特困救助申请',
  '农村土地流转咨询',
  '党员组织关系转接',
  '水电费代缴',
  '快递收发',
  '法律咨询',
  '就业信息发布',
  '老年人助餐',
  '农技咨询',
  '户籍业务代办',
  '残疾人证代办',
] as const;

export const OPENING_HOURS = ['周一至周五 8:30-17:00', '周一至周六 8:00-17:30', '周一至周日 8:30-16:30'] as const;
