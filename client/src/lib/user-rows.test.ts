import { describe, expect, it } from 'vitest';
import { matchesQuery, pageOf, scopeNames, userStatus } from './user-rows.ts';

describe('userStatus', () => {
  it('puts disabled before locked', () => {
    expect(userStatus({ disabled: true, locked: true })).toBe('disabled');
    expect(userStatus({ disabled: false, locked: true })).toBe('locked');
    expect(userStatus({ disabled: false, locked: false })).toBe('active');
  });
});

describe('scopeNames', () => {
  const names = {
    townships: new Map([[1, '柳河镇']]),
    villages: new Map([[8, { name: '羊草沟村', township_name: '柳河镇' }]]),
  };
  it('names the townships of an official and the village of a secretary', () => {
    expect(scopeNames({ role: 'official', township_ids: [1, 9], village_id: null }, names)).toEqual(['柳河镇', '#9']);
    expect(scopeNames({ role: 'secretary', township_ids: [], village_id: 8 }, names)).toEqual(['柳河镇 · 羊草沟村']);
    expect(scopeNames({ role: 'secretary', township_ids: [], village_id: 5 }, names)).toEqual(['#5']);
  });
  it('is null for roles that see everything', () => {
    expect(scopeNames({ role: 'planner', township_ids: [], village_id: null }, names)).toBeNull();
  });
});

describe('matchesQuery', () => {
  it('needs every word somewhere, ignoring case', () => {
    expect(matchesQuery(['LiHua', '李华', null], 'lihua 李')).toBe(true);
    expect(matchesQuery(['lihua'], 'lihua wang')).toBe(false);
    expect(matchesQuery(['x'], '  ')).toBe(true);
  });
});

describe('pageOf', () => {
  it('slices a page and clamps the page number', () => {
    const list = Array.from({ length: 45 }, (_, i) => i);
    expect(pageOf(list, 2, 20)).toEqual({ items: [40, 41, 42, 43, 44], page: 2, pages: 3 });
    expect(pageOf(list, 9, 20).page).toBe(2);
    expect(pageOf([], 0, 20)).toEqual({ items: [], page: 0, pages: 1 });
  });
});
