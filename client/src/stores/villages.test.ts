import { describe, expect, it } from 'vitest';
import { clusterGrid } from './villages.ts';

describe('clusterGrid', () => {
  it('gives about one cell per 80 px of the longer side, between 4 and 24', () => {
    expect(clusterGrid(1920)).toBe(24); // a 1280 × 800 desktop view, padded
    expect(clusterGrid(1110)).toBe(14); // a 360 × 740 phone, padded
    expect(clusterGrid(100)).toBe(4);
    expect(clusterGrid(10_000)).toBe(24);
  });
});
