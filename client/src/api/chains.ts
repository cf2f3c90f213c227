/** Industry chains (产业链, issue #6): chains, their nodes and links, and the gap analysis. */
import type { ChainStage } from '../../../common/enums.ts';
import type { ChainLinkProps, ChainNodeProps, ChainProps, RowMeta } from '../../../common/schemas/records.ts';
import { ApiError, getJson, requestJson, withQuery } from './http.ts';
import {
  assertCollection,
  assertFeature,
  type Feature,
  type FeatureCollection,
  type PointGeometry,
} from './geojson.ts';

export type LngLat = [number, number];

/** A node as `GET /api/chains` embeds it (no version: edit through `/api/chain-nodes`). */
export interface ChainNodeSummary {
  id: number;
  village_id: number | null;
  name: string;
  stage: ChainStage;
  operator: ChainNodeProps['operator'];
  capacity: number | null;
  capacity_unit: string | null;
  lngLat: LngLat;
}

/** A link as `GET /api/chains` embeds it. */
export interface ChainLinkSummary {
  id: number;
  from_node_id: number;
  to_node_id: number;
  product: string | null;
  volume: number | null;
  volume_unit: string | null;
  mode: ChainLinkProps['mode'];
}

export type ChainFeatureProps = ChainProps &
  RowMeta & { nodes: ChainNodeSummary[]; links: ChainLinkSummary[]; stages: ChainStage[] };
export type ChainFeature = Feature<null, ChainFeatureProps>;
export type ChainCollection = FeatureCollection<null, ChainFeatureProps>;

export type ChainNodeFeature = Feature<PointGeometry, ChainNodeProps & RowMeta>;
export type ChainLinkFeature = Feature<
  { type: 'LineString'; coordinates: number[][] } | null,
  ChainLinkProps & RowMeta
>;

/** The editable fields of a chain (`POST`/`PATCH /api/chains`). */
export type ChainInput = Partial<ChainProps>;
export type ChainNodeInput = Partial<ChainNodeProps>;
export type ChainLinkInput = Partial<ChainLinkProps>;

/** A village (or free node) that could fill a missing stage. */
export interface GapSupplier {
  village_id: number | null;
  name: string;
  distance_m: number;
  via: 'node' | 'asset';
  node_id?: number;
  asset_id?: number;
  subtype?: string;
  stage: ChainStage;
  lngLat: LngLat;
}

export interface GapMissing {
  group: string;
  stage: ChainStage;
  stages: ChainStage[];
  required: boolean;
  suppliers: GapSupplier[];
}

/** `GET /api/chains/:id/gaps`. */
export interface ChainGaps {
  chain_id: number;
  alliance_id?: number | null;
  present: ChainStage[];
  missing: GapMissing[];
}

/** An alliance as the gap analysis' scope picker needs it. */
export interface AllianceChoice {
  id: number;
  name: string;
  member_village_ids: number[];
}

const enc = encodeURIComponent;

function assertGaps(body: unknown): ChainGaps {
  const g = body as Partial<ChainGaps> | null;
  if (!g || !Array.isArray(g.present) || !Array.isArray(g.missing)) {
    throw new ApiError({ status: 200, code: 'bad_response', message: 'Expected a gap analysis' });
  }
  return g as ChainGaps;
}

/** `GET /api/chains`: every chain with its nodes and links embedded. */
export async function fetchChains(signal?: AbortSignal): Promise<ChainCollection> {
  return assertCollection(await getJson<unknown>('/api/chains', signal));
}

/** `GET /api/chains/:id`. */
export async function fetchChain(id: number, signal?: AbortSignal): Promise<ChainFeature> {
  return assertFeature(await getJson<unknown>(`/api/chains/${enc(id)}`, signal));
}

/** `POST /api/chains`. @throws ApiError `validation_failed` with `details` at `properties.<field>` */
export async function createChain(props: ChainInput): Promise<ChainFeature> {
  return assertFeature(await requestJson<unknown>('POST', '/api/chains', { body: { properties: props } }));
}

/** `PATCH /api/chains/:id` based on `version`. @throws ApiError `version_conflict` (412) */
export async function updateChain(id: number, version: number, props: ChainInput): Promise<ChainFeature> {
  return assertFeature(
    await requestJson<unknown>('PATCH', `/api/chains/${enc(id)}`, { body: { properties: props }, ifMatch: version }),
  );
}

/** `DELETE /api/chains/:id`. @throws ApiError `has_dependents` (409) while it has nodes or links */
export async function deleteChain(id: number, version: number): Promise<void> {
  await requestJson<unknown>('DELETE', `/api/chains/${enc(id)}`, { ifMatch: version });
}

/** `GET /api/chain-nodes?chain=`: the nodes of one chain, with versions. */
export async function fetchChainNodes(
  chainId: number,
  signal?: AbortSignal,
): Promise<FeatureCollection<PointGeometry, ChainNodeFeature['properties']>> {
  return assertCollection(await getJson<unknown>(withQuery('/api/chain-nodes', { chain: chainId }), signal));
}

/** `POST /api/chain-nodes`. */
export async function createChainNode(lngLat: LngLat, props: ChainNodeInput): Promise<ChainNodeFeature> {
  return assertFeature(
    await requestJson<unknown>('POST', '/api/chain-nodes', {
      body: { geometry: { type: 'Point', coordinates: lngLat }, properties: props },
    }),
  );
}

/** `PATCH /api/chain-nodes/:id`; `lngLat` moves the node. */
export async function updateChainNode(
  id: number,
  version: number,
  props: ChainNodeInput,
  lngLat?: LngLat,
): Promise<ChainNodeFeature> {
  const body: Record<string, unknown> = { properties: props };
  if (lngLat) body.geometry = { type: 'Point', coordinates: lngLat };
  return assertFeature(await requestJson<unknown>('PATCH', `/api/chain-nodes/${enc(id)}`, { body, ifMatch: version }));
}

/** `DELETE /api/chain-nodes/:id`. @throws ApiError `has_dependents` (409) while links use it */
export async function deleteChainNode(id: number, version: number): Promise<void> {
  await requestJson<unknown>('DELETE', `/api/chain-nodes/${enc(id)}`, { ifMatch: version });
}

/** `GET /api/chain-links?chain=`: the links of one chain, with versions. */
export async function fetchChainLinks(
  chainId: number,
  signal?: AbortSignal,
): Promise<FeatureCollection<ChainLinkFeature['geometry'], ChainLinkFeature['properties']>> {
  return assertCollection(await getJson<unknown>(withQuery('/api/chain-links', { chain: chainId }), signal));
}

/** `POST /api/chain-links`. @throws ApiError 400 when from = to or a node belongs to another chain */
export async function createChainLink(props: ChainLinkInput): Promise<ChainLinkFeature> {
  return assertFeature(await requestJson<unknown>('POST', '/api/chain-links', { body: { properties: props } }));
}

/** `PATCH /api/chain-links/:id`. */
export async function updateChainLink(id: number, version: number, props: ChainLinkInput): Promise<ChainLinkFeature> {
  return assertFeature(
    await requestJson<unknown>('PATCH', `/api/chain-links/${enc(id)}`, {
      body: { properties: props },
      ifMatch: version,
    }),
  );
}

/** `DELETE /api/chain-links/:id`. */
export async function deleteChainLink(id: number, version: number): Promise<void> {
  await requestJson<unknown>('DELETE', `/api/chain-links/${enc(id)}`, { ifMatch: version });
}

/** `GET /api/chains/:id/gaps`: stages present and missing, with the nearest suppliers of each gap. */
export async function fetchChainGaps(
  id: number,
  opts: { alliance?: number | null; limit?: number } = {},
  signal?: AbortSignal,
): Promise<ChainGaps> {
  const path = withQuery(`/api/chains/${enc(id)}/gaps`, { alliance: opts.alliance, limit: opts.limit });
  return assertGaps(await getJson<unknown>(path, signal));
}

/**
 * `GET /api/alliances`, reduced to what the gap analysis' "联建体范围" picker needs (the planner
 * page owns the full alliance API).
 */
export async function fetchAllianceChoices(signal?: AbortSignal): Promise<AllianceChoice[]> {
  const fc = assertCollection<unknown, { name: string; member_village_ids?: number[] }>(
    await getJson<unknown>('/api/alliances', signal),
  );
  return fc.features.map((f) => ({
    id: f.id,
    name: f.properties.name,
    member_village_ids: f.properties.member_village_ids ?? [],
  }));
}
