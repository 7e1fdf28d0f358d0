/**
 * Dependencies that are down never hang start-up (issue 9), run as a user runs it (`tsx bridge/main.ts`):
 * - PostgreSQL that accepts and never answers → a clear error with host:port and the timeout, exit 1,
 *   no stack trace;
 * - Redis on a closed port → the bridge starts, /healthz degraded with the reason, logins answered 503
 *   with a reason; once Redis is up on that port, health is ok and logins work, without a restart;
 * - the same with hub.redisRequired → exit 1 naming the URL.
 */
import { strict as assert } from 'node:assert';
import net from 'node:net';
import { ProductProcess, tempDataDir } from '../support/product-process.js';
import { freePort, TempRedis } from '../support/temp-redis.js';

async function failedStart(p: ProductProcess): Promise<{ code: number | null; stderr: string }> {
  await assert.rejects(p.start(30_000), /bridge exited \(code 1/);
  const { code } = await p.exit!;
  return { code, stderr: p.logs.join('\n') };
}

async function health(url: string): Promise<{ status: number; body: { status: string; reasons: string[]; redis?: { attached: boolean } } }> {
  const r = await fetch(`${url}/healthz`);
  return { status: r.status, body: (await r.json()) as { status: string; reasons: string[] } };
}

const login = (url: string) =>
  fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'lead1', password: 'hotline-lab' }) });

describe('bridge start-up with dependencies down (product process)', function () {
  this.timeout(90_000);
  const data = tempDataDir();
  const procs: ProductProcess[] = [];
  after(() => data.remove());
  afterEach(async () => {
    for (const p of procs.splice(0)) {
      p.kill('SIGKILL');
      await p.exit;
    }
  });

  it('PostgreSQL that accepts and never answers: exit 1 with host:port and the timeout, no stack', async () => {
    let accepted = 0;
    const held: net.Socket[] = [];
    const silent = net.createServer((s) => {
      accepted++;
      held.push(s);
    });
    await new Promise<void>((ok) => silent.listen(0, '127.0.0.1', ok));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      // DATABASE_URL (CI) would win over the config file: this run must see the silent server only.
      const p = new ProductProcess({ dataDir: data.dir, config: { store: { databaseUrl: `postgres://postgres@127.0.0.1:${port}/test` } }, env: { DATABASE_URL: undefined } });
      procs.push(p);
      const { code, stderr } = await failedStart(p);
      assert.equal(code, 1);
      assert.match(stderr, new RegExp(`PostgreSQL at 127\\.0\\.0\\.1:${port} did not answer within 5000 ms \\(store\\.postgres\\.connectTimeoutMs\\)`));
      assert.doesNotMatch(stderr, /^\s+at /m, 'the operator gets the sentence, not a stack trace');
      assert.ok(accepted >= 1);
    } finally {
      for (const s of held) s.destroy();
      await new Promise<void>((ok) => silent.close(() => ok()));
    }
  });

  it('Redis on a closed port: starts degraded saying why, logins 503; Redis comes up → ok and logins work, no restart', async () => {
    const redis = new TempRedis(await freePort());
    try {
      const p = new ProductProcess({ dataDir: data.dir, config: { hub: { redisUrl: redis.url, redisPrefix: `t${process.pid}:` } }, env: { REDIS_URL: undefined } });
      procs.push(p);
      const url = await p.start();
      const h = await health(url);
      assert.equal(h.status, 503);
      assert.equal(h.body.status, 'degraded');
      assert.ok(h.body.reasons.some((r) => r.startsWith(`Redis at ${redis.url} unreachable`) && r.includes('single-instance fan-out')), h.body.reasons.join('\n'));
      assert.ok(h.body.reasons.some((r) => r.startsWith(`Redis session store at ${redis.url} unreachable`) && r.endsWith('logins answer 503')), h.body.reasons.join('\n'));
      const refused = await login(url);
      assert.equal(refused.status, 503);
      assert.match(((await refused.json()) as { message: string }).message, /session store is not answering/);
      const downLines = p.records().filter((r) => /Redis unreachable/.test(r.msg ?? ''));
      assert.equal(downLines.length, 1, 'said once, not once per reconnect attempt');

      await redis.start();
      for (;;) {
        const now = await health(url);
        if (now.status === 200) {
          assert.equal(now.body.status, 'ok');
          assert.deepEqual(now.body.reasons, []);
          assert.equal(now.body.redis?.attached, true);
          break;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal((await login(url)).status, 200);
      assert.equal(p.records().filter((r) => /Redis reachable again/.test(r.msg ?? '')).length, 1);
    } finally {
      await redis.stop();
    }
  });

  it('hub.redisRequired with Redis down: exit 1 naming the URL', async () => {
    const port = await freePort();
    const p = new ProductProcess({ dataDir: data.dir, config: { hub: { redisUrl: `redis://127.0.0.1:${port}`, redisRequired: true, redisConnectTimeoutMs: 500 } }, env: { REDIS_URL: undefined } });
    procs.push(p);
    const { code, stderr } = await failedStart(p);
    assert.equal(code, 1);
    assert.match(stderr, new RegExp(`Redis session store at redis://127\\.0\\.0\\.1:${port} not reachable within 500 ms .*hub\\.redisRequired is true: not starting`));
    assert.doesNotMatch(stderr, /^\s+at /m);
  });
});
