/**
 * Which township outlines a map view needs, and fetching them (docs/map.md "Townships"). The
 * client holds every township's extent (the index, `GET /api/townships/index`) but no
 * boundaries: a view asks `GET /api/townships?bbox=…` for the ones it shows and lacks. Plain
 * data and a fetch function in, features out; no Leaflet, so the rules are unit-tested.
 */
import type { BBox } from '../../../common/schemas/geometry.ts';
import type { TownshipCollection } from '../api/townships.ts';

/**
 * More townships than this (a province's or the nation's) are outlined only from
 * `TOWNSHIP_OUTLINE_MIN_ZOOM` on: wider, thousands of outlines are a grey smear that costs
 * seconds to fetch, build and draw. A county's few are outlined at every zoom.
 */
export const TOWNSHIP_OUTLINES_ALWAYS_UPTO = 200;
export const TOWNSHIP_OUTLINE_MIN_ZOOM = 7;
/** Township names are drawn from this zoom on. */
export const TOWNSHIP_LABEL_MIN_ZOOM = 10;
/** Outlines asked for per request (`limit`); a view that needs more pages on with `offset`. */
export const OUTLINE_PAGE = 2000;
/** Outlines kept after they leave the view; past this, those out of view are dropped. */
export const MAX_KEPT_OUTLINES = 6000;

export interface IndexedTownship {
  id: number;
  extent: BBox | null;
}

/** What the layer knows when the view changes. */
export interface ViewState {
  /** Every township (the index); null while it loads. */
  index: readonly IndexedTownship[] | null;
  zoom: number;
  /** The view, padded, `[west, south, east, north]`. */
  view: BBox;
  /** The township layer is switched on. */
  visible: boolean;
}

/** A fetch of one view's missing outlines: the ids it brings and the bbox it asks for. */
export interface OutlinePlan {
  missing: number[];
  bbox: BBox;
}

export function outlinesShown(count: number, zoom: number, visible = true): boolean {
  return visible && (count <= TOWNSHIP_OUTLINES_ALWAYS_UPTO || zoom >= TOWNSHIP_OUTLINE_MIN_ZOOM);
}

export function labelsShown(zoom: number, visible = true): boolean {
  return visible && zoom >= TOWNSHIP_LABEL_MIN_ZOOM;
}

export function meets(a: BBox, b: BBox): boolean {
  return a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1];
}

/** The ids of the townships whose extent meets the view. */
export function idsInView(index: readonly IndexedTownship[], view: BBox): number[] {
  const out: number[] = [];
  for (const t of index) if (t.extent && meets(t.extent, view)) out.push(t.id);
  return out;
}

/**
 * The fetch this view needs, or null: none when outlines are not shown at this zoom (or the layer
 * is off), or every township in view is held already. The bbox asked for is the extent of the
 * missing townships clipped to the view, so a small pan does not fetch what it has again.
 */
export function planOutlines(s: ViewState, held: ReadonlySet<number>): OutlinePlan | null {
  if (!s.index || !outlinesShown(s.index.length, s.zoom, s.visible)) return null;
  const missing: number[] = [];
  let box: BBox | null = null;
  for (const t of s.index) {
    if (!t.extent || held.has(t.id) || !meets(t.extent, s.view)) continue;
    missing.push(t.id);
    const [w, so, e, n] = t.extent;
    box = box ? [Math.min(box[0], w), Math.min(box[1], so), Math.max(box[2], e), Math.max(box[3], n)] : [w, so, e, n];
  }
  if (!box) return null;
  const [vw, vs, ve, vn] = s.view;
  const clip = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
  return {
    missing,
    bbox: [
      clip(Math.max(box[0], vw), -180, 180),
      clip(Math.max(box[1], vs), -90, 90),
      clip(Math.min(box[2], ve), -180, 180),
      clip(Math.min(box[3], vn), -90, 90),
    ],
  };
}

/** Whether a fetch under way brings every township a new plan needs (then it is left to finish). */
export function covers(running: OutlinePlan | null, next: OutlinePlan): boolean {
  if (!running) return false;
  const ids = new Set(running.missing);
  return next.missing.every((id) => ids.has(id));
}

/** Held outlines to drop: none up to `max`; past it, every one out of view. */
export function outlinesToDrop(held: Iterable<number>, inView: ReadonlySet<number>, max = MAX_KEPT_OUTLINES): number[] {
  const all = [...held];
  return all.length <= max ? [] : all.filter((id) => !inView.has(id));
}

export type OutlineFetch = (
  bbox: BBox,
  page: { limit: number; offset: number },
  signal: AbortSignal,
) => Promise<TownshipCollection>;

/**
 * Fetches the outlines each view needs, a page at a time, handing each page's features to
 * `onOutlines`. A new view whose townships the running fetch does not all bring cancels it (the
 * user moved on); the outlines already delivered are kept (`held`: ids fetched, with or without
 * an outline) and never fetched twice.
 */
export class TownshipOutlineFetcher {
  readonly held = new Set<number>();
  private running: { plan: OutlinePlan; abort: AbortController } | null = null;

  constructor(
    private readonly fetchPage: OutlineFetch,
    private readonly onOutlines: (features: TownshipCollection['features']) => void,
    private readonly onDrop: (ids: number[]) => void = () => {},
    private readonly onError: (e: unknown) => void = () => {},
  ) {}

  /** The plan of the fetch under way (tests). */
  get pending(): OutlinePlan | null {
    return this.running?.plan ?? null;
  }

  /** Call on every view change; resolves when this view's outlines are in (or it was superseded). */
  async update(s: ViewState): Promise<void> {
    if (s.index && this.held.size > MAX_KEPT_OUTLINES) {
      const drop = outlinesToDrop(this.held, new Set(idsInView(s.index, s.view)));
      for (const id of drop) this.held.delete(id);
      if (drop.length) this.onDrop(drop);
    }
    const plan = planOutlines(s, this.held);
    if (!plan) {
      // Nothing to show or nothing missing: a fetch for an earlier view is no longer wanted.
      if (!s.index || !outlinesShown(s.index.length, s.zoom, s.visible)) this.cancel();
      return;
    }
    if (this.running && covers(this.running.plan, plan)) return;
    this.cancel();
    const abort = new AbortController();
    const run = { plan, abort };
    this.running = run;
    try {
      for (let offset = 0; ; offset += OUTLINE_PAGE) {
        const fc = await this.fetchPage(plan.bbox, { limit: OUTLINE_PAGE, offset }, abort.signal);
        if (abort.signal.aborted) return;
        const fresh = fc.features.filter((f) => !this.held.has(f.id));
        for (const f of fresh) this.held.add(f.id);
        if (fresh.length) this.onOutlines(fresh);
        if (fc.features.length < OUTLINE_PAGE || offset + OUTLINE_PAGE >= (fc.total ?? 0)) break;
      }
      // A township the index has but the answer did not (deleted since) is not asked for again.
      for (const id of plan.missing) this.held.add(id);
    } catch (e) {
      if (!abort.signal.aborted) this.onError(e);
    } finally {
      if (this.running === run) this.running = null;
    }
  }

  /** Forgets every outline (new data). */
  reset(): void {
    this.cancel();
    this.held.clear();
  }

  private cancel(): void {
    this.running?.abort.abort();
    this.running = null;
  }
}
