/**
 * Express middleware: lets a request through only with `Authorization: Bearer <token>` of a live session
 * whose role is one of `roles`. 401 without a valid session, 403 with the wrong role. The user lands on
 * `res.locals.user` ({ id, role, name, seatId? }) and the session on `res.locals.session`.
 */
import type { Request, RequestHandler } from 'express';
import type { Auth } from './index.js';
import type { Role } from '../hub/events.js';

export function bearerToken(req: Pick<Request, 'headers'>): string | undefined {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return undefined;
  const m = /^Bearer\s+([A-Za-z0-9_-]{20,200})\s*$/i.exec(h);
  return m?.[1];
}

export function requireRole(auth: Auth, ...roles: Role[]): RequestHandler {
  const allowed = new Set<Role>(roles.length ? roles : ['agent', 'lead', 'admin']);
  return (req, res, next) => {
    const session = auth.authenticate(bearerToken(req));
    if (!session) {
      res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'unauthorized', message: 'log in first' });
      return;
    }
    if (!allowed.has(session.user.role)) {
      res.status(403).json({ error: 'forbidden', message: `needs role ${[...allowed].join(' or ')}` });
      return;
    }
    res.locals.user = session.user;
    res.locals.session = session;
    next();
  };
}
