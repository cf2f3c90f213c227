import { describe, expect, it } from 'vitest';
import {
  assetAreas,
  daysUntil,
  deadline,
  fieldLabel,
  formatDistance,
  formatNumber,
  groupBySubtype,
  valueLabel,
} from './detail-format.ts';

describe('labels', () => {
  it('name fields in Chinese by default and in English on the switch', () => {
    expect(fieldLabel('assets', 'book_value', 'zh-CN')).toBe('账面价值（万元）');
    expect(fieldLabel('assets', 'book_value', 'en')).toBe('Book value (10k yuan)');
    expect(fieldLabel('secretaries', 'unit', 'zh-CN')).toBe('派出单位');
    expect(fieldLabel('stations', 'notes', 'en')).toBe('Notes');
    expect(fieldLabel('villages', 'no_such_field', 'en')).toBe('no_such_field');
  });

  it('show stored values as stored in Chinese and translated in English', () => {
    expect(valueLabel('subtype', '耕地', 'zh-CN')).toBe('耕地');
    expect(valueLabel('subtype', '耕地', 'en')).toBe('Cropland');
    expect(valueLabel('flags', '本省自定标记', 'en')).toBe('本省自定标记');
    expect(valueLabel('stage', null, 'en')).toBeNull();
  });
});

describe('deadlines', () => {
  const today = new Date(2026, 0, 1, 23, 30); // late evening counts as that calendar day
  it('count whole calendar days', () => {
    expect(daysUntil('2026-01-31', today)).toBe(30);
    expect(daysUntil('2026-01-01', today)).toBe(0);
    expect(daysUntil('2025-12-31', today)).toBe(-1);
    expect(daysUntil('2026-03-30', today)).toBe(88); // across February
    expect(daysUntil('31/01/2026', today)).toBeNull();
  });

  it('warn within 90 days and say when an end has passed', () => {
    expect(deadline('2026-03-31', today)).toEqual({ days: 89, state: 'soon' });
    expect(deadline('2026-04-01', today)).toEqual({ days: 90, state: 'soon' });
    expect(deadline('2026-04-02', today)).toEqual({ days: 91, state: 'later' });
    expect(deadline('2025-12-01', today)).toEqual({ days: -31, state: 'ended' });
    expect(deadline(null, today)).toBeNull();
  });
});

describe('assetAreas', () => {
  it('gives land in 亩 and m² and buildings in m² and 亩', () => {
    expect(assetAreas(3, null)).toEqual({ mu: 3, m2: 2000 });
    expect(assetAreas(null, 1000)).toEqual({ mu: 1.5, m2: 1000 });
    expect(assetAreas(null, null)).toBeNull();
  });
});

describe('groupBySubtype', () => {
  it('orders groups as the subtype list and names within them', () => {
    const groups = groupBySubtype([
      { subtype: '冷库', name: '乙' },
      { subtype: '耕地', name: '西地' },
      { subtype: '自定', name: 'x' },
      { subtype: '耕地', name: '北地' },
    ]);
    expect(groups.map((g) => g.subtype)).toEqual(['耕地', '冷库', '自定']);
    expect(groups[0]!.items.map((i) => i.name)).toEqual(['北地', '西地']); // pinyin order: bei, xi;
  });
});

describe('numbers', () => {
  it('format distances in metres or kilometres in the user language', () => {
    expect(formatDistance(849.6, 'en')).toBe('850 m');
    expect(formatDistance(1934.2, 'en')).toBe('1.9 km');
    expect(formatDistance(1934.2, 'zh-CN')).toBe('1.9公里');
    expect(formatNumber(1234.567, 'en')).toBe('1,234.57');
    expect(formatNumber(null, 'en')).toBeNull();
  });
});
