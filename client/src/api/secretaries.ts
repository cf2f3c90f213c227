import type { RowMeta, SecretaryProps } from '../../../common/schemas/records.ts';
import { getJson, withQuery } from './http.ts';
import { assertCollection, type FeatureCollection, type PointGeometry } from './geojson.ts';

export type SecretaryFeatureProps = SecretaryProps & RowMeta;
export type SecretaryCollection = FeatureCollection<PointGeometry | null, SecretaryFeatureProps>;

/** `GET /api/secretaries?village=`: the first secretaries and work team members of a village. */
export async function fetchSecretaries(villageId: number, signal?: AbortSignal): Promise<SecretaryCollection> {
  return assertCollection(await getJson<unknown>(withQuery('/api/secretaries', { village: villageId }), signal));
}
