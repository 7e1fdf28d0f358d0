/**
 * Liveness and metrics. /healthz carries no personal data and is open (load balancers and process
 * supervisors call it without credentials); /metrics needs a lead/admin session or the scrape token.
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import type { Registry } from 'prom-client';
import type { TelephonyHealth } from '../../telephony/telephony-port.js';
import type { Guard } from './guard.js';

/** One more thing /healthz looks at (Redis, the pop's store deadline…): ok, or why not. */
export interface HealthPart {
  ok: boolean;
  /** One short sentence per problem; shown in `reasons` when not ok. */
  reasons?: string[];
}

export interface HealthSource {
  /** Absent on a standby bridge (it holds no telephony connection). */
  telephony(): TelephonyHealth | null;
  store(): { ok: boolean; backend: string; lastError?: string; reasons?: string[] };
  /** active | standby (HA on PostgreSQL), with what this process is doing about it. */
  role?(): { role: 'active' | 'standby'; draining: boolean; instance?: string };
  /** Further parts by name; each appears in the answer under its name. Absent parts are left out. */
  parts?(): Record<string, HealthPart | undefined>;
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  /** Why it is degraded; empty when ok. */
  reasons: string[];
  uptimeSeconds: number;
  telephony: TelephonyHealth | null;
  store: ReturnType<HealthSource['store']>;
  [part: string]: unknown;
}

/** The health answer, worked out fresh on every call: recovery shows at once, without a restart. */
export function healthReport(source: HealthSource, startedAt: number, now = Date.now()): HealthReport {
  const telephony = source.telephony();
  const store = source.store();
  const reasons: string[] = [];
  const role = source.role?.();
  if (telephony && !telephony.ok) reasons.push(`telephony: ${telephony.detail || 'not ok'}`);
  if (!store.ok) reasons.push(...(store.reasons?.length ? store.reasons : [`store (${store.backend}): ${store.lastError ?? 'not available'}`]));
  else if (store.reasons?.length) reasons.push(...store.reasons);
  const parts: Record<string, HealthPart> = {};
  for (const [name, part] of Object.entries(source.parts?.() ?? {})) {
    if (!part) continue;
    parts[name] = part;
    if (!part.ok) reasons.push(...(part.reasons?.length ? part.reasons : [`${name}: not ok`]));
  }
  return {
    status: reasons.length ? 'degraded' : 'ok',
    reasons,
    ...(role ?? {}),
    uptimeSeconds: Math.round((now - startedAt) / 1000),
    telephony,
    store,
    ...parts,
  };
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.replace(/^Bearer\s+/i, '') ?? '');
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

export function opsRoutes(opts: { health: HealthSource; registry: Registry | (() => Registry); guard: Guard; metricsToken?: string; startedAt: number }): Router {
  const r = Router();
  r.get('/healthz', (_req: Request, res: Response) => {
    const report = healthReport(opts.health, opts.startedAt);
    res.status(report.status === 'ok' ? 200 : 503).json(report);
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
