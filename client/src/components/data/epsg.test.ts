import { describe, expect, it } from 'vitest';
import { GK_SYSTEMS, searchGk } from './epsg.ts';

const d = (s: { code: string }) => s.code;

describe('Gauss-Krüger systems', () => {
  it('lists EPSG:4491–4554 with the documented zones and meridians', () => {
    expect(GK_SYSTEMS).toHaveLength(64);
    const by = new Map(GK_SYSTEMS.map((s) => [s.code, s]));
    expect(by.get('EPSG:4491')).toEqual({ code: 'EPSG:4491', width: 6, zone: 13, cm: 75 });
    expect(by.get('EPSG:4501')).toEqual({ code: 'EPSG:4501', width: 6, zone: 23, cm: 135 });
    expect(by.get('EPSG:4529')).toEqual({ code: 'EPSG:4529', width: 3, zone: 41, cm: 123 });
    expect(by.get('EPSG:4550')).toEqual({ code: 'EPSG:4550', width: 3, zone: null, cm: 123 });
    expect(by.get('EPSG:4554')).toEqual({ code: 'EPSG:4554', width: 3, zone: null, cm: 135 });
  });

  it('finds by code, zone and central meridian', () => {
    expect(searchGk('4529', d).map(d)).toEqual(['EPSG:4529']);
    expect(searchGk('EPSG:4529', d).map(d)).toEqual(['EPSG:4529']);
    expect(searchGk('41', d).map(d)).toContain('EPSG:4529');
    expect(searchGk('123', d).map(d)).toEqual(expect.arrayContaining(['EPSG:4529', 'EPSG:4550', 'EPSG:4499']));
    expect(searchGk('', d)).toHaveLength(64);
  });
});
