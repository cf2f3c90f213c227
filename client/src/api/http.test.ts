import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, onUnauthenticated, requestJson } from './http.ts';

function answer(status: number, body?: unknown): void {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () =>
      body === undefined
        ? new Response(null, { status })
        : new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }),
    ),
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('requestJson', () => {
  it('sends JSON with the version in If-Match', async () => {
    answer(200, { ok: true });
    await requestJson('PATCH', '/api/users/3', { body: { role: 'planner' }, ifMatch: 7 });
    const [path, init] = vi.mocked(fetch).mock.calls[0]!;
    expect(path).toBe('/api/users/3');
    expect(init?.method).toBe('PATCH');
    expect(init?.headers).toMatchObject({ 'If-Match': '"7"', 'Content-Type': 'application/json' });
    expect(init?.body).toBe('{"role":"planner"}');
  });

  it('answers undefined for 204 No Content', async () => {
    answer(204);
    await expect(requestJson('DELETE', '/api/session')).resolves.toBeUndefined();
  });

  it('keeps the extra fields of the error (retry_after_s, current_version)', async () => {
    answer(429, { error: { code: 'account_locked', message: 'locked', details: [], retry_after_s: 600 } });
    const e = await requestJson('POST', '/api/session', { body: {} }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).toInfo()).toMatchObject({
      status: 429,
      code: 'account_locked',
      extra: { retry_after_s: 600 },
    });
  });

  it('tells the 401 listeners, and stops when they unsubscribe', async () => {
    const seen: string[] = [];
    const off = onUnauthenticated((e) => seen.push(e.code));
    answer(401, { error: { code: 'unauthenticated', message: 'Please sign in' } });
    await requestJson('GET', '/api/users').catch(() => undefined);
    off();
    await requestJson('GET', '/api/users').catch(() => undefined);
    expect(seen).toEqual(['unauthenticated']);
  });
});
