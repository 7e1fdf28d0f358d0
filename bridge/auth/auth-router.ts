/**
 * REST side of authentication:
 *   POST /api/auth/login {userId, password} → 200 {token, user:{id,name,role}, expiresAt} | 401 | 429 (Retry-After) | 503
 *   POST /api/auth/logout                    → 204 (ends this token's session; its sockets are told and closed)
 *   GET  /api/auth/me                        → {user, session:{id, expiresAt}} | 401 {reason: unknown|expired|revoked|logout}
 *   GET  /api/sessions                       → live sessions (lead/admin)
 *   POST /api/sessions/:id/revoke            → 204 | 403 | 404 (lead/admin)
 */
import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Auth, Session } from './index.js';
import { bearerToken, requireRole } from './require-role.js';

const loginSchema = z
  .object({
    userId: z.string().min(1).max(64),
    password: z.string().min(1).max(256),
  })
  .strict();

const sessionIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);

const sessionView = (s: Session, current?: Session) => ({
  id: s.id,
  user: { id: s.user.id, name: s.user.name, role: s.user.role },
  createdAt: s.createdAt,
  expiresAt: s.expiresAt,
  ip: s.ip,
  current: current?.id === s.id,
});

export function authRouter(auth: Auth): Router {
  const r = Router();
  // Small bodies only; a no-op when the app already parsed JSON.
  r.use('/api/auth', express.json({ limit: '4kb' }));

  r.post('/api/auth/login', async (req: Request, res: Response) => {
    const parsed = loginSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: 'bad-request', message: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') });
      return;
    }
    const out = await auth.login({ ...parsed.data, ip: req.ip ?? req.socket.remoteAddress ?? 'unknown' });
    if (!out.ok && out.reason === 'unavailable') {
      res.status(503).set('Retry-After', '5').json({ error: 'unavailable', message: 'the session store is not answering; try again shortly' });
      return;
    }
    if (!out.ok && out.reason === 'rate-limited') {
      res.status(429).set('Retry-After', String(out.retryAfterSeconds)).json({ error: 'rate-limited', retryAfterSeconds: out.retryAfterSeconds });
      return;
    }
    if (!out.ok) {
      res.status(401).json({ error: 'credentials', message: 'wrong user id or password' });
      return;
    }
    const { user, expiresAt } = out.session;
    res.status(200).json({ token: out.token, user: { id: user.id, name: user.name, role: user.role }, expiresAt });
  });

  r.post('/api/auth/logout', async (req: Request, res: Response) => {
    const token = bearerToken(req);
    if (token) await auth.logout(token, req.ip ?? req.socket.remoteAddress ?? 'unknown');
    // Logging out twice, or with a dead token, is not an error worth showing a person.
    res.status(204).end();
  });

  r.get('/api/auth/me', requireRole(auth), (_req: Request, res: Response) => {
    const s = res.locals.session as Session;
    res.json({ user: s.user, session: { id: s.id, expiresAt: s.expiresAt } });
  });

  r.get('/api/sessions', requireRole(auth, 'lead', 'admin'), async (_req: Request, res: Response) => {
    const me = res.locals.session as Session;
    res.json((await auth.sessions()).map((s) => sessionView(s, me)));
  });

  r.post('/api/sessions/:id/revoke', requireRole(auth, 'lead', 'admin'), async (req: Request, res: Response) => {
    const id = sessionIdSchema.safeParse(req.params.id);
    if (!id.success) {
      res.status(400).json({ error: 'bad-request', message: 'malformed session id' });
      return;
    }
    const out = await auth.revoke(id.data, (res.locals.session as Session).user);
    if (out === 'not-found') res.status(404).json({ error: 'not-found', message: 'no such live session' });
    else if (out === 'forbidden') res.status(403).json({ error: 'forbidden', message: 'a lead cannot end an administrator session' });
    else res.status(204).end();
  });

  return r;
}
