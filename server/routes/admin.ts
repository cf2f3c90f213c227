import { Router } from 'express';
import type { AppDeps } from '../app.ts';
import { requireAdmin, requireUser, userOf } from '../http/auth.ts';
import { requireIfMatch } from '../http/preconditions.ts';
import { parseId, parseQuery } from '../http/query.ts';
import { z } from 'zod';

const auditQuery = z.object({
  limit: z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(1).max(500)).default(100),
  offset: z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(0)).default(0),
});

/** Users (admin), settings (read: everyone signed in; write: admin), audit log (admin). */
export function adminRouter({ services, clock }: AppDeps): Router {
  const r = Router();

  r.get('/users', requireAdmin, async (_req, res) => {
    res.json({ users: await services.users.list() });
  });
  r.get('/users/:id', requireAdmin, async (req, res) => {
    const u = await services.users.get(parseId(req.params.id, 'User'));
    res.set('ETag', `"${u.version}"`).json(u);
  });
  r.post('/users', requireAdmin, async (req, res) => {
    const u = await services.users.create(userOf(res), req.body);
    res.status(201).set('ETag', `"${u.version}"`).json(u);
  });
  r.patch('/users/:id', requireAdmin, async (req, res) => {
    const u = await services.users.update(userOf(res), parseId(req.params.id, 'User'), requireIfMatch(req), req.body);
    res.set('ETag', `"${u.version}"`).json(u);
  });
  r.post('/users/:id/password', requireAdmin, async (req, res) => {
    res.json(await services.users.resetPassword(userOf(res), parseId(req.params.id, 'User'), req.body));
  });

  r.get('/settings', requireUser, async (_req, res) => {
    const v = await services.settings.view();
    res.set('ETag', `"${v.version}"`).json(v);
  });
  r.patch('/settings', requireAdmin, async (req, res) => {
    const v = await services.settings.update(
      req.body,
      requireIfMatch(req),
      clock.now().toISOString(),
      userOf(res).username,
    );
    res.set('ETag', `"${v.version}"`).json(v);
  });

  r.get('/audit', requireAdmin, async (req, res) => {
    const q = parseQuery(auditQuery, req.query);
    res.json({ entries: await services.audit.list(q.limit, q.offset) });
  });

  return r;
}
