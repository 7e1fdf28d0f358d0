/**
 * Desktop sessions: random 256-bit bearer tokens with a fixed lifetime, revocable, kept in a
 * SessionBackend (the store by default, Redis when configured) so a bridge restart logs no one out.
 *
 * Only a SHA-256 of each token is kept, so neither a heap dump nor a database dump shows a usable token.
 * A session has a separate public id (what leads see and revoke); the token never leaves the login reply.
 * A token that no longer works is answered with why (expired, revoked, logged out): the login form says it.
 *
 * Hot path: authenticating a token (every REST call, every socket handshake) is served from a small
 * in-process cache. A session ended in this process leaves the cache at once; one ended in another
 * process leaves it on the back end's notice (Redis pub/sub) or, for back ends without notices (a
 * PostgreSQL store shared by several processes), when the entry's short TTL (default 2 s) runs out.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../domain/clock.js';
import type { HubUser } from '../hub/events.js';
import type { SessionBackend, SessionRecord } from './session-backend.js';

export interface Session {
  id: string;
  user: HubUser;
  createdAt: number;
  expiresAt: number;
  ip: string;
}

export type SessionEndReason = 'logout' | 'revoked' | 'expired';
/** Why a token does not (or no longer) authenticate. 'unavailable': the session back end did not answer. */
export type SessionRefusal = 'missing' | 'unknown' | 'expired' | 'revoked' | 'logout' | 'unavailable';
export type SessionCheck = { ok: true; session: Session } | { ok: false; reason: SessionRefusal };
/** Which session ended; the user may be unknown when the end was heard from another process. */
export interface EndedSession {
  id: string;
  userId: string;
}
export type SessionEndListener = (session: EndedSession, reason: SessionEndReason) => void;

export const tokenDigest = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface SessionStoreOptions {
  backend: SessionBackend;
  ttlMs: number;
  clock: Clock;
  /** Today's user for an id (role and name follow the config; a removed user's sessions stop working). */
  users: (id: string) => HubUser | undefined;
  logger: Logger;
  /** How long an authenticated token is trusted without asking the back end (see the file comment). */
  cacheTtlMs?: number;
  /** How long an ended or expired record is kept to explain a refusal (default 24 h). */
  retentionMs?: number;
  /** How often old records are pruned (default 15 min). */
  pruneEveryMs?: number;
}

const CACHE_MAX = 10_000;
const endReasons = new Set<string>(['logout', 'revoked']);

export class SessionStore {
  private readonly backend: SessionBackend;
  private readonly clock: Clock;
  private readonly cache = new Map<string, { session: Session; at: number }>();
  private readonly listeners = new Set<SessionEndListener>();
  private readonly cacheTtlMs: number;
  private readonly retentionMs: number;
  private readonly stops: (() => void)[] = [];
  private pruneTimer: { cancel(): void } | undefined;
  private closed = false;

  constructor(private readonly opts: SessionStoreOptions) {
    this.backend = opts.backend;
    this.clock = opts.clock;
    this.cacheTtlMs = opts.cacheTtlMs ?? (opts.backend.onRemoteEnd ? 30_000 : 2_000);
    this.retentionMs = opts.retentionMs ?? 24 * 3600_000;
    const remote = opts.backend.onRemoteEnd?.((n) => {
      this.cache.delete(n.tokenDigest);
      if (endReasons.has(n.reason)) this.notify({ id: n.id, userId: n.userId }, n.reason as SessionEndReason);
    });
    if (remote) this.stops.push(remote);
    const resync = opts.backend.onResync?.(() => this.cache.clear());
    if (resync) this.stops.push(resync);
    this.schedulePrune(opts.pruneEveryMs ?? 15 * 60_000);
  }

  /** Creates and persists a session; rejects when the back end cannot keep it (no token is handed out). */
  async create(user: HubUser, ip: string): Promise<{ token: string; session: Session }> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const session: Session = { id: randomBytes(12).toString('base64url'), user, createdAt: now, expiresAt: now + this.opts.ttlMs, ip };
    const digest = tokenDigest(token);
    await this.backend.insert({ id: session.id, tokenDigest: digest, userId: user.id, ip, createdAt: now, expiresAt: session.expiresAt, endedAt: null, endReason: null });
    this.remember(digest, session);
    return { token, session };
  }

  /** The live session of a token, or why there is none. */
  async check(token: string): Promise<SessionCheck> {
    const digest = tokenDigest(token);
    const now = this.clock.now();
    const hit = this.cache.get(digest);
    if (hit && now - hit.at < this.cacheTtlMs) {
      if (hit.session.expiresAt > now) return { ok: true, session: hit.session };
      this.cache.delete(digest);
      return { ok: false, reason: 'expired' };
    }
    let rec: SessionRecord | null;
    try {
      rec = await this.backend.byDigest(digest);
    } catch (err) {
      this.opts.logger.error({ err: (err as Error).message }, 'session back end unavailable: cannot authenticate');
      return { ok: false, reason: 'unavailable' };
    }
    const out = this.judge(rec, now);
    if (out.ok) this.remember(digest, out.session);
    else this.cache.delete(digest);
    return out;
  }

  /** A live session by its public id. */
  async byId(id: string): Promise<Session | undefined> {
    const out = this.judge(await this.backend.byId(id), this.clock.now());
    return out.ok ? out.session : undefined;
  }

  /** Ends a live session; returns it, or undefined when there was none (or it had ended already). */
  async end(id: string, reason: Exclude<SessionEndReason, 'expired'>): Promise<Session | undefined> {
    const now = this.clock.now();
    const rec = await this.backend.byId(id);
    const live = this.judge(rec, now);
    if (!rec || !live.ok) return undefined;
    this.cache.delete(rec.tokenDigest);
    if (!(await this.backend.end(id, reason, now))) return undefined;
    // Again: a check that read the record before the end may have cached it meanwhile.
    this.cache.delete(rec.tokenDigest);
    this.notify({ id, userId: rec.userId }, reason);
    return live.session;
  }

  async list(): Promise<Session[]> {
    const now = this.clock.now();
    const out: Session[] = [];
    for (const r of await this.backend.live(now)) {
      const j = this.judge(r, now);
      if (j.ok) out.push(j.session);
    }
    return out;
  }

  onEnded(listener: SessionEndListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.pruneTimer?.cancel();
    for (const s of this.stops.splice(0)) s();
    this.cache.clear();
  }

  private judge(rec: SessionRecord | null, now: number): SessionCheck {
    if (!rec) return { ok: false, reason: 'unknown' };
    if (rec.endedAt !== null) return { ok: false, reason: rec.endReason === 'logout' ? 'logout' : 'revoked' };
    if (rec.expiresAt <= now) return { ok: false, reason: 'expired' };
    const user = this.opts.users(rec.userId);
    // A user taken out of the configuration: the session is gone with them.
    if (!user) return { ok: false, reason: 'unknown' };
    return { ok: true, session: { id: rec.id, user, createdAt: rec.createdAt, expiresAt: rec.expiresAt, ip: rec.ip } };
  }

  private remember(digest: string, session: Session): void {
    this.cache.delete(digest);
    this.cache.set(digest, { session, at: this.clock.now() });
    if (this.cache.size > CACHE_MAX) this.cache.delete(this.cache.keys().next().value!);
  }

  private notify(s: EndedSession, reason: SessionEndReason): void {
    for (const l of this.listeners) {
      try {
        l(s, reason);
      } catch (err) {
        this.opts.logger.error({ err }, 'session-ended listener failed');
      }
    }
  }

  private schedulePrune(everyMs: number): void {
    this.pruneTimer = this.clock.setTimeout(() => {
      if (this.closed) return;
      this.backend
        .prune(this.clock.now() - this.retentionMs)
        .then((n) => n > 0 && this.opts.logger.debug({ pruned: n }, 'old session records pruned'))
        .catch((err: Error) => this.opts.logger.warn({ err: err.message }, 'pruning old sessions failed'))
        .finally(() => !this.closed && this.schedulePrune(everyMs));
    }, everyMs);
  }
}
