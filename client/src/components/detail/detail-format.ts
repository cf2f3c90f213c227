/**
 * Pure helpers of the detail panel: field and value labels in the user's language, dates counted
 * in days, areas in 亩 and m², distances, assets grouped by subtype.
 */
import { ASSET_SUBTYPE_NAMES } from '../../../../common/enums.ts';
import { FIELDS } from '../../../../common/field-labels.ts';
import { FIELD_LABELS_EN, VALUE_LABELS_EN, type Vocabulary } from '../../../../common/field-labels.en.ts';
import { M2_PER_MU } from '../../../../common/geo.ts';
import type { LayerName } from '../../../../common/schemas/layers.ts';

/** One labelled value of the panel; `value` null shows "未填写". */
export interface FieldRow {
  key: string;
  label: string;
  value: string | null;
}

const isEnglish = (locale: string) => locale.startsWith('en');

/**
 * The label of a field in the user's language (Chinese from common/field-labels.ts, English from
 * field-labels.en.ts); the key itself when neither has one.
 * @example fieldLabel('assets', 'book_value', 'zh-CN') // '账面价值（万元）'
 */
export function fieldLabel(layer: LayerName, key: string, locale: string): string {
  if (isEnglish(locale)) return FIELD_LABELS_EN[layer][key] ?? key;
  return FIELDS[layer].find((d) => d.key === key)?.zh ?? key;
}

/**
 * A stored Chinese value in the user's language: as stored in Chinese, from the English table
 * otherwise (values a province added itself stay as stored).
 * @example valueLabel('subtype', '耕地', 'en') // 'Cropland'
 */
export function valueLabel(vocab: Vocabulary, value: string | null | undefined, locale: string): string | null {
  if (value == null || value === '') return null;
  if (!isEnglish(locale)) return value;
  return (VALUE_LABELS_EN[vocab] as Readonly<Record<string, string>>)[value] ?? value;
}

/**
 * Whole days from `today` (its local calendar date) to a `YYYY-MM-DD` date; negative when past.
 * @example daysUntil('2026-01-31', new Date(2026, 0, 1)) // 30
 */
export function daysUntil(date: string | null | undefined, today: Date): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date ?? '');
  if (!m) return null;
  const end = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const start = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  return Math.round((end - start) / 86_400_000);
}

/** How close a term or contract end is: `ended`, `soon` (within `withinDays`), or `later`. */
export interface Deadline {
  days: number;
  state: 'ended' | 'soon' | 'later';
}

/**
 * The deadline state of an end date (90 days: the officials' alert window of DOMAIN.md).
 * @returns null without a date
 */
export function deadline(date: string | null | undefined, today: Date, withinDays = 90): Deadline | null {
  const days = daysUntil(date, today);
  if (days === null) return null;
  return { days, state: days < 0 ? 'ended' : days <= withinDays ? 'soon' : 'later' };
}

/**
 * An asset's area in both units (1 亩 = 2000/3 m²): the stored one, and the other computed.
 * @example assetAreas(3, null) // { mu: 3, m2: 2000 }
 */
export function assetAreas(mu: number | null, m2: number | null): { mu: number; m2: number } | null {
  if (mu != null) return { mu, m2: mu * M2_PER_MU };
  if (m2 != null) return { mu: m2 / M2_PER_MU, m2 };
  return null;
}

/**
 * Records grouped by `subtype`, groups in the order of ASSET_SUBTYPE_NAMES (unknown subtypes
 * last, by name), records by name within a group.
 */
export function groupBySubtype<T extends { subtype: string; name: string }>(
  items: readonly T[],
): { subtype: string; items: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(item.subtype, [...(groups.get(item.subtype) ?? []), item]);
  const rank = (s: string) => {
    const i = (ASSET_SUBTYPE_NAMES as readonly string[]).indexOf(s);
    return i < 0 ? ASSET_SUBTYPE_NAMES.length : i;
  };
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b, 'zh-CN'))
    .map(([subtype, list]) => ({ subtype, items: list.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')) }));
}

/**
 * A distance for people: metres below 1 km, else km with one decimal, in the user's language.
 * @example formatDistance(1934.2, 'zh-CN') // '1.9公里'
 */
export function formatDistance(m: number, locale: string): string {
  if (m < 1000) return new Intl.NumberFormat(locale, { style: 'unit', unit: 'meter' }).format(Math.round(m));
  return new Intl.NumberFormat(locale, { style: 'unit', unit: 'kilometer', maximumFractionDigits: 1 }).format(m / 1000);
}

/** A number with at most `digits` decimals in the user's language; null stays null. */
export function formatNumber(n: number | null | undefined, locale: string, digits = 2): string | null {
  return n == null ? null : new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(n);
}
