/**
 * The product as `npm start` runs it: lab switch, SQLite, REST. A staged call goes through routing to a
 * simulated seat and shows up in the call view, the wallboard and the metrics.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import pino from 'pino';
import { startBridge, type StartedBridge } from '../../bridge/main.js';

const quiet = pino({ level: 'silent' });

async function until<T>(what: string, fn: () => Promise<T | undefined>, tries = 200, everyMs = 100): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await fn();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('product (npm start): lab switch + SQLite + REST', function () {
  this.timeout(60_000);
  let bridge: StartedBridge;
  let dataDir: string;
  let token: string;

  const api = (path: string, init: RequestInit = {}, auth = true) =>
    fetch(bridge.url + path, {
      ...init,
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${token}` } : {}), ...(init.headers ?? {}) },
    });

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hotline-main-'));
    bridge = await startBridge({
      env: { LOG_LEVEL: 'silent' },
      port: 0,
      host: '127.0.0.1',
      dataDir,
      labArrivalsPerMinute: 0,
      logger: quiet,
    });
    const res = await fetch(bridge.url + '/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'lead1', password: 'hotline-lab' }),
    });
    assert.equal(res.status, 200);
    token = ((await res.json()) as { token: string }).token;
  });
  after(async () => {
    await bridge?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers /healthz with 200 JSON', async () => {
    const res = await fetch(bridge.url + '/healthz');
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { status: string }).status, 'ok');
  });

  it('serves the desktop at /', async () => {
    const res = await fetch(bridge.url + '/');
    assert.equal(res.status, 200);
    assert.match(await res.text(), /<div id="root">/);
  });

  it('refuses the wallboard, metrics and lab API without a session', async () => {
    for (const [path, method] of [['/api/wallboard', 'GET'], ['/metrics', 'GET'], ['/api/lab/calls', 'POST']] as const) {
      const res = await api(path, { method, body: method === 'POST' ? '{}' : undefined }, false);
      assert.equal(res.status, 401, path);
    }
  });

  it('routes a staged 12333 call to a social-security seat that answers, with reasons', async () => {
    const res = await api('/api/lab/calls', { method: 'POST', body: JSON.stringify({ callerNumber: '13912345678', dialledNumber: '12333' }) });
    assert.equal(res.status, 201);
    const { callId } = (await res.json()) as { callId: string };
    const call = await until('the call to be answered', async () => {
      const r = await api(`/api/calls/${callId}`);
      const c = (await r.json()) as { state: string; seatId?: string; target: { desk: string; reasons: { text: string }[] } };
      return c.state === 'connected' ? c : undefined;
    });
    assert.equal(call.target.desk, 'social-security');
    assert.match(call.target.reasons.map((r) => r.text).join(' '), /12333/);
    const seat = bridge.callCenter.seat(call.seatId!);
    assert.ok(seat?.desks.includes('social-security'));

    const metrics = await (await api('/metrics')).text();
    assert.match(metrics, /hotline_calls_arrived_total\{language="zh",desk="social-security"\} 1/);
    assert.match(metrics, /hotline_calls_answered_total\{language="zh",desk="social-security"\} 1/);
    assert.match(metrics, /hotline_seats\{state="on-call"\} 1/);
    assert.match(metrics, /hotline_telephony_unhandled_faults_total 0/);
    assert.match(metrics, /hotline_telephony_command_failures_total\{code="timeout"\} 0/);
    assert.match(metrics, /hotline_telephony_live_channels \d+/);
    // The store's write-behind queue and routing's history deadline (issue 9).
    assert.match(metrics, /hotline_store_write_queue_depth \d+/);
    assert.match(metrics, /hotline_store_write_queue_oldest_age_seconds [\d.]+/);
    assert.match(metrics, /hotline_store_write_failures_total 0/);
    assert.match(metrics, /hotline_routing_history_deadline_misses_total \d+/);

    const wb = (await (await api('/api/wallboard')).json()) as { seatsByState: Record<string, number>; answeredToday: number };
    assert.equal(wb.seatsByState['on-call'], 1);
    assert.equal(wb.answeredToday, 1);
  });

  it('rejects a malformed staged call with the field and reason, and keeps serving', async () => {
    const res = await api('/api/lab/calls', { method: 'POST', body: JSON.stringify({ callerNumber: 'abc<script>', dialledNumber: '12345' }) });
    assert.equal(res.status, 400);
    assert.match(JSON.stringify(await res.json()), /callerNumber/);
    const bad = await api('/api/lab/calls', { method: 'POST', body: '{not json' });
    assert.equal(bad.status, 400);
    assert.equal((await fetch(bridge.url + '/healthz')).status, 200);
  });
});

describe('product start with an invalid config', function () {
  this.timeout(30_000);
  it('exits 1 naming the file, the path and the reason, without a stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hotline-badcfg-'));
    const file = join(dir, 'centre.yaml');
    writeFileSync(
      file,
      [
        'languages: [{ code: zh, name: 普通话, nativeName: 普通话 }]',
        'desks: [{ id: general, name: 综合, strategy: fastest-first }]',
        'numberPlan: [{ did: "12345", label: "12345", desk: general }]',
      ].join('\n'),
    );
    const out = spawnSync(process.execPath, ['--import', 'tsx', 'bridge/main.ts'], {
      env: { ...process.env, HOTLINE_CONFIG: file, LOG_LEVEL: 'silent', PORT: '0' },
      encoding: 'utf8',
      timeout: 25_000,
    });
    rmSync(dir, { recursive: true, force: true });
    assert.equal(out.status, 1, out.stderr);
    assert.match(out.stderr, /centre\.yaml/);
    assert.match(out.stderr, /desks\[0\]\.strategy/);
    assert.doesNotMatch(out.stderr, /\n\s+at /);
  });
});
