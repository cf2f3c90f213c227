import * as L from 'leaflet';
import type { LngLatPair } from './planner-lasso.ts';
import { LASSO_STYLE } from './planner-styles.ts';

/** Pixels the pointer must move before another vertex is added (keeps the path small). */
const MIN_STEP_PX = 4;

/**
 * Press-and-drag lasso on the map: while enabled the map does not pan; a drag draws a dashed
 * path and its release hands the path (`[lng, lat]` vertices) to `onDone`. Escape cancels.
 * Pointer events, so mouse, pen and touch all work.
 */
export class LassoTool {
  private enabled = false;
  private path: L.LatLng[] = [];
  private lastPoint: L.Point | null = null;
  private line: L.Polygon | null = null;
  private pointerId: number | null = null;
  private readonly container: HTMLElement;

  constructor(
    private readonly map: L.Map,
    private readonly onDone: (path: LngLatPair[]) => void,
    private readonly onCancel: () => void,
  ) {
    this.container = map.getContainer();
  }

  get active(): boolean {
    return this.enabled;
  }

  enable(): void {
    if (this.enabled) return;
    this.enabled = true;
    this.map.dragging.disable();
    this.map.doubleClickZoom.disable();
    this.container.classList.add('xt-lasso-mode');
    this.container.addEventListener('pointerdown', this.down);
    this.container.addEventListener('pointermove', this.move);
    this.container.addEventListener('pointerup', this.up);
    this.container.addEventListener('pointercancel', this.cancelDrawing);
    document.addEventListener('keydown', this.key);
  }

  disable(): void {
    if (!this.enabled) return;
    this.enabled = false;
    this.cancelDrawing();
    this.map.dragging.enable();
    this.map.doubleClickZoom.enable();
    this.container.classList.remove('xt-lasso-mode');
    this.container.removeEventListener('pointerdown', this.down);
    this.container.removeEventListener('pointermove', this.move);
    this.container.removeEventListener('pointerup', this.up);
    this.container.removeEventListener('pointercancel', this.cancelDrawing);
    document.removeEventListener('keydown', this.key);
  }

  private readonly down = (e: PointerEvent): void => {
    if (e.button !== 0 || this.pointerId !== null) return;
    // Leave the zoom buttons and attribution links alone.
    if ((e.target as HTMLElement | null)?.closest('.leaflet-control')) return;
    e.preventDefault();
    this.pointerId = e.pointerId;
    this.container.setPointerCapture?.(e.pointerId);
    this.path = [this.map.mouseEventToLatLng(e)];
    this.lastPoint = this.map.mouseEventToContainerPoint(e);
    this.line = L.polygon(this.path, { ...LASSO_STYLE, interactive: false }).addTo(this.map);
  };

  private readonly move = (e: PointerEvent): void => {
    if (e.pointerId !== this.pointerId || !this.line) return;
    const p = this.map.mouseEventToContainerPoint(e);
    if (this.lastPoint && p.distanceTo(this.lastPoint) < MIN_STEP_PX) return;
    this.lastPoint = p;
    this.path.push(this.map.mouseEventToLatLng(e));
    this.line.setLatLngs(this.path);
  };

  private readonly up = (e: PointerEvent): void => {
    if (e.pointerId !== this.pointerId) return;
    this.path.push(this.map.mouseEventToLatLng(e));
    const path = this.path.map((ll): LngLatPair => [ll.lng, ll.lat]);
    this.cancelDrawing();
    if (path.length >= 3) this.onDone(path);
  };

  private readonly cancelDrawing = (): void => {
    if (this.pointerId !== null && this.container.hasPointerCapture?.(this.pointerId)) {
      this.container.releasePointerCapture(this.pointerId);
    }
    this.pointerId = null;
    this.path = [];
    this.lastPoint = null;
    this.line?.remove();
    this.line = null;
  };

  private readonly key = (e: KeyboardEvent): void => {
    if (e.key !== 'Escape' || e.defaultPrevented) return;
    e.preventDefault();
    this.onCancel();
  };
}
