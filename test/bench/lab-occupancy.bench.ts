/**
 * Lab occupancy: the shipped config (config/default.yaml, the 72 seed seats, their desks and wrap-up
 * times) driven by the lab's own call generator on a manual clock for one simulated hour — no sockets,
 * no store, no wall-clock waits. Printed every 5 minutes: seat occupancy (seats ringing, talking or in
 * wrap-up ÷ seats in service), waiting calls, answered, abandoned and the 20 s service level; then a
 * sweep of arrival rates, which is how the default `telephony.lab.arrivalsPerMinute` was chosen (the
 * rate that keeps the seats near 80 % busy without a growing queue). Nothing is asserted.
 *
 *   npx tsx test/bench/lab-occupancy.bench.ts [--quick]     (--quick: the default rate only)
 */
import pino from 'pino';
import { loadConfig } from '../../bridge/config/load-config.js';
import type { HotlineConfig } from '../../bridge/config/schema.js';
import { CallCenterService } from '../../bridge/calls/call-center.js';
import { SeatState } from '../../bridge/calls/call-center-api.js';
import { InMemoryHistory } from '../../bridge/history/in-memory-history.js';
import { Router } from '../../bridge/routing/router.js';
import { LabSwitch } from '../../telephony/lab/lab-switch.js';
import { ManualClock } from '../../telephony/lab/manual-clock.js';
import { runWhenMain } from './bench-main.js';

const MINUTE = 60_000;
/** A Wednesday, 10:00 in Beijing: every desk inside its hours. */
const START = Date.UTC(2024, 8, 4, 2, 0, 0);
const BUSY = new Set<string>([SeatState.Reserved, SeatState.OnCall, SeatState.WrapUp]);

interface Sample {
  minute: number;
  occupancy: number;
  waiting: number;
  answered: number;
  abandoned: number;
  serviceLevel: number;
}

async function simulate(config: HotlineConfig, arrivalsPerMinute: number, minutes: number): Promise<Sample[]> {
  const clock = new ManualClock(START);
  const quiet = pino({ level: 'silent' });
  const lab = config.telephony.lab;
  const telephony = new LabSwitch({
    clock,
    logger: quiet,
    seed: lab.seed,
    seatAnswerDelayMs: lab.seatAnswerDelayMs,
    noAnswerProbability: lab.noAnswerProbability,
    talkSeconds: lab.talkSeconds,
  });
  const router = new Router(config, new InMemoryHistory(), { logger: quiet });
  const cc = new CallCenterService({ config, telephony, route: (call, now) => router.route(call, now), clock, logger: quiet, autoLoginSeats: true });
  await telephony.start();
  const gen = telephony.startGenerator({
    arrivalsPerMinute,
    languageMix: lab.languageMix,
    didMix: Object.keys(lab.didMix).length ? lab.didMix : Object.fromEntries(config.numberPlan.map((e) => [e.did, e.emergency ? 1 : 10])),
    patienceSeconds: lab.patienceSeconds,
  });
  const samples: Sample[] = [];
  for (let m = 1; m <= minutes; m++) {
    await clock.advance(MINUTE);
    const seats = cc.seats();
    const inService = seats.filter((s) => s.state !== SeatState.Offline && !(s.state === SeatState.NotReady && s.notReadyReason !== 'missed-offer'));
    const busy = inService.filter((s) => BUSY.has(s.state)).length;
    const w = cc.wallboard();
    samples.push({
      minute: m,
      occupancy: inService.length ? busy / inService.length : 0,
      waiting: w.waitingTotal,
      answered: w.answeredToday,
      abandoned: w.abandonedToday,
      serviceLevel: w.serviceLevel,
    });
  }
  gen.stop();
  cc.close();
  await telephony.stop({ leaveCalls: false });
  return samples;
}

const pct = (x: number) => `${(x * 100).toFixed(0)} %`;
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/** Steady state: minutes 10..end (the first minutes fill the empty centre). */
function summary(samples: Sample[]): { occupancy: number; waitingMean: number; waitingEnd: number; abandonRate: number; serviceLevel: number } {
  const steady = samples.filter((s) => s.minute > 10);
  const last = samples[samples.length - 1]!;
  return {
    occupancy: mean(steady.map((s) => s.occupancy)),
    waitingMean: mean(steady.map((s) => s.waiting)),
    waitingEnd: last.waiting,
    abandonRate: last.answered + last.abandoned ? last.abandoned / (last.answered + last.abandoned) : 0,
    serviceLevel: last.serviceLevel,
  };
}

export async function run(): Promise<string> {
  const quick = process.argv.includes('--quick');
  const config = loadConfig(undefined, { ...process.env, DATABASE_URL: undefined, REDIS_URL: undefined });
  const rate = config.telephony.lab.arrivalsPerMinute;
  const out: string[] = [`  ${config.seats.length} seats, default arrival rate ${rate}/min, one simulated hour`];
  const hour = await simulate(config, rate, 60);
  out.push('  minute  occupancy  waiting  answered  abandoned  service level');
  for (const s of hour.filter((x) => x.minute % 5 === 0 || x.minute === 1))
    out.push(`  ${String(s.minute).padStart(6)}  ${pct(s.occupancy).padStart(9)}  ${String(s.waiting).padStart(7)}  ${String(s.answered).padStart(8)}  ${String(s.abandoned).padStart(9)}  ${pct(s.serviceLevel).padStart(13)}`);
  const ten = hour[9]!;
  out.push(`  after 10 minutes: occupancy ${pct(ten.occupancy)}, service level ${pct(ten.serviceLevel)}, ${ten.waiting} waiting`);
  if (!quick) {
    out.push('', '  rate/min  occupancy (min 10-60)  mean waiting  waiting at 60  abandoned  service level');
    for (const r of [10, 15, 18, 20, 21, 22, 25, 30]) {
      const s = summary(r === rate ? hour : await simulate(config, r, 60));
      out.push(
        `  ${String(r).padStart(8)}  ${pct(s.occupancy).padStart(21)}  ${s.waitingMean.toFixed(1).padStart(12)}  ${String(s.waitingEnd).padStart(13)}  ${pct(s.abandonRate).padStart(9)}  ${pct(s.serviceLevel).padStart(13)}${r === rate ? '   ← default' : ''}`,
      );
    }
  }
  return out.join('\n');
}

runWhenMain(import.meta.url, run);
