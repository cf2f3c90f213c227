import { describe, expect, it } from 'vitest';
import type { VillageMapPoint } from '../api/villages.ts';
import { villageBrief } from './planner.ts';

describe('villageBrief', () => {
  const point: VillageMapPoint = {
    type: 'Feature',
    id: 7,
    geometry: { type: 'Point', coordinates: [123.1, 41.8] },
    properties: {
      name: '柳河村',
      code: '210199100210',
      township_id: 3,
      flags: [],
      income_band: '强村',
      secretary_state: 'posted',
      resident_population: 2229,
    },
  };

  it("names a map village's township from the index (the map's villages come without it)", () => {
    const names = new Map([[3, '柳河镇']]);
    expect(villageBrief(point, (id) => names.get(id) ?? '')).toEqual({
      id: 7,
      name: '柳河村',
      code: '210199100210',
      township_id: 3,
      township_name: '柳河镇',
      income_band: '强村',
      resident_population: 2229,
      lngLat: [123.1, 41.8],
    });
    expect(villageBrief(point).township_name).toBe('');
  });

  it('keeps the township name a whole record has', () => {
    const whole = { ...point, properties: { ...point.properties, township_name: '记录镇' } };
    expect(villageBrief(whole as never, () => '索引镇').township_name).toBe('记录镇');
  });
});
