import type { IncomeBand } from './enums.ts';

/** Upper bounds (exclusive, 万元 of operating income) of 空壳村, 薄弱村 and 一般村; ≥ the last is 强村. */
export interface IncomeThresholds {
  shell: number;
  weak: number;
  strong: number;
}

export const DEFAULT_INCOME_THRESHOLDS: IncomeThresholds = { shell: 5, weak: 10, strong: 50 };

/**
 * The income band of a village from its collective operating income.
 * @param operatingIncome 万元 per year; null when unknown
 * @returns the band, or null when the income is unknown
 * @example incomeBand(7) // '薄弱村'
 */
export function incomeBand(
  operatingIncome: number | null | undefined,
  t: IncomeThresholds = DEFAULT_INCOME_THRESHOLDS,
): IncomeBand | null {
  if (operatingIncome == null || Number.isNaN(operatingIncome)) return null;
  if (operatingIncome < t.shell) return '空壳村';
  if (operatingIncome < t.weak) return '薄弱村';
  if (operatingIncome < t.strong) return '一般村';
  return '强村';
}
