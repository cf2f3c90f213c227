/** Party-masses service stations (党群服务中心/站): one per township seat, some villages, a few hamlets. */
import { DEFAULT_SERVICE_RADIUS_M, STATION_FUNCTIONS, type StationLevel } from '../../common/enums.ts';
import { insideWithMargin, offset, type XY } from './geometry.ts';
import type { Township, Village } from './model.ts';
import { OPENING_HOURS, SERVICE_ITEMS } from './names.ts';
import { weightedSample, type Rng } from './random.ts';

export interface Station {
  name: string;
  level: StationLevel;
  township: Township;
  village: Village | null;
  xy: XY;
  buildingArea: number;
  hallArea: number;
  activityRoomArea: number;
  squareArea: number | null;
  functions: string[];
  openingHours: string;
  staffOnDuty: number;
  serviceItems: string;
  /** null: the configured default (DEFAULT_SERVICE_RADIUS_M). */
  serviceRadiusM: number | null;
}

const VILLAGE_CENTRES = 14;
const HAMLET_POINTS = 4;
const HAMLETS = ['后屯', '前屯', '东窝堡', '西窝堡', '北沟', '南岗'];

function pickFunctions(rng: Rng, must: readonly string[], from: readonly string[], n: number): string[] {
  const chosen = new Set([
    ...must,
    ...rng.sample(
      from.filter((f) => !must.includes(f)),
      n,
    ),
  ]);
  return STATION_FUNCTIONS.filter((f) => chosen.has(f));
}

function items(rng: Rng, n: number): string {
  const chosen = new Set(rng.sample(SERVICE_ITEMS, n));
  return SERVICE_ITEMS.filter((s) => chosen.has(s)).join('、');
}

/** A point `min`–`max` metres from the village committee, inside the village. */
export function near(rng: Rng, v: Village, min: number, max: number): XY {
  for (let attempt = 0; attempt < 5000; attempt++) {
    const p = offset(v.xy, rng.range(min, max), rng.range(0, 2 * Math.PI));
    if (insideWithMargin(p, v.cell, 30)) return p;
  }
  throw new Error(`no point ${min}–${max} m from ${v.name} inside it`);
}

export function buildStations(rng: Rng, townships: readonly Township[], villages: readonly Village[]): Station[] {
  const out: Station[] = [];
  for (const t of townships) {
    const seat = villages.find((v) => v.seat && v.township === t)!;
    out.push({
      name: `${t.name}党群服务中心`,
      level: '乡镇中心',
      township: t,
      village: seat,
      xy: near(rng, seat, 150, 300),
      buildingArea: rng.int(24, 52) * 50,
      hallArea: rng.int(20, 42) * 10,
      activityRoomArea: rng.int(8, 16) * 10,
      squareArea: rng.int(20, 50) * 100,
      functions: pickFunctions(rng, ['便民服务大厅', '党员活动室'], STATION_FUNCTIONS, rng.int(7, 9)),
      openingHours: '周一至周五 8:30-17:00',
      staffOnDuty: rng.int(6, 14),
      serviceItems: items(rng, rng.int(6, 9)),
      serviceRadiusM: t.index % 2 === 0 ? 2000 : null,
    });
  }
  const weight = { 强村: 3, 一般村: 2, 薄弱村: 1, 空壳村: 0.5 } as const;
  const centres = weightedSample(
    rng,
    villages.filter((v) => !v.seat),
    (v) => weight[v.band],
    VILLAGE_CENTRES,
  );
  for (const v of centres) {
    out.push({
      name: `${v.name}党群服务中心`,
      level: '村中心',
      township: v.township,
      village: v,
      xy: near(rng, v, 30, 120),
      buildingArea: rng.int(30, 80) * 10,
      hallArea: rng.int(6, 16) * 10,
      activityRoomArea: rng.int(4, 10) * 10,
      squareArea: rng.int(6, 25) * 100,
      functions: pickFunctions(rng, ['便民服务大厅', '党员活动室'], STATION_FUNCTIONS, rng.int(3, 6)),
      openingHours: rng.pick(OPENING_HOURS),
      staffOnDuty: rng.int(2, 5),
      serviceItems: items(rng, rng.int(3, 6)),
      serviceRadiusM: null,
    });
  }
  const hamletHosts = rng.sample(centres, HAMLET_POINTS);
  for (const [i, v] of hamletHosts.entries()) {
    out.push({
      name: `${v.name}${rng.pick(HAMLETS)}党群服务站`,
      level: '站点',
      township: v.township,
      village: v,
      xy: near(rng, v, 900, 1600),
      buildingArea: rng.int(6, 20) * 10,
      hallArea: rng.int(2, 5) * 10,
      activityRoomArea: rng.int(2, 4) * 10,
      squareArea: rng.chance(0.5) ? rng.int(2, 6) * 100 : null,
      functions: pickFunctions(
        rng,
        ['党员活动室'],
        ['图书阅览', '寄递物流', '便民超市', '日间照料', '矛盾调解'],
        rng.int(1, 3),
      ),
      openingHours: rng.pick(['周一至周日 8:30-16:30', '周二、周四、周六 9:00-16:00']),
      staffOnDuty: rng.int(1, 2),
      serviceItems: items(rng, rng.int(2, 3)),
      serviceRadiusM: i % 2 === 0 ? 800 : null, // a hamlet point serves a smaller circle
    });
  }
  return out;
}

/** The service radius of a station in metres, the default when it has none of its own. */
export function radiusOf(s: { serviceRadiusM: number | null }): number {
  return s.serviceRadiusM ?? DEFAULT_SERVICE_RADIUS_M;
}
