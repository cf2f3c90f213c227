import { Router } from 'express';
import { z } from 'zod';
import { LAYER_NAMES } from '../../common/schemas/layers.ts';
import type { AppDeps } from '../app.ts';
import { listQuerySchema, parseQuery } from '../http/query.ts';
import { FeatureRepository } from '../repositories/feature-repository.ts';
import { LAYERS } from '../repositories/layer-specs.ts';

/** Largest grid side: 64 × 64 = 4,096 cells, under the 5,000 features a map view may carry. */
export const MAX_GRID = 64;
export const DEFAULT_GRID = 48;
export const CLUSTER_LAYERS = LAYER_NAMES.filter((l) => LAYERS[l].spatial && l !== 'townships');
export const CLUSTER_TABLES = CLUSTER_LAYERS.map((l) => LAYERS[l].table);

export const clusterQuerySchema = listQuerySchema.extend({
  bbox: listQuerySchema.shape.bbox.unwrap(),
  grid: z
    .string()
    .regex(/^\d+$/, 'expected a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1).max(MAX_GRID))
    .optional(),
});

/**
 * `GET /api/clusters/{layer}?bbox=w,s,e,n&grid=48`: a zoomed-out view in a bounded number of
 * features — the layer counted per cell of a grid × grid net over the view, in SQL through the
 * spatial index (issue #8). A cell with one feature carries its id.
 */
export function clustersRouter({ db, services }: AppDeps): Router {
  const r = Router();

  // One route per layer (not `/:layer`), so the reference and the app list the same paths.
  for (const layer of CLUSTER_LAYERS) {
    const repo = new FeatureRepository(db, LAYERS[layer]);
    r.get(`/clusters/${layer}`, async (req, res) => {
      const q = parseQuery(clusterQuerySchema, req.query);
      const grid = q.grid ?? DEFAULT_GRID;
      // Unfiltered views of a large layer come from the in-memory centres; the rest from SQL.
      const filtered = Boolean(q.township?.length || q.village?.length || q.q);
      const cells =
        (filtered ? null : await services.clusterIndex.clusters(LAYERS[layer].table, q.bbox, grid, grid)) ??
        (await repo.clusters({ townshipIds: q.township, villageIds: q.village, q: q.q }, q.bbox, grid, grid));
      res.type('application/geo+json').json({
        type: 'FeatureCollection',
        grid: [grid, grid],
        total: cells.reduce((n, c) => n + c.n, 0),
        features: cells.map((c) => ({
          type: 'Feature',
          id: `${c.gx},${c.gy}`,
          geometry: { type: 'Point', coordinates: [c.x, c.y] },
          properties: { count: c.n, id: c.n === 1 ? c.id : null },
        })),
      });
    });
  }

  return r;
}
