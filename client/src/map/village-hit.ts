/**
 * Where to click so that a given canvas point is the one hit. Pure geometry (no Leaflet): the
 * canvas renderer hands a click to the LAST drawn shape within `radius + tolerance` of it, so a
 * point partly covered by later points must be clicked on its uncovered side.
 */

export interface HitCircle {
  x: number;
  y: number;
  /** Radius within which a click hits this circle (radius + stroke/2 + tolerance), px. */
  hit: number;
}

const CELL = 32;
const key = (cx: number, cy: number) => `${cx},${cy}`;

/** A grid of circle indexes by pixel cell, for "who else is near here" questions. */
export class HitGrid {
  private readonly cells = new Map<string, number[]>();

  constructor(readonly circles: readonly HitCircle[]) {
    circles.forEach((c, i) => {
      const k = key(Math.floor(c.x / CELL), Math.floor(c.y / CELL));
      const list = this.cells.get(k);
      if (list) list.push(i);
      else this.cells.set(k, [i]);
    });
  }

  /** True when a circle drawn after `index` would take a click at (x, y). */
  coveredAfter(index: number, x: number, y: number): boolean {
    const cx = Math.floor(x / CELL);
    const cy = Math.floor(y / CELL);
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const j of this.cells.get(key(cx + dx, cy + dy)) ?? []) {
          if (j <= index) continue;
          const c = this.circles[j]!;
          if ((c.x - x) ** 2 + (c.y - y) ** 2 <= c.hit ** 2) return true;
        }
      }
    }
    return false;
  }

  /**
   * A pixel that hits circle `index` and no circle drawn after it: its centre when free, else a
   * spot towards its edge. `accept` can veto a pixel (outside the map, under a panel).
   * @returns the pixel, or null when every candidate is covered
   */
  clickablePixel(
    index: number,
    accept: (x: number, y: number) => boolean = () => true,
  ): { x: number; y: number } | null {
    const c = this.circles[index];
    if (!c) return null;
    const candidates: [number, number][] = [[c.x, c.y]];
    for (const f of [0.45, 0.85]) {
      for (let a = 0; a < 8; a++) {
        const angle = (a * Math.PI) / 4;
        candidates.push([c.x + Math.cos(angle) * c.hit * f, c.y + Math.sin(angle) * c.hit * f]);
      }
    }
    for (const [x, y] of candidates) {
      if (!this.coveredAfter(index, x, y) && accept(x, y)) return { x, y };
    }
    return null;
  }
}
