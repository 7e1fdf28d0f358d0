/**
 * Which bridge process is active: the one that owns the queue, the telephony connection and the lab
 * generator. Several processes may run against one PostgreSQL store; exactly one holds the lease.
 *
 * Two mechanisms, because each covers what the other cannot:
 * - a PostgreSQL session-level advisory lock: when the active process dies (kill -9, crash), its
 *   connection closes and PostgreSQL releases the lock at once, so a standby takes over within one poll;
 * - a lease row renewed every `ttl / 3` with the database's own clock (`now()`), carrying an epoch that
 *   grows at every take-over (the fencing token) and the holder's backend pid: if the active process
 *   hangs or its machine loses power, its connection may linger for minutes, but its lease expires, and
 *   a standby ends that stale session (`pg_terminate_backend`), which releases the lock.
 *
 * Fencing: the active process fences itself (stops touching calls) the moment a renewal fails or no
 * renewal has succeeded for `ttl - margin` by its own monotonic clock — whichever comes first — so it has
 * let go before any standby can take over. Time comparisons for the lease use only the database's clock
 * and the process's monotonic clock: a wall-clock jump on either machine changes nothing.
 *
 *   standby ──lock + lease won──► active ──renewal failed / lease lost / stop()──► standby (after a pause)
 */
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { Logger } from 'pino';

export type BridgeRole = 'active' | 'standby';

export interface LeaderLeaseOptions {
  databaseUrl: string;
  /** PostgreSQL schema the store lives in; the lease table and the lock key follow it. */
  pgSchema?: string;
  /** Longest time from the active process's death to a standby's take-over (config ha.takeoverSeconds). */
  takeoverMs: number;
  logger: Logger;
  /** Shown in logs and /healthz (default host:pid). */
  instance?: string;
  /** Lease name (one per centre sharing a store); default "bridge". */
  name?: string;
}

export interface LeaseHolder {
  instance: string;
  epoch: number;
  since: number;
}

type LeaseEvents = {
  promoted: [epoch: number];
  demoted: [reason: string];
};

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** A stable signed 64-bit advisory-lock key for this store and lease name. */
export function lockKey(schema: string, name: string): string {
  return createHash('sha256').update(`hotline-bridge:${schema}:${name}`).digest().readBigInt64BE(0).toString();
}

export class LeaderLease extends EventEmitter<LeaseEvents> {
  readonly instance: string;
  private readonly schema: string;
  private readonly name: string;
  private readonly key: string;
  private readonly ttlMs: number;
  private readonly pollMs: number;
  private client: pg.Client | undefined;
  private current: BridgeRole = 'standby';
  private epoch = 0;
  private lastRenewedAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private busy = false;

  constructor(private readonly o: LeaderLeaseOptions) {
    super();
    this.instance = o.instance ?? `${hostname()}:${process.pid}`;
    this.schema = o.pgSchema ?? 'public';
    if (!SCHEMA_NAME.test(this.schema)) throw new Error(`invalid PostgreSQL schema name "${this.schema}"`);
    this.name = o.name ?? 'bridge';
    this.key = lockKey(this.schema, this.name);
    this.pollMs = Math.max(100, Math.min(500, Math.floor(o.takeoverMs / 5)));
    // A standby may need one poll after the lease expires: keep expiry + poll within the take-over bound.
    this.ttlMs = Math.max(600, o.takeoverMs - this.pollMs);
  }

  role(): BridgeRole {
    return this.current;
  }

  fencingEpoch(): number {
    return this.epoch;
  }

  /** Tries once at once (so a lone process starts active without waiting), then keeps polling / renewing. */
  async start(): Promise<BridgeRole> {
    this.stopped = false;
    await this.step();
    this.schedule();
    return this.current;
  }

  /** Lets go: an active process releases the lock and expires its lease so a standby takes over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const c = this.client;
    this.client = undefined;
    if (c && this.current === 'active') {
      await c
        .query(`update ${this.table} set expires_at = now() where name = $1 and holder = $2 and epoch = $3`, [this.name, this.instance, this.epoch])
        .catch(() => undefined);
    }
    if (this.current === 'active') this.demote('stopped');
    await c?.end().catch(() => undefined);
  }

  /** Who holds the lease now, as the database says (for a standby's /healthz and logs). */
  async holder(): Promise<LeaseHolder | undefined> {
    const c = await this.connection();
    const r = await c.query(`select holder, epoch, extract(epoch from since) * 1000 as since from ${this.table} where name = $1 and expires_at > now()`, [this.name]);
    const row = r.rows[0] as { holder: string; epoch: string | number; since: string | number } | undefined;
    return row ? { instance: row.holder, epoch: Number(row.epoch), since: Math.round(Number(row.since)) } : undefined;
  }

  private get table(): string {
    return `${this.schema}.hotline_ha_lease`;
  }

  private schedule(): void {
    if (this.stopped) return;
    const delay = this.current === 'active' ? Math.max(50, Math.floor(this.ttlMs / 3)) : this.pollMs;
    this.timer = setTimeout(() => {
      void this.step().finally(() => this.schedule());
    }, delay);
    this.timer.unref();
  }

  private async step(): Promise<void> {
    if (this.busy || this.stopped) return;
    this.busy = true;
    try {
      if (this.current === 'active') await this.renew();
      else await this.tryAcquire();
    } finally {
      this.busy = false;
    }
  }

  private async connection(): Promise<pg.Client> {
    if (this.client) return this.client;
    const timeoutMs = Math.max(500, Math.floor(this.ttlMs / 2));
    const c = new pg.Client({
      connectionString: this.o.databaseUrl,
      connectionTimeoutMillis: timeoutMs,
      keepAlive: true,
      statement_timeout: timeoutMs,
      // The server drops this session (and so the lock) within seconds when the host vanishes.
      options: '-c tcp_keepalives_idle=5 -c tcp_keepalives_interval=2 -c tcp_keepalives_count=3',
    });
    c.on('error', (err) => {
      this.o.logger.warn({ err: err.message }, 'lease connection failed');
      if (this.client === c) this.client = undefined;
      if (this.current === 'active') this.demote(`lease connection failed: ${err.message}`);
    });
    c.on('end', () => {
      if (this.client === c) this.client = undefined;
      if (this.current === 'active' && !this.stopped) this.demote('lease connection closed');
    });
    await c.connect();
    await c.query(
      `create table if not exists ${this.table} (name text primary key, holder text not null, pid integer not null, ` +
        `epoch bigint not null, since timestamptz not null, expires_at timestamptz not null)`,
    );
    this.client = c;
    return c;
  }

  private async tryAcquire(): Promise<void> {
    let c: pg.Client;
    try {
      c = await this.connection();
    } catch (err) {
      this.o.logger.debug({ err: (err as Error).message }, 'lease: database unreachable');
      return;
    }
    try {
      const got = (await c.query('select pg_try_advisory_lock($1::bigint) as ok', [this.key])).rows[0] as { ok: boolean };
      if (!got.ok) {
        await this.endStaleHolder(c);
        return;
      }
      const r = await c.query(
        `insert into ${this.table} (name, holder, pid, epoch, since, expires_at)
           values ($1, $2, pg_backend_pid(), 1, now(), now() + $3 * interval '1 millisecond')
         on conflict (name) do update set holder = excluded.holder, pid = excluded.pid, epoch = ${this.table}.epoch + 1,
           since = excluded.since, expires_at = excluded.expires_at
         returning epoch`,
        [this.name, this.instance, this.ttlMs],
      );
      this.epoch = Number((r.rows[0] as { epoch: string }).epoch);
      this.lastRenewedAt = performance.now();
      this.current = 'active';
      this.o.logger.info({ instance: this.instance, epoch: this.epoch }, 'this bridge is now ACTIVE');
      this.emit('promoted', this.epoch);
    } catch (err) {
      this.o.logger.warn({ err: (err as Error).message }, 'lease: acquisition failed');
      await this.dropConnection();
    }
  }

  /** The lock is held by a session whose lease expired (hung process, vanished host): end that session. */
  private async endStaleHolder(c: pg.Client): Promise<void> {
    const r = await c.query(`select holder, pid, expires_at < now() as expired from ${this.table} where name = $1`, [this.name]);
    const row = r.rows[0] as { holder: string; pid: number; expired: boolean } | undefined;
    if (!row?.expired) return;
    this.o.logger.warn({ holder: row.holder }, 'lease expired but its holder still holds the lock: ending that session to take over');
    await c.query('select pg_terminate_backend($1)', [row.pid]).catch((err: Error) => this.o.logger.error({ err: err.message }, 'could not end the stale holder'));
  }

  private async renew(): Promise<void> {
    if (performance.now() - this.lastRenewedAt > this.ttlMs - this.pollMs) {
      return this.demote('no lease renewal within the lease time');
    }
    const c = this.client;
    if (!c) return this.demote('lease connection lost');
    try {
      const r = await c.query(
        `update ${this.table} set expires_at = now() + $4 * interval '1 millisecond' where name = $1 and holder = $2 and epoch = $3 returning 1`,
        [this.name, this.instance, this.epoch, this.ttlMs],
      );
      if (r.rowCount !== 1) return this.demote('lease taken over by another bridge');
      this.lastRenewedAt = performance.now();
    } catch (err) {
      this.demote(`lease renewal failed: ${(err as Error).message}`);
    }
  }

  private demote(reason: string): void {
    if (this.current !== 'active') return;
    this.current = 'standby';
    this.o.logger.error({ instance: this.instance, epoch: this.epoch, reason }, 'this bridge is no longer active: fenced, it stops touching calls');
    // Our session may still hold the lock: end it, so the lock goes with the lease.
    void this.dropConnection();
    this.emit('demoted', reason);
  }

  private async dropConnection(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    await c?.end().catch(() => undefined);
  }
}
