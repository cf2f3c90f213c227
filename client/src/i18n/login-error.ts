import type { ApiErrorInfo } from '../api/http.ts';
import { errorKey, type ErrorKey } from './error-key.ts';

export type LoginErrorKey =
  | 'login.errors.invalidCredentials'
  | 'login.errors.disabled'
  | 'login.errors.locked'
  | 'login.errors.tooMany'
  | ErrorKey;

/**
 * The message for a failed sign-in and its parameters (`minutes` to wait, rounded up).
 * @example loginError({ status: 429, code: 'account_locked', message: '', extra: { retry_after_s: 600 } })
 * // { key: 'login.errors.locked', params: { minutes: 10 } }
 */
export function loginError(e: ApiErrorInfo): { key: LoginErrorKey; params: { minutes: number } } {
  const seconds = Number(e.extra?.retry_after_s);
  const params = { minutes: Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds / 60) : 15 };
  switch (e.code) {
    case 'invalid_credentials':
    case 'validation_failed':
      return { key: 'login.errors.invalidCredentials', params };
    case 'account_disabled':
      return { key: 'login.errors.disabled', params };
    case 'account_locked':
      return { key: 'login.errors.locked', params };
    case 'too_many_attempts':
      return { key: 'login.errors.tooMany', params };
    default:
      return { key: errorKey(e), params };
  }
}
