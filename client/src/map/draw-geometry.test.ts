import { describe, expect, it } from 'vitest';
import { geometryToVertices, verticesToGeometry, type LngLat } from './draw-geometry.ts';

const square: LngLat[] = [
  [123, 41],
  [123.01, 41],
  [123.01, 41.01],
  [123, 41.01],
];

describe('verticesToGeometry', () => {
  it('closes a polygon ring and needs three vertices', () => {
    expect(verticesToGeometry('Polygon', square.slice(0, 2))).toBeNull();
    expect(verticesToGeometry('Polygon', square)).toEqual({ type: 'Polygon', coordinates: [[...square, square[0]]] });
  });

  it('makes lines from two vertices and a point from the last tap', () => {
    expect(verticesToGeometry('LineString', square.slice(0, 1))).toBeNull();
    expect(verticesToGeometry('LineString', square.slice(0, 2))).toEqual({
      type: 'LineString',
      coordinates: square.slice(0, 2),
    });
    expect(verticesToGeometry('Point', square.slice(0, 2))).toEqual({ type: 'Point', coordinates: square[1] });
    expect(verticesToGeometry('Point', [])).toBeNull();
  });
});

describe('geometryToVertices', () => {
  it('round-trips every kind', () => {
    for (const kind of ['Point', 'LineString', 'Polygon'] as const) {
      const g = verticesToGeometry(kind, square)!;
      const back = geometryToVertices(g)!;
      expect(back.kind).toBe(kind);
      expect(verticesToGeometry(back.kind, back.vertices)).toEqual(g);
    }
  });

  it("edits a MultiPolygon's first outer ring and nothing for null", () => {
    const multi = { type: 'MultiPolygon', coordinates: [[[...square, square[0]]]] } as never;
    expect(geometryToVertices(multi)).toEqual({ kind: 'Polygon', vertices: square });
    expect(geometryToVertices(null)).toBeNull();
  });
});
