/**
 * Wallboard refresh cost at 2,000 seats and 5,000 waiting calls: why each waiting group waits (from the
 * ACD's state) and the service level (rolling window, shift, today by line, language and desk, from a
 * day of 10,000 settled calls), each recomputed as after a call settles. Printed, never asserted.
 *
 *   npx tsx test/bench/wallboard-refresh.bench.ts [--quick]
 */
import { Acd } from '../../bridge/acd/acd.js';
import { whyWaiting } from '../../bridge/acd/why-waiting.js';
import { ServiceLevelTracker } from '../../bridge/calls/service-level-tracker.js';
import { serviceLevelSchema } from '../../bridge/config/schema.js';
import { LANGUAGES, type DeskSpec, type Language, type SeatSpec } from '../../bridge/domain/types.js';
import { percentile } from './percentile.js';
import { runWhenMain } from './bench-main.js';

const SEATS = 2000;
const DESKS = 15;
const WAITING = 5000;
const SETTLED_TODAY = 10_000;
const LINES = ['12345', '12328', '12333', '12393', '12315', '12319'];

/** Seeded PRNG (mulberry32): runs are comparable. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function run(): Promise<string> {
  const quick = process.argv.includes('--quick');
  const rounds = quick ? 20 : 200;
  const r = rng(33358);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const lang = (): Language => (r() < 0.7 ? 'zh' : pick(LANGUAGES));
  const deskIds = Array.from({ length: DESKS }, (_, i) => (i === 0 ? 'general' : `desk-${String(i).padStart(2, '0')}`));
  const desks: DeskSpec[] = deskIds.map((id) => ({
    id, name: id, strategy: 'longest-idle', ringTimeoutSeconds: 15, homeRingTimeoutSeconds: 30, wrapUpSeconds: 30,
    expansion: id === 'general' ? [{ afterSeconds: 60, widen: 'any-seat' }] : [{ afterSeconds: 30, widen: 'any-desk' }, { afterSeconds: 90, widen: 'any-seat' }],
  }));
  const seats: SeatSpec[] = Array.from({ length: SEATS }, (_, i) => ({
    id: `S${i}`, name: `S${i}`, languages: [...new Set<Language>(['zh', lang()])], desks: [...new Set(['general', pick(deskIds)])], officeContact: `sip:${i}@office`,
  }));
  const now = Date.UTC(2026, 6, 20, 6, 0, 0);
  const acd = new Acd({ desks, seats, now });
  // Every seat logged in and busy with a call, so the 5,000 that follow wait.
  for (const s of seats) acd.login(s.id, now);
  for (let i = 0; i < SEATS; i++) acd.arrive(`busy-${i}`, { language: 'zh', languageStrength: 'preferred', desk: 'general', priority: 0, reasons: [] }, now, now);
  for (let i = 0; i < WAITING; i++) {
    const at = now - Math.floor(r() * 120_000);
    acd.arrive(`w-${i}`, { language: lang(), languageStrength: r() < 0.5 ? 'required' : 'preferred', desk: pick(deskIds), priority: 0, reasons: [] }, at, at);
  }

  const cfg = serviceLevelSchema.parse({});
  const tracker = new ServiceLevelTracker(cfg, now);
  const settledCall = (arrivedAt: number) => ({
    arrivedAt, waitMs: Math.floor(r() * 40_000), answered: r() < 0.93, abandoned: r() < 0.5,
    line: pick(LINES), language: lang(), desk: pick(deskIds),
  });
  const dayStart = tracker.primeFrom(now);
  tracker.prime(Array.from({ length: SETTLED_TODAY }, (_, i) => settledCall(dayStart + Math.floor((i / SETTLED_TODAY) * (now - dayStart)))), now);

  const whyNs: number[] = [];
  const serviceNs: number[] = [];
  let bytes = 0;
  for (let i = 0; i < rounds; i++) {
    const t0 = process.hrtime.bigint();
    const why = whyWaiting({ calls: acd.waitingCalls(), seats: acd.seats(), desk: (id) => acd.desk(id), surge: null, closedDesks: new Map(), now: now + i });
    const t1 = process.hrtime.bigint();
    tracker.settle(settledCall(now - 60_000), now + i); // a call settled: the cached view is stale
    const t2 = process.hrtime.bigint();
    const service = tracker.view(now + i);
    const t3 = process.hrtime.bigint();
    whyNs.push(Number(t1 - t0));
    serviceNs.push(Number(t3 - t2));
    if (i === 0) bytes = JSON.stringify({ why: [...why.values()], service }).length;
  }
  const ms = (xs: number[], p: number) => `${(percentile([...xs].sort((a, b) => a - b), p) / 1e6).toFixed(2)} ms`;
  return [
    `  ${SEATS} seats, ${DESKS} desks, ${WAITING} waiting calls, ${SETTLED_TODAY} settled calls today, ${rounds} refreshes`,
    `  why calls wait (all groups): p50 ${ms(whyNs, 50)}  p99 ${ms(whyNs, 99)}`,
    `  service level (3 windows × line/language/desk): p50 ${ms(serviceNs, 50)}  p99 ${ms(serviceNs, 99)}`,
    `  their share of one wallboard payload: ${(bytes / 1024).toFixed(1)} KiB`,
  ].join('\n');
}

runWhenMain(import.meta.url, run);
