/**
 * A small map sketch of an alliance for the printed plan: the hull and member points projected
 * into an SVG box (equirectangular, x scaled by cos(latitude), so shapes keep their proportions
 * at county scale). Pure (no DOM).
 */

export interface SketchPoint {
  x: number;
  y: number;
  name: string;
  lead: boolean;
}

export interface Sketch {
  width: number;
  height: number;
  /** SVG path data of the hull ('' when there is none). */
  hullPath: string;
  points: SketchPoint[];
}

/**
 * Projects the hull ring and the points into a `width` × `height` box with `pad` pixels around.
 * @returns null when there is nothing to draw
 */
export function hullSketch(
  hull: number[][] | null,
  points: readonly { lngLat: readonly number[]; name: string; lead: boolean }[],
  width = 320,
  height = 220,
  pad = 24,
): Sketch | null {
  const all = [...(hull ?? []), ...points.map((p) => p.lngLat)].filter(
    (p) => Number.isFinite(p[0]) && Number.isFinite(p[1]),
  );
  if (!all.length) return null;
  const lngs = all.map((p) => p[0]!);
  const lats = all.map((p) => p[1]!);
  const [w, e, s, n] = [Math.min(...lngs), Math.max(...lngs), Math.min(...lats), Math.max(...lats)];
  const k = Math.cos((((s + n) / 2) * Math.PI) / 180);
  const spanX = Math.max((e - w) * k, 1e-9);
  const spanY = Math.max(n - s, 1e-9);
  const scale = Math.min((width - 2 * pad) / spanX, (height - 2 * pad) / spanY);
  const offX = (width - spanX * scale) / 2;
  const offY = (height - spanY * scale) / 2;
  const project = (p: readonly number[]) => ({
    x: Math.round((offX + (p[0]! - w) * k * scale) * 10) / 10,
    y: Math.round((offY + (n - p[1]!) * scale) * 10) / 10,
  });
  const hullPath = hull?.length
    ? hull.map((p, i) => `${i === 0 ? 'M' : 'L'}${project(p).x},${project(p).y}`).join(' ') + ' Z'
    : '';
  return {
    width,
    height,
    hullPath,
    points: points.map((p) => ({ ...project(p.lngLat), name: p.name, lead: p.lead })),
  };
}
