/**
 * A coarse outline of mainland China (about 100 km accuracy, Hainan and Taiwan left out) for
 * placing synthetic villages on land, and a density weight that puts most of them in the east,
 * as the real ones are.
 */
// prettier-ignore
export const CHINA_OUTLINE: readonly (readonly [number, number])[] = [
  [73.5, 39.5], [75, 40.5], [80, 42.5], [80.5, 45], [83, 47], [85.5, 47], [87.5, 49], [90.5, 47.5],
  [91, 45.5], [95.5, 44.3], [97, 42.7], [101, 42.5], [105, 41.6], [107, 42.4], [111, 43.5], [112, 45],
  [116, 46], [116.5, 46.5], [119.5, 47.5], [117.5, 49.5], [119.5, 50], [121, 53.3], [123, 53.5],
  [126, 52.8], [127.5, 50], [130.5, 48.5], [132.5, 47.7], [134.7, 48.3], [134, 46], [131, 44.8],
  [131, 42.8], [130, 42.4], [128, 42], [126, 40.5], [124.4, 39.9], [121.5, 39.5], [119.5, 39.3],
  [117.8, 38.8], [118.5, 37.5], [120.8, 37.8], [122.5, 37], [120.3, 36], [119.3, 35], [120.5, 33],
  [121, 32], [121.9, 31], [121.5, 30], [122, 29.5], [121.5, 28], [120.5, 27], [119.5, 25.5],
  [117.5, 23.6], [115, 22.7], [113.5, 22.2], [111, 21.5], [110.3, 20.4], [109.7, 21.5], [108, 21.6],
  [106.7, 22.5], [105.5, 23.2], [103, 22.7], [101.7, 22.3], [101.2, 21.3], [99.5, 22], [98.8, 24],
  [97.6, 24], [98.7, 27.5], [97.5, 28.3], [96, 29], [94, 27.8], [92, 27.8], [89, 27.5], [88, 28],
  [86, 28], [84, 28.8], [81.2, 30.2], [79, 31], [78.5, 32.6], [79.5, 34.5], [78, 35.5], [77, 35.5],
  [75, 37], [74.5, 38.5],
];

/** China's extent `[w, s, e, n]`. */
export const CHINA_BBOX = [73.5, 20.4, 134.7, 53.5] as const;

/** Even-odd point-in-polygon test against {@link CHINA_OUTLINE}. */
export function onChineseLand(x: number, y: number): boolean {
  let inside = false;
  const ring = CHINA_OUTLINE;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Relative village density in [0, 1]: dense east of the Hu line (~ 103°E in the south, ~ 110°E in the north). */
export function villageDensity(x: number, y: number): number {
  const hu = 103 + Math.max(0, y - 25) * 0.45;
  if (x >= hu) return 1;
  return Math.max(0.04, 1 - (hu - x) / 6);
}
