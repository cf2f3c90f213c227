import { MAP_VILLAGE_BOUNDARY_PROPERTIES, MAP_VILLAGE_PROPERTIES } from '../../../common/map-properties.ts';
import type { BBox } from '../../../common/schemas/geometry.ts';
import type { RowMeta, VillageProps } from '../../../common/schemas/records.ts';
import { getJson, withQuery } from './http.ts';
import {
  assertCollection,
  assertFeature,
  type ArealGeometry,
  type Feature,
  type FeatureCollection,
  type PointGeometry,
} from './geojson.ts';

export type VillageFeatureProps = VillageProps & RowMeta;
export type VillageFeature = Feature<PointGeometry, VillageFeatureProps>;
export type VillagePointCollection = FeatureCollection<PointGeometry, VillageFeatureProps>;

export { MAP_VILLAGE_PROPERTIES };
export type VillageMapProps = Pick<VillageFeatureProps, (typeof MAP_VILLAGE_PROPERTIES)[number]>;
export type VillageMapPoint = Feature<PointGeometry, VillageMapProps>;
export type VillageMapPointCollection = FeatureCollection<PointGeometry, VillageMapProps>;
/** Village boundaries as the map asks for them ({@link MAP_VILLAGE_BOUNDARY_PROPERTIES}). */
export type VillageBoundaryCollection = FeatureCollection<
  ArealGeometry,
  Pick<VillageFeatureProps, (typeof MAP_VILLAGE_BOUNDARY_PROPERTIES)[number]>
>;
export interface VillageQuery {
  bbox?: BBox;
  township?: number;
  /** Only these villages (by id). */
  ids?: readonly number[];
  q?: string;
  limit?: number;
  offset?: number;
}

function query(q: VillageQuery, geom: 'location' | 'boundary', properties?: readonly string[]) {
  return {
    geom,
    properties: properties?.join(','),
    bbox: q.bbox?.join(','),
    township: q.township,
    village: q.ids?.join(','),
    q: q.q,
    limit: q.limit,
    offset: q.offset,
  };
}

/** `GET /api/villages?properties=…`: village points with only what the map needs ({@link MAP_VILLAGE_PROPERTIES}). */
export async function fetchVillageMapPoints(q: VillageQuery, signal?: AbortSignal): Promise<VillageMapPointCollection> {
  return assertCollection(
    await getJson<unknown>(withQuery('/api/villages', query(q, 'location', MAP_VILLAGE_PROPERTIES)), signal),
  );
}

/** Village points with only their names, for faint dots behind other things (the chains' map). */
export type VillageDotCollection = FeatureCollection<PointGeometry, Pick<VillageFeatureProps, 'name'>>;
export async function fetchVillageDots(q: VillageQuery, signal?: AbortSignal): Promise<VillageDotCollection> {
  return assertCollection(await getJson<unknown>(withQuery('/api/villages', query(q, 'location', ['name'])), signal));
}

/** `GET /api/villages?geom=location`: village points (committee locations) matching the filters. */
export async function fetchVillagePoints(q: VillageQuery, signal?: AbortSignal): Promise<VillagePointCollection> {
  return assertCollection(await getJson<unknown>(withQuery('/api/villages', query(q, 'location')), signal));
}

/** `GET /api/villages?geom=boundary`: village boundaries (villages without one are left out), with what the map needs. */
export async function fetchVillageBoundaries(
  q: VillageQuery,
  signal?: AbortSignal,
): Promise<VillageBoundaryCollection> {
  return assertCollection(
    await getJson<unknown>(withQuery('/api/villages', query(q, 'boundary', MAP_VILLAGE_BOUNDARY_PROPERTIES)), signal),
  );
}

/** One cell of `GET /api/clusters/villages`: how many villages, at their mean centre. */
export interface VillageClusterProps {
  count: number;
  /** The village, when the cell holds exactly one. */
  id: number | null;
}
export type VillageClusterCollection = FeatureCollection<PointGeometry, VillageClusterProps> & {
  grid: [number, number];
  total: number;
};

/** `GET /api/clusters/villages`: the villages of a view counted per cell of a `grid` × `grid` net. */
export async function fetchVillageClusters(
  q: { bbox: BBox; grid: number; townships?: readonly number[] },
  signal?: AbortSignal,
): Promise<VillageClusterCollection> {
  const township = q.townships?.length ? q.townships.join(',') : undefined;
  const url = withQuery('/api/clusters/villages', { bbox: q.bbox.join(','), grid: q.grid, township });
  return assertCollection<PointGeometry, VillageClusterProps>(
    await getJson<unknown>(url, signal),
  ) as VillageClusterCollection;
}

/** `GET /api/villages/:id`: one village with all its properties. */
export async function fetchVillage(id: number, signal?: AbortSignal): Promise<VillageFeature> {
  return assertFeature(await getJson<unknown>(`/api/villages/${encodeURIComponent(id)}`, signal));
}
