import { pointInRing } from '../../../common/geometry-checks.ts';
import type { AnyGeometry } from './label-point.ts';

type Ring = [number, number][];

/** Whether `[lng, lat]` lies in a Polygon or MultiPolygon (holes excluded). */
export function inArea(p: readonly [number, number], g: AnyGeometry): boolean {
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) return false;
  const polygons = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as Ring[][];
  return polygons.some(
    (rings) =>
      rings.length > 0 &&
      pointInRing(p as [number, number], rings[0]!) &&
      !rings.slice(1).some((h) => pointInRing(p as [number, number], h)),
  );
}

/**
 * The id of the first feature whose area contains the point, or null.
 * @example areaAt([0.5, 0.5], [{ id: 7, geometry: unitSquare }]) // 7
 */
export function areaAt(
  p: readonly [number, number],
  features: readonly { id?: number | string; geometry: AnyGeometry }[],
): number | null {
  const hit = features.find((f) => typeof f.id === 'number' && inArea(p, f.geometry));
  return hit ? Number(hit.id) : null;
}
