/**
 * Composition root: reads the configuration, opens the store (embedded SQLite by default, PostgreSQL by
 * URL), serves the desktop and the API on one port, and runs the active centre (lifecycle/active-centre.ts:
 * telephony, call centre, recorders, pop) when this process is active. On SQLite it always is; on
 * PostgreSQL several processes may run and a lease (ha/leader-lease.ts) picks the one active bridge, the
 * others serving their desktops through it until they take over.
 *
 * `npm start` runs this file; tests call `startBridge()` in-process on port 0.
 */
import { createServer, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino, { type Logger } from 'pino';
import { Registry } from 'prom-client';

import { loadConfig, formatConfigError } from './config/load-config.js';
import type { HotlineConfig } from './config/schema.js';
import type { CallCenter } from './calls/call-center-api.js';
import { openStore, storeOptionsFromConfig, SQLITE_FILE, type Store } from './store/open-store.js';
import { seedHistory } from '../fixtures/history/index.js';
import { createAuth } from './auth/index.js';
import { RedisSessionBackend } from './auth/redis-sessions.js';
import { DeadlineMisses } from './pop/deadline-misses.js';
import { DependencyUnavailableError } from './domain/dependency-error.js';
import { requireRole } from './auth/require-role.js';
import { createHub, type Hub } from './hub/index.js';
import { createHttpApp } from './api/http-app.js';
import { actorNames, withActorName } from './reports/actor-names.js';
import { CallsRefusedError } from './api/lab-routes.js';
import type { Guard } from './api/guard.js';
import { systemClock } from './domain/clock.js';
import { startOfDay } from './calls/wallboard-stats.js';
import { LeaderLease, type BridgeRole } from './ha/leader-lease.js';
import { startActiveCentre, type ActiveCentre } from './lifecycle/active-centre.js';
import { ShutdownDrain, type DrainOutcome } from './lifecycle/shutdown-drain.js';
import type { TelephonyPort } from '../telephony/telephony-port.js';
import type { LabSwitch } from '../telephony/lab/lab-switch.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface StartOptions {
  configPath?: string;
  env?: Record<string, string | undefined>;
  port?: number;
  host?: string;
  dataDir?: string;
  /** Override the lab generator's rate (tests use 0: only staged calls). */
  labArrivalsPerMinute?: number;
  logger?: Logger;
  /** PostgreSQL schema to keep the store in (tests isolate themselves this way). */
  pgSchema?: string;
  /** Name shown in logs and /healthz for this process (default host:pid). */
  instance?: string;
}

export interface StartedBridge {
  url: string;
  port: number;
  config: HotlineConfig;
  store: Store;
  /** active: this process runs the calls; standby: it serves desktops through the active one. */
  role(): BridgeRole;
  /** The running call centre (active only). */
  readonly callCenter: CallCenter;
  readonly telephony: TelephonyPort;
  readonly lab?: LabSwitch;
  /** Routing's history-lookup figures (deadline misses) of the running centre (active only). */
  readonly routing: ActiveCentre['routing'];
  /** Resolves when this process next becomes active (at once if it is). */
  whenActive(): Promise<void>;
  /**
   * Graceful shutdown (SIGTERM/SIGINT): no new calls, live ones served until they end or the drain
   * window passes; a second call ends them at once. Resolves once everything is closed.
   */
  shutdown(signal?: string): Promise<DrainOutcome | 'not-active'>;
  /** Immediate close (tests): remaining calls are ended, everything closed. */
  close(): Promise<void>;
}

/** A start-up failure whose message says it all: printed without a stack, exit 1. */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

function makeLogger(env: Record<string, string | undefined>): Logger {
  return pino({ level: env.LOG_LEVEL ?? 'info', base: { app: 'hotline-bridge' } });
}

export async function startBridge(opts: StartOptions = {}): Promise<StartedBridge> {
  const env = opts.env ?? process.env;
  const config = loadConfig(opts.configPath, env);
  const logger = opts.logger ?? makeLogger(env);
  const labMode = config.telephony.mode === 'lab';

  const storeOpts = storeOptionsFromConfig(config, {});
  const pgSchema = opts.pgSchema ?? config.store.pgSchema;
  const dataDir = resolve(opts.dataDir ?? storeOpts.dataDir);
  const store = await openStore({ ...storeOpts, dataDir, ...(pgSchema ? { pgSchema } : {}), logger }).catch((err: unknown) => {
    // A corrupt or foreign store must stop the start with where and why, never a stack or a guess.
    if (err instanceof DependencyUnavailableError) throw err;
    const where = storeOpts.databaseUrl ? `PostgreSQL${pgSchema ? ` schema ${pgSchema}` : ''}` : join(dataDir, SQLITE_FILE);
    throw new StartupError(`cannot open the store (${where}): ${(err as Error).message}`);
  });
  const closers: (() => Promise<void> | void)[] = [() => store.close()];
  let active: ActiveCentre | undefined;
  let drain: ShutdownDrain | undefined;
  let lease: LeaderLease | undefined;
  let closed = false;
  let activeWaiters: (() => void)[] = [];
  // One role change at a time: a promotion racing a demotion must not leave two centres running.
  let roleChange: Promise<void> = Promise.resolve();
  const onRoleChange = (f: () => Promise<void>) => (roleChange = roleChange.then(f, f));

  try {
    if (labMode && config.store.seedContacts > 0 && (await store.isEmpty())) {
      // History up to yesterday: a fresh lab centre starts its day (the wallboard's "today") at zero.
      await seedHistory(store, { contacts: config.store.seedContacts, seed: config.telephony.lab.seed, now: startOfDay(Date.now()) - 1 });
      logger.info({ contacts: config.store.seedContacts }, 'seeded synthetic caller history for the lab');
    }

    // Sessions survive a restart: in the store, or in Redis (shared by every bridge process) when configured.
    const sessions = config.hub.redisUrl
      ? await RedisSessionBackend.open({
          url: config.hub.redisUrl,
          prefix: config.hub.redisPrefix,
          logger: logger.child({ component: 'sessions' }),
          connectTimeoutMs: config.hub.redisConnectTimeoutMs,
          required: config.hub.redisRequired,
        })
      : store.sessions;
    if (sessions instanceof RedisSessionBackend) closers.unshift(() => sessions.close());
    const auth = createAuth(config, { labMode, env, logger, sessions, audit: store });
    closers.unshift(() => auth.close());
    const guard: Guard = (...roles) => requireRole(auth, ...roles);

    const names = actorNames(config);
    const server: Server = createServer();
    const hub: Hub = await createHub({
      httpServer: server,
      auth,
      config,
      logger: logger.child({ component: 'hub' }),
      allowedOrigins: config.server.allowedOrigins,
      redisUrl: config.hub.redisUrl,
      redisStreamName: `${config.hub.redisPrefix}socket.io`,
      redisRequired: config.hub.redisRequired,
      redisConnectTimeoutMs: config.hub.redisConnectTimeoutMs,
      // The lead's panel names people, not ids.
      audit: {
        listAudit: async (q) => {
          const page = await store.listAudit(q);
          return { ...page, entries: page.entries.map((e) => withActorName(e, names)) };
        },
      },
    });
    // Before the HTTP server (registered after it, so it runs first): open desktop sockets would
    // otherwise keep server.close() waiting for ever. socket.io's close then closes the server too.
    const closeHub = () => hub.close();
    closers.unshift(closeHub);

    const standbyRegistry = new Registry();
    // Kept here, not in the active centre: a centre restarted after a take-over keeps the recent misses.
    const popMisses = new DeadlineMisses({ what: 'screen-pop store lookups', deadlineMs: config.store.popDeadlineMs });
    const app = createHttpApp({
      auth,
      guard,
      reads: hub,
      health: {
        telephony: () => active?.telephony.health() ?? null,
        store: () => store.health(),
        role: () => ({ role: active ? 'active' : 'standby', draining: drain?.draining ?? false, ...(lease ? { instance: lease.instance } : {}) }),
        parts: () => ({
          pop: popMisses.health(),
          redis: hub.redisHealth(),
          ...(sessions instanceof RedisSessionBackend ? { sessions: sessions.health() } : {}),
        }),
      },
      registry: () => active?.registry ?? standbyRegistry,
      metricsToken: env.METRICS_TOKEN,
      startedAt: Date.now(),
      ...(labMode
        ? {
            lab: {
              placeCall(req) {
                if (!active?.lab) throw new CallsRefusedError('this bridge is on standby: no calls are placed here');
                if (drain?.draining) throw new CallsRefusedError('the bridge is shutting down: no new calls');
                return active.lab.placeCall(req);
              },
            },
          }
        : {}),
      reports: { store, config },
      distDir: join(repoRoot, 'agent-desktop', 'dist'),
      logger,
    });
    server.on('request', app);
    if (!existsSync(join(repoRoot, 'agent-desktop', 'dist', 'index.html')))
      logger.warn('desktop bundle not built: run `npm run build:desktop` (npm start does it)');

    const port = opts.port ?? config.server.port;
    const host = opts.host ?? config.server.host;
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(port, host, () => ok());
    });
    closers.splice(closers.indexOf(closeHub) + 1, 0, () => new Promise<void>((ok) => (server.listening ? server.close(() => ok()) : ok())));
    const bound = (server.address() as { port: number }).port;

    const activate = () =>
      onRoleChange(async () => {
        if (active || closed) return;
        active = await startActiveCentre({
          config,
          logger,
          store,
          hub,
          labArrivalsPerMinute: opts.labArrivalsPerMinute,
          popMisses,
          // The session store may be down (Redis unreachable): the start goes on; logins answer 503 meanwhile,
          // so no person can be at a seat the lab would take.
          seatsWithSessions: async () => {
            try {
              return [...new Set((await auth.sessions()).flatMap((s) => (s.user.seatId ? [s.user.seatId] : [])))];
            } catch (err) {
              logger.warn({ err: String(err) }, 'session store unreadable at start: no seat counted as attended');
              return [];
            }
          },
        });
        for (const w of activeWaiters.splice(0)) w();
      });
    const deactivate = (why: string, endCalls: boolean) =>
      onRoleChange(async () => {
        const a = active;
        if (!a) return;
        active = undefined;
        drain?.cancel();
        logger.warn({ why }, 'stopping the active centre');
        await a.stop({ endCalls, reason: `bridge ${why}` });
      });

    // HA: on PostgreSQL, the lease decides; on the embedded SQLite store this process is the only one.
    if (store.dialect === 'postgres' && config.ha.enabled) {
      lease = new LeaderLease({
        databaseUrl: storeOptionsFromConfig(config, {}).databaseUrl!,
        ...(pgSchema ? { pgSchema } : {}),
        takeoverMs: config.ha.takeoverSeconds * 1000,
        logger: logger.child({ component: 'lease' }),
        ...(opts.instance ? { instance: opts.instance } : {}),
      });
      lease.on('promoted', () => void activate().catch((err: unknown) => failActivation(err)));
      lease.on('demoted', (reason) => void deactivate(`lost the lease: ${reason}`, false));
      const l = lease;
      closers.unshift(() => l.stop());
      const role = await lease.start();
      await roleChange;
      if (role === 'standby') logger.info({ instance: lease.instance, holder: await lease.holder().catch(() => undefined) }, 'this bridge is STANDBY: desktops are served through the active bridge');
    } else {
      await activate();
    }
    closers.unshift(() => deactivate('shutting down', true));

    function failActivation(err: unknown): void {
      // A centre that cannot start must not hold the lease: let another bridge try.
      logger.error({ err }, 'could not start the active centre; letting go of the lease');
      void lease?.stop().then(() => lease?.start());
    }

    const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
    const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${bound}`;
    logger.info({ url, telephony: config.telephony.mode, store: store.health().backend, role: active ? 'active' : 'standby' }, 'hotline bridge ready');

    const closeAll = async () => {
      closed = true;
      await roleChange;
      for (const c of closers.splice(0)) {
        try {
          await c();
        } catch (err) {
          logger.warn({ err }, 'error while closing');
        }
      }
    };
    const need = (): ActiveCentre => {
      if (!active) throw new Error('this bridge is on standby: it runs no call centre');
      return active;
    };
    return {
      url,
      port: bound,
      config,
      store,
      role: () => (active ? 'active' : 'standby'),
      get callCenter() {
        return need().callCenter;
      },
      get telephony() {
        return need().telephony;
      },
      get lab() {
        return active?.lab;
      },
      get routing() {
        return need().routing;
      },
      whenActive: () => (active ? Promise.resolve() : new Promise<void>((ok) => activeWaiters.push(ok))),
      async shutdown(signal = 'SIGTERM') {
        if (drain) {
          drain.signal(signal);
          await drain.done;
          return 'second-signal';
        }
        const a = active;
        if (!a) {
          await closeAll();
          return 'not-active';
        }
        drain = new ShutdownDrain({ target: a.drainTarget, clock: systemClock, windowMs: config.shutdown.drainSeconds * 1000, logger });
        drain.signal(signal);
        const outcome = await drain.done;
        await closeAll();
        logger.info({ outcome }, 'bridge stopped');
        return outcome;
      },
      close: closeAll,
    };
  } catch (err) {
    for (const c of closers.splice(0)) await Promise.resolve(c()).catch(() => undefined);
    throw err;
  }
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  startBridge()
    .then((b) => {
      // First signal: drain; a second one ends the remaining calls at once (see lifecycle/shutdown-drain.ts).
      const onSignal = (signal: string) =>
        void b.shutdown(signal).then(
          () => process.exit(0),
          (err: unknown) => {
            process.stderr.write(`shutdown failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
            process.exit(1);
          },
        );
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      process.stdout.write(`\n  12345 hotline bridge (${b.config.telephony.mode} mode, ${b.role()}) on ${b.url}\n  desktop: ${b.url}/  · health: ${b.url}/healthz\n\n`);
    })
    .catch((err: unknown) => {
      // A config or dependency problem is the operator's to fix: the message says what; a stack would bury it.
      const msg = formatConfigError(err) ?? (err instanceof StartupError || err instanceof DependencyUnavailableError ? err.message : undefined);
      process.stderr.write(`${msg ?? (err instanceof Error ? err.stack ?? err.message : String(err))}\n`);
      process.exit(1);
    });
}
