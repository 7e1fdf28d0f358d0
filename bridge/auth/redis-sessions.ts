/**
 * Sessions in Redis (REDIS_URL set): every bridge process sharing the Redis sees the same sessions, and
 * an end made by one is published so the others drop it from their caches and close its sockets at once.
 *
 * Keys (all under `prefix`): `session:<digest>` a hash with the record, `session-id:<id>` → digest, and
 * `sessions-live` a sorted set of live ids by expiry. Records expire by themselves `retentionMs` after
 * the session does (the login form can say "expired" until then). Notices go out on `session-ended`.
 *
 * Start-up never waits on Redis for long: a Redis that does not answer in `connectTimeoutMs` leaves the
 * bridge running with logins answered 503 until the client reconnects by itself (commands fail fast
 * meanwhile, they are not queued).
 */
import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import type { Logger } from 'pino';
import { RedisUnavailableError, redactUrl } from '../domain/dependency-error.js';
import type { SessionBackend, SessionEndedNotice, SessionRecord } from './session-backend.js';

type Client = ReturnType<typeof createClient>;

export interface RedisSessionsOptions {
  url: string;
  /** Key and channel prefix, e.g. `hotline:` (tests use a random one). */
  prefix: string;
  logger: Logger;
  retentionMs?: number;
  connectTimeoutMs?: number;
  /** true: `open` fails (RedisUnavailableError) when Redis does not answer in connectTimeoutMs. */
  required?: boolean;
}

// Ends a live session exactly once: KEYS[1] record hash, KEYS[2] live set; ARGV at, reason, id.
const END_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('HEXISTS', KEYS[1], 'endedAt') == 1 then return 0 end
redis.call('HSET', KEYS[1], 'endedAt', ARGV[1], 'endReason', ARGV[2])
redis.call('ZREM', KEYS[2], ARGV[3])
return 1`;

function toRecord(h: Record<string, string>): SessionRecord | null {
  if (!h.id || !h.tokenDigest) return null;
  return {
    id: h.id,
    tokenDigest: h.tokenDigest,
    userId: h.userId ?? '',
    ip: h.ip ?? '',
    createdAt: Number(h.createdAt),
    expiresAt: Number(h.expiresAt),
    endedAt: h.endedAt ? Number(h.endedAt) : null,
    endReason: h.endReason ?? null,
  };
}

export class RedisSessionBackend implements SessionBackend {
  private readonly origin = randomBytes(8).toString('hex');
  private readonly remoteListeners = new Set<(n: SessionEndedNotice) => void>();
  private readonly resyncListeners = new Set<() => void>();
  private readonly retentionMs: number;
  private readonly channel: string;

  private constructor(
    private readonly client: Client,
    private readonly sub: Client,
    private readonly opts: RedisSessionsOptions,
  ) {
    this.retentionMs = opts.retentionMs ?? 24 * 3600_000;
    this.channel = `${opts.prefix}session-ended`;
  }

  static async open(opts: RedisSessionsOptions): Promise<RedisSessionBackend> {
    const make = () =>
      createClient({
        url: opts.url,
        disableOfflineQueue: true,
        socket: { connectTimeout: opts.connectTimeoutMs ?? 3000, reconnectStrategy: (n) => Math.min(100 * 2 ** n, 5000) },
      });
    const client = make();
    const sub = make();
    const b = new RedisSessionBackend(client, sub, opts);
    let warned = false;
    const url = redactUrl(opts.url);
    for (const c of [client, sub])
      c.on('error', (err: Error) => {
        b.lastError = err.message || String(err);
        b.downSince ??= Date.now();
        if (!warned) opts.logger.error({ url, err: err.message }, 'Redis session store unreachable: logins answer 503 until it is back');
        warned = true;
      });
    // A subscriber that reconnects may have missed notices: drop what the caches hold.
    sub.on('ready', () => {
      if (warned) opts.logger.info({ url }, 'Redis session store reachable again');
      warned = false;
      for (const l of b.resyncListeners) l();
    });
    const connecting = Promise.all([client.connect(), sub.connect().then(() => sub.subscribe(b.channel, (m) => b.heard(m)))]);
    const timeout = new Promise<'timeout'>((ok) => setTimeout(() => ok('timeout'), (opts.connectTimeoutMs ?? 3000) + 500).unref());
    const first = await Promise.race([connecting.then(() => 'ok' as const, () => 'failed' as const), timeout]);
    if (first !== 'ok' && opts.required) {
      await b.close();
      throw new RedisUnavailableError(
        `Redis session store at ${url} not reachable within ${opts.connectTimeoutMs ?? 3000} ms${b.lastError ? ` (${b.lastError})` : ''} and hub.redisRequired is true: not starting`,
      );
    }
    if (first !== 'ok') {
      b.downSince ??= Date.now();
      opts.logger.error({ url, prefix: opts.prefix }, 'Redis session store not reached at start; continuing (logins answer 503 meanwhile), it reconnects by itself');
    } else opts.logger.info({ prefix: opts.prefix }, 'sessions kept in Redis');
    return b;
  }

  private lastError = '';
  private downSince: number | undefined;

  /** For /healthz: both connections up, or why not (logins and session checks answer 503 meanwhile). */
  health(): { ok: boolean; reasons: string[] } {
    if (this.client.isReady && this.sub.isReady) {
      this.downSince = undefined;
      return { ok: true, reasons: [] };
    }
    const since = this.downSince !== undefined ? ` since ${new Date(this.downSince).toISOString()}` : '';
    return { ok: false, reasons: [`Redis session store at ${redactUrl(this.opts.url)} unreachable${since}${this.lastError ? ` (${this.lastError})` : ''}: logins answer 503`] };
  }

  private key(digest: string) {
    return `${this.opts.prefix}session:${digest}`;
  }
  private idKey(id: string) {
    return `${this.opts.prefix}session-id:${id}`;
  }
  private get liveKey() {
    return `${this.opts.prefix}sessions-live`;
  }

  private heard(message: string): void {
    let n: SessionEndedNotice & { origin?: string };
    try {
      n = JSON.parse(message) as SessionEndedNotice & { origin?: string };
    } catch {
      return;
    }
    if (n.origin === this.origin || typeof n.id !== 'string' || typeof n.tokenDigest !== 'string') return;
    for (const l of this.remoteListeners) l({ id: n.id, tokenDigest: n.tokenDigest, userId: String(n.userId), reason: String(n.reason) });
  }

  async insert(r: SessionRecord): Promise<void> {
    const until = r.expiresAt + this.retentionMs;
    const fields: Record<string, string> = {
      id: r.id,
      tokenDigest: r.tokenDigest,
      userId: r.userId,
      ip: r.ip,
      createdAt: String(r.createdAt),
      expiresAt: String(r.expiresAt),
    };
    await this.client
      .multi()
      .hSet(this.key(r.tokenDigest), fields)
      .pExpireAt(this.key(r.tokenDigest), until)
      .set(this.idKey(r.id), r.tokenDigest, { PXAT: until })
      .zAdd(this.liveKey, { score: r.expiresAt, value: r.id })
      .exec();
  }

  async byDigest(digest: string): Promise<SessionRecord | null> {
    return toRecord(await this.client.hGetAll(this.key(digest)));
  }

  async byId(id: string): Promise<SessionRecord | null> {
    const digest = await this.client.get(this.idKey(id));
    return digest ? this.byDigest(digest) : null;
  }

  async end(id: string, reason: string, at: number): Promise<boolean> {
    const rec = await this.byId(id);
    if (!rec) return false;
    const done = await this.client.eval(END_SCRIPT, { keys: [this.key(rec.tokenDigest), this.liveKey], arguments: [String(at), reason, id] });
    if (Number(done) !== 1) return false;
    const notice = { id, tokenDigest: rec.tokenDigest, userId: rec.userId, reason, origin: this.origin };
    await this.client.publish(this.channel, JSON.stringify(notice)).catch((err: Error) => this.opts.logger.warn({ err: err.message }, 'session end not published'));
    return true;
  }

  async live(now: number): Promise<SessionRecord[]> {
    const ids = await this.client.zRangeByScore(this.liveKey, `(${now}`, '+inf');
    const out: SessionRecord[] = [];
    for (const id of ids) {
      const r = await this.byId(id);
      if (r && r.endedAt === null && r.expiresAt > now) out.push(r);
    }
    return out;
  }

  async prune(before: number): Promise<number> {
    // Records expire by themselves; only the live index needs trimming.
    return this.client.zRemRangeByScore(this.liveKey, '-inf', `(${before}`);
  }

  onRemoteEnd(listener: (n: SessionEndedNotice) => void): () => void {
    this.remoteListeners.add(listener);
    return () => this.remoteListeners.delete(listener);
  }

  onResync(listener: () => void): () => void {
    this.resyncListeners.add(listener);
    return () => this.resyncListeners.delete(listener);
  }

  async close(): Promise<void> {
    for (const c of [this.sub, this.client]) await c.disconnect().catch(() => undefined);
  }
}
