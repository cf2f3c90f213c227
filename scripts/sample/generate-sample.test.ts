/** Invariants of the committed sample dataset (data/sample/) and of its generator. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import area from '@turf/area';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { featureCollection } from '@turf/helpers';
import intersect from '@turf/intersect';
import type { Feature, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { ASSET_SUBTYPE_NAMES, ASSET_SUBTYPES, INCOME_BANDS, VILLAGE_FLAGS } from '../../common/enums.ts';
import { M2_PER_MU, haversineM } from '../../common/geo.ts';
import { incomeBand } from '../../common/income.ts';
import { arealGeometry, pointGeometry } from '../../common/schemas/geometry.ts';
import {
  allianceProps,
  assessmentProps,
  assetProps,
  chainLinkProps,
  chainNodeProps,
  chainProps,
  secretaryProps,
  stationProps,
  townshipProps,
  villageProps,
} from '../../common/schemas/records.ts';
import { AS_OF, daysBetween } from './dates.ts';
import { SAMPLE_SEED, generateSample } from './index.ts';
import { summarize } from './summary.ts';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../data/sample');
const FILES = [
  'townships.geojson',
  'villages.geojson',
  'assets.geojson',
  'secretaries.geojson',
  'stations.geojson',
  'chain-nodes.geojson',
  'chains.json',
  'alliances.json',
];
const text: Record<string, string> = Object.fromEntries(
  FILES.map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]),
);

type Props = Record<string, unknown>;
type Areal = Polygon | MultiPolygon;
const features = <G extends Point | Areal | null>(file: string) =>
  (JSON.parse(text[file]!) as { features: { type: 'Feature'; properties: Props; geometry: G }[] }).features;

const townships = features<Polygon>('townships.geojson');
const villages = features<Point>('villages.geojson');
const assets = features<Point | Polygon>('assets.geojson');
const secretaries = features<null>('secretaries.geojson');
const stations = features<Point>('stations.geojson');
const nodes = features<Point>('chain-nodes.geojson');
const chains = JSON.parse(text['chains.json']!) as (Props & { key: string; name: string; links: Props[] })[];
const alliances = JSON.parse(text['alliances.json']!) as Props[];

const asFeature = <G extends Point | Areal>(geometry: G): Feature<G> => ({ type: 'Feature', properties: {}, geometry });
const boundaryOf = (v: (typeof villages)[number]) => v.properties.boundary as Areal;
const villageByCode = new Map(villages.map((v) => [String(v.properties.code), v]));
const townshipByCode = new Map(townships.map((t) => [String(t.properties.code), t]));
const latestOperating = (v: (typeof villages)[number]) => {
  const incomes = v.properties.incomes as { year: number; operating: number }[];
  return [...incomes].sort((a, b) => b.year - a.year)[0]!.operating;
};
const bandOf = (code: unknown) => incomeBand(latestOperating(villageByCode.get(String(code))!));
const within90 = (date: unknown) =>
  typeof date === 'string' && daysBetween(AS_OF, date) >= 0 && daysBetween(AS_OF, date) <= 90;
const intersectionArea = (a: Areal, b: Areal) => {
  const x = intersect(featureCollection([asFeature(a), asFeature(b)]));
  return x ? area(x) : 0;
};
const signedArea = (ring: Position[]) =>
  ring.slice(1).reduce((s, p, i) => s + ring[i]![0]! * p[1]! - p[0]! * ring[i]![1]!, 0);
const rings = (g: Areal) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);

describe('sample generator', () => {
  it('is deterministic and matches the committed files', () => {
    const a = generateSample(SAMPLE_SEED);
    const b = generateSample(SAMPLE_SEED);
    expect(a).toEqual(b);
    expect(Object.keys(a).sort()).toEqual([...FILES].sort());
    for (const f of FILES) expect(a[f], `${f} is stale: run npm run data:sample`).toBe(text[f]);
  });

  it('gives another dataset for another seed', () => {
    expect(generateSample(SAMPLE_SEED + 1)['villages.geojson']).not.toBe(text['villages.geojson']);
  });
});

describe('sample data: places', () => {
  it('has four townships with unique 9-digit codes in the fictional county', () => {
    expect(townships).toHaveLength(4);
    const codes = townships.map((t) => String(t.properties.code));
    expect(new Set(codes).size).toBe(4);
    for (const t of townships) {
      townshipProps.parse(t.properties);
      arealGeometry.parse(t.geometry);
      expect(t.properties.code).toMatch(/^210199\d{3}$/);
      expect(t.properties.county).toBe('示例县');
    }
  });

  it('has townships that do not overlap', () => {
    for (let i = 0; i < townships.length; i++)
      for (let j = i + 1; j < townships.length; j++) {
        const overlap = intersectionArea(townships[i]!.geometry, townships[j]!.geometry);
        expect(overlap / area(townships[i]!.geometry)).toBeLessThan(1e-4);
      }
  });

  it('winds polygons as RFC 7946 asks: outer rings counter-clockwise, holes clockwise', () => {
    const shapes: Areal[] = [
      ...townships.map((t) => t.geometry),
      ...villages.map(boundaryOf),
      ...assets.filter((a) => a.geometry.type === 'Polygon').map((a) => a.geometry as Polygon),
    ];
    for (const g of shapes)
      for (const poly of rings(g))
        poly.forEach((ring, i) => {
          expect(ring[0]).toEqual(ring[ring.length - 1]);
          expect(signedArea(ring) > 0).toBe(i === 0);
        });
  });

  it('has about 60 villages with unique 12-digit 村委会 codes and unique names', () => {
    expect(villages.length).toBeGreaterThanOrEqual(55);
    const codes = villages.map((v) => String(v.properties.code));
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(villages.map((v) => v.properties.name)).size).toBe(villages.length);
    for (const v of villages) {
      const p = v.properties;
      villageProps.omit({ township_id: true }).parse(p);
      pointGeometry.parse(v.geometry);
      arealGeometry.parse(p.boundary);
      expect(p.code).toMatch(/^\d{12}$/);
      expect(String(p.code).slice(0, 9)).toBe(p.township_code);
      expect(Number(String(p.code).slice(9))).toBeGreaterThanOrEqual(200);
      expect(Number(String(p.code).slice(9))).toBeLessThanOrEqual(399);
      expect(p.name).toMatch(/村$/);
      expect(townshipByCode.has(String(p.township_code))).toBe(true);
    }
  });

  it('places every village committee inside its boundary and its township', () => {
    for (const v of villages) {
      expect(booleanPointInPolygon(v.geometry, boundaryOf(v)), String(v.properties.name)).toBe(true);
      const t = townshipByCode.get(String(v.properties.township_code))!;
      expect(booleanPointInPolygon(v.geometry, t.geometry), String(v.properties.name)).toBe(true);
    }
  });

  it('tiles each township with its village boundaries (no overlaps, no gaps)', () => {
    for (const t of townships) {
      const mine = villages.filter((v) => v.properties.township_code === t.properties.code);
      expect(mine.length).toBeGreaterThan(5);
      const sum = mine.reduce((s, v) => s + area(boundaryOf(v)), 0);
      expect(Math.abs(sum - area(t.geometry)) / area(t.geometry)).toBeLessThan(0.01);
      for (const v of mine) {
        const inside = intersectionArea(boundaryOf(v), t.geometry);
        expect(Math.abs(inside - area(boundaryOf(v))) / area(boundaryOf(v))).toBeLessThan(0.001);
      }
    }
  });

  it('has the demo village 羊草沟村 in the first township', () => {
    const demo = villages.find((v) => v.properties.name === '羊草沟村');
    expect(demo?.properties.township_code).toBe(townships[0]!.properties.code);
  });
});

describe('sample data: village profiles', () => {
  it('spans every income band, several villages in each', () => {
    const bands = villages.map((v) => incomeBand(latestOperating(v)));
    for (const band of INCOME_BANDS) expect(bands.filter((b) => b === band).length, band).toBeGreaterThanOrEqual(3);
  });

  it('has four years of income, total never below operating', () => {
    for (const v of villages) {
      const incomes = v.properties.incomes as { year: number; total: number; operating: number }[];
      expect(incomes.map((i) => i.year)).toEqual([2021, 2022, 2023, 2024]);
      for (const i of incomes) expect(i.total).toBeGreaterThanOrEqual(i.operating);
    }
  });

  it('uses every flag on several villages, and resident population below registered', () => {
    for (const flag of VILLAGE_FLAGS)
      expect(
        villages.filter((v) => (v.properties.flags as string[]).includes(flag)).length,
        flag,
      ).toBeGreaterThanOrEqual(3);
    for (const v of villages)
      expect(v.properties.resident_population as number).toBeLessThan(v.properties.registered_population as number);
  });
});

describe('sample data: assets', () => {
  it('has every subtype at least twice, several cold stores, unique external ids', () => {
    for (const s of ASSET_SUBTYPE_NAMES)
      expect(assets.filter((a) => a.properties.subtype === s).length, s).toBeGreaterThanOrEqual(2);
    expect(assets.filter((a) => a.properties.subtype === '冷库').length).toBeGreaterThanOrEqual(3);
    const ids = assets.map((a) => String(a.properties.external_id));
    expect(new Set(ids).size).toBe(ids.length);
    for (const a of assets) {
      assetProps.omit({ village_id: true }).parse(a.properties);
      expect(a.properties.external_id).toMatch(new RegExp(`^ZC-${String(a.properties.village_code)}-\\d{2}$`));
      expect(a.properties.category).toBe(ASSET_SUBTYPES[a.properties.subtype as keyof typeof ASSET_SUBTYPES].category);
    }
  });

  it('draws land as polygons inside the village, with the area in 亩 computed from them', () => {
    for (const a of assets) {
      const v = villageByCode.get(String(a.properties.village_code))!;
      const land = ASSET_SUBTYPES[a.properties.subtype as keyof typeof ASSET_SUBTYPES].land;
      if (land) {
        const g = a.geometry as Polygon;
        expect(g.type).toBe('Polygon');
        expect(a.properties.area_m2).toBeNull();
        expect(a.properties.area_mu).toBe(Math.round((area(g) / M2_PER_MU) * 100) / 100);
        for (const p of g.coordinates[0]!)
          expect(booleanPointInPolygon(p, boundaryOf(v)), String(a.properties.external_id)).toBe(true);
        expect(intersectionArea(g, boundaryOf(v)) / area(g)).toBeGreaterThan(0.999);
      } else {
        expect(a.geometry.type).toBe('Point');
        expect(a.properties.area_mu).toBeNull();
        expect(a.properties.area_m2 as number).toBeGreaterThan(0);
        expect(booleanPointInPolygon(a.geometry as Point, boundaryOf(v))).toBe(true);
      }
    }
  });

  it('gives lessee and contract only to leased assets, some ending within 90 days', () => {
    for (const a of assets) {
      const p = a.properties;
      const leased = p.operation_mode === '出租' || p.operation_mode === '发包';
      for (const k of ['lessee', 'contract_start', 'contract_end', 'annual_income'])
        expect(p[k] != null, `${k} of ${String(p.external_id)}`).toBe(leased);
      if (leased) expect(String(p.contract_start) < String(p.contract_end)).toBe(true);
    }
    expect(assets.filter((a) => within90(a.properties.contract_end)).length).toBeGreaterThanOrEqual(3);
  });
});

describe('sample data: secretaries', () => {
  const byVillage = new Map<string, Props[]>();
  for (const s of secretaries) {
    const list = byVillage.get(String(s.properties.village_code)) ?? [];
    list.push(s.properties);
    byVillage.set(String(s.properties.village_code), list);
  }

  it('posts exactly one 第一书记 to each covered village, and teams of at least three', () => {
    expect(byVillage.size).toBeGreaterThan(villages.length / 2);
    for (const [code, list] of byVillage) {
      expect(villageByCode.has(code)).toBe(true);
      expect(list.filter((s) => s.role === '第一书记')).toHaveLength(1);
      if (list.length > 1) expect(list.length).toBeGreaterThanOrEqual(3);
    }
    for (const s of secretaries) {
      expect(s.geometry).toBeNull();
      secretaryProps.omit({ village_id: true }).parse(s.properties);
      for (const a of s.properties.assessments as Props[]) assessmentProps.omit({ secretary_id: true }).parse(a);
      expect(s.properties.phone).toMatch(/^1390000\d{4}$/);
    }
    const phones = secretaries.map((s) => s.properties.phone);
    expect(new Set(phones).size).toBe(phones.length);
  });

  it('has 李明 as 第一书记 of 羊草沟村', () => {
    const demo = villages.find((v) => v.properties.name === '羊草沟村')!;
    const first = byVillage.get(String(demo.properties.code))?.find((s) => s.role === '第一书记');
    expect(first?.name).toBe('李明');
    expect(secretaries.filter((s) => s.properties.name === '李明')).toHaveLength(1);
  });

  it('has terms ending within 90 days, and target villages with no secretary', () => {
    const firsts = secretaries.filter((s) => s.properties.role === '第一书记');
    const soon = firsts.filter((s) => within90(s.properties.term_end));
    expect(soon.length).toBeGreaterThanOrEqual(3);
    expect(soon.length).toBeLessThan(firsts.length / 2);
    const unserved = villages.filter(
      (v) => (v.properties.flags as string[]).length > 0 && !byVillage.has(String(v.properties.code)),
    );
    expect(unserved.length).toBeGreaterThanOrEqual(2);
  });
});

describe('sample data: stations', () => {
  it('has one 乡镇中心 per township and valid records', () => {
    for (const t of townships)
      expect(
        stations.filter((s) => s.properties.level === '乡镇中心' && s.properties.township_code === t.properties.code),
      ).toHaveLength(1);
    for (const s of stations) {
      stationProps.omit({ township_id: true, village_id: true }).parse(s.properties);
      if (s.properties.village_code != null) expect(villageByCode.has(String(s.properties.village_code))).toBe(true);
    }
  });

  it('leaves some villages outside every service radius', () => {
    const uncovered = villages.filter((v) =>
      stations.every(
        (s) =>
          haversineM(v.geometry.coordinates, s.geometry.coordinates) >
          ((s.properties.service_radius_m as number | null) ?? 1200),
      ),
    );
    expect(uncovered.length).toBeGreaterThan(0);
    expect(uncovered.length).toBeLessThan(villages.length);
    expect(summarize(text).uncoveredVillages).toHaveLength(uncovered.length);
  });
});

describe('sample data: chains and alliances', () => {
  it('has three chains of five or more nodes with links between their own nodes', () => {
    expect(chains.map((c) => c.name)).toEqual(['稻米', '草莓', '肉牛']);
    const keys = nodes.map((n) => String(n.properties.key));
    expect(new Set(keys).size).toBe(keys.length);
    for (const n of nodes) {
      chainNodeProps.omit({ chain_id: true, village_id: true }).parse(n.properties);
      if (n.properties.village_code != null) expect(villageByCode.has(String(n.properties.village_code))).toBe(true);
    }
    for (const c of chains) {
      chainProps.parse(c);
      const mine = nodes.filter((n) => n.properties.chain_key === c.key);
      expect(mine.length, c.name).toBeGreaterThanOrEqual(5);
      expect(new Set(mine.map((n) => n.properties.village_code).filter((x) => x != null)).size).toBeGreaterThanOrEqual(
        3,
      );
      const own = new Set(mine.map((n) => n.properties.key));
      for (const l of c.links) {
        chainLinkProps.omit({ chain_id: true, from_node_id: true, to_node_id: true }).parse(l);
        expect(own.has(l.from) && own.has(l.to), `${String(l.from)} → ${String(l.to)}`).toBe(true);
      }
    }
  });

  it('leaves 草莓 without 仓储冷链, with a 冷库 in a nearby village', () => {
    const sb = chains.find((c) => c.name === '草莓')!;
    const sbNodes = nodes.filter((n) => n.properties.chain_key === sb.key);
    expect(sbNodes.some((n) => n.properties.stage === '仓储冷链')).toBe(false);
    const sbVillages = new Set(sbNodes.map((n) => n.properties.village_code));
    const coldStores = assets.filter(
      (a) => a.properties.subtype === '冷库' && !sbVillages.has(a.properties.village_code),
    );
    const nearest = Math.min(
      ...coldStores.flatMap((c) =>
        sbNodes.map((n) => haversineM(n.geometry.coordinates, (c.geometry as Point).coordinates)),
      ),
    );
    expect(nearest).toBeLessThan(8000);
  });

  it('has an active 龙头引领型 alliance led by a 强村 and a planned one', () => {
    for (const a of alliances)
      allianceProps.omit({ lead_village_id: true, member_village_ids: true, chain_ids: true }).parse(a);
    const active = alliances.find((a) => a.status === '实施中')!;
    expect(active.type).toBe('龙头引领型');
    expect(bandOf(active.lead_village_code)).toBe('强村');
    const members = (active.member_village_codes as string[]).filter((c) => c !== active.lead_village_code);
    expect(members.length).toBeGreaterThanOrEqual(3);
    expect(members.length).toBeLessThanOrEqual(4);
    for (const m of members) expect(bandOf(m)).not.toBe('强村');
    expect(active.chain_keys).toEqual([chains.find((c) => c.name === '稻米')!.key]);
    const planned = alliances.find((a) => a.status === '规划中')!;
    expect(planned.type).not.toBe('龙头引领型');
    for (const a of alliances)
      for (const c of a.member_village_codes as string[]) expect(villageByCode.has(c)).toBe(true);
  });
});
