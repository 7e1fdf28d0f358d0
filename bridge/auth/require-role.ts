/**
 * Express middleware: lets a request through only with `Authorization: Bearer <token>` of a live session
 * whose role is one of `roles`. 401 without a valid session — the body says why (`reason`: missing,
 * unknown, expired, revoked, logout) so the desktop can tell the person — 403 with the wrong role, 503
 * when the session back end does not answer (the session may well be fine: retry, don't log out).
 * The user lands on `res.locals.user` ({ id, role, name, seatId? }) and the session on `res.locals.session`.
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
    auth.authenticate(bearerToken(req)).then(
      (check) => {
        if (!check.ok && check.reason === 'unavailable') {
          res.status(503).set('Retry-After', '2').json({ error: 'unavailable', message: 'sessions cannot be checked right now; try again' });
          return;
        }
        if (!check.ok) {
          res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'unauthorized', reason: check.reason, message: 'log in first' });
          return;
        }
        const session = check.session;
        if (!allowed.has(session.user.role)) {
          res.status(403).json({ error: 'forbidden', message: `needs role ${[...allowed].join(' or ')}` });
          return;
        }
        res.locals.user = session.user;
        res.locals.session = session;
        next();
      },
      (err: unknown) => next(err),
    );
  };
}
