/**
 * Where node names go on the chain map (issue #6): each label beside its node — right, left,
 * above or below, whichever is free first — and left out when every side would cover another
 * label or node, so no name is drawn over another. Pure planar maths on pixels (no Leaflet).
 */

export interface LabelRequest {
  id: number;
  /** Node centre in pixels. */
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A placed label: its box's top-left corner relative to the node centre, and its side. */
export interface LabelPlacement {
  id: number;
  dx: number;
  dy: number;
  side: 'right' | 'left' | 'top' | 'bottom';
}

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/**
 * Places labels greedily in the order given (put the important ones first).
 * @param nodes every drawn node centre (labels keep clear of all of them)
 * @param radius node radius in pixels; `gap` the space between a node and its label
 * @example placeLabels([{ id: 1, x: 0, y: 0, width: 40, height: 16 }], [{ x: 0, y: 0 }], 8)
 * // [{ id: 1, dx: 12, dy: -8, side: 'right' }]
 */
export function placeLabels(
  labels: readonly LabelRequest[],
  nodes: readonly { x: number; y: number }[],
  radius: number,
  gap = 4,
): LabelPlacement[] {
  const nodeBoxes: Box[] = nodes.map((n) => ({
    left: n.x - radius,
    top: n.y - radius,
    right: n.x + radius,
    bottom: n.y + radius,
  }));
  const placed: Box[] = [];
  const out: LabelPlacement[] = [];
  for (const l of labels) {
    const r = radius + gap;
    const candidates: LabelPlacement[] = [
      { id: l.id, dx: r, dy: -l.height / 2, side: 'right' },
      { id: l.id, dx: -r - l.width, dy: -l.height / 2, side: 'left' },
      { id: l.id, dx: -l.width / 2, dy: -r - l.height, side: 'top' },
      { id: l.id, dx: -l.width / 2, dy: r, side: 'bottom' },
    ];
    for (const c of candidates) {
      const box = { left: l.x + c.dx, top: l.y + c.dy, right: l.x + c.dx + l.width, bottom: l.y + c.dy + l.height };
      if (placed.some((p) => overlaps(p, box)) || nodeBoxes.some((n) => overlaps(n, box))) continue;
      placed.push(box);
      out.push(c);
      break;
    }
  }
  return out;
}
