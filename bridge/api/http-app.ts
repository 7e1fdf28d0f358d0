/**
 * The bridge's HTTP side as one express app: security headers, JSON bodies, login and sessions, health
 * and metrics, call views, the lab API (lab mode only), then the desktop bundle. Unknown /api paths are
 * JSON 404s; request errors (malformed JSON …) a clear 4xx, logged, nothing else disturbed.
 */
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Auth } from '../auth/index.js';
import { authRouter } from '../auth/auth-router.js';
import { callRoutes, type CallReads } from './call-routes.js';
import { desktopBundle } from './desktop-bundle.js';
import type { Guard } from './guard.js';
import { labRoutes, type LabCallPlacer } from './lab-routes.js';
import { opsRoutes, type HealthSource } from './ops-routes.js';
import { reportRoutes, type ReportStore } from './report-routes.js';
import type { HotlineConfig } from '../config/schema.js';
import { securityHeaders } from './security-headers.js';

export interface HttpAppOptions {
  auth: Auth;
  guard: Guard;
  /** Wallboard, seats and call views (the hub: local when active, forwarded on a standby). */
  reads: CallReads;
  health: HealthSource;
  /** The metrics of whichever call centre this process runs now. */
  registry: Registry | (() => Registry);
  /** Lets a scraper read /metrics without a session. */
  metricsToken?: string;
  startedAt: number;
  /** Present in lab mode only. */
  lab?: LabCallPlacer;
  /** Reports, hand-over and the audit export (absent in tests that do not need them). */
  reports?: { store: ReportStore; config: HotlineConfig };
  /** The built desktop (agent-desktop/dist). */
  distDir: string;
  logger: Logger;
}

export function createHttpApp(opts: HttpAppOptions): Express {
  const { logger } = opts;
  const app = express();
  app.disable('x-powered-by');
  app.use(...securityHeaders());
  app.use(express.json({ limit: '32kb' }));
  app.use(authRouter(opts.auth));
  app.use(opsRoutes({ health: opts.health, registry: opts.registry, guard: opts.guard, metricsToken: opts.metricsToken, startedAt: opts.startedAt }));
  app.use(callRoutes(opts.reads, opts.guard));
  if (opts.reports) app.use(reportRoutes({ ...opts.reports, reads: opts.reads, guard: opts.guard }));
  if (opts.lab) app.use(labRoutes(opts.lab, opts.guard));
  app.use('/api', (_req, res) => void res.status(404).json({ error: 'not-found' }));
  app.use(desktopBundle({ distDir: opts.distDir, logger }));
  app.use((_req, res) => void res.status(404).set('Cache-Control', 'no-store').type('text/plain').send('not found'));
  app.use((err: Error & { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status >= 500) logger.error({ err }, 'request failed');
    else logger.warn({ reason: err.type ?? err.message }, 'bad request');
    res.status(status).json({ error: status >= 500 ? 'internal' : 'bad-request', message: status >= 500 ? 'internal error' : err.message });
  });
  return app;
}
