import { describe, expect, it } from 'vitest';
import { formatMapQuery, mapLocation, parseMapQuery } from './map-query.ts';

describe('map query', () => {
  it('gives the defaults for an empty query', () => {
    expect(parseMapQuery({})).toEqual({
      layers: ['townships', 'villages'],
      theme: 'income',
      themeFlag: null,
      filters: { township: [], band: [], flag: [], sec: [], subtype: [] },
      village: null,
      sel: null,
    });
  });

  it('round-trips a full state and leaves defaults out', () => {
    const state = parseMapQuery({
      layers: 'villages,stations,assets',
      theme: 'secretary',
      township: '2,1',
      band: '薄弱村',
      flag: '脱贫村',
      sec: 'ending,vacant',
      subtype: '耕地,冷库',
      sel: 'stations:7',
    });
    expect(state.layers).toEqual(['villages', 'stations', 'assets']);
    expect(state.filters.township).toEqual([2, 1]);
    expect(state.sel).toEqual({ layer: 'stations', id: 7 });
    const q = formatMapQuery(state);
    expect(q).toEqual({
      layers: 'villages,assets,stations',
      theme: 'secretary',
      township: '2,1',
      band: '薄弱村',
      flag: '脱贫村',
      sec: 'ending,vacant',
      subtype: '耕地,冷库',
      sel: 'stations:7',
    });
    expect(parseMapQuery(q)).toEqual({ ...state, layers: ['villages', 'assets', 'stations'] });
    expect(formatMapQuery(parseMapQuery({}))).toEqual({});
  });

  it('drops unknown values instead of failing', () => {
    const s = parseMapQuery({
      layers: 'villages,rivers',
      theme: 'x',
      band: '富村',
      sec: 'gone',
      sel: 'users:1',
      village: '-3',
    });
    expect(s.layers).toEqual(['villages']);
    expect(s.theme).toBe('income');
    expect(s.filters.band).toEqual([]);
    expect(s.filters.sec).toEqual([]);
    expect(s.sel).toBeNull();
    expect(s.village).toBeNull();
  });

  it('an empty layers value means no layers, not the default', () => {
    expect(parseMapQuery({ layers: '' }).layers).toEqual([]);
    expect(formatMapQuery({ layers: [] })).toEqual({ layers: '' });
  });

  it('builds a dashboard link to the filtered map', () => {
    expect(mapLocation({ filters: { township: [1], band: ['薄弱村'], flag: [], sec: [], subtype: [] } })).toEqual({
      name: 'map',
      query: { township: '1', band: '薄弱村' },
    });
  });
});
