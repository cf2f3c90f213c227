/**
 * The pure half of `RecordForm`: a draft of a record's properties, the PATCH of what changed, and
 * validation with the same zod schema the server uses, as i18n keys for Chinese messages.
 */
import type { z } from 'zod';
import { LAYER_SCHEMAS, type LayerName } from '../../../../common/schemas/layers.ts';

export type Draft = Record<string, unknown>;

/** A message to show beside a field: an i18n key under `edit.errors` and its parameters. */
export interface FieldMessage {
  key: string;
  params?: Record<string, unknown>;
}
/** Field path (`incomes.0.year`) → message. */
export type DraftErrors = Record<string, FieldMessage>;

const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** A copy of `props` limited to the form's keys (arrays and objects copied, not shared). */
export function toDraft(props: Readonly<Record<string, unknown>>, keys: readonly string[]): Draft {
  return Object.fromEntries(keys.map((k) => [k, clone(props[k] ?? null)]));
}

/** The properties that differ between the loaded record and the draft: what a PATCH sends. */
export function changedProps(original: Readonly<Record<string, unknown>>, draft: Draft): Draft {
  return Object.fromEntries(Object.entries(draft).filter(([k, v]) => !same(original[k], v)));
}

/** Messages the schemas (and the server) write, mapped to our wording. */
const CUSTOM: [RegExp, string][] = [
  [/contract ends before it starts/, 'contractEnd'],
  [/term ends before it starts/, 'termEnd'],
  [/belongs to/, 'category'],
  [/expected a date/, 'date'],
  [/not a phone number/, 'phone'],
];

/** One zod issue (or a server `details` message) as our message. */
export function issueMessage(issue: {
  code?: string;
  message: string;
  expected?: unknown;
  minimum?: unknown;
  maximum?: unknown;
  origin?: unknown;
  format?: unknown;
}): FieldMessage {
  for (const [re, key] of CUSTOM) if (re.test(issue.message)) return { key };
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int') return { key: 'integer' };
      if (issue.expected === 'number') return { key: 'number' };
      return { key: 'required' };
    case 'too_small':
      if (issue.origin === 'string')
        return { key: Number(issue.minimum) <= 1 ? 'required' : 'tooShort', params: { n: issue.minimum } };
      return { key: 'min', params: { n: issue.minimum } };
    case 'too_big':
      if (issue.origin === 'string') return { key: 'tooLong', params: { n: issue.maximum } };
      return { key: 'max', params: { n: issue.maximum } };
    case 'invalid_format':
      return { key: 'format' };
    case 'invalid_value':
      return { key: 'choice' };
    default:
      return { key: 'server', params: { message: issue.message } };
  }
}

/**
 * Checks the draft with the layer's update schema (the server's own rules).
 * @returns errors by field path; empty when the draft is valid
 */
export function validateDraft(layer: LayerName, draft: Draft): DraftErrors {
  const parsed = (LAYER_SCHEMAS[layer].update as z.ZodType).safeParse({ properties: draft });
  if (parsed.success) return {};
  const out: DraftErrors = {};
  for (const issue of parsed.error.issues) {
    const path = issue.path.slice(issue.path[0] === 'properties' ? 1 : 0).join('.');
    out[path] ??= issueMessage(issue as Parameters<typeof issueMessage>[0]);
  }
  return out;
}

/**
 * The server's `details` of a 400 as field messages (`properties.area_mu` → `area_mu`).
 * @returns errors by field path, and the messages about anything else (geometry, unknown paths)
 */
export function serverErrors(details: readonly unknown[] | undefined): { fields: DraftErrors; other: string[] } {
  const fields: DraftErrors = {};
  const other: string[] = [];
  for (const d of details ?? []) {
    const { path, message } = (d ?? {}) as { path?: unknown; message?: unknown };
    if (typeof path !== 'string' || typeof message !== 'string') continue;
    if (path.startsWith('properties.')) fields[path.slice('properties.'.length)] ??= issueMessage({ message });
    else other.push(message);
  }
  return { fields, other };
}

/** The first message at `key` or inside it (`incomes` also shows `incomes.2.year`). */
export function messageAt(errors: DraftErrors, key: string): FieldMessage | undefined {
  return errors[key] ?? Object.entries(errors).find(([p]) => p.startsWith(`${key}.`))?.[1];
}
