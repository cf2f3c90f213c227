import { describe, expect, it } from 'vitest';
import { placeLabels } from './chain-labels.ts';

describe('placeLabels', () => {
  it('puts a lone label to the right of its node, vertically centred', () => {
    expect(placeLabels([{ id: 1, x: 100, y: 100, width: 40, height: 16 }], [{ x: 100, y: 100 }], 8)).toEqual([
      { id: 1, dx: 12, dy: -8, side: 'right' },
    ]);
  });

  it('moves a label to a free side when the right is taken by another node', () => {
    const out = placeLabels(
      [{ id: 1, x: 100, y: 100, width: 40, height: 16 }],
      [
        { x: 100, y: 100 },
        { x: 130, y: 100 },
      ],
      8,
    );
    expect(out[0]?.side).toBe('left');
  });

  it('never lets two labels overlap, leaving one out when no side is free', () => {
    const nodes = [
      { x: 100, y: 100 },
      { x: 101, y: 100 },
    ];
    const out = placeLabels(
      nodes.map((n, i) => ({ id: i + 1, ...n, width: 200, height: 16 })),
      nodes,
      8,
    );
    expect(out.map((p) => p.id)).toEqual([1, 2]);
    expect(out[0]!.side).not.toBe(out[1]!.side);

    const crowded = [0, 1, 2, 3, 4].map((i) => ({ x: 100 + i, y: 100 }));
    const placed = placeLabels(
      crowded.map((n, i) => ({ id: i, ...n, width: 200, height: 16 })),
      crowded,
      8,
    );
    expect(placed.length).toBeLessThan(5);
    const boxes = placed.map((p) => {
      const n = crowded[p.id]!;
      return { l: n.x + p.dx, t: n.y + p.dy, r: n.x + p.dx + 200, b: n.y + p.dy + 16 };
    });
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) {
        expect(a.l < b.r && b.l < a.r && a.t < b.b && b.t < a.b).toBe(false);
      }
    }
  });
});
