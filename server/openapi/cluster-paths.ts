/** `GET /api/clusters/{layer}`: grid aggregation for zoomed-out map views (issue #8). */
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { CLUSTER_LAYERS, DEFAULT_GRID, MAX_GRID } from '../routes/clusters.ts';
import { errors, geojson, SIGNED_IN } from './blocks.ts';
import { safeObject } from './safe.ts';

const clusterCollection = z
  .object({
    type: z.literal('FeatureCollection'),
    grid: z.array(z.number().int()).length(2).meta({ description: '[columns, rows] of the grid' }),
    total: z.number().int().meta({ description: 'Features counted in the view' }),
    features: z.array(
      z.object({
        type: z.literal('Feature'),
        id: z.string().meta({ description: 'The cell, "column,row" from the south-west corner' }),
        geometry: z.object({ type: z.literal('Point'), coordinates: z.array(z.number()).length(2) }),
        properties: z.object({
          count: z.number().int().meta({ description: 'Features whose bbox centre lies in the cell' }),
          id: z.number().int().nullable().meta({ description: 'The feature’s id when the cell holds one' }),
        }),
      }),
    ),
  })
  .meta({ id: 'ClusterCollection' });

export function registerClusters(reg: OpenAPIRegistry): void {
  for (const layer of CLUSTER_LAYERS)
    reg.registerPath({
      method: 'get',
      path: `/api/clusters/${layer}`,
      operationId: `cluster_${layer.replace('-', '_')}`,
      tags: [layer],
      summary: `Counts of ${layer} per grid cell of a view`,
      description:
        `For zoomed-out maps: the ${layer} whose bbox centre lies in \`bbox\`, counted per cell of a ` +
        `grid × grid net over it (at most ${MAX_GRID * MAX_GRID} features, whatever the data), each at the mean ` +
        'centre of its members, aggregated in SQL through the spatial index. Zoomed in, list with `bbox=` instead.',
      request: {
        query: safeObject(
          {
            bbox: z.string().meta({ description: 'Required: the view, w,s,e,n in degrees (WGS-84)' }),
            grid: z
              .string()
              .optional()
              .meta({ description: `Cells per side, 1–${MAX_GRID} (default ${DEFAULT_GRID})` }),
            township: z.string().optional().meta({ description: 'Comma-separated township ids' }),
            village: z.string().optional().meta({ description: 'Comma-separated village ids' }),
            q: z.string().optional().meta({ description: 'Search text, as in the list' }),
          },
          'cluster query',
        ),
      },
      responses: {
        200: { description: 'One point per non-empty cell', content: geojson(clusterCollection, 'clusters') },
        ...errors({ ...SIGNED_IN, 400: ['invalid_query'] }),
      },
    });
}
