import { Router, type Response } from 'express';
import { LAYER_NAMES, type LayerName } from '../../common/schemas/layers.ts';
import type { AppDeps } from '../app.ts';
import { userOf } from '../http/auth.ts';
import { HttpError } from '../http/errors.ts';
import { optionalIfMatch, requireIfMatch } from '../http/preconditions.ts';
import { listQuerySchema, parseId, parseQuery, type ListQuery } from '../http/query.ts';
import type { ListFilter } from '../repositories/feature-repository.ts';
import type { Feature } from '../services/features.ts';
import { LAYER_LABELS } from '../services/layer-service.ts';
import { z } from 'zod';

export const DEFAULT_LIMIT = 5000;
const GEOJSON = 'application/geo+json';

export function toListFilter(q: ListQuery): ListFilter {
  return {
    bbox: q.bbox,
    townshipIds: q.township,
    villageIds: q.village,
    q: q.q,
    limit: q.limit ?? DEFAULT_LIMIT,
    offset: q.offset ?? 0,
  };
}

function sendFeature(res: Response, f: Feature, status = 200): void {
  res
    .status(status)
    .set('ETag', `"${String(f.properties.version)}"`)
    .type(GEOJSON)
    .json(f);
}

const restoreBody = z.object({ revision: z.number().int().positive() }).strict();

/** `/api/{layer}` for every layer: list, get, create, update, delete, history, restore. */
export function layersRouter({ services }: AppDeps): Router {
  const r = Router();
  const svc = services.layers;

  r.param('layer', (_req, _res, next, layer: string) => {
    if (!LAYER_NAMES.includes(layer as LayerName)) throw new HttpError(404, 'not_found', `No layer "${layer}"`);
    next();
  });
  const layerOf = (p: unknown) => p as LayerName;

  r.get('/:layer', async (req, res) => {
    const q = parseQuery(listQuerySchema, req.query);
    const args = [
      userOf(res),
      layerOf(req.params.layer),
      toListFilter(q),
      { geom: q.geom, params: req.query as Record<string, unknown>, properties: q.properties },
    ] as const;
    // Written as text where the database can (long SQLite lists: feature-text.ts), else as objects.
    const text = await svc.listText(...args);
    // A Buffer gets no charset from Express, a string does: the same header either way.
    if (text !== null) res.type(`${GEOJSON}; charset=utf-8`).send(text);
    else res.type(GEOJSON).json(await svc.list(...args));
  });

  r.get('/:layer/:id', async (req, res) => {
    const q = parseQuery(listQuerySchema, req.query);
    sendFeature(
      res,
      await svc.get(
        userOf(res),
        layerOf(req.params.layer),
        parseId(req.params.id, LAYER_LABELS[layerOf(req.params.layer)]),
        { geom: q.geom },
      ),
    );
  });

  r.post('/:layer', async (req, res) => {
    const f = await svc.create(userOf(res), layerOf(req.params.layer), req.body);
    res.location(`/api/${String(req.params.layer)}/${f.id}`);
    sendFeature(res, f, 201);
  });

  r.patch('/:layer/:id', async (req, res) => {
    const user = userOf(res);
    const id = parseId(req.params.id, LAYER_LABELS[layerOf(req.params.layer)]);
    sendFeature(res, await svc.update(user, layerOf(req.params.layer), id, requireIfMatch(req), req.body));
  });

  r.delete('/:layer/:id', async (req, res) => {
    const user = userOf(res);
    const id = parseId(req.params.id, LAYER_LABELS[layerOf(req.params.layer)]);
    const out = await svc.remove(user, layerOf(req.params.layer), id, requireIfMatch(req));
    res.set('ETag', `"${out.version}"`).json(out);
  });

  r.get('/:layer/:id/history', async (req, res) => {
    res.json({
      revisions: await svc.history(
        userOf(res),
        layerOf(req.params.layer),
        parseId(req.params.id, LAYER_LABELS[layerOf(req.params.layer)]),
      ),
    });
  });

  r.post('/:layer/:id/restore', async (req, res) => {
    const user = userOf(res);
    const body = restoreBody.safeParse(req.body);
    if (!body.success)
      throw new HttpError(
        400,
        'validation_failed',
        'Send {"revision": <id>}',
        body.error.issues.map((i) => ({ path: i.path.join('.') || 'revision', message: i.message })),
      );
    const id = parseId(req.params.id, LAYER_LABELS[layerOf(req.params.layer)]);
    sendFeature(res, await svc.restore(user, layerOf(req.params.layer), id, body.data.revision, optionalIfMatch(req)));
  });

  return r;
}
