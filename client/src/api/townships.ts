import type { RowMeta, TownshipProps } from '../../../common/schemas/records.ts';
import { getJson } from './http.ts';
import { assertCollection, type ArealGeometry, type FeatureCollection } from './geojson.ts';

export type TownshipFeatureProps = TownshipProps & RowMeta;
export type TownshipCollection = FeatureCollection<ArealGeometry, TownshipFeatureProps>;

/** `GET /api/townships`: every township boundary. */
export async function fetchTownships(signal?: AbortSignal): Promise<TownshipCollection> {
  return assertCollection(await getJson<unknown>('/api/townships', signal));
}
