/**
 * Liveness and metrics. /healthz carries no personal data and is open (load balancers and process
 * supervisors call it without credentials); /metrics needs a lead/admin session or the scrape token.
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import type { Registry } from 'prom-client';
import type { TelephonyHealth } from '../../telephony/telephony-port.js';
import type { Guard } from './guard.js';

export interface HealthSource {
  /** Absent on a standby bridge (it holds no telephony connection). */
  telephony(): TelephonyHealth | null;
  store(): { ok: boolean; backend: string };
  /** active | standby (HA on PostgreSQL), with what this process is doing about it. */
  role?(): { role: 'active' | 'standby'; draining: boolean; instance?: string };
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.replace(/^Bearer\s+/i, '') ?? '');
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

export function opsRoutes(opts: { health: HealthSource; registry: Registry | (() => Registry); guard: Guard; metricsToken?: string; startedAt: number }): Router {
  const r = Router();
  r.get('/healthz', (_req: Request, res: Response) => {
    const telephony = opts.health.telephony();
    const store = opts.health.store();
    const role = opts.health.role?.();
    const ok = (telephony?.ok ?? true) && store.ok;
    res.status(ok ? 200 : 503).json({
      status: ok ? 'ok' : 'degraded',
      ...(role ?? {}),
      uptimeSeconds: Math.round((Date.now() - opts.startedAt) / 1000),
      telephony,
      store,
    });
  });
  const leadGuard = opts.guard('lead', 'admin');
  r.get(
    '/metrics',
    (req: Request, res: Response, next: NextFunction) => {
      if (opts.metricsToken && tokenMatches(req.headers.authorization, opts.metricsToken)) return next();
      return leadGuard(req, res, next);
    },
    async (_req: Request, res: Response) => {
      const registry = typeof opts.registry === 'function' ? opts.registry() : opts.registry;
      res.set('Content-Type', registry.contentType);
      res.send(await registry.metrics());
    },
  );
  return r;
}
