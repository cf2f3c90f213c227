import { Router } from 'express';
import type { AppDeps } from '../app.ts';
import { currentUser, readCookie, SESSION_COOKIE, userOf } from '../http/auth.ts';
import { HttpError } from '../http/errors.ts';

/** `POST/GET/DELETE /api/session` (log in, who am I, log out) and `POST /api/session/password`. */
export function sessionRouter({ services, config }: AppDeps): Router {
  const r = Router();
  const cookie = {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: config.COOKIE_SECURE === '1',
    path: '/',
  };

  r.post('/session', async (req, res) => {
    const result = await services.sessions.login(req.body, {
      ip: req.ip ?? null,
      userAgent: req.get('user-agent') ?? null,
      previousToken: readCookie(req, SESSION_COOKIE),
    });
    res.cookie(SESSION_COOKIE, result.token, { ...cookie, maxAge: services.sessions.idleHours * 3_600_000 });
    res.status(201).json({ user: result.user });
  });

  r.get('/session', (_req, res) => {
    const user = currentUser(res);
    if (!user) throw new HttpError(401, 'unauthenticated', 'Please sign in');
    res.json({ user });
  });

  r.delete('/session', async (req, res) => {
    const token = readCookie(req, SESSION_COOKIE);
    if (token) await services.sessions.logout(token, currentUser(res), req.ip ?? null);
    res.clearCookie(SESSION_COOKIE, cookie);
    res.status(204).end();
  });

  r.post('/session/password', async (req, res) => {
    await services.users.changeOwnPassword(userOf(res), req.body);
    res.status(204).end();
  });

  return r;
}
