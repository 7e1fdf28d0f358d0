/**
 * Redis down never stalls the hub (issue 9): start-up goes on with single-instance fan-out, the Streams
 * adapter attaches when Redis comes up (rooms kept), and when Redis goes away again room emits still
 * reach this instance's desktops at once. `hub.redisRequired` turns "down at start" into a clear error.
 * Uses a throw-away redis-server on a free port.
 */
import { strict as assert } from 'node:assert';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { Server } from 'socket.io';
import { io as connectClient, type Socket } from 'socket.io-client';
import { connectRedisFanout, RedisUnavailableError, type RedisFanout } from '../../../bridge/hub/redis-adapter.js';
import type { HubServer } from '../../../bridge/hub/hub-types.js';
import { freePort, TempRedis } from '../../support/temp-redis.js';

function capture(): { logger: pino.Logger; lines: { msg: string; level: number }[] } {
  const lines: { msg: string; level: number }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l) as { msg: string; level: number });
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), lines };
}

describe('hub: Redis fan-out that is down, comes back and goes again', function () {
  this.timeout(30_000);
  let http: HttpServer;
  let io: HubServer;
  let url: string;
  let redis: TempRedis;
  let fanout: RedisFanout | undefined;
  const clients: Socket[] = [];

  beforeEach(async () => {
    http = createServer();
    io = new Server(http, { connectionStateRecovery: {} }) as unknown as HubServer;
    io.on('connection', (s) => void s.join(`room:${String(s.handshake.auth.name)}`));
    await new Promise<void>((ok) => http.listen(0, '127.0.0.1', ok));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    redis = new TempRedis(await freePort());
  });

  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await fanout?.close();
    fanout = undefined;
    await new Promise<void>((ok) => void io.close(() => ok()));
    await redis.stop();
  });

  async function desktop(name: string): Promise<Socket> {
    const c = connectClient(url, { auth: { name }, transports: ['websocket'], reconnection: false });
    clients.push(c);
    await new Promise<void>((ok, fail) => {
      c.once('connect', () => ok());
      c.once('connect_error', fail);
    });
    return c;
  }

  /** The same server, untyped: these tests emit a made-up event. */
  const plain = () => io as unknown as Server;
  const heard = (c: Socket, event: string) => new Promise<unknown>((ok) => c.once(event, ok));

  it('starts without Redis, degraded with the reason and one log line; attaches when Redis comes up, rooms kept', async () => {
    const { logger, lines } = capture();
    fanout = await connectRedisFanout(io, { url: redis.url, logger, connectTimeoutMs: 300, streamName: `test-fanout-${process.pid}` });
    assert.equal(fanout.attached(), false);
    const h = fanout.health();
    assert.equal(h.ok, false);
    assert.match(h.reasons[0] ?? '', new RegExp(`Redis at redis://127\\.0\\.0\\.1:${redis.port} unreachable since .*single-instance fan-out`));

    // Single-instance fan-out works meanwhile.
    const a = await desktop('a');
    let got = heard(a, 'ping');
    plain().to('room:a').emit('ping', 1);
    assert.equal(await got, 1);

    await redis.start();
    await fanout.whenAttached();
    assert.deepEqual(fanout.health(), { ok: true, url: redis.url, attached: true, reasons: [] });
    // The socket that joined its room before the swap is still in it under the Streams adapter.
    got = heard(a, 'ping');
    plain().to('room:a').emit('ping', 2);
    assert.equal(await got, 2);

    const down = lines.filter((l) => /Redis unreachable/.test(l.msg));
    assert.equal(down.length, 1, 'one line when it went down, however many reconnect attempts failed');
    assert.equal(lines.filter((l) => /Redis reachable again/.test(l.msg)).length, 1);
  });

  it('Redis lost after attaching: back to single-instance fan-out, emits still reach local desktops', async () => {
    await redis.start();
    const { logger, lines } = capture();
    fanout = await connectRedisFanout(io, { url: redis.url, logger, connectTimeoutMs: 1000, streamName: `test-fanout-${process.pid}` });
    assert.equal(fanout.attached(), true);
    const b = await desktop('b');
    await redis.stop();
    // The client notices the dropped connection, the in-memory adapter takes over.
    await new Promise<void>((ok) => {
      const t = setInterval(() => {
        if (!fanout!.attached()) {
          clearInterval(t);
          ok();
        }
      }, 10);
    });
    assert.equal(fanout.health().ok, false);
    const got = heard(b, 'ping');
    plain().to('room:b').emit('ping', 3);
    assert.equal(await got, 3, 'a room emit is not held until Redis returns');
    assert.equal(lines.filter((l) => /Redis unreachable/.test(l.msg)).length, 1);
  });

  it('closing while Redis is stalled lets the connection go after closeWaitMs instead of hanging the shutdown', async () => {
    await redis.start();
    const { logger, lines } = capture();
    fanout = await connectRedisFanout(io, { url: redis.url, logger, connectTimeoutMs: 1000, streamName: `test-fanout-stall-${process.pid}`, closeWaitMs: 300 });
    await desktop('c');
    // Let the adapter's blocking stream read reach the server, then freeze it with the read pending.
    await new Promise((r) => setTimeout(r, 200));
    redis.pause();
    try {
      const closed = await Promise.race([fanout.close().then(() => 'closed'), new Promise((ok) => setTimeout(() => ok('still waiting'), 5000))]);
      assert.equal(closed, 'closed');
      assert.equal(lines.filter((l) => /did not finish its pending stream read/.test(l.msg)).length, 1);
    } finally {
      redis.resume();
      fanout = undefined;
    }
  });

  it('hub.redisRequired: down at start is a clear error naming the URL', async () => {
    const { logger } = capture();
    await assert.rejects(
      connectRedisFanout(io, { url: `redis://user:secret@127.0.0.1:${redis.port}`, logger, connectTimeoutMs: 300, required: true }),
      (err: Error) => {
        assert.ok(err instanceof RedisUnavailableError);
        assert.match(err.message, new RegExp(`Redis at redis://user:\\*\\*\\*@127\\.0\\.0\\.1:${redis.port} not reachable within 300 ms .*hub\\.redisRequired is true`));
        assert.doesNotMatch(err.message, /secret/);
        return true;
      },
    );
  });
});
