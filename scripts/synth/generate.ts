/**
 * A deterministic synthetic dataset (issue #8): `villages` villages with boundaries, grouped in
 * townships of ~17, with assets, secretaries, stations and chains, spread over land in China's
 * extent (or a given box). Same options ⇒ same rows, byte for byte. Rows carry explicit ids and
 * come in batches, so half a million villages never sit in memory at once.
 *
 * Per village: 0.5 assets, 0.2 first secretaries, 0.1 stations (500k villages ⇒ 50k stations,
 * the coverage benchmark's size); one chain of 6 nodes and 5 links per 1,000 villages.
 */
import {
  ASSET_SUBTYPES,
  ASSET_SUBTYPE_NAMES,
  CHAIN_STAGES,
  STATION_LEVELS,
  VILLAGE_FLAGS,
} from '../../common/enums.ts';
import { rng, type Rng } from '../../common/analysis/test-random.ts';
import { coordsBBox } from '../../common/geo.ts';
import { CHINA_BBOX, onChineseLand, villageDensity } from './china.ts';

export interface SynthOptions {
  villages: number;
  seed?: number;
  /** `[w, s, e, n]`: villages uniformly in this box instead of over China. */
  extent?: readonly [number, number, number, number];
  /** Timestamp written into created_at/updated_at (fixed by default so output is reproducible). */
  at?: string;
}

export type SynthRow = Record<string, string | number | null>;
export interface SynthBatch {
  table: string;
  rows: SynthRow[];
}

const VILLAGES_PER_TOWNSHIP = 17;
/** Half-size of a township's square, degrees (~ 5.5 km). */
const TOWNSHIP_HALF = 0.05;
/** Radius of a village's hexagonal boundary, degrees (~ 800 m). */
const VILLAGE_RADIUS = 0.007;
const BATCH = 1000;
const r6 = (x: number) => Math.round(x * 1e6) / 1e6;

function townshipCentres(r: Rng, n: number, extent?: SynthOptions['extent']): [number, number][] {
  const out: [number, number][] = [];
  const [w, s, e, nn] = extent ?? CHINA_BBOX;
  while (out.length < n) {
    const x = r.float(w + TOWNSHIP_HALF, e - TOWNSHIP_HALF);
    const y = r.float(s + TOWNSHIP_HALF, nn - TOWNSHIP_HALF);
    if (!extent && (!onChineseLand(x, y) || r.next() > villageDensity(x, y))) continue;
    out.push([x, y]);
  }
  // Spatial (Morton) order: rows near on the map are near in the table, as after a real import
  // county by county, so a bbox query touches few pages.
  const key = ([x, y]: [number, number]) => {
    let k = 0;
    const xi = Math.floor(((x + 180) / 360) * 65535);
    const yi = Math.floor(((y + 90) / 180) * 65535);
    for (let b = 15; b >= 0; b--) k = k * 4 + ((yi >> b) & 1) * 2 + ((xi >> b) & 1);
    return k;
  };
  return out.sort((a, b) => key(a) - key(b));
}

const square = (x: number, y: number, h: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [r6(x - h), r6(y - h)],
      [r6(x + h), r6(y - h)],
      [r6(x + h), r6(y + h)],
      [r6(x - h), r6(y + h)],
      [r6(x - h), r6(y - h)],
    ],
  ],
});

function hexagon(x: number, y: number, rad: number) {
  const ring: number[][] = [];
  for (let i = 0; i <= 6; i++) {
    const a = ((i % 6) * Math.PI) / 3;
    ring.push([r6(x + rad * Math.cos(a)), r6(y + rad * Math.sin(a) * 0.85)]);
  }
  return { type: 'Polygon', coordinates: [ring] };
}

const point = (x: number, y: number) => ({ type: 'Point', coordinates: [r6(x), r6(y)] });
function bboxOf(g: { coordinates: unknown }) {
  const [minx, miny, maxx, maxy] = coordsBBox(g.coordinates);
  return { minx, miny, maxx, maxy };
}

function* batched(table: string, rows: Iterable<SynthRow>): Generator<SynthBatch> {
  let batch: SynthRow[] = [];
  for (const row of rows) {
    batch.push(row);
    if (batch.length === BATCH) {
      yield { table, rows: batch };
      batch = [];
    }
  }
  if (batch.length) yield { table, rows: batch };
}

/** Yields the dataset table by table, parents first, in batches of ≤ 1,000 rows. */
export function* synthesize(opts: SynthOptions): Generator<SynthBatch> {
  const r = rng(opts.seed ?? 8);
  const at = opts.at ?? '2026-11-27T00:00:00.000Z';
  const meta = { version: 1, created_at: at, created_by: 'synth', updated_at: at, updated_by: 'synth' };
  const nV = opts.villages;
  const nT = Math.max(1, Math.ceil(nV / VILLAGES_PER_TOWNSHIP));
  const centres = townshipCentres(r, nT, opts.extent);
  const code9 = (t: number) => String(110000000 + t);

  yield* batched(
    'townships',
    (function* () {
      for (let t = 0; t < nT; t++) {
        const [x, y] = centres[t]!;
        const geometry = square(x, y, TOWNSHIP_HALF);
        yield {
          id: t + 1,
          code: code9(t),
          name: `合成${t + 1}镇`,
          county: `合成${Math.floor(t / 12) + 1}县`,
          geometry: JSON.stringify(geometry),
          ...bboxOf(geometry),
          ...meta,
        };
      }
    })(),
  );

  // Village positions stay in typed arrays for the child tables (12 bytes a village).
  const lng = new Float64Array(nV);
  const lat = new Float64Array(nV);
  const township = new Int32Array(nV);
  yield* batched(
    'villages',
    (function* () {
      for (let v = 0; v < nV; v++) {
        const t = Math.floor(v / VILLAGES_PER_TOWNSHIP);
        const [cx, cy] = centres[t]!;
        const x = r6(cx + r.float(-0.9, 0.9) * TOWNSHIP_HALF);
        const y = r6(cy + r.float(-0.9, 0.9) * TOWNSHIP_HALF);
        lng[v] = x;
        lat[v] = y;
        township[v] = t + 1;
        const boundary = hexagon(x, y, VILLAGE_RADIUS);
        const residents = r.int(300, 4000);
        const operating = r6(r.float(0, 200));
        yield {
          id: v + 1,
          code: `${code9(t)}${String(v % VILLAGES_PER_TOWNSHIP).padStart(3, '0')}`,
          code_edition: 2023,
          name: `合成${v + 1}村`,
          township_id: t + 1,
          location: JSON.stringify(point(x, y)),
          lng: x,
          lat: y,
          boundary: JSON.stringify(boundary),
          ...bboxOf(boundary), // the committee is inside its boundary: this is the bbox of both
          registered_population: Math.round(residents * 1.2),
          resident_population: residents,
          households: Math.round(residents / 3),
          party_members: r.int(10, 120),
          incomes: JSON.stringify([{ year: 2025, total: r6(operating * 1.5), operating }]),
          operating_income: operating,
          income_year: 2025,
          flags: JSON.stringify(r.chance(0.2) ? [r.pick(VILLAGE_FLAGS)] : []),
          honours: '[]',
          notes: null,
          ...meta,
        };
      }
    })(),
  );

  yield* batched(
    'assets',
    (function* () {
      for (let v = 0, id = 1; v < nV; v += 2, id++) {
        const subtype = r.pick(ASSET_SUBTYPE_NAMES);
        const x = lng[v]! + r.float(-0.004, 0.004);
        const y = lat[v]! + r.float(-0.004, 0.004);
        const geometry = square(x, y, 0.0008);
        yield {
          id,
          village_id: v + 1,
          external_id: `S${id}`,
          category: ASSET_SUBTYPES[subtype].category,
          subtype,
          name: `${subtype}${id}`,
          geometry: JSON.stringify(geometry),
          ...bboxOf(geometry),
          area_mu: ASSET_SUBTYPES[subtype].land ? r6(r.float(5, 300)) : null,
          book_value: r6(r.float(1, 500)),
          photos: '[]',
          ...meta,
        };
      }
    })(),
  );

  yield* batched(
    'secretaries',
    (function* () {
      for (let v = 0, id = 1; v < nV; v += 5, id++)
        yield {
          id,
          village_id: v + 1,
          name: `书记${id}`,
          role: '第一书记',
          unit: `合成单位${id % 97}`,
          unit_level: '县',
          term_start: '2024-06-01',
          term_end: '2026-06-01',
          status: '在岗',
          ...meta,
        };
    })(),
  );

  yield* batched(
    'stations',
    (function* () {
      for (let v = 3, id = 1; v < nV; v += 10, id++) {
        const x = r6(lng[v]! + r.float(-0.01, 0.01));
        const y = r6(lat[v]! + r.float(-0.01, 0.01));
        yield {
          id,
          name: `合成服务站${id}`,
          level: STATION_LEVELS[id % 3]!,
          township_id: township[v]!,
          village_id: v + 1,
          geometry: JSON.stringify(point(x, y)),
          ...{ minx: x, miny: y, maxx: x, maxy: y },
          functions: '[]',
          ...meta,
        };
      }
    })(),
  );

  const nChains = Math.max(1, Math.floor(nV / 1000));
  yield* batched(
    'chains',
    (function* () {
      for (let c = 1; c <= nChains; c++)
        yield { id: c, name: `合成产业链${c}`, lead_product: `产品${c}`, level: '县级重点链', ...meta };
    })(),
  );
  const NODES = 6;
  yield* batched(
    'chain_nodes',
    (function* () {
      for (let c = 0; c < nChains; c++)
        for (let k = 0; k < NODES; k++) {
          const v = (c * 1000 + k * 17) % nV;
          const x = r6(lng[v]! + 0.002);
          const y = r6(lat[v]! + 0.002);
          yield {
            id: c * NODES + k + 1,
            chain_id: c + 1,
            village_id: v + 1,
            name: `节点${c + 1}-${k + 1}`,
            stage: CHAIN_STAGES[k % CHAIN_STAGES.length]!,
            operator: '合作社',
            geometry: JSON.stringify(point(x, y)),
            ...{ minx: x, miny: y, maxx: x, maxy: y },
            ...meta,
          };
        }
    })(),
  );
  yield* batched(
    'chain_links',
    (function* () {
      for (let c = 0; c < nChains; c++)
        for (let k = 0; k < NODES - 1; k++)
          yield {
            id: c * (NODES - 1) + k + 1,
            chain_id: c + 1,
            from_node_id: c * NODES + k + 1,
            to_node_id: c * NODES + k + 2,
            product: `产品${c + 1}`,
            mode: '订单',
            ...meta,
          };
    })(),
  );
}
