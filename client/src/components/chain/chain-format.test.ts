import { describe, expect, it } from 'vitest';
import { changedFields, formErrors, formatAmount, formatKm, numberOrNull, textOrNull } from './chain-format.ts';

describe('chain page formatting', () => {
  describe('formatAmount', () => {
    it('groups digits and appends the unit', () => {
      expect(formatAmount(4200, '亩', 'zh-CN')).toBe('4,200 亩');
      expect(formatAmount(2.5, null, 'en')).toBe('2.5');
    });
    it('is null without a number', () => {
      expect(formatAmount(null, '吨', 'zh-CN')).toBeNull();
      expect(formatAmount(undefined, null, 'en')).toBeNull();
    });
  });

  describe('formatKm', () => {
    it('shows one decimal, two below a kilometre', () => {
      expect(formatKm(2540.4, 'zh-CN')).toBe('2.5');
      expect(formatKm(12801, 'en')).toBe('12.8');
      expect(formatKm(850, 'en')).toBe('0.85');
    });
  });

  describe('formErrors', () => {
    it('keys the server details by form field', () => {
      expect(
        formErrors({
          status: 400,
          code: 'validation_failed',
          message: '',
          details: [
            { path: 'properties.name', message: 'Too small' },
            { path: 'properties.stage', message: 'Invalid option' },
            { path: 'geometry.coordinates.0', message: 'longitude' },
            { path: 'other', message: 'x' },
          ],
        }),
      ).toEqual({ name: 'Too small', stage: 'Invalid option', geometry: 'longitude', other: 'x' });
    });
    it('is empty without an error', () => {
      expect(formErrors(null)).toEqual({});
    });
  });

  describe('changedFields', () => {
    it('keeps only what differs', () => {
      expect(
        changedFields({ name: 'a', stage: '物流', capacity: null }, { name: 'a', stage: '品牌', capacity: null }),
      ).toEqual({ stage: '品牌' });
      expect(changedFields({ name: 'a' }, { name: 'a' })).toEqual({});
    });
  });

  describe('textOrNull and numberOrNull', () => {
    it('turn empty inputs into null', () => {
      expect(textOrNull('  ')).toBeNull();
      expect(textOrNull(' 稻谷 ')).toBe('稻谷');
      expect(numberOrNull('')).toBeNull();
      expect(numberOrNull(null)).toBeNull();
    });
    it('read numbers with thousands separators, and flag nonsense as NaN', () => {
      expect(numberOrNull('1,200')).toBe(1200);
      expect(numberOrNull('1，200.5')).toBe(1200.5);
      expect(numberOrNull(7)).toBe(7);
      expect(numberOrNull('abc')).toBeNaN();
    });
  });
});
