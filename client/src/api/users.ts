import type { z } from 'zod';
import type { Role } from '../../../common/enums.ts';
import type { userCreateSchema, userUpdateSchema } from '../../../common/schemas/users.ts';
import { ApiError, getJson, requestJson } from './http.ts';

/** An account as the admin API shows it (never the password hash). */
export interface UserView {
  id: number;
  username: string;
  display_name: string | null;
  role: Role;
  township_ids: number[];
  village_id: number | null;
  secretary_id: number | null;
  disabled: boolean;
  /** Locked for a while after too many wrong passwords. */
  locked: boolean;
  last_login_at: string | null;
  /** Set by an admin's password reset until the user picks their own. */
  must_change_password: boolean;
  version: number;
  created_at: string;
  updated_at: string;
}

export type UserCreate = z.input<typeof userCreateSchema>;
export type UserUpdate = z.input<typeof userUpdateSchema>;

function assertUser(body: unknown): UserView {
  const u = body as Partial<UserView> | null;
  if (!u || typeof u.id !== 'number' || typeof u.version !== 'number') {
    throw new ApiError({ status: 200, code: 'bad_response', message: 'Expected a user' });
  }
  return u as UserView;
}

/** `GET /api/users` (admin): every account. */
export async function fetchUsers(signal?: AbortSignal): Promise<UserView[]> {
  const body = await getJson<{ users?: unknown }>('/api/users', signal);
  if (!Array.isArray(body.users)) throw new ApiError({ status: 200, code: 'bad_response', message: 'Expected users' });
  return body.users.map(assertUser);
}

/** `GET /api/users/:id` (admin): one account. */
export async function fetchUser(id: number, signal?: AbortSignal): Promise<UserView> {
  return assertUser(await getJson<unknown>(`/api/users/${encodeURIComponent(id)}`, signal));
}

/**
 * `POST /api/users` (admin): creates an account.
 * @throws ApiError `username_taken` (409), `validation_failed` (400) with `details` per field
 */
export async function createUser(body: UserCreate): Promise<UserView> {
  return assertUser(await requestJson<unknown>('POST', '/api/users', { body }));
}

/**
 * `PATCH /api/users/:id` (admin) based on `version`.
 * @throws ApiError `version_conflict` (412, `extra.current_version`) when someone changed the user first
 */
export async function updateUser(id: number, version: number, patch: UserUpdate): Promise<UserView> {
  return assertUser(
    await requestJson<unknown>('PATCH', `/api/users/${encodeURIComponent(id)}`, { body: patch, ifMatch: version }),
  );
}

/** `POST /api/users/:id/password` (admin): sets a new password (the user must change it after signing in). */
export async function resetUserPassword(id: number, password: string): Promise<UserView> {
  return assertUser(
    await requestJson<unknown>('POST', `/api/users/${encodeURIComponent(id)}/password`, { body: { password } }),
  );
}
