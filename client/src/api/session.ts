import type { Role } from '../../../common/enums.ts';
import { ApiError, getJson, requestJson } from './http.ts';

/** The signed-in user as `GET /api/session` returns it. */
export interface SessionUser {
  id: number;
  username: string;
  display_name: string | null;
  role: Role;
  /** Officials: the townships they look after. */
  township_ids: number[];
  /** Secretaries: their village. */
  village_id: number | null;
  /** Secretaries: their own secretary record. */
  secretary_id: number | null;
}

function assertUser(body: unknown): SessionUser {
  const user = (body as { user?: Partial<SessionUser> } | null)?.user;
  if (!user || typeof user.id !== 'number' || typeof user.username !== 'string' || typeof user.role !== 'string') {
    throw new ApiError({ status: 200, code: 'bad_response', message: 'Expected {"user": {...}}' });
  }
  return user as SessionUser;
}

/**
 * `GET /api/session`: who is signed in.
 * @returns the user, or null when nobody is (401)
 */
export async function fetchSession(signal?: AbortSignal): Promise<SessionUser | null> {
  try {
    return assertUser(await getJson<unknown>('/api/session', signal));
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

/**
 * `POST /api/session`: signs in (the server sets an httpOnly cookie).
 * @throws ApiError `invalid_credentials` (401), `account_disabled` (403), `account_locked` or
 *   `too_many_attempts` (429, with `extra.retry_after_s`), `validation_failed` (400)
 */
export async function signIn(username: string, password: string): Promise<SessionUser> {
  return assertUser(await requestJson<unknown>('POST', '/api/session', { body: { username, password } }));
}

/** `DELETE /api/session`: signs out. */
export async function signOut(): Promise<void> {
  await requestJson<void>('DELETE', '/api/session');
}

/**
 * `POST /api/session/password`: changes the signed-in user's own password.
 * @throws ApiError `validation_failed` with a detail at path `current` when the current password is wrong
 */
export async function changeOwnPassword(current: string, password: string): Promise<void> {
  await requestJson<void>('POST', '/api/session/password', { body: { current, password } });
}
