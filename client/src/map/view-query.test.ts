import { describe, expect, it } from 'vitest';
import { formatViewQuery, parseViewQuery } from './view-query.ts';

describe('view query', () => {
  it('round-trips a view through the URL', () => {
    const view = { lngLat: [122.95123, 41.75] as [number, number], zoom: 11 };
    expect(parseViewQuery(formatViewQuery(view))).toEqual(view);
  });

  it('rejects malformed or out-of-range values', () => {
    for (const bad of [undefined, '', '1,2', 'a,b,c', '200,41,10', '122,41,99', ['122,41,10'], '122,,10']) {
      expect(parseViewQuery(bad)).toBeNull();
    }
  });
});
