/**
 * Village collective assets: land parcels (polygons inside the village cell) and buildings
 * (points near the village committee), with leases for those let out.
 */
import { ASSET_SUBTYPE_NAMES, ASSET_SUBTYPES, type AssetSubtype } from '../../common/enums.ts';
import { AS_OF, addDays, daysBetween, monthStart, termEnd } from './dates.ts';
import {
  blob,
  closeRing,
  dist,
  insideWithMargin,
  offset,
  rectangle,
  round2,
  signedArea2,
  type XY,
} from './geometry.ts';
import type { Asset, Roles, Village } from './model.ts';
import { ASSET_KINDS, GROUPS, assetName, drawMode, drawSource, type Mode } from './asset-kinds.ts';
import { lesseeName, stemOf } from './names.ts';
import type { Rng } from './random.ts';

/** About how many assets the sample has. */
const TARGET_ASSETS = 150;
/** How many leases end within 90 days of AS_OF. */
const LEASES_ENDING_SOON = 9;

interface Plan {
  village: Village;
  subtype: AssetSubtype;
  name?: string;
  mode?: Mode;
  notes?: string;
  size?: number;
}

/** Which assets each village holds: the story's first, then every subtype a few times, then the rest. */
function planAssets(rng: Rng, villages: readonly Village[], roles: Roles): Plan[] {
  const plans: Plan[] = [
    {
      village: roles.coldStore,
      subtype: '冷库',
      name: '果蔬保鲜冷库',
      mode: '闲置',
      size: 680,
      notes: '库容约600吨，原租户2025年退租后闲置，可承接周边果蔬预冷仓储。',
    },
    { village: roles.beef[2]!, subtype: '冷库', name: '肉牛屠宰分割冷鲜库', mode: '自营', size: 1200 },
    { village: roles.riceLead, subtype: '厂房', name: '大米加工厂房', mode: '自营', size: 2400 },
    { village: roles.riceLead, subtype: '设备', name: '粮食烘干塔', mode: '自营', size: 400 },
    {
      village: roles.riceLead,
      subtype: '文旅景点',
      name: `${stemOf(roles.riceLead.name)}稻田画观景台`,
      mode: '入股',
      size: 900,
    },
    { village: roles.strawberry[0]!, subtype: '文旅景点', name: '草莓采摘园', mode: '入股', size: 1800 },
    ...roles.strawberry.map((v): Plan => ({
      village: v,
      subtype: '耕地',
      name: '草莓温室大棚园区',
      mode: '出租',
      size: rng.range(60, 140),
    })),
    ...roles.beef.slice(0, 2).map((v): Plan => ({
      village: v,
      subtype: '草地',
      name: '肉牛饲草基地',
      mode: '发包',
      size: rng.range(80, 150),
    })),
    ...[roles.riceLead, ...roles.riceMembers].map((v): Plan => ({
      village: v,
      subtype: '耕地',
      name: `${rng.pick(GROUPS)}组水稻田`,
      mode: '发包',
    })),
  ];
  // A few more cold stores, away from the 草莓 villages so that the idle one is the nearest.
  const strawberryHub = roles.strawberry[0]!.xy;
  const nearestColdStore = dist(roles.coldStore.xy, strawberryHub);
  const farAway = villages.filter((v) => dist(v.xy, strawberryHub) > nearestColdStore + 4000 && v !== roles.beef[2]);
  for (const v of rng.sample(farAway, 3)) plans.push({ village: v, subtype: '冷库' });
  // Every subtype at least three times.
  for (const subtype of ASSET_SUBTYPE_NAMES) {
    while (plans.filter((p) => p.subtype === subtype).length < 3) plans.push({ village: rng.pick(villages), subtype });
  }
  // The rest: stronger villages hold a little more.
  const share = { 强村: 2, 一般村: 1.5, 薄弱村: 1, 空壳村: 0.7 } as const;
  const subtypes = ASSET_SUBTYPE_NAMES.map((s) => [s, ASSET_KINDS[s].frequency] as const);
  const villageWeights = villages.map((v) => [v, share[v.band]] as const);
  while (plans.length < TARGET_ASSETS) {
    const village = rng.weighted(villageWeights);
    const subtype = rng.weighted(subtypes);
    const once = ['卫生室', '文化广场'].includes(subtype);
    if (once && plans.some((p) => p.village === village && p.subtype === subtype)) continue;
    if (plans.filter((p) => p.village === village).length >= 6) continue;
    plans.push({ village, subtype });
  }
  return plans;
}

interface Occupied {
  xy: XY;
  r: number;
}

/** A land parcel around a free spot of the village cell, or null when there is no room. */
function placeParcel(rng: Rng, v: Village, subtype: AssetSubtype, areaM2: number, grid: number, taken: Occupied[]) {
  const nearHome = subtype === '宅基地';
  for (let attempt = 0; attempt < 400; attempt++) {
    let ring: XY[];
    let centre: XY;
    let r: number;
    const rough = ['林地', '草地', '四荒地', '水面'].includes(subtype);
    if (nearHome) centre = offset(v.xy, rng.range(120, 600), rng.range(0, 2 * Math.PI));
    else centre = offset(v.xy, rng.range(300, 2600), rng.range(0, 2 * Math.PI));
    if (rough) {
      const radius = Math.sqrt(areaM2 / Math.PI);
      const smooth = subtype === '水面';
      ring = blob(centre, radius, smooth ? 14 : rng.int(8, 11), smooth ? 0.08 : 0.16, rng);
      r = radius * 1.55;
    } else {
      const aspect = rng.range(1.3, 3);
      const w = Math.sqrt(areaM2 * aspect);
      const h = areaM2 / w;
      ring = rectangle(centre, w, h, grid + rng.range(-0.08, 0.08), Math.min(w, h) * 0.04, rng);
      r = Math.hypot(w, h) / 2 + Math.min(w, h) * 0.06;
    }
    if (!insideWithMargin(centre, v.cell, r + 25)) continue;
    if (taken.some((o) => dist(o.xy, centre) < o.r + r + 15)) continue;
    taken.push({ xy: centre, r });
    return ring;
  }
  return null;
}

/** A building point near the village committee, off every parcel. */
function placeBuilding(rng: Rng, v: Village, taken: Occupied[]): XY {
  for (let attempt = 0; attempt < 2000; attempt++) {
    const p = offset(v.xy, rng.range(60, 900 + attempt), rng.range(0, 2 * Math.PI));
    if (!insideWithMargin(p, v.cell, 40)) continue;
    if (taken.some((o) => dist(o.xy, p) < o.r + 20)) continue;
    taken.push({ xy: p, r: 25 });
    return p;
  }
  throw new Error(`no room for a building in ${v.name}`);
}

function lease(rng: Rng, land: boolean): { start: string; end: string } {
  const years = land ? rng.pick([3, 5, 5, 5, 8, 10]) : rng.pick([2, 3, 3, 5]);
  // Ends from April 2027 on (month 111 after January 2018), starts no later than October 2026.
  const lo = Math.max(0, 112 - 12 * years);
  const start = monthStart(rng.int(lo, 105));
  return { start, end: termEnd(start, years) };
}

/**
 * Plans every asset and places it; leases a few so that they end within 90 days of AS_OF.
 * @param people names of people already used (lessees get names of their own)
 */
export function buildAssets(rng: Rng, villages: readonly Village[], roles: Roles, people: Set<string>): Asset[] {
  const plans = planAssets(rng, villages, roles);
  const assets: Asset[] = [];
  for (const v of villages) {
    const mine = plans.filter((p) => p.village === v);
    const taken: Occupied[] = [{ xy: v.xy, r: 90 }];
    const grid = rng.range(0, Math.PI);
    const names = new Set(mine.flatMap((p) => (p.name ? [p.name] : [])));
    const freshName = (subtype: AssetSubtype) => {
      let name = assetName(rng, subtype, v);
      for (let i = 0; names.has(name) && i < 20; i++) name = assetName(rng, subtype, v);
      for (let k = 2; names.has(name); k++) name = `${name.replace(/（\d+）$/, '')}（${k}）`;
      names.add(name);
      return name;
    };
    // Land first, largest first, then buildings.
    const sized = mine.map((p) => {
      const [lo, hi] = ASSET_KINDS[p.subtype].size;
      const land = ASSET_SUBTYPES[p.subtype].land;
      const size = p.size ?? (land ? Math.exp(rng.range(Math.log(lo), Math.log(hi))) : rng.range(lo, hi));
      return { p, land, areaM2: land ? size * (2000 / 3) : size };
    });
    sized.sort((a, b) => Number(b.land) - Number(a.land) || b.areaM2 - a.areaM2);
    for (const { p, land, areaM2 } of sized) {
      let shape: Asset['shape'];
      let area = areaM2;
      if (land) {
        let ring = placeParcel(rng, v, p.subtype, area, grid, taken);
        while (!ring && area > 3000) {
          area *= 0.7;
          ring = placeParcel(rng, v, p.subtype, area, grid, taken);
        }
        if (!ring) throw new Error(`no room for ${p.subtype} in ${v.name}`);
        shape = { type: 'polygon', ring };
        area = Math.abs(signedArea2(closeRing(ring))) / 2;
      } else {
        shape = { type: 'point', xy: placeBuilding(rng, v, taken) };
        area = Math.round(area / 5) * 5;
      }
      const mode = p.mode ?? drawMode(rng, p.subtype);
      const leased = mode === '出租' || mode === '发包';
      const contract = leased ? lease(rng, land) : null;
      const { value, rent } = ASSET_KINDS[p.subtype];
      const rentBase = land ? area / (2000 / 3) : area;
      assets.push({
        village: v,
        subtype: p.subtype,
        name: p.name ?? freshName(p.subtype),
        shape,
        areaM2: area,
        bookValue: value ? round2(area * rng.range(value[0], value[1])) : null,
        ownership: land && ['耕地', '草地', '林地'].includes(p.subtype) && rng.chance(0.3) ? '组集体' : '村集体',
        operationMode: mode,
        lessee: leased ? lesseeName(rng, land ? 'land' : 'building', people) : null,
        contractStart: contract?.start ?? null,
        contractEnd: contract?.end ?? null,
        annualIncome: leased ? Math.max(0.1, round2(rentBase * rng.range(rent[0], rent[1]))) : null,
        source: drawSource(rng, land),
        notes: p.notes ?? null,
      });
    }
  }

  // Some leases end soon: the alert list has something to show.
  const leased = assets.filter((a) => a.contractEnd !== null && a.village !== roles.coldStore);
  const soon = ['2026-11-30', '2026-12-31', '2027-01-31', '2027-02-14'];
  for (const a of rng.sample(leased, LEASES_ENDING_SOON)) {
    const end = rng.pick(soon);
    const years = ASSET_SUBTYPES[a.subtype].land ? rng.pick([3, 5]) : rng.pick([2, 3]);
    a.contractEnd = end;
    a.contractStart = addDays(end, 1).replace(/^\d{4}/, (y) => String(Number(y) - years));
    a.notes ??= '合同即将到期，待村民代表会议议定续租或重新发包。';
  }
  for (const a of assets) {
    if (a.contractEnd && daysBetween(AS_OF, a.contractEnd) < 0) throw new Error(`lease already ended: ${a.name}`);
  }
  return assets;
}
