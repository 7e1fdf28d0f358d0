/**
 * Desktop authentication: users from the config (seats + leads/admins), scrypt-hashed passwords, login
 * rate limiting, revocable sessions. Shared by the REST routes (requireRole) and the socket hub.
 *
 * Users without a `passwordHash` log in with the lab seed password (HOTLINE_SEED_PASSWORD, default
 * `hotline-lab`). That is a training convenience: outside lab mode `createAuth` refuses to start and names
 * every user that still lacks a hash.
 */
import pino, { type Logger } from 'pino';
import type { HotlineConfig } from '../config/schema.js';
import { systemClock, type Clock } from '../domain/clock.js';
import type { HubUser, Role } from '../hub/events.js';
import { hashPassword, isPasswordHash, verifyPassword } from './password-hash.js';
import { LoginLimiter, type LimiterRule } from './login-limiter.js';
import { SessionStore, type Session, type SessionEndListener } from './session-store.js';
import { publicUser, usersFromConfig, type DirectoryUser } from './user-directory.js';

export { hashPassword, verifyPassword } from './password-hash.js';
export type { Session, SessionEndReason, SessionEndListener } from './session-store.js';
export type { HubUser, Role };

export const DEFAULT_SEED_PASSWORD = 'hotline-lab';

export type LoginOutcome =
  | { ok: true; token: string; session: Session }
  | { ok: false; reason: 'credentials' }
  | { ok: false; reason: 'rate-limited'; retryAfterSeconds: number };

export interface Auth {
  readonly sessionTtlMs: number;
  login(input: { userId: string; password: string; ip: string }): Promise<LoginOutcome>;
  /** The live session of a bearer token, or undefined (unknown, expired, revoked). */
  authenticate(token: string | undefined | null): Session | undefined;
  /** Ends the session of this token (the user's own logout). */
  logout(token: string): Session | undefined;
  /**
   * Ends another session. `actor` must be a lead or admin; a lead cannot end an admin's session.
   * Returns 'not-found' / 'forbidden' or the ended session.
   */
  revoke(sessionId: string, actor: HubUser): Session | 'not-found' | 'forbidden';
  sessions(): Session[];
  /** Called when any session ends (logout, revoked, expired): the hub disconnects its sockets. */
  onSessionEnded(listener: SessionEndListener): () => void;
  user(id: string): HubUser | undefined;
}

export interface AuthOptions {
  labMode: boolean;
  env?: Record<string, string | undefined>;
  clock?: Pick<Clock, 'now'>;
  logger?: Logger;
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
  const clock = opts.clock ?? systemClock;
  const log = opts.logger ?? pino({ level: 'silent' });
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

  const ttlMs = config.hub.sessionTtlHours * 3600_000;
  const store = new SessionStore(ttlMs, clock);
  const perUser = new LoginLimiter(opts.perUser ?? { maxFailures: 5, windowMs: FIVE_MIN }, clock);
  const perIp = new LoginLimiter(opts.perIp ?? { maxFailures: 30, windowMs: FIVE_MIN }, clock);

  const passwordMatches = async (u: DirectoryUser | undefined, password: string) => {
    const stored = u?.passwordHash ?? (await seed());
    const ok = await verifyPassword(password, stored);
    return ok && u !== undefined;
  };

  return {
    sessionTtlMs: ttlMs,

    async login({ userId, password, ip }) {
      const userKey = `u:${userId}`;
      const ipKey = `ip:${ip}`;
      const waitMs = Math.max(perUser.blockedForMs(userKey), perIp.blockedForMs(ipKey));
      if (waitMs > 0) {
        log.warn({ userId, ip }, 'login refused: too many failed attempts');
        return { ok: false, reason: 'rate-limited', retryAfterSeconds: Math.ceil(waitMs / 1000) };
      }
      const u = users.get(userId);
      if (!(await passwordMatches(u, password)) || !u) {
        perUser.recordFailure(userKey);
        perIp.recordFailure(ipKey);
        // Who and from where; never what was typed.
        log.warn({ userId, ip, knownUser: !!u }, 'login failed: wrong user id or password');
        return { ok: false, reason: 'credentials' };
      }
      perUser.reset(userKey);
      const { token, session } = store.create(publicUser(u), ip);
      log.info({ userId, role: u.role, sessionId: session.id, ip }, 'login');
      return { ok: true, token, session };
    },

    authenticate(token) {
      if (typeof token !== 'string' || token.length < 20 || token.length > 200) return undefined;
      return store.byToken(token);
    },

    logout(token) {
      const s = this.authenticate(token);
      if (!s) return undefined;
      log.info({ userId: s.user.id, sessionId: s.id }, 'logout');
      return store.end(s.id, 'logout');
    },

    revoke(sessionId, actor) {
      if (actor.role !== 'lead' && actor.role !== 'admin') return 'forbidden';
      const s = store.byId(sessionId);
      if (!s) return 'not-found';
      if (s.user.role === 'admin' && actor.role !== 'admin') return 'forbidden';
      log.warn({ by: actor.id, userId: s.user.id, sessionId }, 'session revoked');
      return store.end(sessionId, 'revoked') ?? 'not-found';
    },

    sessions: () => store.list(),
    onSessionEnded: (listener) => store.onEnded(listener),
    user(id) {
      const u = users.get(id);
      return u ? publicUser(u) : undefined;
    },
  };
}
