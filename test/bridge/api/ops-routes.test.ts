/**
 * /healthz tells the truth (issue 9): `degraded` (503) with a reason per problem — telephony, store,
 * Redis, pop deadline misses — and `ok` (200) again as soon as they recover, without a restart.
 */
import { strict as assert } from 'node:assert';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Registry } from 'prom-client';
import { opsRoutes, type HealthPart } from '../../../bridge/api/ops-routes.js';
import { DeadlineMisses } from '../../../bridge/pop/deadline-misses.js';
import { emptyCounters, type TelephonyHealth } from '../../../telephony/telephony-port.js';

describe('ops routes: /healthz', () => {
  let server: Server;
  let base: string;
  let now = 1_700_000_000_000;
  let telephony: TelephonyHealth;
  let store: { ok: boolean; backend: string; lastError?: string; reasons?: string[] };
  let redis: HealthPart | undefined;
  const misses = new DeadlineMisses({ what: 'screen-pop store lookups', deadlineMs: 300, windowMs: 60_000, now: () => now });

  before(async () => {
    const app = express();
    app.use(
      opsRoutes({
        health: { telephony: () => telephony, store: () => store, parts: () => ({ pop: misses.health(), redis }) },
        registry: new Registry(),
        guard: () => (_req, res) => void res.status(401).end(),
        startedAt: Date.now(),
      }),
    );
    server = createServer(app);
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((ok) => server.close(() => ok())));
  beforeEach(() => {
    telephony = { ok: true, detail: 'lab switch', liveChannels: 0, liveCalls: 0, draining: false, counters: emptyCounters() };
    store = { ok: true, backend: 'sqlite' };
    redis = { ok: true, reasons: [] };
  });

  async function health(): Promise<{ status: number; body: { status: string; reasons: string[]; [k: string]: unknown } }> {
    const r = await fetch(`${base}/healthz`);
    return { status: r.status, body: (await r.json()) as { status: string; reasons: string[] } };
  }

  it('all well: 200 ok, no reasons, the parts shown', async () => {
    const h = await health();
    assert.equal(h.status, 200);
    assert.equal(h.body.status, 'ok');
    assert.deepEqual(h.body.reasons, []);
    assert.deepEqual(h.body.redis, { ok: true, reasons: [] });
    assert.equal((h.body.pop as { recentMisses: number }).recentMisses, 0);
    assert.equal((h.body.telephony as TelephonyHealth).detail, 'lab switch');
  });

  it('each problem makes it 503 degraded with its reason; recovery makes it 200 ok again', async () => {
    store = { ok: false, backend: 'sqlite', reasons: ['store writes failing: attempt to write a readonly database'] };
    redis = { ok: false, reasons: ['Redis at redis://127.0.0.1:6390 unreachable: single-instance fan-out'] };
    telephony = { ...telephony, ok: false, detail: 'FreeSWITCH unreachable since 12:03:04; new calls get 503' };
    misses.miss();
    const bad = await health();
    assert.equal(bad.status, 503);
    assert.equal(bad.body.status, 'degraded');
    assert.deepEqual(bad.body.reasons, [
      'telephony: FreeSWITCH unreachable since 12:03:04; new calls get 503',
      'store writes failing: attempt to write a readonly database',
      'screen-pop store lookups: 1 missed the 300 ms deadline in the last 60 s',
      'Redis at redis://127.0.0.1:6390 unreachable: single-instance fan-out',
    ]);

    // Recovery, part by part; the pop misses age out of their window.
    store = { ok: true, backend: 'sqlite' };
    redis = { ok: true, reasons: [] };
    telephony = { ...telephony, ok: true, detail: 'lab switch' };
    const still = await health();
    assert.equal(still.status, 503);
    assert.deepEqual(still.body.reasons, ['screen-pop store lookups: 1 missed the 300 ms deadline in the last 60 s']);
    now += 61_000;
    const good = await health();
    assert.equal(good.status, 200);
    assert.equal(good.body.status, 'ok');
  });

  it('a store that is not ok without reasons of its own still says why', async () => {
    store = { ok: false, backend: 'postgres', lastError: 'Connection terminated unexpectedly' };
    const h = await health();
    assert.equal(h.status, 503);
    assert.deepEqual(h.body.reasons, ['store (postgres): Connection terminated unexpectedly']);
  });

  it('a part that is not configured (no Redis) is left out', async () => {
    redis = undefined;
    const h = await health();
    assert.equal(h.status, 200);
    assert.equal('redis' in h.body, false);
  });
});
