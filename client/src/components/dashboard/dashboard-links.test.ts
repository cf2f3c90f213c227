import { describe, expect, it } from 'vitest';
import { parseMapQuery } from '../../map/map-query.ts';
import { assetLink, attentionLink, bandLink, chainLink, coverageLink, secretaryLink } from './dashboard-links.ts';

describe('dashboard links', () => {
  it('opens the map filtered to a band in the townships shown, and nothing for 未填报', () => {
    expect(bandLink('薄弱村', [1, 2])).toEqual({ name: 'map', query: { band: '薄弱村', township: '1,2' } });
    expect(bandLink('薄弱村', [])).toEqual({ name: 'map', query: { band: '薄弱村' } });
    expect(bandLink('未填报', [1])).toBeNull();
  });

  it('colours by secretary state, and shows the layer a figure is about', () => {
    expect(secretaryLink('ending', [1]).query).toEqual({ theme: 'secretary', sec: 'ending', township: '1' });
    expect(coverageLink([]).query).toEqual({ layers: 'townships,villages,stations' });
    expect(parseMapQuery(assetLink('冷库', [3]).query)).toMatchObject({
      layers: ['townships', 'villages', 'assets'],
      filters: { subtype: ['冷库'], township: [3] },
    });
    expect(assetLink('不存在', []).query).toEqual({ layers: 'townships,villages,assets' });
    expect(chainLink(4)).toEqual({ name: 'chains', query: { chain: '4' } });
  });

  it('selects the thing an attention item is about', () => {
    expect(attentionLink({ kind: 'term_ending', layer: 'secretaries', id: 5, village_id: 6 }).query).toEqual({
      layers: 'townships,villages,secretaries',
      sel: 'secretaries:5',
    });
    expect(attentionLink({ kind: 'contract_ending', layer: 'assets', id: 9, village_id: 1 }).query.sel).toBe(
      'assets:9',
    );
    expect(attentionLink({ kind: 'vacant_target', layer: 'villages', id: 3, village_id: 3 }).query).toEqual({
      theme: 'secretary',
      village: '3',
    });
    expect(attentionLink({ kind: 'uncovered', layer: 'villages', id: 3, village_id: 3 }).query).toEqual({
      layers: 'townships,villages,stations',
      village: '3',
    });
  });
});
