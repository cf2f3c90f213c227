import { describe, expect, it } from 'vitest';
import { haversineM } from '../../../../common/geo.ts';
import { amapUri, geoUri, navigationPoint, wgs84ToGcj02 } from './navigate-links.ts';

const YANGCAOGOU: [number, number] = [122.939837, 41.788517];

describe('navigate links', () => {
  it('geo: puts latitude first and labels the marker', () => {
    expect(geoUri(YANGCAOGOU, '羊草沟村')).toBe(
      `geo:41.788517,122.939837?q=41.788517,122.939837(${encodeURIComponent('羊草沟村')})`,
    );
  });

  it('converts WGS-84 to GCJ-02 with the offset of the Shenyang area (a few hundred metres)', () => {
    const gcj = wgs84ToGcj02(YANGCAOGOU);
    // GCJ-02 shifts east and north here; the published formula gives ≈ +0.0065° lng, +0.0017° lat.
    expect(gcj[0]).toBeGreaterThan(YANGCAOGOU[0]);
    expect(gcj[1]).toBeGreaterThan(YANGCAOGOU[1]);
    const d = haversineM(YANGCAOGOU, gcj);
    expect(d).toBeGreaterThan(400);
    expect(d).toBeLessThan(700);
  });

  it('the Amap link carries the GCJ-02 position, not the stored WGS-84 one', () => {
    const url = new URL(amapUri(YANGCAOGOU, '羊草沟村'));
    expect(url.origin + url.pathname).toBe('https://uri.amap.com/marker');
    const [lng, lat] = wgs84ToGcj02(YANGCAOGOU);
    expect(url.searchParams.get('position')).toBe(`${lng},${lat}`);
    expect(url.searchParams.get('name')).toBe('羊草沟村');
    expect(url.searchParams.get('coordinate')).toBe('gaode');
  });

  it('outside China GCJ-02 equals WGS-84 (gcoord leaves it alone)', () => {
    expect(wgs84ToGcj02([2.3522, 48.8566])).toEqual([2.3522, 48.8566]);
  });

  it('navigates to a point, or the centre of an outline, or nowhere', () => {
    expect(navigationPoint({ type: 'Point', coordinates: YANGCAOGOU })).toEqual(YANGCAOGOU);
    const square = {
      type: 'Polygon',
      coordinates: [
        [
          [1, 1],
          [3, 1],
          [3, 2],
          [1, 2],
          [1, 1],
        ],
      ],
    };
    expect(navigationPoint(square)).toEqual([2, 1.5]);
    expect(navigationPoint(null)).toBeNull();
    expect(navigationPoint({ type: 'Polygon', coordinates: [] })).toBeNull();
  });
});
