/**
 * Scale-out: socket.io's Redis Streams adapter, so a room emit on one bridge instance reaches desktops
 * connected to any other, and connection-state recovery keeps working across instances (the classic
 * Redis pub/sub adapter loses it).
 */
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import type { Logger } from 'pino';

export interface RedisAdapterHandle {
  adapter: ReturnType<typeof createAdapter>;
  close(): Promise<void>;
}

export async function redisStreamsAdapter(url: string, opts: { streamName?: string; logger: Logger }): Promise<RedisAdapterHandle> {
  const client = createClient({ url, socket: { reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 5000) } });
  // Without a listener a lost connection would throw; log it and let the client reconnect.
  client.on('error', (err: Error) => opts.logger.warn({ err: err.message }, 'redis adapter connection error'));
  await client.connect();
  const streamName = opts.streamName ?? 'hotline:socket.io';
  opts.logger.info({ streamName }, 'socket.io Redis Streams adapter connected');
  return {
    // Heartbeats every second, a silent instance forgotten after 3 s: cluster-wide queries (fetchSockets
    // after a take-over) do not wait long on a bridge that just died.
    adapter: createAdapter(client, { streamName, heartbeatInterval: 1000, heartbeatTimeout: 3000 }),
    async close() {
      // disconnect() rather than quit(): the adapter's blocking XREAD would otherwise hold quit() open.
      await client.disconnect().catch(() => undefined);
    },
  };
}
