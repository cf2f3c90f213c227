import { describe, expect, it } from 'vitest';
import type { BBox } from '../../../common/schemas/geometry.ts';
import type { TownshipCollection } from '../api/townships.ts';
import {
  covers,
  idsInView,
  MAX_KEPT_OUTLINES,
  OUTLINE_PAGE,
  outlinesShown,
  outlinesToDrop,
  planOutlines,
  TownshipOutlineFetcher,
  type IndexedTownship,
  type OutlineFetch,
  type ViewState,
} from './township-view.ts';

/** A grid of 0.1° square townships, `cols` × `rows` from (100, 30). */
function grid(cols: number, rows: number): IndexedTownship[] {
  const out: IndexedTownship[] = [];
  for (let j = 0; j < rows; j++)
    for (let i = 0; i < cols; i++) {
      const [x, y] = [100 + i * 0.1, 30 + j * 0.1];
      out.push({ id: out.length + 1, extent: [x, y, x + 0.09, y + 0.09] });
    }
  return out;
}

/** A server over the grid: `GET /api/townships?bbox=&limit=&offset=` as the route answers it. */
function server(index: IndexedTownship[]) {
  const calls: { bbox: BBox; offset: number; signal: AbortSignal }[] = [];
  const fetchPage: OutlineFetch = async (bbox, page, signal) => {
    calls.push({ bbox, offset: page.offset, signal });
    await new Promise((r) => setTimeout(r, 1));
    if (signal.aborted) throw new DOMException('aborted', 'AbortError');
    const hits = idsInView(index, bbox);
    const rows = hits.slice(page.offset, page.offset + page.limit);
    const features = rows.map((id) => {
      const [w, s, e, n] = index[id - 1]!.extent!;
      const ring = [
        [w, s],
        [e, s],
        [e, n],
        [w, n],
        [w, s],
      ];
      return { type: 'Feature', id, geometry: { type: 'Polygon', coordinates: [ring] }, properties: {} };
    });
    return { type: 'FeatureCollection', features, total: hits.length } as unknown as TownshipCollection;
  };
  return { fetchPage, calls };
}

const state = (index: IndexedTownship[], view: BBox, zoom = 9): ViewState => ({ index, view, zoom, visible: true });

describe('township outlines by view', () => {
  it('outlines a county’s few townships at every zoom, a province’s only from zoom 7', () => {
    expect(outlinesShown(200, 3)).toBe(true);
    expect(outlinesShown(201, 6)).toBe(false);
    expect(outlinesShown(29_000, 7)).toBe(true);
    expect(outlinesShown(12, 12, false)).toBe(false);
    const nation = grid(200, 145);
    expect(planOutlines(state(nation, [100, 30, 120, 44.5], 5), new Set())).toBeNull();
    expect(planOutlines(state(grid(10, 10), [100, 30, 101, 31], 3), new Set())?.missing).toHaveLength(100);
  });

  it('asks only for the townships in view it lacks, over their extent clipped to the view', () => {
    const index = grid(20, 20);
    const plan = planOutlines(state(index, [100.25, 30.25, 100.55, 30.45]), new Set())!;
    expect(plan.missing).toEqual(idsInView(index, [100.25, 30.25, 100.55, 30.45]));
    expect(plan.bbox).toEqual([100.25, 30.25, 100.55, 30.45]);
    // After a pan east: the ones held are not asked again, and the bbox shrinks to the new ones.
    const held = new Set(plan.missing);
    const next = planOutlines(state(index, [100.35, 30.25, 100.75, 30.45]), held)!;
    expect(next.missing.every((id) => !held.has(id))).toBe(true);
    expect(next.bbox[0]).toBeGreaterThanOrEqual(100.55);
    expect(planOutlines(state(index, [100.3, 30.3, 100.5, 30.4]), held)).toBeNull();
  });

  it('lets a fetch run on when it brings what the next view needs, else replaces it', () => {
    const a = { missing: [1, 2, 3], bbox: [0, 0, 1, 1] as BBox };
    expect(covers(a, { missing: [2, 3], bbox: a.bbox })).toBe(true);
    expect(covers(a, { missing: [3, 4], bbox: a.bbox })).toBe(false);
    expect(covers(null, a)).toBe(false);
  });

  it('drops outlines out of view only past the cap', () => {
    const held = Array.from({ length: MAX_KEPT_OUTLINES }, (_, i) => i + 1);
    expect(outlinesToDrop(held, new Set([1]))).toEqual([]);
    expect(outlinesToDrop([...held, MAX_KEPT_OUTLINES + 1], new Set(held.slice(0, 10)))).toHaveLength(
      MAX_KEPT_OUTLINES + 1 - 10,
    );
  });
});

describe('TownshipOutlineFetcher', () => {
  it('fetches a view’s outlines once, page by page, and nothing for a view it has', async () => {
    // 60 × 60 = 3,600 townships in view: two pages of 2,000.
    const index = grid(60, 60);
    const { fetchPage, calls } = server(index);
    const got: number[] = [];
    const f = new TownshipOutlineFetcher(fetchPage, (fs) => got.push(...fs.map((x) => x.id)));
    await f.update(state(index, [99, 29, 107, 37]));
    expect(calls.map((c) => c.offset)).toEqual([0, OUTLINE_PAGE]);
    expect(new Set(got).size).toBe(3600);
    expect(got).toHaveLength(3600);
    await f.update(state(index, [100.5, 30.5, 102, 32]));
    expect(calls).toHaveLength(2);
  });

  it('cancels the fetch of a view left for one it does not cover, and keeps what arrived', async () => {
    const index = grid(40, 40);
    const { fetchPage, calls } = server(index);
    const got = new Set<number>();
    const f = new TownshipOutlineFetcher(fetchPage, (fs) => fs.forEach((x) => got.add(x.id)));
    const first = f.update(state(index, [100, 30, 100.5, 30.5]));
    // The user pans on before the answer: the first request is aborted, the second answered.
    const second = f.update(state(index, [103, 33, 103.5, 33.5]));
    await Promise.all([first, second]);
    expect(calls).toHaveLength(2);
    expect(calls[0]!.signal.aborted).toBe(true);
    expect(calls[1]!.signal.aborted).toBe(false);
    expect([...got].every((id) => idsInView(index, [103, 33, 103.5, 33.5]).includes(id))).toBe(true);
    // A view inside the one being fetched waits for that fetch instead of asking again.
    const third = f.update(state(index, [101, 31, 102, 32]));
    const inner = f.update(state(index, [101.2, 31.2, 101.6, 31.6]));
    await Promise.all([third, inner]);
    expect(calls).toHaveLength(3);
    expect(calls[2]!.signal.aborted).toBe(false);
    // Zoomed out past the outline zoom: a fetch under way is cancelled, nothing is asked.
    const nation = [...index, ...grid(20, 10).map((t) => ({ ...t, id: t.id + 1600 }))];
    const g = new TownshipOutlineFetcher(server(nation).fetchPage, () => {});
    const run = g.update(state(nation, [100, 30, 101, 31]));
    expect(g.pending).not.toBeNull();
    await g.update(state(nation, [90, 20, 120, 45], 5));
    expect(g.pending).toBeNull();
    await run;
  });

  it('does not ask again for a township the index has and the server no longer returns', async () => {
    const index = grid(5, 5);
    const { fetchPage, calls } = server(index.slice(0, 20));
    const f = new TownshipOutlineFetcher(fetchPage, () => {});
    await f.update(state(index, [99, 29, 101, 31]));
    await f.update(state(index, [99, 29, 101, 31.1]));
    expect(calls).toHaveLength(1);
  });
});
