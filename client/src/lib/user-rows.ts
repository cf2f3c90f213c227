import type { UserView } from '../api/users.ts';

export type UserStatus = 'active' | 'disabled' | 'locked';

/** A user with what the users table shows of them; `scope` null means "all data". */
export interface UserRow {
  user: UserView;
  scope: string[] | null;
  status: UserStatus;
}

/** What the status column shows: a disabled account is disabled even while also locked. */
export function userStatus(u: Pick<UserView, 'disabled' | 'locked'>): UserStatus {
  if (u.disabled) return 'disabled';
  return u.locked ? 'locked' : 'active';
}

export interface ScopeNames {
  townships: ReadonlyMap<number, string>;
  villages: ReadonlyMap<number, { name: string; township_name: string }>;
}

/**
 * The scope of an account as names: an official's townships, a secretary's village
 * (`柳河镇 · 羊草沟村`); null for roles that see everything. Unknown ids show as `#id`.
 */
export function scopeNames(
  u: Pick<UserView, 'role' | 'township_ids' | 'village_id'>,
  names: ScopeNames,
): string[] | null {
  if (u.role === 'official') return u.township_ids.map((id) => names.townships.get(id) ?? `#${id}`);
  if (u.role === 'secretary') {
    if (u.village_id == null) return [];
    const v = names.villages.get(u.village_id);
    return [v ? `${v.township_name} · ${v.name}` : `#${u.village_id}`];
  }
  return null;
}

/**
 * True when every word of `q` occurs in one of `texts` (case-insensitive).
 * @example matchesQuery(['lihua', '李华', '驻村第一书记'], '李 书记') // true
 */
export function matchesQuery(texts: readonly (string | null | undefined)[], q: string): boolean {
  const hay = texts
    .filter((s): s is string => !!s)
    .join('\n')
    .toLowerCase();
  return q
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => hay.includes(word));
}

/**
 * One page of a list; the page number is clamped into range (a filter may have shrunk the list).
 * @param page 0-based
 */
export function pageOf<T>(list: readonly T[], page: number, size: number): { items: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(list.length / size));
  const p = Math.min(Math.max(0, page), pages - 1);
  return { items: list.slice(p * size, (p + 1) * size), page: p, pages };
}
