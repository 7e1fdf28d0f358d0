/**
 * Where sessions are kept. Three back ends honour one contract (test/bridge/auth/session-backends.test.ts):
 * the store's `sessions` table (SQLite / PostgreSQL, the default), Redis when REDIS_URL is set (several
 * bridge processes share it), and memory (tests and tools that need no persistence).
 *
 * A record holds the token's SHA-256 digest, never the token. Ended records stay until `prune`, so a
 * later use of that token can be told *why* it no longer works.
 */
export interface SessionRecord {
  id: string;
  tokenDigest: string;
  userId: string;
  ip: string;
  createdAt: number;
  expiresAt: number;
  endedAt: number | null;
  /** 'logout' | 'revoked' once ended. */
  endReason: string | null;
}

/** A session ended somewhere (this process or, with Redis, another one). */
export interface SessionEndedNotice {
  id: string;
  tokenDigest: string;
  userId: string;
  reason: string;
}

export interface SessionBackend {
  insert(r: SessionRecord): Promise<void>;
  byDigest(tokenDigest: string): Promise<SessionRecord | null>;
  byId(id: string): Promise<SessionRecord | null>;
  /** Marks a live session ended; true only for the call that ended it. */
  end(id: string, reason: string, at: number): Promise<boolean>;
  /** Sessions neither ended nor expired at `now`. */
  live(now: number): Promise<SessionRecord[]>;
  /** Deletes records that expired or ended before `before`. */
  prune(before: number): Promise<number>;
  /**
   * Back ends shared by several processes tell each process about ends made elsewhere, so a revocation
   * takes effect everywhere at once. Absent: the session cache's short TTL bounds the delay instead.
   */
  onRemoteEnd?(listener: (n: SessionEndedNotice) => void): () => void;
  /** The back end lost and regained its notifications: cached sessions may be stale. */
  onResync?(listener: () => void): () => void;
  close?(): Promise<void>;
}

export class MemorySessionBackend implements SessionBackend {
  private readonly byDigestMap = new Map<string, SessionRecord>();
  private readonly digestById = new Map<string, string>();

  async insert(r: SessionRecord): Promise<void> {
    if (this.digestById.has(r.id) || this.byDigestMap.has(r.tokenDigest)) throw new Error('duplicate session');
    this.byDigestMap.set(r.tokenDigest, { ...r });
    this.digestById.set(r.id, r.tokenDigest);
  }

  async byDigest(d: string): Promise<SessionRecord | null> {
    const r = this.byDigestMap.get(d);
    return r ? { ...r } : null;
  }

  async byId(id: string): Promise<SessionRecord | null> {
    const d = this.digestById.get(id);
    return d ? this.byDigest(d) : null;
  }

  async end(id: string, reason: string, at: number): Promise<boolean> {
    const d = this.digestById.get(id);
    const r = d ? this.byDigestMap.get(d) : undefined;
    if (!r || r.endedAt !== null) return false;
    r.endedAt = at;
    r.endReason = reason;
    return true;
  }

  async live(now: number): Promise<SessionRecord[]> {
    return [...this.byDigestMap.values()].filter((r) => r.endedAt === null && r.expiresAt > now).map((r) => ({ ...r }));
  }

  async prune(before: number): Promise<number> {
    let n = 0;
    for (const [d, r] of this.byDigestMap) {
      if (r.expiresAt < before || (r.endedAt !== null && r.endedAt < before)) {
        this.byDigestMap.delete(d);
        this.digestById.delete(r.id);
        n++;
      }
    }
    return n;
  }
}
