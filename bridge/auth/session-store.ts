/**
 * Desktop sessions: random 256-bit bearer tokens with a fixed lifetime, revocable.
 *
 * Only a SHA-256 of each token is kept, so a heap dump or a debug listing never shows a usable token.
 * A session has a separate public id (what leads see and revoke); the token never leaves the login reply.
 * Sessions live in this process: a restart asks everybody to log in again (the desktop does so on 401).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../domain/clock.js';
import type { HubUser } from '../hub/events.js';

export interface Session {
  id: string;
  user: HubUser;
  createdAt: number;
  expiresAt: number;
  ip: string;
}

export type SessionEndReason = 'logout' | 'revoked' | 'expired';
export type SessionEndListener = (session: Session, reason: SessionEndReason) => void;

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

export class SessionStore {
  private readonly byDigest = new Map<string, Session>();
  private readonly digestById = new Map<string, string>();
  private readonly listeners = new Set<SessionEndListener>();

  constructor(
    private readonly ttlMs: number,
    private readonly clock: Pick<Clock, 'now'>,
  ) {}

  create(user: HubUser, ip: string): { token: string; session: Session } {
    this.sweep();
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const session: Session = { id: randomBytes(12).toString('base64url'), user, createdAt: now, expiresAt: now + this.ttlMs, ip };
    const d = digest(token);
    this.byDigest.set(d, session);
    this.digestById.set(session.id, d);
    return { token, session };
  }

  /** The live session a token belongs to; an expired one is ended on the way. */
  byToken(token: string): Session | undefined {
    const d = digest(token);
    const s = this.byDigest.get(d);
    if (!s) return undefined;
    if (s.expiresAt <= this.clock.now()) {
      this.end(s.id, 'expired');
      return undefined;
    }
    return s;
  }

  byId(id: string): Session | undefined {
    const d = this.digestById.get(id);
    return d ? this.byDigest.get(d) : undefined;
  }

  /** Ends a session; returns it, or undefined when there was none. */
  end(id: string, reason: SessionEndReason): Session | undefined {
    const d = this.digestById.get(id);
    const s = d ? this.byDigest.get(d) : undefined;
    if (!d || !s) return undefined;
    this.byDigest.delete(d);
    this.digestById.delete(id);
    for (const l of this.listeners) l(s, reason);
    return s;
  }

  list(): Session[] {
    this.sweep();
    return [...this.byDigest.values()];
  }

  onEnded(listener: SessionEndListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private sweep(): void {
    const now = this.clock.now();
    for (const s of [...this.byDigest.values()]) if (s.expiresAt <= now) this.end(s.id, 'expired');
  }
}
