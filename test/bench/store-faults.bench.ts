/**
 * Routing and the pop while the store is healthy, locked, and slow — side by side in one run (issue 9).
 * Calls arrive at 20/s (open loop: an arrival never waits for the previous one). Each call: routing
 * (history lookup raced against the 50 ms routing deadline) → the pop for the answering seat (store
 * reads + history-view audit entry) → the recorder's writes (six call events + one audit entry) through
 * the durable write-behind queue. Scenarios:
 *
 *   healthy  nothing in the way
 *   locked   another connection holds the SQLite file (BEGIN EXCLUSIVE + a pending write) throughout
 *   slow     every statement delayed 200 ms (a hook in the worker dialect, before the statement is posted)
 *
 * Per scenario: routing and pop p50 / p99 / max, calls routed without history, event-loop delay max,
 * queue depth at the end and how long it took to drain once the fault was gone. Printed, not asserted.
 *
 *   npx tsx test/bench/store-faults.bench.ts [--quick] [--seconds N]
 */
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { openStore, SQLITE_FILE } from '../../bridge/store/index.js';
import type { Store } from '../../bridge/store/store-api.js';
import { Router } from '../../bridge/routing/router.js';
import { StorePopAssembler } from '../../bridge/pop/store-pop-assembler.js';
import { configSchema, type HotlineConfig } from '../../bridge/config/schema.js';
import { CallState, type CallView } from '../../bridge/calls/call-center-api.js';
import { DEMO_CALLERS, seedHistory } from '../../fixtures/history/index.js';
import pino from 'pino';
import { percentile } from './percentile.js';
import { runWhenMain } from './bench-main.js';

const RATE = 20;
const ROUTING_DEADLINE_MS = 50;
const SLOW_MS = 200;

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function benchConfig(): HotlineConfig {
  return configSchema.parse({
    languages: [{ code: 'zh', name: 'Mandarin', nativeName: '普通话' }],
    desks: [{ id: 'general', name: '综合受理' }],
    numberPlan: [{ did: '12345', label: '12345 政务服务便民热线', desk: 'general' }],
  });
}

function fmt(samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  const f = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1)).padStart(6);
  return `${f(percentile(s, 50))} ${f(percentile(s, 99))} ${f(s[s.length - 1] ?? NaN)}`;
}

function callView(id: string, number: string, now: number): CallView {
  return {
    id,
    state: CallState.Offering,
    callerNumber: number,
    callerDisplayName: '',
    callerVerified: true,
    dialledNumber: '12345',
    didLabel: '12345 政务服务便民热线',
    target: { language: 'zh', languageStrength: 'preferred', desk: 'general', priority: 0, reasons: [{ source: 'default', text: 'bench' }] },
    arrivedAt: now,
    expansionLevel: 0,
    transfers: 0,
  };
}

interface Outcome {
  routing: number[];
  pop: number[];
  withoutHistory: number;
  loopMaxMs: number;
  depthAtEnd: number;
  oldestAtEndMs: number;
  drainMs: number;
  healthDuring: string;
}

async function scenario(store: Store, numbers: string[], seconds: number, label: string, fault: { start(): void; stop(): void }): Promise<Outcome> {
  const config = benchConfig();
  const router = new Router(config, store.history, { historyDeadlineMs: ROUTING_DEADLINE_MS, onHistoryMiss: (ms) => store.noteDeadlineMiss('routing', ms), logger: pino({ level: 'silent' }) });
  const pop = new StorePopAssembler({ store, config, logger: pino({ level: 'silent' }) });
  const routing: number[] = [];
  const pops: number[] = [];
  let withoutHistory = 0;
  const loop = monitorEventLoopDelay({ resolution: 5 });
  fault.start();
  loop.enable();
  const total = seconds * RATE;
  const inFlight: Promise<void>[] = [];
  let healthDuring = '';
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const number = numbers[i % numbers.length]!;
    const id = `${label}-${i}`;
    inFlight.push(
      (async () => {
        const t0 = performance.now();
        const now = Date.now();
        const { target } = await router.route({ callId: id, callerNumber: number, callerDisplayName: '', callerVerified: true, dialledNumber: '12345', trunk: 'bench', hints: {}, arrivedAt: now }, now);
        routing.push(performance.now() - t0);
        if (target.reasons.some((r) => r.source === 'history' && r.text.includes('不可用'))) withoutHistory++;
        const base = { callId: id, caller: number, dialledNumber: '12345', arrivedAt: now, seatId: 'S001' };
        store.writes.enqueue('call-event', { ...base, at: now, kind: 'arrived', patch: { language: target.language, desk: target.desk } });
        store.writes.enqueue('call-event', { ...base, at: now + 1, kind: 'queued', patch: {} });
        store.writes.enqueue('call-event', { ...base, at: now + 2, kind: 'offered', patch: {} });
        const t1 = performance.now();
        await pop.assemble({ call: callView(id, number, now), offerId: `o-${id}`, seatId: 'S001', contactMode: 'office', viewer: 'S001', now });
        pops.push(performance.now() - t1);
        store.writes.enqueue('call-event', { ...base, at: now + 3, kind: 'answered', patch: { answeredAt: now + 3, seatId: 'S001', outcome: 'handled' } });
        store.writes.enqueue('call-event', { ...base, at: now + 4, kind: 'ended', patch: { endedAt: now + 4 } });
        store.writes.enqueue('call-event', { ...base, at: now + 5, kind: 'wrap-up-done', patch: { disposition: 'resolved' } });
        store.writes.enqueue('audit', { at: now, actor: 'S001', action: 'bench-call', detail: { callId: id } });
      })(),
    );
    if (i === Math.floor(total / 2)) {
      const h = store.health();
      healthDuring = h.ok ? 'ok' : `degraded: ${h.reasons.map((r) => r.replace(/ since .*$/, '').replace(/ \(\d+ attempts.*$/, '')).join('; ')}`;
    }
  }
  // Pops of the locked scenario can outlast the lock: stop the fault first, then wait for them.
  loop.disable();
  const q = store.writes.stats();
  fault.stop();
  await Promise.all(inFlight);
  const d0 = performance.now();
  await store.writes.flush();
  return { routing, pop: pops, withoutHistory, loopMaxMs: loop.max / 1e6, depthAtEnd: q.depth, oldestAtEndMs: q.oldestAgeMs, drainMs: performance.now() - d0, healthDuring };
}

export async function run(): Promise<string> {
  const quick = process.argv.includes('--quick');
  const seconds = Number(argValue('--seconds') ?? (quick ? 3 : 10));
  const contacts = quick ? 2000 : 20_000;
  const busyTimeoutMs = Number(argValue('--busy-timeout') ?? 250);
  const cpu = os.cpus();
  const lines = [
    `machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}; SQLite (worker thread), ${contacts.toLocaleString('en')} contacts; ${RATE} calls/s for ${seconds} s per scenario; routing deadline ${ROUTING_DEADLINE_MS} ms, busy timeout ${busyTimeoutMs} ms`,
  ];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-bench-faults-'));
  let delayMs = 0;
  const store = await openStore({ dataDir: dir, busyTimeoutMs, beforeStatement: () => (delayMs > 0 ? new Promise((r) => setTimeout(r, delayMs)) : undefined) });
  try {
    await seedHistory(store, { contacts, seed: 2025 });
    const numbers = [...Object.values(DEMO_CALLERS), ...(await store.sampleCallerNumbers(2000))];
    // Warm the worker's statement cache and the page cache so "healthy" describes steady state.
    for (const n of numbers.slice(0, 200)) await store.history.routingFacts(n);
    let other: Database.Database | undefined;
    const faults: [string, { start(): void; stop(): void }][] = [
      ['healthy', { start() {}, stop() {} }],
      [
        'locked',
        {
          start() {
            other = new Database(path.join(dir, SQLITE_FILE));
            other.pragma('busy_timeout = 5000');
            other.exec('BEGIN EXCLUSIVE');
            other.prepare("insert into audit_log (at, actor, action, detail) values (0, 'bench', 'lock-holder', '{}')").run();
          },
          stop() {
            other?.exec('ROLLBACK');
            other?.close();
          },
        },
      ],
      [
        'slow',
        {
          start() {
            delayMs = SLOW_MS;
          },
          stop() {
            delayMs = 0;
          },
        },
      ],
    ];
    const results: [string, Outcome][] = [];
    for (const [label, fault] of faults) results.push([label, await scenario(store, numbers, seconds, label, fault)]);
    lines.push('  scenario   routing ms p50    p99    max │ pop ms p50    p99    max │ no history │ loop max │ queue at end (oldest) │ drain after │ health mid-run');
    for (const [label, o] of results) {
      lines.push(
        `  ${label.padEnd(9)}       ${fmt(o.routing)} │     ${fmt(o.pop)} │ ${String(o.withoutHistory).padStart(4)}/${String(o.routing.length).padEnd(5)} │ ${o.loopMaxMs.toFixed(1).padStart(6)} ms │ ${String(o.depthAtEnd).padStart(6)} (${(o.oldestAtEndMs / 1000).toFixed(1)} s) │ ${(o.drainMs / 1000).toFixed(2).padStart(7)} s │ ${o.healthDuring}`,
      );
    }
    lines.push('  (pop: no deadline of its own in this build — it waits for the store; routing gives up at the deadline)');
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return lines.join('\n');
}

runWhenMain(import.meta.url, run);
