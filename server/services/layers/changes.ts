import type { Snapshot } from './types.ts';

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Names the fields that differ between two snapshots (`geometry` for the shape). */
export function changedFields(before: Snapshot | null, after: Snapshot | null): string[] {
  const keys = new Set([...Object.keys(before?.properties ?? {}), ...Object.keys(after?.properties ?? {})]);
  const out = [...keys].filter((k) => !same(before?.properties[k], after?.properties[k]));
  if (!same(before?.geometry, after?.geometry)) out.unshift('geometry');
  return out;
}
