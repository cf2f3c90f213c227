/** What the sample assumes about each asset subtype: sizes, how common, how run, rents, values, names. */
import type { AssetSubtype } from '../../common/enums.ts';
import type { Asset, Village } from './model.ts';
import { stemOf } from './names.ts';
import type { Rng } from './random.ts';

export type Mode = Asset['operationMode'];

export interface AssetKind {
  /** 亩 for land, m² for buildings. */
  size: [number, number];
  /** How often the subtype turns up beyond the minimum (relative weight). */
  frequency: number;
  /** Operation modes with relative weights. */
  modes: Partial<Record<Mode, number>>;
  /** Yearly rent when let out: 万元 per 亩 for land, per m² for buildings. */
  rent: [number, number];
  /** Book value, 万元 per m²; null for land, which 清产核资 records by area. */
  value: [number, number] | null;
}

export const ASSET_KINDS: Record<AssetSubtype, AssetKind> = {
  耕地: {
    size: [40, 380],
    frequency: 10,
    modes: { 发包: 6, 出租: 2, 自营: 1, 入股: 1 },
    rent: [0.055, 0.085],
    value: null,
  },
  林地: { size: [20, 200], frequency: 4, modes: { 自营: 3, 发包: 3, 闲置: 1 }, rent: [0.01, 0.03], value: null },
  草地: { size: [20, 150], frequency: 2, modes: { 发包: 2, 自营: 1, 闲置: 2 }, rent: [0.01, 0.02], value: null },
  园地: { size: [15, 110], frequency: 2, modes: { 发包: 3, 出租: 2, 自营: 1 }, rent: [0.06, 0.1], value: null },
  水面: { size: [10, 90], frequency: 4, modes: { 发包: 3, 出租: 3, 闲置: 1 }, rent: [0.03, 0.06], value: null },
  四荒地: { size: [10, 120], frequency: 3, modes: { 闲置: 3, 发包: 2 }, rent: [0.005, 0.015], value: null },
  宅基地: { size: [0.4, 1.6], frequency: 3, modes: { 闲置: 4, 出租: 1 }, rent: [0.1, 0.3], value: null },
  闲置农房: { size: [70, 180], frequency: 5, modes: { 闲置: 4, 出租: 1 }, rent: [0.003, 0.006], value: [0.03, 0.08] },
  厂房: {
    size: [600, 3000],
    frequency: 3,
    modes: { 出租: 5, 自营: 1, 闲置: 1, 入股: 1 },
    rent: [0.008, 0.015],
    value: [0.08, 0.15],
  },
  商铺: { size: [60, 400], frequency: 3, modes: { 出租: 5, 自营: 1 }, rent: [0.02, 0.04], value: [0.15, 0.3] },
  冷库: {
    size: [300, 1500],
    frequency: 0,
    modes: { 出租: 2, 自营: 2, 入股: 1 },
    rent: [0.015, 0.03],
    value: [0.12, 0.25],
  },
  设备: {
    size: [100, 1500],
    frequency: 3,
    modes: { 自营: 3, 入股: 2, 出租: 1 },
    rent: [0.005, 0.01],
    value: [0.04, 0.09],
  },
  卫生室: { size: [80, 160], frequency: 3, modes: { 自营: 1 }, rent: [0, 0], value: [0.1, 0.2] },
  文化广场: { size: [800, 3500], frequency: 4, modes: { 自营: 1 }, rent: [0, 0], value: [0.01, 0.03] },
  红色资源: { size: [120, 600], frequency: 0.5, modes: { 自营: 1 }, rent: [0, 0], value: [0.05, 0.1] },
  文旅景点: {
    size: [300, 3000],
    frequency: 1,
    modes: { 自营: 2, 入股: 2, 出租: 1 },
    rent: [0.005, 0.01],
    value: [0.05, 0.15],
  },
};

/** Draws an operation mode for a subtype. */
export function drawMode(rng: Rng, subtype: AssetSubtype): Mode {
  return rng.weighted(Object.entries(ASSET_KINDS[subtype].modes) as [Mode, number][]);
}

/** Where a record came from: land mostly from the land survey (三调), buildings from the asset audit. */
export function drawSource(rng: Rng, land: boolean): Asset['source'] {
  const weights: Partial<Record<Asset['source'], number>> = land
    ? { 三调: 5, 清产核资: 4, 自填: 1 }
    : { 清产核资: 7, 自填: 3 };
  return rng.weighted(Object.entries(weights) as [Asset['source'], number][]);
}

const DIRECTIONS = ['东', '西', '南', '北'];
export const GROUPS = ['一', '二', '三', '四', '五', '六', '七'];

/** A plausible name for an asset of the village, as a first secretary would write it. */
export function assetName(rng: Rng, subtype: AssetSubtype, v: Village): string {
  const dir = rng.pick(DIRECTIONS);
  const group = `${rng.pick(GROUPS)}组`;
  const stem = stemOf(v.name);
  switch (subtype) {
    case '耕地':
      return rng.pick([`${group}机动地`, `村${dir}集体耕地`, `${dir}大片机动地`, `${dir}洼子稻田`]);
    case '林地':
      return rng.pick([`村${dir}防护林`, `${dir}岗杨树林`, `护岸林地`]);
    case '草地':
      return rng.pick([`${dir}甸子草场`, `${dir}坨子草地`]);
    case '园地':
      return rng.pick([`${dir}坡果园`, `${group}李子园`, `村${dir}葡萄园`]);
    case '水面':
      return rng.pick([`村${dir}养鱼塘`, `${dir}泡子水面`, `${dir}苇塘`]);
    case '四荒地':
      return rng.pick([`${dir}沙岗荒地`, `${dir}坨子四荒地`, `${dir}河套荒滩`]);
    case '宅基地':
      return rng.pick([`${group}闲置宅基地`, `村部${dir}侧闲置宅基地`]);
    case '闲置农房':
      return rng.pick([`${group}闲置农房`, `原村小学校舍`, `${dir}头闲置农房`]);
    case '厂房':
      return rng.pick([`原砖厂厂房`, `村集体标准化厂房`, `原粮库库房`]);
    case '商铺':
      return rng.pick([`村部临街商铺`, `集贸市场门市房`]);
    case '冷库':
      return rng.pick([`村集体冷库`, `果蔬保鲜冷库`]);
    case '设备':
      return rng.pick([`村级光伏电站`, `粮食烘干塔`, `大型农机具`]);
    case '卫生室':
      return `${stem}村卫生室`;
    case '文化广场':
      return `${stem}村文化广场`;
    case '红色资源':
      return rng.pick([`抗联密营旧址`, `老农会旧址`, `烈士纪念碑`]);
    case '文旅景点':
      return rng.pick([`${dir}湾荷花塘`, `${stem}民俗农家院`, `${stem}垂钓园`]);
  }
}
