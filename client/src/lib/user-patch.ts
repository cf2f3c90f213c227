import type { Role } from '../../../common/enums.ts';
import type { UserUpdate, UserView } from '../api/users.ts';

/** What the user form holds about an account's name, role and scope. */
export interface UserScopeForm {
  display_name: string;
  role: Role;
  township_ids: number[];
  village_id: number | null;
  secretary_id: number | null;
}

const sameIds = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

/**
 * Only what changed between the account and the form (the audit log names the fields sent, and a
 * smaller patch overwrites less). A role's scope is sent whenever the role changes.
 * @returns an empty object when nothing changed
 */
export function userPatch(current: UserView, form: UserScopeForm): UserUpdate {
  const patch: UserUpdate = {};
  const name = form.display_name.trim() || null;
  if (name !== current.display_name) patch.display_name = name;
  const roleChanged = form.role !== current.role;
  if (roleChanged) patch.role = form.role;
  if (form.role === 'official' && (roleChanged || !sameIds(form.township_ids, current.township_ids)))
    patch.township_ids = [...form.township_ids];
  if (form.role === 'secretary') {
    if (roleChanged || form.village_id !== current.village_id) patch.village_id = form.village_id;
    if (roleChanged || form.secretary_id !== current.secretary_id) patch.secretary_id = form.secretary_id;
  }
  return patch;
}
