/** ECharts options of the dashboard's charts, built from plain rows (pure, so they can be tested). */
import type { EChartsCoreOption } from 'echarts/core';
import type { DashboardLink } from './dashboard-links.ts';

export interface BarRow {
  label: string;
  value: number;
  color?: string;
}

export interface BarsRow {
  /** Stable key (the band, state, subtype … as stored), for tests and `v-for`. */
  key: string;
  label: string;
  value: number;
  color?: string;
  /** Where a click on the bar or the name leads; null: nowhere. */
  to: DashboardLink | null;
  /** Further cells of the table row, after the value. */
  cells?: string[];
}

const GREEN = '#2f5d3a';
const AXIS = { color: '#5d665f', fontSize: 12 };

/** Above this many bars they lie down (names on the left), so long lists stay readable on a phone. */
export const HORIZONTAL_FROM = 8;

/** The chart height that gives every bar room. */
export function barHeight(rows: number): number {
  return rows >= HORIZONTAL_FROM ? 40 + rows * 24 : 220;
}

/**
 * One bar per row with the value at its end; upright, or lying down from {@link HORIZONTAL_FROM} rows.
 * @example barOption([{ label: '薄弱村', value: 14, color: '#fdae61' }]).series[0].data[0].value // 14
 */
export function barOption(rows: readonly BarRow[]): EChartsCoreOption {
  const horizontal = rows.length >= HORIZONTAL_FROM;
  const names = {
    type: 'category',
    data: rows.map((r) => r.label),
    axisLabel: { ...AXIS, interval: 0 },
    axisTick: { alignWithLabel: true },
    inverse: horizontal, // first row on top
  };
  const values = { type: 'value', minInterval: 1, axisLabel: AXIS };
  return {
    animation: false,
    grid: { left: 8, right: horizontal ? 32 : 8, top: horizontal ? 8 : 24, bottom: 4, containLabel: true },
    // Drawn on the canvas: an HTML tooltip would need inline style attributes, which the CSP blocks.
    tooltip: { trigger: 'item', renderMode: 'richText' },
    xAxis: horizontal ? values : names,
    yAxis: horizontal ? names : values,
    series: [
      {
        type: 'bar',
        barMaxWidth: horizontal ? 16 : 48,
        cursor: 'pointer',
        label: { show: true, position: horizontal ? 'right' : 'top', color: '#1f2421' },
        data: rows.map((r) => ({ value: r.value, itemStyle: { color: r.color ?? GREEN } })),
      },
    ],
  };
}

/** One line per series over the categories (e.g. villages per band over the years). */
export function lineOption(
  categories: readonly string[],
  series: readonly { name: string; values: number[]; color: string }[],
): EChartsCoreOption {
  return {
    animation: false,
    grid: { left: 8, right: 8, top: 36, bottom: 4, containLabel: true },
    tooltip: { trigger: 'axis', renderMode: 'richText' },
    legend: { top: 0, itemWidth: 14, textStyle: AXIS },
    xAxis: { type: 'category', data: [...categories], axisLabel: AXIS },
    yAxis: { type: 'value', minInterval: 1, axisLabel: AXIS },
    series: series.map((s) => ({
      type: 'line',
      name: s.name,
      data: s.values,
      cursor: 'pointer',
      symbolSize: 8,
      itemStyle: { color: s.color },
      lineStyle: { color: s.color, width: 2 },
    })),
  };
}
