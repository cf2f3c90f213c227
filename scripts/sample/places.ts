/**
 * The county outline, its four townships (sharing their edges exactly) and the village sites
 * with their Voronoi cells. All in the local metric plane.
 */
import { featureCollection, point } from '@turf/helpers';
import intersect from '@turf/intersect';
import voronoi from '@turf/voronoi';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { COUNTY_CODE, TOWNSHIPS } from './names.ts';
import { closeRing, dist, insideWithMargin, isSimpleRing, signedArea2, wobblyLine, type XY } from './geometry.ts';
import type { Rng } from './random.ts';
import type { Township } from './model.ts';

/** Half-width and half-height of the county (metres), and how square its corners are. */
const COUNTY_A = 11500;
const COUNTY_B = 10500;
const SQUARENESS = 3.2;
const OUTLINE_VERTICES = 72;

/** The county outline: a wobbly rounded rectangle around the origin, counter-clockwise. */
function countyOutline(rng: Rng): XY[] {
  const phases = [rng.range(0, 6.3), rng.range(0, 6.3), rng.range(0, 6.3)];
  const out: XY[] = [];
  for (let k = 0; k < OUTLINE_VERTICES; k++) {
    const t = (2 * Math.PI * k) / OUTLINE_VERTICES;
    const c = Math.abs(Math.cos(t) / COUNTY_A) ** SQUARENESS;
    const s = Math.abs(Math.sin(t) / COUNTY_B) ** SQUARENESS;
    const r0 = (c + s) ** (-1 / SQUARENESS);
    const wave =
      1 +
      0.05 * Math.sin(2 * t + phases[0]!) +
      0.04 * Math.sin(3 * t + phases[1]!) +
      0.025 * Math.sin(5 * t + phases[2]!);
    const r = r0 * wave * (1 + rng.range(-0.015, 0.015));
    out.push([r * Math.cos(t), r * Math.sin(t)]);
  }
  return out;
}

function centroidOf(ring: readonly Position[]): XY {
  let cx = 0;
  let cy = 0;
  const a2 = signedArea2(ring);
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x0, y0] = [ring[i]![0]!, ring[i]![1]!];
    const [x1, y1] = [ring[i + 1]![0]!, ring[i + 1]![1]!];
    const cross = x0 * y1 - x1 * y0;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  return [cx / (3 * a2), cy / (3 * a2)];
}

/**
 * Four townships: the outline cut by four wobbly "spokes" from an inner point to the outline.
 * Each spoke is shared by the two townships beside it, so edges match exactly.
 * Township 0 lies to the north, then west, south and east (counter-clockwise).
 */
export function buildTownships(rng: Rng): Township[] {
  const outline = countyOutline(rng);
  const hub: XY = [rng.range(-1000, 1000), rng.range(-1000, 1000)];
  const cuts = [30, 120, 210, 300].map((deg) => {
    const t = ((deg + rng.range(-10, 10)) * Math.PI) / 180;
    return Math.round((t / (2 * Math.PI)) * OUTLINE_VERTICES) % OUTLINE_VERTICES;
  });
  const spokes = cuts.map((k) => wobblyLine(hub, outline[k]!, 12, 450, rng));

  return TOWNSHIPS.map((t, i) => {
    const from = cuts[i]!;
    const to = cuts[(i + 1) % 4]!;
    const between: XY[] = [];
    for (let k = (from + 1) % OUTLINE_VERTICES; k !== to; k = (k + 1) % OUTLINE_VERTICES) between.push(outline[k]!);
    const ring = closeRing([...spokes[i]!, ...between, ...[...spokes[(i + 1) % 4]!].reverse().slice(0, -1)]);
    if (signedArea2(ring) <= 0 || !isSimpleRing(ring))
      throw new Error(`township ${t.name}: bad ring, try another seed`);
    return {
      index: i,
      code: `${COUNTY_CODE}${100 + i}`,
      name: t.name,
      stem: t.stem,
      polygon: { type: 'Polygon', coordinates: [ring] },
      centroid: centroidOf(ring),
    };
  });
}

/** How many villages each township gets: in proportion to its area, `total` in all. */
function shareByArea(townships: readonly Township[], total: number): number[] {
  const areas = townships.map((t) => signedArea2(t.polygon.coordinates[0]!) / 2);
  const sum = areas.reduce((s, a) => s + a, 0);
  const counts = areas.map((a) => Math.floor((a / sum) * total));
  const order = areas.map((a, i) => ({ i, rest: (a / sum) * total - counts[i]! })).sort((x, y) => y.rest - x.rest);
  for (let k = 0; counts.reduce((s, c) => s + c, 0) < total; k++) counts[order[k % order.length]!.i]!++;
  return counts;
}

/** A random point inside `poly`, at least `margin` metres from its edges. */
function randomInside(rng: Rng, poly: Polygon | MultiPolygon, margin: number): XY {
  const ring = poly.type === 'Polygon' ? poly.coordinates[0]! : poly.coordinates[0]![0]!;
  const xs = ring.map((p) => p[0]!);
  const ys = ring.map((p) => p[1]!);
  for (let tries = 0; tries < 10000; tries++) {
    const p: XY = [rng.range(Math.min(...xs), Math.max(...xs)), rng.range(Math.min(...ys), Math.max(...ys))];
    if (insideWithMargin(p, poly, margin)) return p;
  }
  throw new Error('no room inside the polygon');
}

/**
 * Village committee sites: spread over each township by Mitchell's best-candidate sampling
 * (a few candidates per site, keep the one farthest from the sites so far), away from edges.
 */
export function placeVillageSites(rng: Rng, townships: readonly Township[], total: number): XY[][] {
  const counts = shareByArea(townships, total);
  const all: XY[] = [];
  return townships.map((t, i) => {
    const sites: XY[] = [];
    for (let n = 0; n < counts[i]!; n++) {
      let best: XY | null = null;
      let bestScore = -1;
      for (let c = 0; c < 7; c++) {
        const p = randomInside(rng, t.polygon, 550);
        const score = all.reduce((m, q) => Math.min(m, dist(p, q)), Infinity);
        if (score > bestScore) [best, bestScore] = [p, score];
      }
      sites.push(best!);
      all.push(best!);
    }
    return sites;
  });
}

/** The Voronoi cell of each site, clipped to the township (cells tile the township). */
export function villageCells(township: Township, sites: readonly XY[]): (Polygon | MultiPolygon)[] {
  const ring = township.polygon.coordinates[0]!;
  const xs = ring.map((p) => p[0]!);
  const ys = ring.map((p) => p[1]!);
  const pad = 2000;
  const cells = voronoi(featureCollection(sites.map((s) => point([s[0], s[1]]))), {
    bbox: [Math.min(...xs) - pad, Math.min(...ys) - pad, Math.max(...xs) + pad, Math.max(...ys) + pad],
  });
  const shape: Feature<Polygon> = { type: 'Feature', properties: {}, geometry: township.polygon };
  return cells.features.map((cell, i) => {
    const clipped = cell ? intersect(featureCollection([cell, shape])) : null;
    if (!clipped) throw new Error(`no cell for village site ${i} in ${township.name}`);
    return clipped.geometry;
  });
}
