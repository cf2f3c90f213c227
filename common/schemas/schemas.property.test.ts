/**
 * Property tests of the request schemas: generated valid bodies are accepted, and one field
 * changed to a wrong value is refused with an issue whose path names that field.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ASSET_SUBTYPES, ASSET_SUBTYPE_NAMES, ROLES } from '../enums.ts';
import { pointGeometry, position } from './geometry.ts';
import { LAYER_SCHEMAS } from './layers.ts';
import { isoDate } from './records.ts';
import { settingsSchema } from './settings.ts';
import { userCreateSchema } from './users.ts';

export const RUNS = 200;
const opts = { numRuns: RUNS };

/** Inside China (lng 73–135, lat 18–54), where every record lies. */
const lng = fc.double({ min: 73, max: 135, noNaN: true });
const lat = fc.double({ min: 18, max: 54, noNaN: true });
const day = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

const assetBody = fc.record({
  geometry: fc.tuple(lng, lat).map(([x, y]) => ({ type: 'Point', coordinates: [x, y] })),
  properties: fc
    .record({
      village_id: fc.integer({ min: 1, max: 1e9 }),
      subtype: fc.constantFrom(...ASSET_SUBTYPE_NAMES),
      name: fc.string({ minLength: 1, maxLength: 100 }).filter((s) => s.trim().length > 0),
      area_mu: fc.option(fc.double({ min: 0, max: 1e6, noNaN: true }), { nil: null }),
      contract_start: fc.option(day, { nil: null }),
      photos: fc.array(fc.stringMatching(/^[0-9a-f]{64}$/), { maxLength: 6 }),
    })
    .map((p) => ({ ...p, category: ASSET_SUBTYPES[p.subtype].category })),
});

/** A wrong value for a field, and that field's name. */
const mutation = fc.constantFrom(
  ['village_id', 'seven'],
  ['village_id', 1.5],
  ['name', ''],
  ['name', 42],
  ['area_mu', -1],
  ['area_mu', '10'],
  ['category', '其他'],
  ['contract_start', '2026-02-30'],
  ['contract_start', '2026-2-3'],
  ['photos', 'a.jpg'],
  ['colour', 'red'],
) as fc.Arbitrary<[string, unknown]>;

describe('the asset schemas', () => {
  it('accept every generated valid body', () => {
    fc.assert(
      fc.property(assetBody, (b) => {
        const r = LAYER_SCHEMAS.assets.create.safeParse(b);
        expect(r.success, JSON.stringify(r.error?.issues)).toBe(true);
      }),
      opts,
    );
  });

  it('refuse one wrong field, naming it', () => {
    fc.assert(
      fc.property(assetBody, mutation, (b, [field, value]) => {
        const r = LAYER_SCHEMAS.assets.create.safeParse({ ...b, properties: { ...b.properties, [field]: value } });
        expect(r.success).toBe(false);
        const named = r.error!.issues.some(
          (i) => i.path.join('.') === `properties.${field}` || ('keys' in i && (i.keys as string[]).includes(field)),
        );
        expect(named, JSON.stringify(r.error!.issues)).toBe(true);
      }),
      opts,
    );
  });
});

describe('dates', () => {
  it('accept every calendar day and refuse days past the end of the month', () => {
    fc.assert(
      fc.property(day, (d) => {
        expect(isoDate.safeParse(d).success).toBe(true);
        const [y, m] = d.split('-').map(Number) as [number, number];
        const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
        const past = `${d.slice(0, 8)}${String(last + 1).padStart(2, '0')}`;
        expect(isoDate.safeParse(past).success).toBe(false);
      }),
      opts,
    );
  });
});

describe('positions and points', () => {
  it('accept any longitude/latitude in range and refuse any outside', () => {
    const anyLng = fc.double({ min: -180, max: 180, noNaN: true });
    const anyLat = fc.double({ min: -90, max: 90, noNaN: true });
    const outside = fc.oneof(
      fc.double({ min: 180, max: 1e6, noNaN: true, minExcluded: true }),
      fc.double({ min: -1e6, max: -180, noNaN: true, maxExcluded: true }),
      fc.constantFrom(Infinity, -Infinity, NaN),
    );
    fc.assert(
      fc.property(anyLng, anyLat, outside, (x, y, bad) => {
        expect(pointGeometry.safeParse({ type: 'Point', coordinates: [x, y] }).success).toBe(true);
        const r = position.safeParse([bad, y]);
        expect(r.success).toBe(false);
      }),
      opts,
    );
  });
});

describe('settings and users', () => {
  const thresholds = fc
    .tuple(
      fc.double({ min: 0, max: 1000, noNaN: true }),
      fc.double({ min: 0, max: 1000, noNaN: true }),
      fc.double({ min: 0, max: 1000, noNaN: true }),
    )
    .map((t) => [...t].sort((a, b) => a - b) as [number, number, number])
    .filter(([a, b, c]) => a < b && b < c);

  it('accept rising income thresholds and refuse any other order, naming income_thresholds', () => {
    fc.assert(
      fc.property(thresholds, ([shell, weak, strong]) => {
        const base = {
          default_service_radius_m: 1200,
          assessment_grades: ['a', 'b', 'c', 'd'],
          village_flags: ['x'],
        };
        expect(settingsSchema.safeParse({ ...base, income_thresholds: { shell, weak, strong } }).success).toBe(true);
        const r = settingsSchema.safeParse({ ...base, income_thresholds: { shell: strong, weak, strong: shell } });
        expect(r.success).toBe(false);
        expect(r.error!.issues[0]!.path[0]).toBe('income_thresholds');
      }),
      opts,
    );
  });

  it('refuse an official without townships and a secretary without a village, by field', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9_]{2,20}$/),
        fc.string({ minLength: 8, maxLength: 50 }),
        fc.constantFrom(...ROLES),
        (username, password, role) => {
          const r = userCreateSchema.safeParse({ username, password, role });
          if (role === 'official') expect(r.error?.issues[0]?.path).toEqual(['township_ids']);
          else if (role === 'secretary') expect(r.error?.issues[0]?.path).toEqual(['village_id']);
          else expect(r.success).toBe(true);
        },
      ),
      opts,
    );
  });
});
