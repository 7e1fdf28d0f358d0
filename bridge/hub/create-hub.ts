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
import { authorise, type AuditReader } from './command-handlers.js';
import { commandSchemas, type AckResult, type CommandName, type ForwardedRequest, type HubError, type HubUser, type SnapshotPayload } from './events.js';
import { DEFAULT_FLOOD_LIMITS, FloodGuard, type FloodLimits } from './flood-guard.js';
import type { HubServer, HubSocket } from './hub-types.js';
import { originAllowed } from './origin-policy.js';
import { connectRedisFanout, type RedisFanout, type RedisFanoutHealth } from './redis-adapter.js';
import { LEADS_ROOM, seatRoom, sessionRoom } from './rooms.js';
import { ForwardedBackend } from './forwarded-backend.js';
import { NoActiveBridgeError, type HubBackend } from './hub-backend.js';
import { LocalBackend } from './local-backend.js';

export interface HubOptions {
  httpServer: HttpServer;
  /**
   * The active bridge's call centre and screen-pop. Absent on a standby bridge: its desktops are served
   * by the active bridge through the adapter until `attach` (take-over).
   */
  callCenter?: CallCenter;
  pop?: ScreenPopAssembler;
  auth: Auth;
  config: HotlineConfig;
  /** The audit trail in the store: the lead's panel pages through it. */
  audit: AuditReader;
  logger: Logger;
  /** Origins allowed besides the bridge's own (the request's Host). */
  allowedOrigins?: string[];
  /** Set: fan events out across bridge instances through Redis Streams. */
  redisUrl?: string;
  redisStreamName?: string;
  /** Refuse to start without Redis (else: start with single-instance fan-out, attach when it is back). */
  redisRequired?: boolean;
  redisConnectTimeoutMs?: number;
  clock?: Clock;
  /** How long a seat whose desktop vanished stays logged in (default 60 s, see seat-presence.ts). */
  logoutGraceMs?: number;
  wallboardIntervalMs?: number;
  flood?: Partial<FloodLimits>;
  /** Engine-level cap on one message (default 16 KB): bigger ones close that connection. */
  maxHttpBufferSize?: number;
  /** How long a dropped socket can come back with its state recovered (default 2 min). */
  recoveryWindowMs?: number;
  /** How often the active bridge checks which seats have a desktop on any instance (default 10 s). */
  presenceSyncMs?: number;
}

export interface Hub {
  readonly io: HubServer;
  /** Sockets connected to this instance. */
  connections(): number;
  /** This bridge became active: serve desktops from its call centre, and tell every desktop. */
  attach(active: { callCenter: CallCenter; pop: ScreenPopAssembler; expectSeats?: readonly string[] }): Promise<void>;
  /** This bridge is no longer active (fenced or draining out): forward to whichever bridge is. */
  detach(): void;
  /** REST reads, served here when active, else by the active bridge. */
  query: HubBackend['query'];
  /** Cross-instance fan-out through Redis; undefined when no Redis is configured. */
  redisHealth(): RedisFanoutHealth | undefined;
  close(): Promise<void>;
}

const handshakeAuthSchema = z.object({ token: z.string().min(20).max(200) });
const noop = () => undefined;

const refusal = (code: HubError['code'], message: string): AckResult<never> => ({ ok: false, error: { code, message } });

export async function createHub(opts: HubOptions): Promise<Hub> {
  const { auth, config, logger } = opts;
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

  let redis: RedisFanout | undefined;
  if (opts.redisUrl) {
    try {
      redis = await connectRedisFanout(io, {
        url: opts.redisUrl,
        streamName: opts.redisStreamName,
        logger,
        required: opts.redisRequired,
        connectTimeoutMs: opts.redisConnectTimeoutMs,
      });
    } catch (err) {
      await new Promise<void>((ok) => void io.close(() => ok()));
      throw err;
    }
  }

  /** Set while this bridge is active; a standby forwards to the active one instead. */
  let local: LocalBackend | undefined;
  // Only an attached adapter reaches other bridges (Redis down: nobody could answer).
  const forwarded = new ForwardedBackend({ io, logger, shared: () => !!redis?.attached() });
  const backend = (): HubBackend => local ?? forwarded;
  serveForwardedRequests(io, () => local, logger);
  let presenceSync: { cancel(): void } | undefined;

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
    if (user.seatId) backend().attach(user.seatId, socket.id);

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
      if (user.seatId) backend().detach(user.seatId, socket.id, endedSessions.has(sessionId));
      log.info({ reason, recovered: socket.recovered }, 'desktop disconnected');
    });

    log.info({ role: user.role, recovered: socket.recovered }, 'desktop connected');
    if (!socket.recovered) await sendSnapshot(socket, log);
  }

  /** A desktop's snapshot; while no bridge is active (a take-over) it is asked for again until one is. */
  async function sendSnapshot(socket: HubSocket, log: Logger): Promise<void> {
    for (let attempt = 0; socket.connected; attempt++) {
      try {
        const snap = await backend().snapshot(socket.data.user);
        if (socket.connected) socket.emit('snapshot', snap);
        return;
      } catch (err) {
        if (!(err instanceof NoActiveBridgeError)) return void log.error({ err }, 'snapshot failed');
        if (attempt === 0) log.warn('snapshot waits: no active bridge answered yet');
        await new Promise((r) => setTimeout(r, 1000));
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
    } catch (err) {
      const e = err as CommandError;
      log.warn({ event: name, code: e.code, reason: e.message }, 'command refused');
      return refusal(e.code, e.message);
    }
    return backend().command(user, name, parsed.data, log);
  }

  /** The active bridge checks, now and then, which seats have a desktop on any instance. */
  function schedulePresenceSync(): void {
    const every = opts.presenceSyncMs ?? 10_000;
    presenceSync = clock.setTimeout(() => {
      void syncPresence().finally(() => {
        if (presenceSync) schedulePresenceSync();
      });
    }, every);
  }

  async function syncPresence(): Promise<void> {
    const l = local;
    // Without the adapter fetchSockets sees this instance only: seats on other bridges would look gone.
    if (!l || !redis?.attached()) return;
    try {
      const sockets = await io.fetchSockets();
      l.presence.reconcile(sockets.filter((s) => s.data.user?.seatId).map((s) => ({ seatId: s.data.user.seatId!, socketId: s.id })));
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'presence check across bridges failed');
    }
  }

  if (opts.callCenter && opts.pop) await attach({ callCenter: opts.callCenter, pop: opts.pop });
  logger.info({ redis: redis ? (redis.attached() ? 'attached' : 'unreachable') : 'none', allowedOrigins: allowed.length, active: !!local }, 'desktop hub ready');

  async function attach(active: { callCenter: CallCenter; pop: ScreenPopAssembler; expectSeats?: readonly string[] }): Promise<void> {
    local?.close();
    local = new LocalBackend({
      io,
      callCenter: active.callCenter,
      pop: active.pop,
      config,
      audit: opts.audit,
      clock,
      logger,
      logoutGraceMs: opts.logoutGraceMs ?? 60_000,
      wallboardIntervalMs: opts.wallboardIntervalMs ?? 1000,
    });
    // Desktops already connected log their seats in here and get this bridge's picture: this instance's
    // at once, the other bridges' when they answer — a take-over must not wait for the dead bridge's
    // silence (the adapter's request timeout) before it serves.
    const l = local;
    const greet = (sockets: { id: string; data: { user?: HubUser }; emit(ev: 'snapshot', snap: SnapshotPayload): unknown }[]) => {
      if (local !== l) return;
      for (const s of sockets) {
        const user = s.data.user;
        if (!user || greeted.has(s.id)) continue;
        greeted.add(s.id);
        if (user.seatId) l.attach(user.seatId, s.id);
        l.snapshot(user).then(
          (snap) => s.emit('snapshot', snap),
          (err: unknown) => logger.warn({ err, userId: user.id }, 'snapshot after take-over failed'),
        );
      }
    };
    const greeted = new Set<string>();
    greet([...io.of('/').sockets.values()]);
    // Seats whose person is logged in but whose desktop has not reconnected yet (lab: see seat-presence).
    for (const seatId of active.expectSeats ?? []) l.presence.expect(seatId);
    if (redis) {
      if (redis.attached()) void io.fetchSockets().then(greet, (err: unknown) => logger.warn({ err: (err as Error).message }, 'could not reach the desktops on other bridges after the take-over'));
      schedulePresenceSync();
    }
  }

  return {
    io,
    connections: () => io.of('/').sockets.size,
    attach,
    detach() {
      presenceSync?.cancel();
      presenceSync = undefined;
      local?.close();
      local = undefined;
    },
    query: (q) => backend().query(q),
    redisHealth: () => redis?.health(),
    async close() {
      stopSessionWatch();
      presenceSync?.cancel();
      presenceSync = undefined;
      local?.close();
      local = undefined;
      forwarded.close();
      io.disconnectSockets(true);
      await new Promise<void>((ok) => void io.close(() => ok()));
      await redis?.close();
    },
  };
}

/** Every instance hears forwarded requests; only the one with a call centre attached answers them. */
function serveForwardedRequests(io: HubServer, local: () => LocalBackend | undefined, logger: Logger): void {
  const log = logger.child({ forwarded: true });
  const reply = (req: ForwardedRequest, result: unknown) => io.serverSideEmit('hub:reply', { id: req.id, to: req.from, result });
  io.on('hub:request', (req) => {
    const l = local();
    if (!l) return;
    switch (req.kind) {
      case 'snapshot':
        l.snapshot(req.user).then(
          (snap) => reply(req, snap),
          (err: unknown) => log.error({ err }, 'forwarded snapshot failed'),
        );
        return;
      case 'query':
        l.query(req.query).then(
          (result) => reply(req, result),
          (err: unknown) => log.error({ err }, 'forwarded query failed'),
        );
        return;
      case 'command': {
        // Checked again here: the other bridge is trusted, but the payload crossed a process boundary.
        const parsed = Object.hasOwn(commandSchemas, req.name) ? commandSchemas[req.name].safeParse(req.payload) : undefined;
        if (!parsed?.success) return reply(req, refusal('invalid-input', 'malformed forwarded command'));
        try {
          authorise(req.user, req.name);
        } catch (err) {
          return reply(req, refusal((err as CommandError).code, (err as Error).message));
        }
        void l.command(req.user, req.name, parsed.data, log.child({ userId: req.user.id })).then((result) => reply(req, result));
        return;
      }
    }
  });
  io.on('hub:presence', (req) => {
    const l = local();
    if (!l) return;
    if (req.attached) l.attach(req.seatId, req.socketId);
    else l.detach(req.seatId, req.socketId, req.immediate);
  });
}
