/**
 * The desktop hub: socket.io on the bridge's HTTP server.
 *
 * Handshake: foreign Origin refused (origin-policy.ts); a live session token required in
 * `auth: { token }`; the verified user goes to `socket.data` — nothing the client says later changes who
 * it is. A refused handshake's error carries `data: { code: 'unauthorized', reason }` (unknown, expired,
 * revoked, logout: the desktop shows the reason on its login form) or `{ code: 'unavailable' }` (the
 * session back end did not answer: the desktop keeps reconnecting). Every incoming event passes the flood guard, must be a known command, is validated by its zod
 * schema and authorised by role and ownership; a refusal is an error ack to that socket alone.
 *
 * Reconnects: connectionStateRecovery replays what a briefly dropped socket missed; a socket that was
 * not recovered gets a full snapshot (pending offer with its pop included), so no offer or state is lost.
 */
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { Logger } from 'pino';
import { z } from 'zod';
import { systemClock, type Clock } from '../domain/clock.js';
import type { Auth } from '../auth/index.js';
import { CommandError, type CallCenter } from '../calls/call-center-api.js';
import type { HotlineConfig } from '../config/schema.js';
import type { ScreenPopAssembler } from '../history/history-ports.js';
import { commandHandlers, authorise, type CommandHandlers } from './command-handlers.js';
import { EventFanout } from './event-fanout.js';
import { commandSchemas, type AckResult, type CommandName, type HubError } from './events.js';
import { DEFAULT_FLOOD_LIMITS, FloodGuard, type FloodLimits } from './flood-guard.js';
import type { HubServer, HubSocket } from './hub-types.js';
import { OfferPops } from './offer-pops.js';
import { originAllowed } from './origin-policy.js';
import { redisStreamsAdapter, type RedisAdapterHandle } from './redis-adapter.js';
import { LEADS_ROOM, seatRoom, sessionRoom } from './rooms.js';
import { SeatPresence } from './seat-presence.js';
import { buildSnapshot } from './snapshot.js';

export interface HubOptions {
  httpServer: HttpServer;
  callCenter: CallCenter;
  pop: ScreenPopAssembler;
  auth: Auth;
  config: HotlineConfig;
  logger: Logger;
  /** Origins allowed besides the bridge's own (the request's Host). */
  allowedOrigins?: string[];
  /** Set: fan events out across bridge instances through Redis Streams. */
  redisUrl?: string;
  redisStreamName?: string;
  clock?: Clock;
  /** How long a seat whose desktop vanished stays logged in (default 60 s, see seat-presence.ts). */
  logoutGraceMs?: number;
  wallboardIntervalMs?: number;
  flood?: Partial<FloodLimits>;
  /** Engine-level cap on one message (default 16 KB): bigger ones close that connection. */
  maxHttpBufferSize?: number;
  /** How long a dropped socket can come back with its state recovered (default 2 min). */
  recoveryWindowMs?: number;
}

export interface Hub {
  readonly io: HubServer;
  /** Sockets connected to this instance. */
  connections(): number;
  close(): Promise<void>;
}

const handshakeAuthSchema = z.object({ token: z.string().min(20).max(200) });
const noop = () => undefined;

const refusal = (code: HubError['code'], message: string): AckResult<never> => ({ ok: false, error: { code, message } });

export async function createHub(opts: HubOptions): Promise<Hub> {
  const { callCenter, auth, config, logger } = opts;
  const clock = opts.clock ?? systemClock;
  const allowed = opts.allowedOrigins ?? [];
  const flood: FloodLimits = { ...DEFAULT_FLOOD_LIMITS, ...opts.flood };

  const io: HubServer = new Server(opts.httpServer, {
    serveClient: false,
    maxHttpBufferSize: opts.maxHttpBufferSize ?? 16 * 1024,
    allowRequest: (req, cb) => {
      const ok = originAllowed(req.headers.origin, req.headers.host, allowed);
      if (!ok) logger.warn({ origin: String(req.headers.origin).slice(0, 200), ip: req.socket.remoteAddress }, 'socket handshake refused: foreign origin');
      cb(ok ? null : 'origin not allowed', ok);
    },
    ...(allowed.length ? { cors: { origin: allowed, credentials: false } } : {}),
    // skipMiddlewares false: a recovering socket shows its token again, so a revoked session stays out.
    connectionStateRecovery: { maxDisconnectionDuration: opts.recoveryWindowMs ?? 2 * 60_000, skipMiddlewares: false },
  });

  let redis: RedisAdapterHandle | undefined;
  if (opts.redisUrl) {
    redis = await redisStreamsAdapter(opts.redisUrl, { streamName: opts.redisStreamName, logger });
    io.adapter(redis.adapter);
  }

  const offers = new OfferPops({ callCenter, pop: opts.pop, config, now: () => clock.now(), logger });
  const fanout = new EventFanout({
    io,
    callCenter,
    offers,
    clock,
    wallboardIntervalMs: opts.wallboardIntervalMs ?? 1000,
    auditKeep: 500,
    logger,
  });
  const presence = new SeatPresence(callCenter, clock, opts.logoutGraceMs ?? 60_000, logger);
  const handlers: CommandHandlers = commandHandlers(callCenter, (n) => fanout.recentAudit(n));
  const snapshotDeps = { callCenter, offers, config, recentAudit: (n: number) => fanout.recentAudit(n), now: () => clock.now() };

  /** Sessions that ended on purpose (logout, revoked, expired): their seats log out without grace. */
  const endedSessions = new Set<string>();
  const markEnded = (sessionId: string) => {
    endedSessions.add(sessionId);
    clock.setTimeout(() => endedSessions.delete(sessionId), 5 * 60_000);
  };

  // Every process hears a session end (its own, or another's through the session back end) and closes
  // the sockets it holds itself (`local`): the seat then logs out here without the reconnect grace.
  const stopSessionWatch = auth.onSessionEnded((s, reason) => {
    markEnded(s.id);
    const room = sessionRoom(s.id);
    io.local.to(room).emit('session-revoked', { reason });
    io.local.in(room).disconnectSockets(true);
  });

  io.use((socket, next) => {
    const parsed = handshakeAuthSchema.safeParse(socket.handshake.auth);
    const check = parsed.success ? auth.authenticate(parsed.data.token) : Promise.resolve({ ok: false, reason: 'missing' } as const);
    check.then(
      (c) => {
        if (!c.ok && c.reason === 'unavailable') {
          // Not the session's fault: the desktop keeps retrying instead of showing the login form.
          logger.error({ ip: socket.handshake.address }, 'socket refused for now: sessions cannot be checked');
          return next(Object.assign(new Error('unavailable'), { data: { code: 'unavailable' } }));
        }
        if (!c.ok) {
          logger.warn({ ip: socket.handshake.address, reason: c.reason }, 'socket refused: no valid session');
          return next(Object.assign(new Error('unauthorized'), { data: { code: 'unauthorized', reason: c.reason } }));
        }
        socket.data.user = c.session.user;
        socket.data.sessionId = c.session.id;
        socket.data.expiresAt = c.session.expiresAt;
        next();
      },
      (err: unknown) => {
        logger.error({ err }, 'socket handshake failed');
        next(Object.assign(new Error('unavailable'), { data: { code: 'unavailable' } }));
      },
    );
  });

  io.on('connection', (socket) => void onConnection(socket));

  async function onConnection(socket: HubSocket): Promise<void> {
    const { user, sessionId } = socket.data;
    const log = logger.child({ userId: user.id, sessionId, socketId: socket.id });
    const lead = user.role === 'lead' || user.role === 'admin';
    void socket.join([sessionRoom(sessionId), ...(user.seatId ? [seatRoom(user.seatId)] : []), ...(lead ? [LEADS_ROOM] : [])]);
    if (user.seatId) presence.attach(user.seatId, socket.id);

    // The session's end is the socket's end, even if nobody revokes it.
    const expiry = clock.setTimeout(() => {
      markEnded(sessionId);
      socket.emit('session-revoked', { reason: 'expired' });
      socket.disconnect(true);
    }, Math.max(0, socket.data.expiresAt - clock.now()));

    guardIncoming(socket, log);
    registerCommands(socket, log);

    socket.on('disconnect', (reason) => {
      expiry.cancel();
      if (user.seatId) presence.detach(user.seatId, socket.id, endedSessions.has(sessionId));
      log.info({ reason, recovered: socket.recovered }, 'desktop disconnected');
    });

    log.info({ role: user.role, recovered: socket.recovered }, 'desktop connected');
    if (!socket.recovered) {
      try {
        const snap = await buildSnapshot(snapshotDeps, user);
        if (socket.connected) socket.emit('snapshot', snap);
      } catch (err) {
        log.error({ err }, 'snapshot failed');
      }
    }
  }

  /** Flood and size limits, then: only known commands get through. */
  function guardIncoming(socket: HubSocket, log: Logger): void {
    const guard = new FloodGuard(flood, () => clock.now());
    socket.use((packet, next) => {
      const [event, ...args] = packet as unknown[];
      const verdict = guard.check(args);
      if (verdict !== 'ok') {
        log.warn({ verdict, event: String(event).slice(0, 64) }, 'desktop cut off: flooding or oversized event');
        socket.disconnect(true);
        return;
      }
      if (typeof event !== 'string' || !Object.hasOwn(commandSchemas, event)) {
        log.warn({ event: String(event).slice(0, 64) }, 'unknown event refused');
        const ack = args[args.length - 1];
        if (typeof ack === 'function') (ack as (r: unknown) => void)(refusal('invalid-input', 'unknown event'));
        return;
      }
      next();
    });
  }

  function registerCommands(socket: HubSocket, log: Logger): void {
    const on = socket.on.bind(socket) as unknown as (event: string, fn: (...args: unknown[]) => void) => void;
    for (const name of Object.keys(commandSchemas) as CommandName[]) {
      on(name, (...args: unknown[]) => {
        const last = args[args.length - 1];
        const ack = typeof last === 'function' ? (last as (r: AckResult<unknown>) => void) : noop;
        void runCommand(socket.data.user, name, args[0], log).then(ack);
      });
    }
  }

  async function runCommand(user: HubSocket['data']['user'], name: CommandName, payload: unknown, log: Logger): Promise<AckResult<unknown>> {
    const parsed = commandSchemas[name].safeParse(payload);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`);
      log.warn({ event: name, issues }, 'command refused: malformed payload');
      return refusal('invalid-input', issues.join('; ').slice(0, 300));
    }
    // Commands about a call log with its id, like every other line about that call.
    const callId = (parsed.data as { callId?: string }).callId;
    if (callId) log = log.child({ callId });
    try {
      authorise(user, name);
      const handler = handlers[name] as (a: typeof user, p: unknown) => unknown;
      const result = await handler(user, parsed.data);
      log.info({ event: name }, 'command done');
      return { ok: true, result: result ?? null };
    } catch (err) {
      if (err instanceof CommandError) {
        log.warn({ event: name, code: err.code, reason: err.message }, 'command refused');
        return refusal(err.code, err.message);
      }
      log.error({ err, event: name }, 'command failed');
      return refusal('internal', 'the bridge could not do this; try again');
    }
  }

  fanout.start();
  logger.info({ redis: !!redis, allowedOrigins: allowed.length }, 'desktop hub ready');

  return {
    io,
    connections: () => io.of('/').sockets.size,
    async close() {
      stopSessionWatch();
      fanout.stop();
      presence.stop();
      io.disconnectSockets(true);
      await new Promise<void>((ok) => void io.close(() => ok()));
      await redis?.close();
    },
  };
}
