import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../../../common/enums.ts';
import { LAYER_NAMES } from '../../../../common/schemas/layers.ts';
import { canWrite, WRITE_RULES } from '../../../../server/auth/policy.ts';
import type { SessionUser } from '../../api/session.ts';
import { canEditRecord, EDIT_RULES, type RecordScope } from './edit-policy.ts';

const user = (role: Role, extra: Partial<SessionUser> = {}): SessionUser => ({
  id: 1,
  username: role,
  display_name: null,
  role,
  township_ids: role === 'official' ? [1] : [],
  village_id: role === 'secretary' ? 8 : null,
  secretary_id: role === 'secretary' ? 20 : null,
  ...extra,
});

const SCOPES: RecordScope[] = [
  { id: 20, townshipIds: [1], villageIds: [8] }, // the secretary's own village and record
  { id: 21, townshipIds: [1], villageIds: [9] }, // another village of township 1
  { id: 22, townshipIds: [2], villageIds: [30] }, // another township
  { id: 23, townshipIds: [1, 2], villageIds: [8, 30] }, // across two townships (an alliance)
  { id: 24, townshipIds: [1], villageIds: [] }, // a township-level station
  { id: 25, townshipIds: [], villageIds: [], unresolved: true }, // a free node outside every township
];

describe('canEditRecord', () => {
  it('uses the same rule kinds as the server table, layer by layer', () => {
    const kind = {
      all: 'all',
      none: 'none',
      townships: 'townships',
      village: 'village',
      'village-update': 'village',
      'own-contact': 'own-record',
    } as const;
    for (const layer of LAYER_NAMES)
      for (const role of ROLES)
        expect(EDIT_RULES[layer][role], `${layer} ${role}`).toBe(kind[WRITE_RULES[layer][role]]);
  });

  it('agrees with the server on every role, layer and scope (an update of the contact fields)', () => {
    for (const role of ROLES)
      for (const layer of LAYER_NAMES)
        for (const scope of SCOPES) {
          const u = user(role);
          const server = canWrite(
            u,
            layer,
            'update',
            [{ ...scope, townshipIds: [...scope.townshipIds], villageIds: [...scope.villageIds] }],
            { rowId: scope.id, changedKeys: ['phone'] },
          ).allowed;
          expect(canEditRecord(u, layer, scope), `${role} ${layer} ${JSON.stringify(scope)}`).toBe(server);
        }
  });

  it('offers officials their townships only, secretaries their own village and record', () => {
    const official = user('official');
    expect(canEditRecord(official, 'villages', SCOPES[1]!)).toBe(true);
    expect(canEditRecord(official, 'villages', SCOPES[2]!)).toBe(false);
    expect(canEditRecord(official, 'alliances', SCOPES[3]!)).toBe(false);
    const secretary = user('secretary');
    expect(canEditRecord(secretary, 'assets', SCOPES[0]!)).toBe(true);
    expect(canEditRecord(secretary, 'assets', SCOPES[1]!)).toBe(false);
    expect(canEditRecord(secretary, 'secretaries', SCOPES[0]!)).toBe(true);
    expect(canEditRecord(secretary, 'secretaries', SCOPES[1]!)).toBe(false);
    expect(canEditRecord(secretary, 'stations', SCOPES[0]!)).toBe(false);
    expect(canEditRecord(user('planner'), 'alliances', SCOPES[3]!)).toBe(true);
    expect(canEditRecord(user('planner'), 'villages', SCOPES[0]!)).toBe(false);
    expect(canEditRecord(user('admin'), 'stations', SCOPES[5]!)).toBe(true);
    expect(canEditRecord(null, 'stations', SCOPES[0]!)).toBe(false);
  });
});
