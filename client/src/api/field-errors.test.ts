import { describe, expect, it } from 'vitest';
import { errorAt, fieldErrors, hasOtherErrors } from './field-errors.ts';

const err = (details: unknown[]) => ({ status: 400, code: 'validation_failed', message: 'x', details });

describe('fieldErrors', () => {
  it('keys the details by path and keeps the first message of each', () => {
    expect(
      fieldErrors(
        err([
          { path: 'username', message: 'taken' },
          { path: 'username', message: 'second' },
          { path: 'township_ids.1', message: 'no such township' },
          { nonsense: true },
        ]),
      ),
    ).toEqual({ username: 'taken', 'township_ids.1': 'no such township' });
  });

  it('is empty without an error or details', () => {
    expect(fieldErrors(null)).toEqual({});
    expect(fieldErrors({ status: 0, code: 'network', message: '' })).toEqual({});
  });
});

describe('errorAt', () => {
  it('finds a field or any path inside it, but not a field that merely starts alike', () => {
    const e = { 'township_ids.0': 'bad', village_id_x: 'other' };
    expect(errorAt(e, 'township_ids')).toBe('bad');
    expect(errorAt(e, 'village_id')).toBeUndefined();
  });
});

describe('hasOtherErrors', () => {
  it('tells whether some detail belongs to no field of the form', () => {
    expect(hasOtherErrors({ 'township_ids.0': 'bad' }, ['township_ids'])).toBe(false);
    expect(hasOtherErrors({ role: 'bad' }, ['township_ids'])).toBe(true);
  });
});
