import { describe, expect, it } from 'vitest';
import { addDays, secretaryState } from './secretary-state.ts';

describe('secretaryState', () => {
  const today = '2026-11-28';
  it('a target village without a first secretary is vacant, another village is none', () => {
    expect(secretaryState(['脱贫村'], [], today).state).toBe('vacant');
    expect(secretaryState(['美丽休闲乡村'], [], today).state).toBe('none');
    expect(secretaryState([], [], today).state).toBe('none');
  });
  it('a term ending within 90 days is ending, the 91st day is posted', () => {
    expect(secretaryState([], [addDays(today, 90)], today).state).toBe('ending');
    expect(secretaryState([], [addDays(today, 91)], today).state).toBe('posted');
    expect(secretaryState([], [null], today).state).toBe('posted');
    // already past its end but still in post: ending (overdue), not posted
    expect(secretaryState([], ['2026-01-01'], today).state).toBe('ending');
  });
  it('counts the secretary whose term runs longest', () => {
    expect(secretaryState(['脱贫村'], ['2026-12-01', '2028-06-30', '2027-01-01'], today)).toEqual({
      state: 'posted',
      index: 1,
    });
    expect(secretaryState([], ['2026-12-01', null], today)).toEqual({ state: 'posted', index: 1 });
  });
  it('adds days across month and leap-year ends', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-11-28', 90)).toBe('2027-02-26');
  });
});
