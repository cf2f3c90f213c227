import { describe, expect, it } from 'vitest';
import type { UserView } from '../api/users.ts';
import { userPatch } from './user-patch.ts';

const official: UserView = {
  id: 2,
  username: 'official',
  display_name: '柳河镇干部',
  role: 'official',
  township_ids: [1, 2],
  village_id: null,
  secretary_id: null,
  disabled: false,
  locked: false,
  last_login_at: null,
  must_change_password: false,
  version: 1,
  created_at: '',
  updated_at: '',
};
const form = {
  display_name: '柳河镇干部',
  role: 'official' as const,
  township_ids: [2, 1],
  village_id: null,
  secretary_id: null,
};

describe('userPatch', () => {
  it('is empty when nothing changed (the order of townships does not matter)', () => {
    expect(userPatch(official, form)).toEqual({});
  });

  it('sends a cleared name as null and changed townships', () => {
    expect(userPatch(official, { ...form, display_name: ' ', township_ids: [1] })).toEqual({
      display_name: null,
      township_ids: [1],
    });
  });

  it('sends the scope of the new role with a role change', () => {
    expect(userPatch(official, { ...form, role: 'secretary', village_id: 8, secretary_id: null })).toEqual({
      role: 'secretary',
      village_id: 8,
      secretary_id: null,
    });
    expect(userPatch(official, { ...form, role: 'planner' })).toEqual({ role: 'planner' });
  });
});
