/**
 * Composition root: reads the configuration, picks the telephony (lab switch by default, drachtio +
 * FreeSWITCH when configured) and the store (embedded SQLite by default, PostgreSQL by URL), wires
 * routing → call centre → recorder / pop / hub / metrics, and serves the desktop and the API on one port.
 *
 * `npm start` runs this file; tests call `startBridge()` in-process on port 0.
 */
import { createServer, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino, { type Logger } from 'pino';

import { loadConfig, formatConfigError } from './config/load-config.js';
import type { HotlineConfig } from './config/schema.js';
import { Router as CallRouter } from './routing/router.js';
import { CallCenterService } from './calls/call-center.js';
import type { CallCenter } from './calls/call-center-api.js';
import { openStore, storeOptionsFromConfig, type Store } from './store/open-store.js';
import { CallRecorder } from './history/call-recorder.js';
import { WorkOrderClient } from './history/work-order-client.js';
import { StorePopAssembler } from './pop/store-pop-assembler.js';
import { seedHistory, DEMO_CALLERS } from '../fixtures/history/index.js';
import { createAuth } from './auth/index.js';
import { RedisSessionBackend } from './auth/redis-sessions.js';
import { requireRole } from './auth/require-role.js';
import { createHub, type Hub } from './hub/index.js';
import { createHotlineMetrics } from './metrics/hotline-metrics.js';
import { createHttpApp } from './api/http-app.js';
import type { Guard } from './api/guard.js';
import { systemClock } from './domain/clock.js';
import type { TelephonyPort } from '../telephony/telephony-port.js';
import { LabSwitch } from '../telephony/lab/lab-switch.js';
import { createDrachtioTelephony, checkSecrets } from '../telephony/drachtio/index.js';

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
}

export interface StartedBridge {
  url: string;
  port: number;
  config: HotlineConfig;
  callCenter: CallCenter;
  telephony: TelephonyPort;
  lab?: LabSwitch;
  store: Store;
  close(): Promise<void>;
}

function makeLogger(env: Record<string, string | undefined>): Logger {
  return pino({ level: env.LOG_LEVEL ?? 'info', base: { app: 'hotline-bridge' } });
}

function makeTelephony(config: HotlineConfig, logger: Logger): { telephony: TelephonyPort; lab?: LabSwitch } {
  const t = config.telephony;
  if (t.mode === 'drachtio') {
    const opts = {
      drachtio: t.drachtio,
      freeswitch: t.freeswitch,
      trustedTrunks: config.trustedTrunks,
      recordingsDir: resolve(t.recordingsDir),
      holdMusic: t.holdMusic,
      outboundGateway: t.outboundGateway,
      answerCaller: t.answerCaller,
      reconnectMaxDelayMs: t.reconnectMaxDelayMs,
      commandTimeoutMs: t.commandTimeoutMs,
      reconcileIntervalMs: t.reconcileIntervalMs,
      logger: logger.child({ component: 'telephony' }),
    };
    // Refuse to run a real hotline on the well-known default secrets.
    checkSecrets(opts);
    return { telephony: createDrachtioTelephony(opts) };
  }
  const lab = new LabSwitch({
    clock: systemClock,
    logger: logger.child({ component: 'lab-switch' }),
    seed: t.lab.seed,
    seatAnswerDelayMs: t.lab.seatAnswerDelayMs,
    noAnswerProbability: t.lab.noAnswerProbability,
    talkSeconds: t.lab.talkSeconds,
    trustedTrunkName: config.trustedTrunks[0]?.name ?? 'lab-trunk',
  });
  return { telephony: lab, lab };
}

export async function startBridge(opts: StartOptions = {}): Promise<StartedBridge> {
  const env = opts.env ?? process.env;
  const config = loadConfig(opts.configPath, env);
  const logger = opts.logger ?? makeLogger(env);
  const labMode = config.telephony.mode === 'lab';

  const { telephony, lab } = makeTelephony(config, logger);
  const storeOpts = storeOptionsFromConfig(config, {});
  const store = await openStore({
    ...storeOpts,
    dataDir: resolve(opts.dataDir ?? storeOpts.dataDir),
    ...(opts.pgSchema ? { pgSchema: opts.pgSchema } : {}),
    logger,
  });
  const closers: (() => Promise<void> | void)[] = [() => store.close()];
  try {
    if (labMode && config.store.seedContacts > 0 && (await store.isEmpty())) {
      await seedHistory(store, { contacts: config.store.seedContacts, seed: config.telephony.lab.seed });
      logger.info({ contacts: config.store.seedContacts }, 'seeded synthetic caller history for the lab');
    }

    const router = new CallRouter(config, store.history, { logger: logger.child({ component: 'routing' }) });
    const callCenter = new CallCenterService({
      config,
      telephony,
      route: (call, now) => router.route(call, now),
      clock: systemClock,
      logger: logger.child({ component: 'call-center' }),
      autoLoginSeats: labMode,
    });
    const recorder = new CallRecorder({ store, callCenter, logger: logger.child({ component: 'recorder' }) });
    closers.unshift(() => recorder.flush());
    const ext = config.history.externalWorkOrders;
    const pop = new StorePopAssembler({
      store,
      config,
      workOrders: ext ? new WorkOrderClient(ext) : undefined,
      logger: logger.child({ component: 'pop' }),
    });
    // Sessions survive a restart: in the store, or in Redis (shared by every bridge process) when configured.
    const sessions = config.hub.redisUrl
      ? await RedisSessionBackend.open({ url: config.hub.redisUrl, prefix: config.hub.redisPrefix, logger: logger.child({ component: 'sessions' }) })
      : store.sessions;
    if (sessions instanceof RedisSessionBackend) closers.unshift(() => sessions.close());
    const auth = createAuth(config, { labMode, env, logger, sessions, audit: store });
    closers.unshift(() => auth.close());
    const guard: Guard = (...roles) => requireRole(auth, ...roles);
    const metrics = createHotlineMetrics(callCenter, { telephony: () => telephony.health() });
    closers.unshift(() => metrics.detach());

    const app = createHttpApp({
      auth,
      guard,
      callCenter,
      health: { telephony: () => telephony.health(), store: () => store.health() },
      registry: metrics.registry,
      metricsToken: env.METRICS_TOKEN,
      startedAt: Date.now(),
      lab,
      distDir: join(repoRoot, 'agent-desktop', 'dist'),
      logger,
    });
    if (!existsSync(join(repoRoot, 'agent-desktop', 'dist', 'index.html')))
      logger.warn('desktop bundle not built: run `npm run build:desktop` (npm start does it)');

    const server: Server = createServer(app);
    const hub: Hub = await createHub({
      httpServer: server,
      callCenter,
      pop,
      auth,
      config,
      logger: logger.child({ component: 'hub' }),
      allowedOrigins: config.server.allowedOrigins,
      redisUrl: config.hub.redisUrl,
      redisStreamName: `${config.hub.redisPrefix}socket.io`,
      audit: {
        // The store's paged audit query lands with the store rework; until then the newest page only.
        listAudit: async (q) => ({ entries: (await store.listAudit({ limit: q.limit, actor: q.actor, action: q.action })).map((e, i) => ({ ...e, id: i + 1 })), hasMore: false }),
      },
    });
    // Before the HTTP server (registered after it, so it runs first): open desktop sockets would
    // otherwise keep server.close() waiting for ever. socket.io's close then closes the server too.
    const closeHub = () => hub.close();
    closers.unshift(closeHub);

    const port = opts.port ?? config.server.port;
    const host = opts.host ?? config.server.host;
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(port, host, () => ok());
    });
    closers.splice(closers.indexOf(closeHub) + 1, 0, () => new Promise<void>((ok) => (server.listening ? server.close(() => ok()) : ok())));
    const bound = (server.address() as { port: number }).port;

    await telephony.start();
    closers.unshift(() => telephony.stop());
    if (lab) {
      const rate = opts.labArrivalsPerMinute ?? config.telephony.lab.arrivalsPerMinute;
      if (rate > 0) {
        const known = await store.sampleCallerNumbers(200);
        const gen = lab.startGenerator({
          arrivalsPerMinute: rate,
          languageMix: config.telephony.lab.languageMix,
          didMix: Object.keys(config.telephony.lab.didMix).length
            ? config.telephony.lab.didMix
            : Object.fromEntries(config.numberPlan.map((e) => [e.did, e.emergency ? 1 : 10])),
          patienceSeconds: config.telephony.lab.patienceSeconds,
          callerPool: [...Object.values(DEMO_CALLERS), ...known],
        });
        closers.unshift(() => gen.stop());
      }
    }

    const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
    const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${bound}`;
    logger.info({ url, telephony: config.telephony.mode, store: store.health().backend }, 'hotline bridge ready');
    return {
      url,
      port: bound,
      config,
      callCenter,
      telephony,
      lab,
      store,
      async close() {
        for (const c of closers.splice(0)) {
          try {
            await c();
          } catch (err) {
            logger.warn({ err }, 'error while closing');
          }
        }
      },
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
      const stop = () => void b.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      process.stdout.write(`\n  12345 hotline bridge (${b.config.telephony.mode} mode) on ${b.url}\n  desktop: ${b.url}/  · health: ${b.url}/healthz\n\n`);
    })
    .catch((err: unknown) => {
      const msg = formatConfigError(err);
      process.stderr.write(`${msg ?? (err instanceof Error ? err.stack ?? err.message : String(err))}\n`);
      process.exit(1);
    });
}
