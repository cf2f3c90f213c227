import type { Request, RequestHandler, Response } from 'express';
import type { SessionUser } from '../auth/policy.ts';
import type { SessionService } from '../auth/session-service.ts';
import { HttpError } from './errors.ts';

export const SESSION_COOKIE = 'xiangtu_session';

/** Reads one cookie without a parser dependency. */
export function readCookie(req: Request, name: string): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** Sets `res.locals.user` from the session cookie, if any. */
export function authenticate(sessions: SessionService): RequestHandler {
  return async (req, res, next) => {
    const token = readCookie(req, SESSION_COOKIE);
    res.locals.user = null;
    if (token) {
      const s = await sessions.authenticate(token);
      if (s) res.locals.user = s.user;
    }
    next();
  };
}

export function currentUser(res: Response): SessionUser | null {
  return (res.locals.user as SessionUser | null) ?? null;
}

/** The signed-in user; 401 otherwise. */
export function userOf(res: Response): SessionUser {
  const u = currentUser(res);
  if (!u) throw new HttpError(401, 'unauthenticated', 'Please sign in');
  return u;
}

export const requireUser: RequestHandler = (_req, res, next) => {
  userOf(res);
  next();
};

export const requireAdmin: RequestHandler = (_req, res, next) => {
  if (userOf(res).role !== 'admin') throw new HttpError(403, 'forbidden', 'Only administrators may do this');
  next();
};

/**
 * CSRF defence in depth beside SameSite=Lax cookies: a browser write whose Origin (or Referer) is
 * another site is refused. Non-browser clients send neither and carry no ambient cookie risk.
 */
export const sameOriginWrites: RequestHandler = (req, _res, next) => {
  if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return next();
  const source = req.headers.origin ?? req.headers.referer;
  if (!source) return next();
  let host: string;
  try {
    host = new URL(source).host;
  } catch {
    throw new HttpError(403, 'cross_origin', 'Cross-site request refused');
  }
  const forwarded = req.headers['x-forwarded-host'];
  const expected = (typeof forwarded === 'string' && req.app.get('trust proxy') ? forwarded : req.headers.host) ?? '';
  if (host !== expected) throw new HttpError(403, 'cross_origin', 'Cross-site request refused');
  next();
};
