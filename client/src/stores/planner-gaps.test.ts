import { describe, expect, it } from 'vitest';
import type { ChainOption } from '../api/analysis.ts';
import { mergeSuppliers, nodeSuppliers, type SupplierRow } from './planner-gaps.ts';

const row = (over: Partial<SupplierRow>): SupplierRow => ({
  village_id: 3,
  name: '谭家甸子村',
  distance_m: 2500,
  via: 'asset',
  asset_id: 4,
  subtype: '冷库',
  stage: '仓储冷链',
  lngLat: [122.88, 41.82],
  chain_id: 2,
  chain_name: '草莓',
  ...over,
});

describe('planner gap suppliers', () => {
  it('merges nearest first, drops members and repeats, and keeps the limit', () => {
    const rows = [
      row({ village_id: 33, name: '沙岗村', distance_m: 8500, via: 'node', node_id: 20, asset_id: undefined }),
      row({}),
      row({ chain_id: 1, chain_name: '稻米' }), // the same cold store found for another chain
      row({ village_id: 18, name: '前河村', distance_m: 100, asset_id: 9 }), // a member
      row({ village_id: 38, name: '小岭村', distance_m: 11500, asset_id: 98 }),
    ];
    const out = mergeSuppliers(rows, new Set([18]), 2);
    expect(out.map((r) => r.name)).toEqual(['谭家甸子村', '沙岗村']);
  });

  it('offers the chain’s own nodes of the stage at villages outside the draft', () => {
    const chain: ChainOption = {
      id: 3,
      name: '肉牛',
      lead_product: '冷鲜牛肉',
      nodes: [
        { id: 20, village_id: 33, name: '沙岗村冷鲜肉冷库', stage: '仓储冷链', lngLat: [122.9, 41.69] },
        { id: 21, village_id: 31, name: '后泡子村肉牛养殖小区', stage: '养殖基地', lngLat: [122.88, 41.67] },
        { id: 22, village_id: null, name: '批发市场', stage: '仓储冷链', lngLat: [122.9, 41.7] },
        { id: 23, village_id: 30, name: '邢家坨子村冷库', stage: '仓储冷链', lngLat: [122.86, 41.69] },
      ],
    };
    const out = nodeSuppliers(chain, ['仓储冷链'], new Set([30]), [[122.86, 41.69]], (id) =>
      id === 33 ? '沙岗村' : undefined,
    );
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ village_id: 33, name: '沙岗村', via: 'node', node_id: 20, chain_name: '肉牛' });
    expect(out[0]!.distance_m).toBeGreaterThan(3000);
    expect(out[0]!.distance_m).toBeLessThan(4000);
  });
});
