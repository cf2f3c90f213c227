import { LAYER_NAMES } from '../../common/schemas/layers.ts';
import type { TestApp } from './app.ts';

export const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
export type Method = (typeof METHODS)[number];

interface RouterLayer {
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: RouterLayer[] };
}

/**
 * The routes Express actually has (every router is mounted under /api), as `[method, path]` with
 * parameters written `{id}` and `:layer` expanded to every layer.
 */
export function mountedRoutes(app: TestApp['app']): [Method, string][] {
  const out: [Method, string][] = [];
  const walk = (stack: RouterLayer[]) => {
    for (const layer of stack) {
      if (layer.route && typeof layer.route.path === 'string') {
        const path = `/api${layer.route.path}`.replace(/:(\w+)/g, (_m, p: string) =>
          p === 'layer' ? ':layer' : `{${p}}`,
        );
        const paths = path.includes(':layer') ? LAYER_NAMES.map((l) => path.replace(':layer', l)) : [path];
        for (const m of Object.keys(layer.route.methods) as Method[])
          if (METHODS.includes(m)) for (const p of paths) out.push([m, p]);
      } else if (Array.isArray(layer.handle?.stack)) walk(layer.handle.stack);
    }
  };
  walk((app as unknown as { router: { stack: RouterLayer[] } }).router.stack);
  return out;
}
