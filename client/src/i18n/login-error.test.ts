import { describe, expect, it } from 'vitest';
import { loginError } from './login-error.ts';

const err = (status: number, code: string, extra?: Record<string, unknown>) => ({ status, code, message: '', extra });

describe('loginError', () => {
  it('names each refusal of the server', () => {
    expect(loginError(err(401, 'invalid_credentials')).key).toBe('login.errors.invalidCredentials');
    expect(loginError(err(403, 'account_disabled')).key).toBe('login.errors.disabled');
    expect(loginError(err(429, 'too_many_attempts', { retry_after_s: 900 }))).toEqual({
      key: 'login.errors.tooMany',
      params: { minutes: 15 },
    });
  });

  it('rounds the wait of a locked account up to whole minutes', () => {
    expect(loginError(err(429, 'account_locked', { retry_after_s: 61 })).params.minutes).toBe(2);
  });

  it('falls back to the general messages for other failures', () => {
    expect(loginError(err(0, 'network')).key).toBe('errors.network');
    expect(loginError(err(500, 'internal')).key).toBe('errors.server');
  });
});
