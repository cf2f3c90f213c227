import { describe, expect, it } from 'vitest';
import { anchorOf } from './label-point.ts';
import { SECRETARY_STATE_COLORS, secretaryColor } from './themes.ts';

describe('overlay items', () => {
  it('anchors a symbol at the point, inside a polygon, at a line middle vertex', () => {
    expect(anchorOf({ type: 'Point', coordinates: [1, 2] })).toEqual([1, 2]);
    const square = [
      [
        [0, 0],
        [2, 0],
        [2, 2],
        [0, 2],
        [0, 0],
      ],
    ];
    const a = anchorOf({ type: 'Polygon', coordinates: square })!;
    expect(a[0]).toBeGreaterThan(0);
    expect(a[0]).toBeLessThan(2);
    expect(a[1]).toBeGreaterThan(0);
    expect(a[1]).toBeLessThan(2);
    expect(
      anchorOf({
        type: 'LineString',
        coordinates: [
          [0, 0],
          [5, 5],
          [9, 9],
        ],
      }),
    ).toEqual([5, 5]);
    expect(anchorOf(null)).toBeNull();
  });

  it('colours a secretary by post and term', () => {
    const today = '2026-11-28';
    expect(secretaryColor({ status: '在岗', term_end: '2028-06-30' }, today)).toBe(SECRETARY_STATE_COLORS.posted);
    expect(secretaryColor({ status: '在岗', term_end: '2027-01-31' }, today)).toBe(SECRETARY_STATE_COLORS.ending);
    expect(secretaryColor({ status: '召回', term_end: '2028-06-30' }, today)).toBe(SECRETARY_STATE_COLORS.none);
  });
});
