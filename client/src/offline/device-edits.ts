import type { Geometry } from '../../../common/schemas/geometry.ts';
import type { DeviceEdits, OutboxEntry } from './types.ts';

/** The body of a PATCH the editing forms queue. */
export interface PatchBody {
  properties?: Record<string, unknown>;
  geometry?: Geometry | null;
}

/** `/api/assets/12?x` and `/api/assets/12` are the same record. */
export function recordKey(url: string): string {
  return url.split('?')[0]!;
}

/**
 * The device's side of conflict `entryId`: that PATCH and the PATCHes of the same record waiting
 * behind it (up to its first write of another kind, or `through`), applied in order. The conflict
 * view shows them as one, so no later edit is sent over a version the user has not seen.
 * @returns null when the entry is missing or not a PATCH
 * @example deviceEdits(entries, 4) // → { entryIds: [4, 6], properties: { notes: '…', households: 321 } }
 */
export function deviceEdits(entries: readonly OutboxEntry[], entryId: number, through = Infinity): DeviceEdits | null {
  const i = entries.findIndex((e) => e.id === entryId);
  const first = entries[i];
  if (!first || first.req.method !== 'PATCH') return null;
  const key = recordKey(first.req.url);
  const out: DeviceEdits = { entryIds: [], properties: {} };
  for (const e of entries.slice(i)) {
    if (recordKey(e.req.url) !== key) continue;
    if (e !== first && (e.id > through || e.req.method !== 'PATCH' || e.status !== 'pending')) break;
    const body = (e.req.body ?? {}) as PatchBody;
    out.entryIds.push(e.id);
    Object.assign(out.properties, body.properties);
    if (body.geometry !== undefined) out.geometry = body.geometry;
  }
  return out;
}
