/**
 * Screen-pop latency through the whole bridge: from the moment a call reaches the bridge (the lab
 * switch delivers the caller's INVITE) to the moment the `offer` event, pop included, is received by
 * that agent's socket.io client. Real pieces throughout: lab switch → Router (caller history from the
 * store) → CallCenterService (ACD) → CallRecorder writing every event → StorePopAssembler (SQLite with a
 * generated history, audit-logged views) → hub → socket.io-client.
 *
 * 500 agent desktops are connected from a separate process (so the clients' work does not sit on the
 * bridge's event loop; they still share this machine's cores). Each desktop behaves like an agent who
 * answers at once: accept, hang up, complete the wrap-up — so seats come back and calls keep flowing.
 * Calls arrive at 20 and then 100 per second. Memory per connected socket is the bridge's heap growth
 * from 0 to 500 connected desktops (after GC), plus off-heap buffers.
 *
 *   npx tsx test/bench/pop-latency.bench.ts [--quick]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import pino from 'pino';
import { createAuth } from '../../bridge/auth/index.js';
import { CallCenterService } from '../../bridge/calls/call-center.js';
import { configSchema, type HotlineConfig } from '../../bridge/config/schema.js';
import { CallRecorder } from '../../bridge/history/call-recorder.js';
import { createHub } from '../../bridge/hub/index.js';
import { StorePopAssembler } from '../../bridge/pop/store-pop-assembler.js';
import { Router } from '../../bridge/routing/router.js';
import { openStore } from '../../bridge/store/index.js';
import { seedHistory } from '../../fixtures/history/index.js';
import { systemClock } from '../../bridge/domain/clock.js';
import { LabSwitch } from '../../telephony/lab/lab-switch.js';
import { percentile } from './percentile.js';
import { runWhenMain } from './bench-main.js';

const SEATS = 500;
const SELF = fileURLToPath(import.meta.url);
const quick = process.argv.includes('--quick') || process.env.POP_BENCH_QUICK === '1';

/** Wall-clock epoch in ms with sub-millisecond resolution, comparable across processes on one machine. */
const hiNow = () => performance.timeOrigin + performance.now();

// ───────────────────────────────────────────────────────────── the desktops (child process)

type ToChild = { type: 'connect'; url: string; tokens: string[] } | { type: 'stop' };
type FromChild = { type: 'ready'; connected: number } | { type: 'pops'; pops: [callId: string, at: number][] } | { type: 'error'; message: string };

async function runDesktops(): Promise<void> {
  const { io } = await import('socket.io-client');
  const send = (m: FromChild) => process.send?.(m);
  let batch: [string, number][] = [];
  const flush = setInterval(() => {
    if (batch.length) send({ type: 'pops', pops: batch.splice(0) });
  }, 50);
  const sockets: ReturnType<typeof io>[] = [];
  process.on('message', (m: ToChild) => {
    if (m.type === 'stop') {
      clearInterval(flush);
      for (const s of sockets) s.disconnect();
      process.exit(0);
    }
    if (m.type !== 'connect') return;
    let ready = 0;
    for (const token of m.tokens) {
      const s = io(m.url, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
      sockets.push(s);
      s.once('snapshot', () => {
        if (++ready === m.tokens.length) send({ type: 'ready', connected: ready });
      });
      s.on('connect_error', (e: Error) => send({ type: 'error', message: e.message }));
      s.on('offer', (o: { callId: string }) => {
        batch.push([o.callId, hiNow()]);
        // An agent who answers at once, hangs up, and completes the wrap-up.
        void (async () => {
          const acc = (await s.emitWithAck('offer:accept', { callId: o.callId })) as { ok: boolean };
          if (!acc.ok) return;
          await s.emitWithAck('call:hangup', { callId: o.callId });
          await s.emitWithAck('seat:wrap-up', { disposition: 'resolved' });
        })().catch(() => undefined);
      });
    }
  });
}

// ───────────────────────────────────────────────────────────── the bridge (this process)

function benchConfig(): HotlineConfig {
  return configSchema.parse({
    languages: [{ code: 'zh', name: 'Mandarin', nativeName: '普通话' }],
    desks: [{ id: 'general', name: '综合受理', ringTimeoutSeconds: 60, wrapUpSeconds: 30 }],
    numberPlan: [{ did: '12345', label: '12345 政务服务便民热线', desk: 'general' }],
    seats: Array.from({ length: SEATS }, (_, i) => {
      const id = `S${String(i + 1).padStart(3, '0')}`;
      return { id, name: `坐席${id}`, languages: ['zh'], desks: ['general'], officeContact: `sip:${id.toLowerCase()}@lab` };
    }),
  });
}

function gc(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

const pct = percentile;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function run(): Promise<string> {
  const cpu = os.cpus();
  const lines = [
    `machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, ` +
      `load avg ${os.loadavg().map((l) => l.toFixed(1)).join('/')}; ${SEATS} agent sockets in a second process on the same machine`,
  ];
  const silent = pino({ level: 'silent' });
  const config = benchConfig();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pop-latency-'));
  const store = await openStore({ dataDir, logger: silent });
  const contacts = quick ? 5_000 : 50_000;
  await seedHistory(store, { contacts, seed: 2025 });
  const callers = await store.sampleCallerNumbers(2000);
  lines.push(`  store: SQLite with ${contacts.toLocaleString('en')} generated contacts; callers drawn from ${callers.length} known numbers`);

  const lab = new LabSwitch({
    clock: systemClock,
    logger: silent,
    seatAnswerDelayMs: { min: 600_000, max: 600_000 },
    noAnswerProbability: 0,
    talkSeconds: { min: 600, max: 600 },
  });
  await lab.start();
  const router = new Router(config, store.history, { logger: silent });
  const callCenter = new CallCenterService({ config, telephony: lab, route: (c, now) => router.route(c, now), clock: systemClock, logger: silent });
  const recorder = new CallRecorder({ store, callCenter, logger: silent });
  const pop = new StorePopAssembler({ store, config, logger: silent });
  // The seed password's hash is cheap here: 500 logins are set-up, not what is measured.
  const auth = createAuth(config, { labMode: true, seedHashParams: { N: 1024, r: 8, p: 1 } });
  const server = createServer();
  const hub = await createHub({ httpServer: server, callCenter, pop, auth, config, logger: silent, audit: { listAudit: async () => ({ entries: [], hasMore: false }) } });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const placedAt = new Map<string, number>();
  const latencies: number[] = [];
  let child: ChildProcess | undefined;
  try {
    const tokens: string[] = [];
    for (const s of config.seats) {
      const out = await auth.login({ userId: s.id, password: 'hotline-lab', ip: '127.0.0.1' });
      if (!out.ok) throw new Error(`login ${s.id} failed`);
      tokens.push(out.token);
    }

    gc();
    const before = process.memoryUsage();
    child = fork(SELF, [], { env: { ...process.env, POP_BENCH_ROLE: 'desktops' }, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const c = child;
    const ready = new Promise<void>((ok, fail) => {
      c.on('message', (m: FromChild) => {
        if (m.type === 'ready') ok();
        else if (m.type === 'error') fail(new Error(`desktop: ${m.message}`));
        else if (m.type === 'pops') {
          for (const [callId, at] of m.pops) {
            const t0 = placedAt.get(callId);
            if (t0 !== undefined) latencies.push(at - t0);
            placedAt.delete(callId);
          }
        }
      });
      c.once('exit', (code) => fail(new Error(`desktop process exited (${code})`)));
    });
    c.send({ type: 'connect', url, tokens } satisfies ToChild);
    await ready;
    await sleep(500);
    gc();
    const after = process.memoryUsage();
    const attended = callCenter.seats().filter((s) => s.attended).length;
    lines.push(
      `  memory per connected socket (bridge side, ${hub.connections()} sockets, ${attended} seats attended): ` +
        `heap ${((after.heapUsed - before.heapUsed) / SEATS / 1024).toFixed(1)} KiB + buffers ${((after.external - before.external) / SEATS / 1024).toFixed(1)} KiB ` +
        `(RSS moves with the allocator and is not a per-socket figure)`,
    );

    const seconds = quick ? 5 : 20;
    for (const rate of [20, 100]) {
      latencies.length = 0;
      placedAt.clear();
      const startedAt = hiNow();
      let placed = 0;
      let i = 0;
      await new Promise<void>((done) => {
        const tick = setInterval(() => {
          const due = Math.min(rate * seconds, Math.floor(((hiNow() - startedAt) / 1000) * rate));
          while (placed < due) {
            const callerNumber = callers[i++ % callers.length]!;
            const t = hiNow();
            const callId = lab.placeCall({ callerNumber, dialledNumber: '12345', patienceSeconds: 300 });
            placedAt.set(callId, t);
            placed++;
          }
          if (placed >= rate * seconds) {
            clearInterval(tick);
            done();
          }
        }, 5);
      });
      // Let the last offers arrive and the last calls finish.
      for (let w = 0; w < 100 && (placedAt.size > 0 || callCenter.liveCalls().length > 0); w++) await sleep(100);
      const s = [...latencies].sort((a, b) => a - b);
      lines.push(
        `  ${String(rate).padStart(3)} calls/s for ${seconds} s: pop latency p50 ${pct(s, 50).toFixed(1)} ms · p99 ${pct(s, 99).toFixed(1)} ms · ` +
          `max ${(s[s.length - 1] ?? NaN).toFixed(1)} ms (${s.length} of ${placed} calls popped${placedAt.size ? `, ${placedAt.size} never offered` : ''})`,
      );
    }
    const wb = callCenter.wallboard();
    lines.push(`  afterwards: answered ${wb.answeredToday}, abandoned ${wb.abandonedToday}, recorder write failures ${recorder.failures}`);
  } finally {
    child?.send({ type: 'stop' } satisfies ToChild);
    await hub.close();
    callCenter.close();
    await lab.stop();
    await recorder.flush();
    await new Promise<void>((ok) => server.close(() => ok()));
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return lines.join('\n');
}

if (process.env.POP_BENCH_ROLE === 'desktops') {
  void runDesktops();
} else {
  runWhenMain(import.meta.url, run);
}
