/**
 * Lists written as text: the database builds each Feature's JSON (FeatureRepository.listText),
 * node splices in the visible doubles and the layer's derived properties (its `listExtras`) and
 * joins them. A 5,000-village view thus costs three values per row through the driver instead of
 * one JS object per row and column, and no JSON.stringify of the whole collection.
 */
import {
  FEATURE,
  INPUTS,
  type FeatureRepository,
  type ListFilter,
  type Row,
} from '../repositories/feature-repository.ts';
import type { LayerBehaviour, ReadContext } from './layers/types.ts';

const COLLECTION_HEAD = Buffer.from('{"type":"FeatureCollection","features":[');

/** A value as JSON.stringify writes it inside an object (undefined: the member is left out). */
function json(v: unknown): string | undefined {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    default:
      return v === null ? 'null' : JSON.stringify(v);
  }
}

/**
 * The JSON text (UTF-8) of the FeatureCollection `{ type, features, total }` that LayerService.list
 * would return, or null where the layer or database is listed as objects: a layer whose
 * decorations have no `listExtras`, or with virtual keys, or a database that cannot write text.
 */
export async function featureCollectionText(
  repo: FeatureRepository,
  b: LayerBehaviour,
  filter: ListFilter,
  ctx: ReadContext,
  properties?: ReadonlySet<string>,
): Promise<Buffer | null> {
  if (b.loadVirtual || (b.decorate && !b.listExtras)) return null;
  const extras = b.listExtras;
  const names = Object.keys(extras?.inputs ?? {});
  const geometry = extras?.geometryColumn ? extras.geometryColumn(ctx) : b.spec.geometryColumn;
  // The whole list as one text where the database can write the derived properties too.
  const perRow = repo.dialect.featureText?.derivedPerRow || properties !== undefined;
  if (!extras || (extras.sql && perRow)) {
    const sql = extras?.sql?.(ctx, repo.dialect) ?? { inner: {}, members: [] };
    const joined = await repo.listJoined(filter, geometry, sql, properties);
    if (joined) return Buffer.concat([COLLECTION_HEAD, joined.features, Buffer.from(`],"total":${joined.total}}`)]);
  }
  // A selection of properties is left to the list of objects.
  if (properties) return null;
  const list = await repo.listText(filter, geometry, Object.values(extras?.inputs ?? {}));
  if (!list) return null;
  const { rows, total } = list;
  for (const row of rows) {
    const values = JSON.parse((row[INPUTS] as string | undefined) ?? '[]') as unknown[];
    names.forEach((k, i) => (row[k] = values[i]));
  }
  const added = extras ? await extras.compute(rows, ctx) : null;
  const heads = new Map<string, string>();
  const head = (k: string) => heads.get(k) ?? heads.set(k, `,${JSON.stringify(k)}:`).get(k)!;
  const features = rows.map((row: Row, i) => {
    const more = added?.[i];
    let text = (row[FEATURE] as string).slice(0, -1);
    // The doubles the extras do not replace, then the extras, as `list` has them.
    for (const c of list.floats) if (!more || !(c in more)) text += head(c) + json(row[c] ?? null)!;
    for (const k in more) {
      const v = json(more[k]);
      if (v !== undefined) text += head(k) + v;
    }
    // The properties object's closing brace moves after the spliced members.
    return `${text}}}`;
  });
  return Buffer.from(`{"type":"FeatureCollection","features":[${features.join(',')}],"total":${total}}`);
}
