import { describe, expect, it } from 'vitest';
import { scopeFromQuery, scopeToQuery } from './dashboard-scope.ts';

describe('dashboard scope', () => {
  it('defaults to the user’s own townships, else the county', () => {
    expect(scopeFromQuery(undefined, [3, 1])).toEqual([1, 3]);
    expect(scopeFromQuery(undefined, [])).toEqual([]);
  });
  it('reads ids or the county from the URL, ignoring junk', () => {
    expect(scopeFromQuery('2,x,2,5', [1])).toEqual([2, 5]);
    expect(scopeFromQuery('all', [1])).toEqual([]);
    expect(scopeFromQuery(['4'], [])).toEqual([4]);
  });
  it('writes the county as all', () => {
    expect(scopeToQuery([])).toBe('all');
    expect(scopeToQuery([5, 2])).toBe('2,5');
  });
});
