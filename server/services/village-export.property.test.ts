/**
 * Property tests of the village export's text checks: what the patterns accept as JSON.stringify's
 * own form is, and a stored point is copied only when the general path would write it the same.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rewind } from '../../common/geometry-checks.ts';
import { roundGeometry } from '../io/geometry.ts';
import { geometryText, isStringifyForm, plainlyStringifyForm } from './village-export.ts';

const NUMBERS = ['0', '-0', '1', '-1', '1.5', '1.50', '1.0', '10', '1e5', '1E5', '0.1', '0.000001', '0.0000001'];
const MORE_NUMBERS = ['123456789012345', '1234567890123456', '12345678901234567', '0.30000000000000004'];
const NUMBERS_ALL = [...NUMBERS, ...MORE_NUMBERS, '0.1000000000000001', '299.736702', '-0.5', '1e21', '5e-7'];
const STRINGS = ['"a"', '"a\\"b"', '"\\u0041"', '"\\/"', '"\\n"', '"\\u0001"', '"\\b"', '"{"', '"}"', '"中文"', '"🌾"'];
const KEYS = ['"a"', '"b"', '"1"', '"01"', '"year"', '"a\\"b"', '"}"'];

/** JSON text from pieces in and out of JSON.stringify's form (valid or not: invalid ones are skipped). */
const json: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...NUMBERS_ALL, ...STRINGS, '""', '"a\\\\"', 'true', 'false', 'null'),
    fc
      .tuple(fc.array(tie('value'), { maxLength: 4 }), fc.constantFrom(',', ',', ',', ', '))
      .map(([xs, sep]) => `[${xs.join(sep)}]`),
    fc
      .array(fc.tuple(fc.constantFrom(...KEYS), tie('value')), { maxLength: 4 })
      .map((kv) => `{${kv.map(([k, v]) => `${k}:${v}`).join(',')}}`),
  ),
})).value;

describe('plainlyStringifyForm', () => {
  it('accepts only text that JSON.stringify(JSON.parse(text)) gives back unchanged', () => {
    let accepted = 0;
    fc.assert(
      fc.property(json, (text) => {
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch {
          return;
        }
        if (!plainlyStringifyForm(text)) return;
        accepted++;
        expect(JSON.stringify(value)).toBe(text);
      }),
      { numRuns: 20000 },
    );
    expect(accepted).toBeGreaterThan(1000);
  });

  it('accepts the villages’ usual JSON columns, and isStringifyForm decides the rest', () => {
    // A page's JSON columns as listsExact reads them: incomes, flags, honours of each village.
    const usual = '[[{"year":2025,"total":299.736702,"operating":199.824468}],["脱贫村"],[],[],[],["全国文明村"]]';
    expect(plainlyStringifyForm(usual)).toBe(true);
    for (const odd of ['[1.50]', '[-0]', '[1e5]', '[0.0000001]', '{"b":1,"1":2}', '{"a":"x}","a":1}', '{"a":1,"a":2}'])
      expect(isStringifyForm(odd), odd).toBe(false);
    for (const fine of ['[0.30000000000000004]', '["\\u0001"]', '["a{b"]', '[{"a":{"b":1}}]', '[1e+21]'])
      expect(isStringifyForm(fine), fine).toBe(true);
  });
});

describe('geometryText', () => {
  const general = (text: string) => {
    const g = JSON.parse(text) as { type: string; coordinates: unknown } | null;
    return JSON.stringify(g ? roundGeometry(rewind(g)) : null);
  };
  it('is the general path’s text of any stored point', () => {
    const coord = fc.oneof(
      fc.double({ min: -180, max: 180, noNaN: true }),
      fc.integer({ min: -1_800_000_000, max: 1_800_000_000 }).map((n) => n / 1e7),
      fc.constantFrom(0, -0, 1e-7, -5e-7, 1e-6, 0.1, 179.99999995),
    );
    fc.assert(
      fc.property(coord, coord, fc.boolean(), (x, y, trailingZero) => {
        let text = JSON.stringify({ type: 'Point', coordinates: [x, y] });
        if (trailingZero) text = text.replace(/(\.\d+)\]/, '$10]').replace(/,(-?\d+)\]/, ',$1.0]');
        expect(geometryText(text)).toBe(general(text));
      }),
      { numRuns: 20000 },
    );
    expect(geometryText('{"coordinates":[1,2],"type":"Point"}')).toBe(general('{"coordinates":[1,2],"type":"Point"}'));
    expect(geometryText('null')).toBe('null');
  });
});
