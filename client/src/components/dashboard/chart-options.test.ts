import { describe, expect, it } from 'vitest';
import { barHeight, barOption, lineOption } from './chart-options.ts';

describe('chart options', () => {
  it('draws one bar per row with its colour, lying down when there are many', () => {
    type Axis = { type: string; data: string[] };
    type Bars = { xAxis: Axis; yAxis: Axis; series: { data: { value: number }[] }[] };
    const o = barOption([
      { label: '空壳村', value: 3, color: '#d7191c' },
      { label: '薄弱村', value: 14 },
    ]) as Bars;
    expect(o.xAxis.data).toEqual(['空壳村', '薄弱村']);
    expect(o.series[0]!.data.map((d) => d.value)).toEqual([3, 14]);
    expect(o.yAxis.type).toBe('value');
    const many = barOption(Array.from({ length: 9 }, (_, i) => ({ label: `t${i}`, value: i }))) as Bars;
    expect([many.xAxis.type, many.yAxis.data[0]]).toEqual(['value', 't0']);
    expect(barHeight(9)).toBeGreaterThan(barHeight(4));
  });

  it('draws one line per series', () => {
    const o = lineOption(['2023', '2024'], [{ name: '强村', values: [1, 2], color: '#1a9641' }]) as {
      series: { name: string; data: number[] }[];
    };
    expect(o.series).toMatchObject([{ name: '强村', data: [1, 2] }]);
  });
});
