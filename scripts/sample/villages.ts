/** Village records: codes, names, the villages with a part in the story, income, flags, people. */
import type { MultiPolygon, Polygon } from 'geojson';
import type { IncomeBand, VillageFlag } from '../../common/enums.ts';
import { incomeBand } from '../../common/income.ts';
import { dist, round2, type XY } from './geometry.ts';
import type { Roles, Township, Village } from './model.ts';
import { DEMO_VILLAGE, villageName } from './names.ts';
import { weightedSample, type Rng } from './random.ts';

export const INCOME_YEARS = [2021, 2022, 2023, 2024] as const;

/** How many villages of each band (by the latest operating income) the sample has. */
const BAND_COUNTS: Record<IncomeBand, number> = { 空壳村: 10, 薄弱村: 14, 一般村: 24, 强村: 12 };

/** How many villages carry each flag, and how much likelier weak villages are to carry it. */
const FLAG_PLAN: readonly { flag: VillageFlag; count: number; weight: Record<IncomeBand, number> }[] = [
  { flag: '脱贫村', count: 9, weight: { 空壳村: 5, 薄弱村: 4, 一般村: 1.2, 强村: 0.1 } },
  { flag: '易地搬迁安置村', count: 4, weight: { 空壳村: 2, 薄弱村: 2, 一般村: 1.5, 强村: 0.3 } },
  { flag: '乡村振兴任务重的村', count: 8, weight: { 空壳村: 5, 薄弱村: 4, 一般村: 1, 强村: 0 } },
  { flag: '党组织软弱涣散村', count: 5, weight: { 空壳村: 3, 薄弱村: 3, 一般村: 2, 强村: 0.3 } },
];

/** Latest operating income (万元) drawn inside a band, clear of its edges. */
function operatingIn(rng: Rng, band: IncomeBand): number {
  switch (band) {
    case '空壳村':
      return rng.range(0.4, 4.6);
    case '薄弱村':
      return rng.range(5.4, 9.6);
    case '一般村':
      return Math.exp(rng.range(Math.log(11), Math.log(46)));
    case '强村':
      return Math.exp(rng.range(Math.log(54), Math.log(240)));
  }
}

function nearestTo<T extends { xy: XY }>(v: { xy: XY }, pool: readonly T[], n: number): T[] {
  return [...pool].sort((a, b) => dist(a.xy, v.xy) - dist(b.xy, v.xy)).slice(0, n);
}

interface Site {
  township: Township;
  xy: XY;
  cell: Polygon | MultiPolygon;
}

/**
 * Village records from the sites and cells of each township, with codes in reading order
 * (north to south in rows, west to east), and the villages that carry the sample's story.
 */
export function buildVillages(
  rng: Rng,
  townships: readonly Township[],
  sites: readonly XY[][],
  cells: readonly (Polygon | MultiPolygon)[][],
): { villages: Village[]; roles: Roles } {
  const villages: Village[] = [];
  for (const t of townships) {
    const list: Site[] = sites[t.index]!.map((xy, j) => ({ township: t, xy, cell: cells[t.index]![j]! }));
    list.sort((a, b) => Math.floor(-a.xy[1] / 3000) - Math.floor(-b.xy[1] / 3000) || a.xy[0] - b.xy[0]);
    const seat = nearestTo({ xy: t.centroid }, list, 1)[0];
    list.forEach((s, j) => {
      villages.push({
        code: `${t.code}${201 + j}`,
        name: s === seat ? `${t.stem}村` : '',
        township: t,
        xy: s.xy,
        cell: s.cell,
        seat: s === seat,
        band: '一般村',
        registered: 0,
        resident: 0,
        households: 0,
        partyMembers: 0,
        incomes: [],
        flags: [],
        honours: [],
        notes: null,
      });
    });
  }

  const inTownship = (i: number) => villages.filter((v) => v.township.index === i);
  const seatOf = (i: number) => villages.find((v) => v.seat && v.township.index === i)!;
  const taken = new Set<Village>(villages.filter((v) => v.seat));
  const free = (pool: readonly Village[]) => pool.filter((v) => !taken.has(v));
  const take = (list: Village[]) => {
    list.forEach((v) => taken.add(v));
    return list;
  };

  // 稻米 alliance: the seat of the first township leads its four nearest neighbours there.
  const riceLead = seatOf(0);
  const riceMembers = take(nearestTo(riceLead, free(inTownship(0)), 4));
  // 草莓: a compact group of four in the second township, and the nearest other village has a 冷库.
  const strawberrySeed = rng.pick(free(inTownship(1)));
  const strawberry = take(nearestTo(strawberrySeed, free(inTownship(1)), 4));
  const coldStore = take(nearestTo(strawberrySeed, free(villages), 1))[0]!;
  // 肉牛: two farms in the third township; its seat village slaughters and chills.
  const farmSeed = rng.pick(free(inTownship(2)));
  const beef = [...take(nearestTo(farmSeed, free(inTownship(2)), 2)), seatOf(2)];
  const roles: Roles = { riceLead, riceMembers, strawberry, coldStore, beef };

  // Names: seats are named after their township, the demo village is fixed, the rest invented.
  const used = new Set<string>(villages.map((v) => v.name).filter((n) => n !== ''));
  used.add(DEMO_VILLAGE);
  riceMembers[0]!.name = DEMO_VILLAGE;
  for (const v of villages) if (v.name === '') v.name = villageName(rng, used);

  // Income bands: fixed for the story villages, shuffled over the rest.
  const fixed = new Map<Village, IncomeBand>([
    ...villages.filter((v) => v.seat).map((v) => [v, '强村'] as const),
    ...riceMembers.map((v, i) => [v, (['薄弱村', '空壳村', '薄弱村', '一般村'] as const)[i]!] as const),
    ...strawberry.map((v, i) => [v, (['一般村', '薄弱村', '空壳村', '一般村'] as const)[i]!] as const),
    [coldStore, '一般村'],
    [beef[0]!, '一般村'],
    [beef[1]!, '薄弱村'],
  ]);
  const rest: IncomeBand[] = [];
  for (const [band, count] of Object.entries(BAND_COUNTS) as [IncomeBand, number][]) {
    const already = [...fixed.values()].filter((b) => b === band).length;
    for (let i = already; i < count; i++) rest.push(band);
  }
  const shuffled = rng.shuffle(rest);
  for (const v of villages) v.band = fixed.get(v) ?? shuffled.pop()!;
  if (shuffled.length !== 0) throw new Error('band counts do not add up to the number of villages');

  for (const v of villages) fillProfile(rng, v);

  // Flags: weak villages are likelier to carry them; the demo village is a 脱贫村.
  for (const plan of FLAG_PLAN) {
    const chosen = weightedSample(rng, villages, (v) => plan.weight[v.band], plan.count);
    for (const v of chosen) v.flags.push(plan.flag);
  }
  const demo = riceMembers[0]!;
  if (!demo.flags.includes('脱贫村')) demo.flags.unshift('脱贫村');
  for (const v of villages)
    v.flags.sort((a, b) => FLAG_PLAN.findIndex((p) => p.flag === a) - FLAG_PLAN.findIndex((p) => p.flag === b));

  // Honours: few and earned.
  riceLead.honours.push('一村一品示范村');
  strawberry[0]!.honours.push('一村一品示范村');
  const strong = villages.filter((v) => v.band === '强村' && v !== riceLead);
  rng.pick(strong).honours.push('全国文明村镇');
  for (const v of rng.sample(
    villages.filter((x) => x.band !== '空壳村'),
    3,
  ))
    if (!v.honours.includes('民主法治示范村')) v.honours.push('民主法治示范村');

  // Notes: a few villages have a story.
  for (const v of villages) {
    if (v.flags.includes('易地搬迁安置村')) v.notes = `村内建有易地搬迁集中安置点，安置${rng.int(3, 12) * 10}户。`;
  }
  for (const v of rng.sample(
    villages.filter((x) => x.notes === null && !x.seat),
    4,
  )) {
    const former = villageName(rng, used);
    v.notes = `${rng.int(2004, 2019)}年由原${v.name}与原${former}合并而成。`;
  }
  return { villages, roles };
}

/** Population, households, Party members and four years of income consistent with the band. */
function fillProfile(rng: Rng, v: Village): void {
  const size = v.band === '强村' ? rng.range(1.2, 1.8) : v.band === '空壳村' ? rng.range(0.6, 1) : rng.range(0.8, 1.3);
  v.registered = Math.round(rng.range(1300, 2400) * size);
  v.resident = Math.round(v.registered * rng.range(0.55, 0.82));
  v.households = Math.round(v.registered / rng.range(2.6, 3.1));
  v.partyMembers = Math.round(v.registered * rng.range(0.025, 0.045));

  let operating = operatingIn(rng, v.band);
  let other = rng.range(6, 22); // transfers for running the village (村级组织运转经费 and the like)
  const incomes = [];
  for (let i = INCOME_YEARS.length - 1; i >= 0; i--) {
    const op = round2(operating);
    incomes.unshift({ year: INCOME_YEARS[i]!, total: round2(op + other), operating: op });
    const growth = Math.max(-0.15, Math.min(0.45, 0.1 + 0.1 * rng.normal()));
    operating = operating / (1 + growth);
    other = other * rng.range(0.9, 1.05);
  }
  v.incomes = incomes;
  if (incomeBand(incomes[incomes.length - 1]!.operating) !== v.band) throw new Error(`band mismatch for ${v.code}`);
}
