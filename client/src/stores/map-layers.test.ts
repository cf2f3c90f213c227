import { describe, expect, it } from 'vitest';
import { idChunks } from './map-layers.ts';

describe('idChunks', () => {
  it('keeps every id, in order, in lists no longer than the limit', () => {
    const ids = Array.from({ length: 3000 }, (_, i) => 10000 + i);
    const chunks = idChunks(ids);
    expect(chunks.every((c) => c.length <= 500)).toBe(true);
    expect(chunks.join(',').split(',').map(Number)).toEqual(ids);
    expect(idChunks([1, 22, 333], 5)).toEqual(['1,22', '333']);
    expect(idChunks([])).toEqual([]);
  });
});
