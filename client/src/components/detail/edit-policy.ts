/**
 * Whether to offer "编辑" on a record: the client's mirror of `WRITE_RULES` and the scope rules
 * in server/auth/policy.ts (edit-policy.test.ts checks it against the server's `canWrite`). It only
 * spares users a button that would fail; the server decides every write.
 */
import type { Role } from '../../../../common/enums.ts';
import type { LayerName } from '../../../../common/schemas/layers.ts';
import type { SessionUser } from '../../api/session.ts';

/** all: anywhere; townships: inside the user's townships; village: the user's own village;
 * own-record: the user's own secretary record (its contact fields); none. */
export type EditRule = 'all' | 'townships' | 'village' | 'own-record' | 'none';

export const EDIT_RULES: Record<LayerName, Record<Role, EditRule>> = {
  townships: { admin: 'all', official: 'none', planner: 'none', secretary: 'none' },
  villages: { admin: 'all', official: 'townships', planner: 'none', secretary: 'village' },
  assets: { admin: 'all', official: 'townships', planner: 'none', secretary: 'village' },
  secretaries: { admin: 'all', official: 'townships', planner: 'none', secretary: 'own-record' },
  assessments: { admin: 'all', official: 'townships', planner: 'none', secretary: 'none' },
  stations: { admin: 'all', official: 'townships', planner: 'none', secretary: 'none' },
  chains: { admin: 'all', official: 'townships', planner: 'all', secretary: 'none' },
  'chain-nodes': { admin: 'all', official: 'townships', planner: 'all', secretary: 'none' },
  'chain-links': { admin: 'all', official: 'townships', planner: 'all', secretary: 'none' },
  alliances: { admin: 'all', official: 'townships', planner: 'all', secretary: 'none' },
};

/** Where a record lies, as far as the client knows it. */
export interface RecordScope {
  /** The record's id (for the own-record rule). */
  id: number;
  townshipIds: readonly number[];
  villageIds: readonly number[];
  /** The township could not be told (a free chain node): the server decides, the button hides. */
  unresolved?: boolean;
}

/**
 * May `user` edit (update) the record of `layer` at `scope`?
 * @example canEditRecord(official, 'stations', { id: 3, townshipIds: [1], villageIds: [] }) // true for an official of township 1
 */
export function canEditRecord(user: SessionUser | null, layer: LayerName, scope: RecordScope): boolean {
  if (!user) return false;
  switch (EDIT_RULES[layer][user.role]) {
    case 'all':
      return true;
    case 'none':
      return false;
    case 'townships':
      return !scope.unresolved && scope.townshipIds.every((t) => user.township_ids.includes(t));
    case 'village':
      return (
        user.village_id != null && scope.villageIds.length > 0 && scope.villageIds.every((v) => v === user.village_id)
      );
    case 'own-record':
      return user.secretary_id != null && scope.id === user.secretary_id;
  }
}
