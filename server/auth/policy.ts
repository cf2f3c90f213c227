/**
 * The permission table of ARCHITECTURE.md, in one place. Every write, phone read, import, export
 * and user-admin call asks here; the matrix test walks this table against the running app.
 */
import type { Role } from '../../common/enums.ts';
import { SECRETARY_CONTACT_FIELDS, type LayerName } from '../../common/schemas/layers.ts';

export interface SessionUser {
  id: number;
  username: string;
  display_name: string | null;
  role: Role;
  /** Officials: the townships they may edit. */
  township_ids: number[];
  /** Secretaries: their village. */
  village_id: number | null;
  /** Secretaries: their own secretary record. */
  secretary_id: number | null;
  /** Set after an admin reset: the client asks the user to choose a new password. */
  must_change_password?: boolean;
}

/** Where a row (before or after a write) lies: the townships and villages it touches. */
export interface Scope {
  townshipIds: number[];
  villageIds: number[];
  /** A location outside every township (official scope cannot be decided). */
  unresolved?: boolean;
}

export type WriteAction = 'create' | 'update' | 'delete' | 'restore';

/**
 * Who may write each layer:
 * - `all`: anywhere; `townships`: only inside the user's townships;
 * - `village`: only rows of the user's own village (`village-update`: update only, no create/delete);
 * - `own-contact`: only the contact fields of the user's own secretary record; `none`.
 */
type Rule = 'all' | 'townships' | 'village' | 'village-update' | 'own-contact' | 'none';

export const WRITE_RULES: Record<LayerName, Record<Role, Rule>> = {
  townships: { admin: 'all', official: 'none', planner: 'none', secretary: 'none' },
  villages: { admin: 'all', official: 'townships', planner: 'none', secretary: 'village-update' },
  assets: { admin: 'all', official: 'townships', planner: 'none', secretary: 'village' },
  secretaries: { admin: 'all', official: 'townships', planner: 'none', secretary: 'own-contact' },
  assessments: { admin: 'all', official: 'townships', planner: 'none', secretary: 'none' },
  stations: { admin: 'all', official: 'townships', planner: 'none', secretary: 'none' },
  chains: { admin: 'all', official: 'townships', planner: 'all', secretary: 'none' },
  'chain-nodes': { admin: 'all', official: 'townships', planner: 'all', secretary: 'none' },
  'chain-links': { admin: 'all', official: 'townships', planner: 'all', secretary: 'none' },
  alliances: { admin: 'all', official: 'townships', planner: 'all', secretary: 'none' },
};

export interface Decision {
  allowed: boolean;
  reason?: string;
}

const allow: Decision = { allowed: true };
const deny = (reason: string): Decision => ({ allowed: false, reason });

function insideTownships(user: SessionUser, scope: Scope): boolean {
  return !scope.unresolved && scope.townshipIds.every((t) => user.township_ids.includes(t));
}

/**
 * Whether `user` may ever do `action` on some row of `layer`, whatever the row: false when the
 * rule refuses it outright (checked before any row is looked up; `canWrite` decides per row).
 */
export function mayEverDo(user: SessionUser, layer: LayerName, action: WriteAction): boolean {
  const rule = WRITE_RULES[layer][user.role];
  if (rule === 'none') return false;
  if (rule === 'own-contact') return action === 'update';
  if (rule === 'village-update') return action !== 'create' && action !== 'delete';
  return true;
}

/**
 * May `user` do `action` on a row of `layer` lying in `scopes` (the row before and after)?
 * @param ctx.rowId the row written (for own-record rules); ctx.changedKeys the properties changed
 */
export function canWrite(
  user: SessionUser,
  layer: LayerName,
  action: WriteAction,
  scopes: readonly Scope[],
  ctx: { rowId?: number; changedKeys?: readonly string[]; geometryChanged?: boolean } = {},
): Decision {
  const rule = WRITE_RULES[layer][user.role];
  switch (rule) {
    case 'all':
      return allow;
    case 'none':
      return deny(`${user.role} may not edit ${layer}`);
    case 'townships':
      return scopes.every((s) => insideTownships(user, s)) ? allow : deny('outside your townships');
    case 'village-update':
    case 'village': {
      if (rule === 'village-update' && (action === 'create' || action === 'delete'))
        return deny(`${user.role} may not ${action} ${layer}`);
      const own = user.village_id;
      const ok = own != null && scopes.every((s) => s.villageIds.length > 0 && s.villageIds.every((v) => v === own));
      return ok ? allow : deny('not your village');
    }
    case 'own-contact': {
      if (action !== 'update' || ctx.rowId == null || ctx.rowId !== user.secretary_id)
        return deny('only your own record');
      const extra = (ctx.changedKeys ?? []).filter((k) => !(SECRETARY_CONTACT_FIELDS as readonly string[]).includes(k));
      return extra.length || ctx.geometryChanged
        ? deny(`only contact fields (${SECRETARY_CONTACT_FIELDS.join(', ')})`)
        : allow;
    }
  }
}

/** Secretaries' phone numbers: officials and admins see all, a secretary their own, planners none. */
export function canSeePhone(user: SessionUser, secretaryId: number): boolean {
  if (user.role === 'admin' || user.role === 'official') return true;
  return user.role === 'secretary' && user.secretary_id === secretaryId;
}

/** Import: admins and planners anywhere, officials inside their townships, secretaries never. */
export function canImport(user: SessionUser, scopes: readonly Scope[]): Decision {
  if (user.role === 'admin' || user.role === 'planner') return allow;
  if (user.role === 'official')
    return scopes.every((s) => insideTownships(user, s)) ? allow : deny('outside your townships');
  return deny('secretaries may not import');
}

/** Export: everyone; a secretary only their own village (the caller narrows the filter). */
export function exportVillageRestriction(user: SessionUser): number | null {
  return user.role === 'secretary' ? (user.village_id ?? -1) : null;
}

export function canManageUsers(user: SessionUser): boolean {
  return user.role === 'admin';
}
