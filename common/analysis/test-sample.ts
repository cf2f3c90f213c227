/**
 * Test helper (not shipped): reads the committed sample county (data/sample/) and maps it into
 * the analysis input types, with ids = 1-based file order (the database assigns its own).
 */
/* eslint-disable no-restricted-imports -- a test helper may read files; shipped common/ code may not */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
/* eslint-enable no-restricted-imports */
import { DEFAULT_SERVICE_RADIUS_M, type ChainStage } from '../enums.ts';
import type {
  AssetInput,
  ChainInput,
  ChainNodeInput,
  LngLat,
  MultiPolygonInput,
  PolygonInput,
  StationInput,
  TownshipInput,
  VillageInput,
} from './types.ts';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SAMPLE = path.join(REPO_ROOT, 'data/sample');

interface Feature {
  properties: Record<string, unknown>;
  geometry: { type: string; coordinates: unknown } | null;
}
const features = (file: string): Feature[] =>
  (JSON.parse(fs.readFileSync(path.join(SAMPLE, file), 'utf8')) as { features: Feature[] }).features;
const json = <T>(file: string): T => JSON.parse(fs.readFileSync(path.join(SAMPLE, file), 'utf8')) as T;

const pointOf = (f: Feature): LngLat => {
  const c = f.geometry!.coordinates as number[];
  return [c[0]!, c[1]!];
};
/** A polygon's vertex centroid (outer ring, closing vertex dropped): inside the sample's convex-ish blobs. */
const centreOf = (f: Feature): LngLat => {
  if (f.geometry!.type === 'Point') return pointOf(f);
  const ring = (f.geometry!.coordinates as number[][][])[0]!.slice(0, -1);
  return [ring.reduce((s, p) => s + p[0]!, 0) / ring.length, ring.reduce((s, p) => s + p[1]!, 0) / ring.length];
};

export interface SampleAlliance {
  name: string;
  lead_village_id: number;
  member_ids: number[];
  chain_ids: number[];
}

export interface Sample {
  townships: (TownshipInput & { code: string; geometry: PolygonInput })[];
  villages: VillageInput[];
  stations: StationInput[];
  chains: (ChainInput & { key: string })[];
  nodes: ChainNodeInput[];
  assets: (AssetInput & { name: string })[];
  alliances: SampleAlliance[];
}

/** Loads data/sample; townships are adjacent when their boundaries share at least two vertices. */
export function loadSample(): Sample {
  const tf = features('townships.geojson');
  const vertexKeys = tf.map(
    (f) => new Set((f.geometry!.coordinates as number[][][])[0]!.map((p) => `${p[0]},${p[1]}`)),
  );
  const townships = tf.map((f, i) => ({
    id: i + 1,
    code: String(f.properties.code),
    name: String(f.properties.name),
    geometry: f.geometry as PolygonInput,
    adjacent: tf
      .map((_, j) => j)
      .filter((j) => j !== i && [...vertexKeys[i]!].filter((k) => vertexKeys[j]!.has(k)).length >= 2)
      .map((j) => j + 1),
  }));
  const townshipId = new Map(townships.map((t) => [t.code, t.id]));

  const vf = features('villages.geojson');
  const villageId = new Map(vf.map((f, i) => [String(f.properties.code), i + 1]));
  const villages = vf.map((f, i): VillageInput => {
    const p = f.properties;
    const incomes = (p.incomes as { year: number; total: number | null; operating: number | null }[])
      .slice()
      .sort((a, b) => b.year - a.year);
    return {
      id: i + 1,
      name: String(p.name),
      township_id: townshipId.get(String(p.township_code))!,
      lngLat: pointOf(f),
      registered_population: p.registered_population as number | null,
      resident_population: p.resident_population as number | null,
      operating_income: incomes[0]?.operating ?? null,
      total_income: incomes[0]?.total ?? null,
      flags: p.flags as string[],
      boundary: (p.boundary as PolygonInput | MultiPolygonInput | null) ?? null,
    };
  });

  const stations = features('stations.geojson').map((f, i): StationInput => ({
    id: i + 1,
    name: String(f.properties.name),
    level: String(f.properties.level),
    lngLat: pointOf(f),
    radius_m: (f.properties.service_radius_m as number | null) ?? DEFAULT_SERVICE_RADIUS_M,
    village_id: villageId.get(String(f.properties.village_code)) ?? null,
    township_id: townshipId.get(String(f.properties.township_code)) ?? null,
  }));

  const chains = json<{ key: string; name: string; lead_product: string | null }[]>('chains.json').map((c, i) => ({
    id: i + 1,
    key: c.key,
    name: c.name,
    lead_product: c.lead_product,
  }));
  const chainId = new Map(chains.map((c) => [c.key, c.id]));
  const nodes = features('chain-nodes.geojson').map((f, i): ChainNodeInput => ({
    id: i + 1,
    chain_id: chainId.get(String(f.properties.chain_key))!,
    village_id: f.properties.village_code == null ? null : villageId.get(String(f.properties.village_code))!,
    stage: f.properties.stage as ChainStage,
    lngLat: pointOf(f),
    name: String(f.properties.name),
  }));

  const assets = features('assets.geojson').map((f, i) => ({
    id: i + 1,
    village_id: villageId.get(String(f.properties.village_code))!,
    subtype: String(f.properties.subtype),
    name: String(f.properties.name),
    area_mu: f.properties.area_mu as number | null,
    area_m2: f.properties.area_m2 as number | null,
    book_value: f.properties.book_value as number | null,
    lngLat: centreOf(f),
  }));

  const alliances = json<
    { name: string; lead_village_code: string; member_village_codes: string[]; chain_keys: string[] }[]
  >('alliances.json').map((a) => ({
    name: a.name,
    lead_village_id: villageId.get(a.lead_village_code)!,
    member_ids: a.member_village_codes.map((c) => villageId.get(c)!),
    chain_ids: a.chain_keys.map((k) => chainId.get(k)!),
  }));

  return { townships, villages, stations, chains, nodes, assets, alliances };
}
