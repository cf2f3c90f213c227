/**
 * The permission rule of every write, worded for the API reference. The wording comes from
 * WRITE_RULES, and whether a role may do an action at all is asked of `canWrite` itself, so the
 * reference cannot promise what the policy refuses (e.g. a secretary creating a village).
 */
import { ROLES, type Role } from '../../common/enums.ts';
import { SECRETARY_CONTACT_FIELDS, type LayerName } from '../../common/schemas/layers.ts';
import { canWrite, WRITE_RULES, type SessionUser, type WriteAction } from '../auth/policy.ts';

const RULE_TEXT: Record<(typeof WRITE_RULES)[LayerName][Role], string> = {
  all: 'all',
  townships: 'own townships',
  village: 'own village',
  'village-update': 'own village',
  'own-contact': `own secretary record, contact fields only (${SECRETARY_CONTACT_FIELDS.join(', ')})`,
  none: 'no',
};

/** A user of `role` writing a row that lies entirely in their own township and village. */
function insider(role: Role): SessionUser {
  return {
    id: 1,
    username: role,
    display_name: null,
    role,
    township_ids: [1],
    village_id: 1,
    secretary_id: 1,
  };
}

/** "admin: all; official: own townships; planner: no; secretary: own village" */
export function describeWrite(layer: LayerName, action: WriteAction): string {
  return ROLES.map((role) => {
    const rule = WRITE_RULES[layer][role];
    const d = canWrite(insider(role), layer, action, [{ townshipIds: [1], villageIds: [1] }], {
      rowId: 1,
      changedKeys: [...SECRETARY_CONTACT_FIELDS],
      geometryChanged: false,
    });
    return `${role}: ${d.allowed ? RULE_TEXT[rule] : 'no'}`;
  }).join('; ');
}

export const SCOPE_NOTE =
  '"own townships": the row before and after the write must lie inside the official\'s townships; ' +
  '"own village": inside the secretary\'s village. A refused write is 403 `forbidden`.';
