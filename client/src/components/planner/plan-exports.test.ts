import { describe, expect, it } from 'vitest';
import type { AllianceSummary } from '../../../../common/analysis/alliance-summary.ts';
import { emptyForm } from '../../stores/planner-draft.ts';
import { hullSketch } from './hull-sketch.ts';
import { draftPlanGeoJson, planFileName, type PlanVillage } from './plan-geojson.ts';

const hull = {
  type: 'Polygon' as const,
  coordinates: [
    [
      [122.9, 41.7],
      [123.0, 41.7],
      [123.0, 41.8],
      [122.9, 41.7],
    ],
  ],
};
const summary: AllianceSummary = {
  member_count: 2,
  member_ids: [1, 2],
  lead_village_id: 1,
  hull,
  area_km2: 12.5,
  population: { registered: 3000, resident: 2000 },
  income: { total: 100, operating: 60, by_band: { 空壳村: 0, 薄弱村: 1, 一般村: 0, 强村: 1, 未知: 0 } },
  assets_by_subtype: [],
  chain_stages: { present: [], missing: [], by_chain: [] },
  stations: { inside: 0, ids: [] },
  coverage: { villages: 2, covered_villages: 1, residents: 2000, covered_residents: 1200 },
};
const village = (id: number, lngLat: [number, number] | null): PlanVillage => ({
  id,
  name: `村${id}`,
  code: String(210000000000 + id),
  township_name: '柳河镇',
  income_band: '强村',
  resident_population: 1000,
  lngLat,
});

describe('draftPlanGeoJson', () => {
  it('has the hull with the figures first, then one point per member with a position', () => {
    const villages = new Map([
      [1, village(1, [122.95, 41.75])],
      [2, village(2, null)],
    ]);
    const fc = draftPlanGeoJson({ ...emptyForm(), name: ' 方案 ' }, summary, villages);
    expect(fc.features).toHaveLength(2);
    const [h, m] = fc.features;
    expect(h!.geometry).toEqual(hull);
    expect(h!.properties).toMatchObject({ kind: 'alliance', name: '方案', member_count: 2, area_km2: 12.5 });
    expect(h!.properties).not.toHaveProperty('member_ids');
    expect(m!.properties).toMatchObject({ kind: 'member', village_id: 1, lead: true });
    expect(m!.geometry).toEqual({ type: 'Point', coordinates: [122.95, 41.75] });
  });
});

describe('planFileName', () => {
  it('replaces characters file systems refuse and falls back when unnamed', () => {
    expect(planFileName('柳河/片区:一', 'x')).toBe('柳河_片区_一.geojson');
    expect(planFileName('  ', '联建方案')).toBe('联建方案.geojson');
  });
});

describe('hullSketch', () => {
  it('fits the hull and points inside the padded box, north up', () => {
    const s = hullSketch(hull.coordinates[0]!, [{ lngLat: [122.95, 41.75], name: 'a', lead: true }], 300, 200, 20)!;
    expect(s.hullPath.startsWith('M')).toBe(true);
    expect(s.hullPath.endsWith('Z')).toBe(true);
    for (const p of s.points) {
      expect(p.x).toBeGreaterThanOrEqual(20);
      expect(p.x).toBeLessThanOrEqual(280);
      expect(p.y).toBeGreaterThanOrEqual(20);
      expect(p.y).toBeLessThanOrEqual(180);
    }
    // The northern vertex (41.8) is drawn above the southern ones (41.7).
    const ys = [...s.hullPath.matchAll(/[ML][\d.]+,([\d.]+)/g)].map((m) => Number(m[1]));
    expect(ys[2]).toBeLessThan(ys[0]!);
  });
  it('returns null when there is nothing to draw', () => {
    expect(hullSketch(null, [])).toBeNull();
  });
});
