/**
 * Scale-out: socket.io's Redis Streams adapter, so a room emit on one bridge instance reaches desktops
 * connected to any other, and connection-state recovery keeps working across instances (the classic
 * Redis pub/sub adapter loses it).
 *
 * Redis being down never stalls the bridge. At start-up it waits at most `connectTimeoutMs`: then either
 * fails with a clear error (`required`) or goes on with single-instance fan-out (the in-memory adapter),
 * health degraded. The client keeps reconnecting; once Redis answers the Streams adapter is attached,
 * and when the connection drops the in-memory adapter takes over again at once (a Streams adapter on a
 * dead connection would hold every room emit until Redis came back). Room memberships move across.
 * One log line when Redis goes, one when it is back; the reconnect errors in between are summarised.
 */
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import type { Logger } from 'pino';
import { RedisUnavailableError, redactUrl } from '../domain/dependency-error.js';
import type { HubServer } from './hub-types.js';

type AdapterConstructor = Parameters<HubServer['adapter']>[0];

export interface RedisFanoutOptions {
  url: string;
  streamName?: string;
  logger: Logger;
  /** true: start-up fails when Redis cannot be reached within connectTimeoutMs. */
  required?: boolean;
  /** Start-up wait, and each connection attempt's limit (default 3000 ms). */
  connectTimeoutMs?: number;
  /** Repeated connection errors are summarised at most this often (default 60 s). */
  repeatLogMs?: number;
  /** How long close() waits for the connection's pending reads before letting go (default 1000 ms). */
  closeWaitMs?: number;
}

export interface RedisFanoutHealth {
  ok: boolean;
  /** The URL without its password. */
  url: string;
  attached: boolean;
  /** Since when Redis has been unreachable (epoch ms), while it is. */
  downSince?: number;
  /** Why not ok (one entry), for /healthz. */
  reasons: string[];
}

export interface RedisFanout {
  /** The Streams adapter is attached (events reach desktops on other bridge instances). */
  attached(): boolean;
  health(): RedisFanoutHealth;
  /** Resolves once the adapter is attached (tests; never rejects, may never resolve). */
  whenAttached(): Promise<void>;
  /** Closes the connection; waits at most `closeWaitMs` for Redis, whatever state it is in. */
  close(): Promise<void>;
}

export { RedisUnavailableError };

export async function connectRedisFanout(io: HubServer, opts: RedisFanoutOptions): Promise<RedisFanout> {
  const log = opts.logger.child({ component: 'redis-fanout' });
  const shownUrl = redactUrl(opts.url);
  const connectTimeoutMs = opts.connectTimeoutMs ?? 3000;
  const repeatLogMs = opts.repeatLogMs ?? 60_000;
  const streamName = opts.streamName ?? 'hotline:socket.io';
  const inMemory = io.adapter() as AdapterConstructor;

  const client = createClient({
    url: opts.url,
    socket: { connectTimeout: connectTimeoutMs, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 5000) },
  });

  let attached = false;
  let closing = false;
  let downSince: number | undefined;
  let lastError = '';
  let suppressed = 0;
  let lastSummaryAt = 0;
  let onAttached: (() => void) | undefined;
  const attachedOnce = new Promise<void>((ok) => (onAttached = ok));

  const markDown = (why: string) => {
    lastError = why;
    if (closing) return;
    if (downSince === undefined) {
      downSince = Date.now();
      lastSummaryAt = downSince;
      suppressed = 0;
      log.error({ url: shownUrl, err: why }, 'Redis unreachable: desktops get events from this bridge only (single-instance fan-out); reconnecting in the background');
      return;
    }
    suppressed++;
    if (Date.now() - lastSummaryAt >= repeatLogMs) {
      log.warn({ url: shownUrl, err: why, failedAttempts: suppressed, downForSeconds: Math.round((Date.now() - downSince) / 1000) }, 'Redis still unreachable; still single-instance fan-out');
      lastSummaryAt = Date.now();
      suppressed = 0;
    }
  };

  // A listener is required (an unhandled 'error' would throw); the reconnect loop is the client's own.
  client.on('error', (err: Error) => {
    markDown(err.message || String(err));
    detach();
  });
  client.on('end', () => detach());
  client.on('ready', () => {
    if (closing) return;
    const wasDown = downSince;
    downSince = undefined;
    lastError = '';
    attach();
    if (wasDown !== undefined) log.info({ url: shownUrl, downForSeconds: Math.round((Date.now() - wasDown) / 1000) }, 'Redis reachable again: cross-instance fan-out resumed');
    else log.info({ url: shownUrl, streamName }, 'socket.io Redis Streams adapter connected');
  });

  function attach(): void {
    if (attached) return;
    // Heartbeats every second, a silent instance forgotten after 3 s: cluster-wide queries (fetchSockets
    // after a take-over) do not wait long on a bridge that just died.
    swapAdapter(io, createAdapter(client, { streamName, heartbeatInterval: 1000, heartbeatTimeout: 3000 }) as AdapterConstructor);
    attached = true;
    onAttached?.();
  }

  function detach(): void {
    if (!attached) return;
    attached = false;
    swapAdapter(io, inMemory);
  }

  const connected = client.connect().then(
    () => 'ok' as const,
    (err: Error) => err,
  );
  const first = await orTimeout(connected, connectTimeoutMs);
  if (first !== 'ok') {
    const why = first === 'timeout' ? lastError || 'no answer' : first.message;
    if (opts.required) {
      closing = true;
      await client.disconnect().catch(() => undefined);
      throw new RedisUnavailableError(
        `Redis at ${shownUrl} not reachable within ${connectTimeoutMs} ms (${why}) and hub.redisRequired is true: not starting`,
      );
    }
    if (downSince === undefined) markDown(why);
    // The promise stays pending while the client retries; nothing awaits it any more.
    void connected;
  }

  return {
    attached: () => attached,
    health: () =>
      attached
        ? { ok: true, url: shownUrl, attached, reasons: [] }
        : {
            ok: false,
            url: shownUrl,
            attached,
            ...(downSince !== undefined ? { downSince } : {}),
            reasons: [`Redis at ${shownUrl} unreachable${downSince !== undefined ? ` since ${new Date(downSince).toISOString()}` : ''}${lastError ? ` (${lastError})` : ''}: single-instance fan-out`],
          },
    whenAttached: () => attachedOnce,
    async close() {
      closing = true;
      detach();
      // disconnect() rather than quit(): the adapter's blocking XREAD would otherwise hold quit() open.
      // disconnect() still drains node-redis's pool of isolated connections, where that XREAD runs: with
      // Redis stalled (or gone, the read queued for a reconnect) it never returns, and neither would a
      // shutdown that waited for it.
      const closeWaitMs = opts.closeWaitMs ?? 1000;
      const done = await orTimeout(client.disconnect().catch(() => undefined), closeWaitMs);
      if (done === 'timeout') log.warn({ url: shownUrl, waitedMs: closeWaitMs }, 'Redis did not finish its pending stream read; connection let go');
    },
  };
}

/**
 * Replaces the adapter of every namespace, keeping each socket's rooms (socket.io re-creates the adapters
 * empty). The old adapter is closed: a Streams adapter stops reading its stream and its heartbeats.
 */
function swapAdapter(io: HubServer, next: AdapterConstructor): void {
  const before = [...io._nsps.values()].map((nsp) => ({ nsp, old: nsp.adapter, sids: [...nsp.adapter.sids].map(([id, rooms]) => [id, new Set(rooms)] as const) }));
  io.adapter(next);
  for (const { nsp, old, sids } of before) {
    for (const [id, rooms] of sids) void nsp.adapter.addAll(id, rooms);
    void Promise.resolve(old.close()).catch(() => undefined);
  }
}

/** `p`'s value, or 'timeout' when it has not settled within `ms` (the timer never outlives the race). */
async function orTimeout<T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<'timeout'>((ok) => (timer = setTimeout(() => ok('timeout'), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
