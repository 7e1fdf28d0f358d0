/**
 * Desktop authentication: users from the config (seats + leads/admins), scrypt-hashed passwords, login
 * rate limiting, revocable sessions kept in a SessionBackend (the store, or Redis). Shared by the REST
 * routes (requireRole) and the socket hub.
 *
 * Users without a `passwordHash` log in with the lab seed password (HOTLINE_SEED_PASSWORD, default
 * `hotline-lab`). That is a training convenience: outside lab mode `createAuth` refuses to start and names
 * every user that still lacks a hash.
 *
 * Every login, failure, lock-out, logout and revocation is logged with user id and address (never what
 * was typed); lock-outs and revocations also go to the audit trail.
 */
import pino, { type Logger } from 'pino';
import type { HotlineConfig } from '../config/schema.js';
import { systemClock, type Clock } from '../domain/clock.js';
import type { HubUser, Role } from '../hub/events.js';
import { hashPassword, isPasswordHash, verifyPassword } from './password-hash.js';
import { LoginLimiter, type LimiterRule } from './login-limiter.js';
import { MemorySessionBackend, type SessionBackend } from './session-backend.js';
import { SessionStore, type Session, type SessionCheck, type SessionEndListener } from './session-store.js';
import { publicUser, usersFromConfig, type DirectoryUser } from './user-directory.js';

export { hashPassword, verifyPassword } from './password-hash.js';
export type { Session, SessionCheck, SessionEndReason, SessionEndListener, SessionRefusal, EndedSession } from './session-store.js';
export type { SessionBackend, SessionRecord } from './session-backend.js';
export type { HubUser, Role };

export const DEFAULT_SEED_PASSWORD = 'hotline-lab';

export type LoginOutcome =
  | { ok: true; token: string; session: Session }
  | { ok: false; reason: 'credentials' }
  | { ok: false; reason: 'rate-limited'; retryAfterSeconds: number }
  | { ok: false; reason: 'unavailable' };

/** Where lock-outs and revocations are recorded (the store's audit log); kept this small so auth stays testable. */
export interface AuditSink {
  appendAudit(entry: { at: number; actor: string; action: string; detail: Record<string, unknown> }): Promise<void>;
}

export interface Auth {
  readonly sessionTtlMs: number;
  login(input: { userId: string; password: string; ip: string }): Promise<LoginOutcome>;
  /** The live session of a bearer token, or why there is none (unknown, expired, revoked, logged out). */
  authenticate(token: string | undefined | null): Promise<SessionCheck>;
  /** Ends the session of this token (the user's own logout). */
  logout(token: string, ip?: string): Promise<Session | undefined>;
  /**
   * Ends another session. `actor` must be a lead or admin; a lead cannot end an admin's session.
   * Returns 'not-found' / 'forbidden' or the ended session.
   */
  revoke(sessionId: string, actor: HubUser): Promise<Session | 'not-found' | 'forbidden'>;
  sessions(): Promise<Session[]>;
  /** Called when any session ends by logout or revocation, here or (Redis) in another process. */
  onSessionEnded(listener: SessionEndListener): () => void;
  user(id: string): HubUser | undefined;
  close(): Promise<void>;
}

export interface AuthOptions {
  labMode: boolean;
  env?: Record<string, string | undefined>;
  /** Time (tests pass a manual one); without setTimeout the pruning timer runs on real time. */
  clock?: Pick<Clock, 'now'> & Partial<Pick<Clock, 'setTimeout'>>;
  logger?: Logger;
  /** Where sessions live (default: memory, for tests; the bridge passes the store or Redis). */
  sessions?: SessionBackend;
  /** Where lock-outs and revocations are recorded. */
  audit?: AuditSink;
  /** See SessionStore: how long an authenticated token is trusted without asking the back end. */
  sessionCacheTtlMs?: number;
  /** Failed logins per user id (default 5 in 5 min). */
  perUser?: LimiterRule;
  /**
   * Failed logins per client IP (default 30 in 5 min). Higher than per user: a whole centre usually
   * sits behind one NAT address, and one agent's typos must not lock out the floor.
   */
  perIp?: LimiterRule;
  /** scrypt cost for the seed password's hash (tests lower it; the seed is public in the lab anyway). */
  seedHashParams?: { N: number; r: number; p: number };
}

const FIVE_MIN = 5 * 60_000;

export function createAuth(config: Pick<HotlineConfig, 'seats' | 'users' | 'hub'>, opts: AuthOptions): Auth {
  const given = opts.clock ?? systemClock;
  const clock: Clock = { now: () => given.now(), setTimeout: given.setTimeout?.bind(given) ?? systemClock.setTimeout };
  const log = (opts.logger ?? pino({ level: 'silent' })).child({ component: 'auth' });
  const users = usersFromConfig(config);

  const malformed = [...users.values()].filter((u) => u.passwordHash !== undefined && !isPasswordHash(u.passwordHash)).map((u) => u.id);
  if (malformed.length) throw new Error(`passwordHash is not a scrypt hash from bridge/auth for: ${malformed.join(', ')}`);
  const unhashed = [...users.values()].filter((u) => !u.passwordHash).map((u) => u.id);
  if (unhashed.length && !opts.labMode) {
    throw new Error(
      `outside lab mode every desktop user needs a passwordHash; missing for: ${unhashed.join(', ')} ` +
        `(make one with: npm run hash-password)`,
    );
  }
  const seedPassword = opts.env?.HOTLINE_SEED_PASSWORD || DEFAULT_SEED_PASSWORD;
  if (unhashed.length) log.warn({ users: unhashed.length }, 'lab mode: users without a password hash log in with the seed password');

  // The seed is compared through scrypt like any password (constant time); unknown user ids are checked
  // against it too, so the reply time does not reveal which ids exist.
  let seedHash: Promise<string> | undefined;
  const seed = () => (seedHash ??= hashPassword(seedPassword, opts.seedHashParams));

  const userOf = (id: string) => {
    const u = users.get(id);
    return u ? publicUser(u) : undefined;
  };
  const ttlMs = config.hub.sessionTtlHours * 3600_000;
  const store = new SessionStore({
    backend: opts.sessions ?? new MemorySessionBackend(),
    ttlMs,
    clock,
    users: userOf,
    logger: log,
    ...(opts.sessionCacheTtlMs !== undefined ? { cacheTtlMs: opts.sessionCacheTtlMs } : {}),
  });
  const perUser = new LoginLimiter(opts.perUser ?? { maxFailures: 5, windowMs: FIVE_MIN }, clock);
  const perIp = new LoginLimiter(opts.perIp ?? { maxFailures: 30, windowMs: FIVE_MIN }, clock);
  /** Until when each key's current lock-out was announced (one log line and one audit entry per lock-out). */
  const announced = new Map<string, number>();

  const audit = async (action: string, actor: string, detail: Record<string, unknown>) => {
    if (!opts.audit) return;
    try {
      await opts.audit.appendAudit({ at: clock.now(), actor, action, detail });
    } catch (err) {
      log.error({ err: (err as Error).message, action }, 'audit entry could not be written');
    }
  };

  const passwordMatches = async (u: DirectoryUser | undefined, password: string) => {
    const stored = u?.passwordHash ?? (await seed());
    const ok = await verifyPassword(password, stored);
    return ok && u !== undefined;
  };

  /** After a failure: a key that is now blocked starts a lock-out, announced once. */
  const announceLockouts = async (userId: string, ip: string) => {
    const now = clock.now();
    for (const [scope, limiter, key] of [['user', perUser, `u:${userId}`], ['address', perIp, `ip:${ip}`]] as const) {
      const waitMs = limiter.blockedForMs(key);
      if (waitMs <= 0 || (announced.get(key) ?? 0) > now) continue;
      announced.set(key, now + waitMs);
      if (announced.size > 10_000) announced.delete(announced.keys().next().value!);
      const retryAfterSeconds = Math.ceil(waitMs / 1000);
      log.warn({ userId, ip, scope, outcome: 'locked-out', retryAfterSeconds }, `login locked out: too many failed attempts for this ${scope}`);
      await audit('login-locked-out', scope === 'user' ? userId : `ip:${ip}`, { scope, userId, ip, retryAfterSeconds });
    }
  };

  return {
    sessionTtlMs: ttlMs,

    async login({ userId, password, ip }) {
      const userKey = `u:${userId}`;
      const ipKey = `ip:${ip}`;
      const waitMs = Math.max(perUser.blockedForMs(userKey), perIp.blockedForMs(ipKey));
      if (waitMs > 0) {
        log.warn({ userId, ip, outcome: 'refused-locked-out' }, 'login refused: locked out after too many failed attempts');
        return { ok: false, reason: 'rate-limited', retryAfterSeconds: Math.ceil(waitMs / 1000) };
      }
      // Counted now, before the password check awaits: parallel guesses see each other's attempts.
      const atUser = perUser.recordFailure(userKey);
      const atIp = perIp.recordFailure(ipKey);
      const u = users.get(userId);
      if (!(await passwordMatches(u, password)) || !u) {
        // Who and from where; never what was typed.
        log.warn({ userId, ip, knownUser: !!u, outcome: 'failed' }, 'login failed: wrong user id or password');
        await announceLockouts(userId, ip);
        return { ok: false, reason: 'credentials' };
      }
      perUser.refund(userKey, atUser);
      perIp.refund(ipKey, atIp);
      perUser.reset(userKey);
      let created: Awaited<ReturnType<SessionStore['create']>>;
      try {
        created = await store.create(publicUser(u), ip);
      } catch (err) {
        log.error({ userId, ip, outcome: 'unavailable', err: (err as Error).message }, 'login failed: the session could not be stored');
        return { ok: false, reason: 'unavailable' };
      }
      log.info({ userId, role: u.role, sessionId: created.session.id, ip, outcome: 'ok' }, 'login');
      return { ok: true, ...created };
    },

    async authenticate(token) {
      if (typeof token !== 'string' || token.length < 20 || token.length > 200) return { ok: false, reason: 'missing' };
      return store.check(token);
    },

    async logout(token, ip) {
      const c = await this.authenticate(token);
      if (!c.ok) return undefined;
      const s = await store.end(c.session.id, 'logout');
      if (s) log.info({ userId: s.user.id, sessionId: s.id, ip: ip ?? s.ip, outcome: 'logout' }, 'logout');
      return s;
    },

    async revoke(sessionId, actor) {
      if (actor.role !== 'lead' && actor.role !== 'admin') return 'forbidden';
      const s = await store.byId(sessionId);
      if (!s) return 'not-found';
      if (s.user.role === 'admin' && actor.role !== 'admin') return 'forbidden';
      const ended = await store.end(sessionId, 'revoked');
      if (!ended) return 'not-found';
      log.warn({ by: actor.id, userId: s.user.id, sessionId, ip: s.ip, outcome: 'revoked' }, 'session revoked');
      await audit('session-revoked', actor.id, { sessionId, userId: s.user.id, role: s.user.role, ip: s.ip });
      return ended;
    },

    sessions: () => store.list(),
    onSessionEnded: (listener) => store.onEnded(listener),
    user: userOf,
    close: () => store.close(),
  };
}
