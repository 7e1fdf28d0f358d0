/**
 * Dispatch benchmark: 2,000 seats, 7 languages × 15 desks, 5,000 waiting calls. Measures the ACD core's
 * latency from "a seat becomes available" (wrap-up completed) to "offer issued", the cost of an arrival
 * joining the queue, and decisions per second. Figures are printed, never asserted.
 *
 *   npx tsx test/bench/routing-dispatch.bench.ts [--quick]
 *
 * Routing (number plan / hints / history / region) runs before the ACD and is not part of this figure.
 */
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Acd } from '../../bridge/acd/acd.js';
import type { AcdDecision } from '../../bridge/acd/acd-types.js';
import { LANGUAGES, type DeskSpec, type DeskStrategy, type Language, type RoutingTarget, type SeatSpec } from '../../bridge/domain/types.js';
import { runWhenMain } from './bench-main.js';

/** Small seeded PRNG (mulberry32) so runs are comparable. */
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

const SEATS = 2000;
const DESKS = 15;
const WAITING = 5000;
const STRATEGIES: DeskStrategy[] = ['longest-idle', 'round-robin', 'least-talk-time', 'fewest-calls'];
// Call and seat language mix of a large centre: mostly Mandarin.
const LANG_WEIGHTS: [Language, number][] = [['zh', 70], ['kk', 8], ['ug', 8], ['en', 5], ['ja', 3], ['ko', 3], ['ru', 3]];

function pickWeighted<T>(r: () => number, items: [T, number][]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = r() * total;
  for (const [v, w] of items) if ((x -= w) < 0) return v;
  return items[items.length - 1]![0];
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

const us = (ns: number) => `${(ns / 1000).toFixed(1)} µs`;

export async function run(): Promise<string> {
  const quick = process.argv.includes('--quick');
  const iterations = quick ? 5_000 : 50_000;
  const r = rng(12345);
  const deskIds = Array.from({ length: DESKS }, (_, i) => (i === 0 ? 'general' : `desk-${String(i).padStart(2, '0')}`));
  const desks: DeskSpec[] = deskIds.map((id, i) => ({
    id,
    name: id,
    strategy: STRATEGIES[i % STRATEGIES.length]!,
    ringTimeoutSeconds: 15,
    homeRingTimeoutSeconds: 30,
    wrapUpSeconds: 30,
    expansion: i % 3 === 0 ? [] : [{ afterSeconds: 30, widen: 'any-desk' }, { afterSeconds: 90, widen: 'interpreter' }],
  }));
  const seats: SeatSpec[] = Array.from({ length: SEATS }, (_, i) => {
    const langs = new Set<Language>(['zh', pickWeighted(r, LANG_WEIGHTS)]);
    if (r() < 0.3) langs.delete('zh');
    const ds = new Set<string>([deskIds[Math.floor(r() * DESKS)]!]);
    while (r() < 0.4 && ds.size < 3) ds.add(deskIds[Math.floor(r() * DESKS)]!);
    return { id: `s${i}`, name: `seat ${i}`, languages: [...langs], desks: [...ds], officeContact: `sip:${i}@office`, interpreter: r() < 0.02 };
  });
  let now = Date.UTC(2024, 8, 6, 1, 0, 0);
  const acd = new Acd({ desks, seats, now });
  let n = 0;
  const newTarget = (): RoutingTarget => ({
    language: pickWeighted(r, LANG_WEIGHTS),
    languageStrength: r() < 0.15 ? 'preferred' : 'required',
    desk: deskIds[Math.floor(r() * DESKS)]!,
    priority: r() < 0.02 ? 100 : 0,
    reasons: [],
  });
  const offered = (ds: AcdDecision[]) => ds.filter((d): d is Extract<AcdDecision, { kind: 'offer' }> => d.kind === 'offer');

  // Seats on a break while the queue fills to 5,000 + 2,000 (the seats will take 2,000 of them).
  for (const s of seats) acd.setNotReady(s.id, 'break', now);
  for (let i = 0; i < WAITING + SEATS; i++) acd.arrive(`c${n++}`, newTarget(), now, now);
  const talking: string[] = []; // seat ids on a call
  for (const s of seats) {
    for (const o of offered(acd.setAvailable(s.id, now))) {
      acd.answered(o.callId, now);
      talking.push(o.seatId);
    }
  }

  const dispatchNs: number[] = [];
  const arriveNs: number[] = [];
  let dispatchDecisions = 0;
  let dispatchTotalNs = 0;
  let idle = 0;
  const waitingAtStart = acd.waitingCount;
  for (let i = 0; i < iterations; i++) {
    now += 50;
    acd.tick(now);
    // A new caller joins the queue (keeps it near 5,000).
    let t = process.hrtime.bigint();
    for (const o of offered(acd.arrive(`c${n++}`, newTarget(), now, now))) {
      acd.answered(o.callId, now);
      talking.push(o.seatId);
    }
    arriveNs.push(Number(process.hrtime.bigint() - t));
    // A talking seat hangs up, completes wrap-up and becomes available: measure until its offer.
    const k = Math.floor(r() * talking.length);
    const seatId = talking[k]!;
    talking[k] = talking[talking.length - 1]!;
    talking.pop();
    const callId = acd.seat(seatId)!.callId!;
    acd.end(callId, now);
    t = process.hrtime.bigint();
    const ds = acd.completeWrapUp(seatId, now);
    const ns = Number(process.hrtime.bigint() - t);
    const offers = offered(ds);
    dispatchTotalNs += ns;
    dispatchDecisions += ds.length;
    if (offers.length === 0) idle++;
    else dispatchNs.push(ns);
    for (const o of offers) {
      acd.answered(o.callId, now);
      talking.push(o.seatId);
    }
  }
  dispatchNs.sort((a, b) => a - b);
  arriveNs.sort((a, b) => a - b);
  const cpus = os.cpus();
  const p50 = quantile(dispatchNs, 0.5);
  const p99 = quantile(dispatchNs, 0.99);
  const lines = [
    `machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown cpu'}, node ${process.version}`,
    `setup: ${SEATS} seats, ${LANGUAGES.length} languages × ${DESKS} desks, ${waitingAtStart} calls waiting at start, ${acd.waitingCount} at the end${quick ? ' (--quick)' : ''}`,
    `seat available → offer issued (${dispatchNs.length} offers): p50 ${us(p50)}, p99 ${us(p99)}, max ${us(dispatchNs[dispatchNs.length - 1] ?? 0)}`,
    `  (${idle} freed seats found no call they may serve and stayed available)`,
    `arrival into the queue / offer to a free seat (${arriveNs.length}): p50 ${us(quantile(arriveNs, 0.5))}, p99 ${us(quantile(arriveNs, 0.99))}`,
    `dispatch decisions per second (state changes + offers, one core): ${Math.round(dispatchDecisions / (dispatchTotalNs / 1e9)).toLocaleString('en-US')}`,
    `freed seats handled per second, back to back: ${Math.round(iterations / (dispatchTotalNs / 1e9)).toLocaleString('en-US')}`,
    `mod_callcenter polls its queues every 100 ms: a freed agent waits 0–100 ms (≈50 ms on average) for an offer;`,
    `  here the offer is decided in the same event turn: p50 ${us(p50)} is about ${Math.round(50_000_000 / Math.max(p50, 1)).toLocaleString('en-US')}× shorter than the poll's average wait, p99 ${us(p99)}.`,
    `  (the rare max is a garbage collection or a lazy-deletion compaction of the queue heaps)`,
  ];
  return lines.join('\n');
}

runWhenMain(import.meta.url, run);
