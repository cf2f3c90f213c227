/**
 * What the detail panel loads for each layer: the record and what relates to it, in as few
 * requests as the API allows (run in parallel), plus where the record lies (for the edit button)
 * and the point to navigate to. Every request takes the caller's AbortSignal.
 */
import type {
  AllianceProps,
  AssessmentProps,
  AssetProps,
  ChainNodeProps,
  RowMeta,
  SecretaryProps,
  StationProps,
  VillageProps,
} from '../../../../common/schemas/records.ts';
import type { ChainFeatureProps } from '../../api/chains.ts';
import { fetchFeature, fetchFeatures, type AnyGeometry } from '../../api/features.ts';
import type { Feature } from '../../api/geojson.ts';
import type { RecordScope } from './edit-policy.ts';
import { bboxAround, stationReach, villagesWithin, type NearbyStation, type NearbyVillage } from './nearby.ts';
import { navigationPoint, type LngLat } from './navigate-links.ts';

export const DETAIL_LAYERS = ['villages', 'assets', 'secretaries', 'stations', 'chain-nodes', 'alliances'] as const;
export type DetailLayer = (typeof DETAIL_LAYERS)[number];

export type Rec<P> = Feature<AnyGeometry, P & RowMeta>;
export type VillageRec = Rec<VillageProps>;
export type AssetRec = Rec<AssetProps>;
export type SecretaryRec = Rec<SecretaryProps & { phone_hidden?: boolean }>;
export type StationRec = Rec<StationProps & { effective_radius_m: number }>;
export type ChainNodeRec = Rec<ChainNodeProps>;
export type AllianceRec = Rec<AllianceProps & { member_count: number }>;
export type ChainRec = Feature<null, ChainFeatureProps>;

/** A chain the village takes part in, with its nodes there. */
export interface VillageChain {
  chain: { id: number; name: string };
  nodes: ChainNodeRec[];
}

export type DetailData =
  | {
      layer: 'villages';
      feature: VillageRec;
      assets: AssetRec[];
      team: SecretaryRec[];
      reach: ReturnType<typeof stationReach>;
      chains: VillageChain[];
      alliances: AllianceRec[];
    }
  | { layer: 'assets'; feature: AssetRec; village: VillageRec | null }
  | { layer: 'secretaries'; feature: SecretaryRec; village: VillageRec | null; assessments: Rec<AssessmentProps>[] }
  | {
      layer: 'stations';
      feature: StationRec;
      village: VillageRec | null;
      inReach: ReturnType<typeof villagesWithin>;
    }
  | { layer: 'chain-nodes'; feature: ChainNodeRec; village: VillageRec | null; chain: ChainRec | null }
  | { layer: 'alliances'; feature: AllianceRec; members: VillageRec[]; chains: { id: number; name: string }[] };

/** A loaded record with what relates to it. */
export type Loaded = DetailData & { scope: RecordScope; point: LngLat | null; title: string };

/** Stations searched around a village: this far first, then (when none) the wider radius. */
const STATION_SEARCH_M = [10_000, 50_000];
const SECRETARY_ROLE_ORDER = ['第一书记', '工作队长', '队员'];

const pointOf = (f: { geometry: AnyGeometry }) => navigationPoint(f.geometry);

async function villageOrNull(id: number | null, signal: AbortSignal): Promise<VillageRec | null> {
  return id == null ? null : fetchFeature<VillageProps>('villages', id, signal);
}

function villageScope(id: number, village: VillageRec | null): RecordScope {
  return {
    id,
    townshipIds: village ? [village.properties.township_id] : [],
    villageIds: village ? [village.id] : [],
    unresolved: !village,
  };
}

function toNearbyStation(s: StationRec): NearbyStation | null {
  const p = pointOf(s);
  return (
    p && {
      id: s.id,
      name: s.properties.name,
      level: s.properties.level,
      lngLat: p,
      radiusM: s.properties.effective_radius_m,
    }
  );
}

async function stationsAround(at: LngLat, signal: AbortSignal): Promise<NearbyStation[]> {
  for (const m of STATION_SEARCH_M) {
    const fc = await fetchFeatures<StationRec['properties']>('stations', { bbox: bboxAround(at, m).join(',') }, signal);
    const list = (fc.features as StationRec[]).map(toNearbyStation).filter((s): s is NearbyStation => s !== null);
    if (list.length) return list;
  }
  return [];
}

async function loadVillage(id: number, signal: AbortSignal): Promise<Loaded> {
  // Two round trips: the village and everything filtered by its id, then what needs its position
  // (stations around it) or the chains its nodes name.
  const [feature, assets, team, nodes, alliances] = await Promise.all([
    fetchFeature<VillageProps>('villages', id, signal),
    fetchFeatures<AssetProps>('assets', { village: id }, signal),
    fetchFeatures<SecretaryRec['properties']>('secretaries', { village: id }, signal),
    fetchFeatures<ChainNodeProps>('chain-nodes', { village: id }, signal),
    fetchFeatures<AllianceRec['properties']>('alliances', { village: id }, signal),
  ]);
  const point = pointOf(feature);
  const chainIds = [...new Set(nodes.features.map((n) => n.properties.chain_id))];
  const [stations, chains] = await Promise.all([
    point ? stationsAround(point, signal) : Promise.resolve([]),
    Promise.all(chainIds.map((c) => fetchFeature<ChainFeatureProps>('chains', c, signal))),
  ]);
  const rank = (s: SecretaryRec) =>
    (s.properties.status === '在岗' ? 0 : 10) + SECRETARY_ROLE_ORDER.indexOf(s.properties.role);
  return {
    layer: 'villages',
    feature,
    assets: assets.features,
    team: [...(team.features as SecretaryRec[])].sort((a, b) => rank(a) - rank(b) || a.id - b.id),
    reach: point ? stationReach(point, stations) : { nearest: null, coveredBy: null },
    chains: chains.map((c) => ({
      chain: { id: c.id, name: c.properties.name },
      nodes: nodes.features.filter((n) => n.properties.chain_id === c.id),
    })),
    alliances: alliances.features as AllianceRec[],
    scope: { id, townshipIds: [feature.properties.township_id], villageIds: [id] },
    point,
    title: feature.properties.name,
  };
}

async function loadAsset(id: number, signal: AbortSignal): Promise<Loaded> {
  const feature = await fetchFeature<AssetProps>('assets', id, signal);
  const village = await villageOrNull(feature.properties.village_id, signal);
  return {
    layer: 'assets',
    feature,
    village,
    scope: villageScope(id, village),
    point: pointOf(feature),
    title: feature.properties.name,
  };
}

async function loadSecretary(id: number, signal: AbortSignal): Promise<Loaded> {
  const feature = await fetchFeature<SecretaryRec['properties']>('secretaries', id, signal);
  const [village, assessments] = await Promise.all([
    villageOrNull(feature.properties.village_id, signal),
    fetchFeatures<AssessmentProps>('assessments', { secretary: id }, signal),
  ]);
  return {
    layer: 'secretaries',
    feature,
    village,
    assessments: [...assessments.features].sort((a, b) => b.properties.year - a.properties.year),
    scope: villageScope(id, village),
    point: pointOf(feature),
    title: feature.properties.name,
  };
}

async function loadStation(id: number, signal: AbortSignal): Promise<Loaded> {
  const feature = (await fetchFeature<StationRec['properties']>('stations', id, signal)) as StationRec;
  const point = pointOf(feature);
  const radius = feature.properties.effective_radius_m;
  const [village, around] = await Promise.all([
    villageOrNull(feature.properties.village_id, signal),
    point
      ? fetchFeatures<Pick<VillageProps, 'name' | 'resident_population'>>(
          'villages',
          // Only what the reach needs: a service circle can hold thousands of villages.
          { bbox: bboxAround(point, radius).join(','), properties: 'name,resident_population' },
          signal,
        )
      : Promise.resolve(null),
  ]);
  const candidates: NearbyVillage[] = (around?.features ?? []).flatMap((v) => {
    const p = pointOf(v);
    return p ? [{ id: v.id, name: v.properties.name, lngLat: p, residents: v.properties.resident_population }] : [];
  });
  const p = feature.properties;
  return {
    layer: 'stations',
    feature,
    village,
    inReach: point ? villagesWithin(point, radius, candidates) : { villages: [], residents: 0 },
    scope: { id, townshipIds: [p.township_id], villageIds: p.village_id == null ? [] : [p.village_id] },
    point,
    title: p.name,
  };
}

async function loadChainNode(id: number, signal: AbortSignal): Promise<Loaded> {
  const feature = await fetchFeature<ChainNodeProps>('chain-nodes', id, signal);
  const [village, chain] = await Promise.all([
    villageOrNull(feature.properties.village_id, signal),
    fetchFeature<ChainFeatureProps>('chains', feature.properties.chain_id, signal) as Promise<ChainRec>,
  ]);
  return {
    layer: 'chain-nodes',
    feature,
    village,
    chain,
    // A free node's township is decided by the server (its boundary): the scope stays unresolved.
    scope: villageScope(id, village),
    point: pointOf(feature),
    title: feature.properties.name,
  };
}

async function loadAlliance(id: number, signal: AbortSignal): Promise<Loaded> {
  const feature = (await fetchFeature<AllianceRec['properties']>('alliances', id, signal)) as AllianceRec;
  const p = feature.properties;
  const ids = [...new Set([...(p.lead_village_id == null ? [] : [p.lead_village_id]), ...p.member_village_ids])];
  const [villages, chains] = await Promise.all([
    ids.length
      ? fetchFeatures<VillageProps>('villages', { village: ids.join(','), limit: ids.length }, signal)
      : Promise.resolve(null),
    Promise.all(p.chain_ids.map((c) => fetchFeature<ChainFeatureProps>('chains', c, signal))),
  ]);
  const members = (villages?.features ?? []).filter((v) => p.member_village_ids.includes(v.id));
  const all = villages?.features ?? [];
  return {
    layer: 'alliances',
    feature,
    members: members.sort((a, b) => (a.id === p.lead_village_id ? -1 : b.id === p.lead_village_id ? 1 : 0)),
    chains: chains.map((c) => ({ id: c.id, name: c.properties.name })),
    scope: {
      id,
      townshipIds: [...new Set(all.map((v) => v.properties.township_id))],
      villageIds: all.map((v) => v.id),
    },
    point: pointOf(feature),
    title: p.name,
  };
}

const LOADERS: Record<DetailLayer, (id: number, signal: AbortSignal) => Promise<Loaded>> = {
  villages: loadVillage,
  assets: loadAsset,
  secretaries: loadSecretary,
  stations: loadStation,
  'chain-nodes': loadChainNode,
  alliances: loadAlliance,
};

/**
 * Loads a record of `layer` and what relates to it.
 * @throws ApiError (404 `not_found` for a missing record), or AbortError when `signal` aborts
 */
export function loadDetail(layer: DetailLayer, id: number, signal: AbortSignal): Promise<Loaded> {
  return LOADERS[layer](id, signal);
}

export function isDetailLayer(v: unknown): v is DetailLayer {
  return typeof v === 'string' && (DETAIL_LAYERS as readonly string[]).includes(v);
}
