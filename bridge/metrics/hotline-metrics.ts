/**
 * Prometheus metrics. Counters follow the CallCenter's event stream; gauges are read from the live
 * views at scrape time, so they can never drift from what the wallboard shows.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CallCenter, CallCenterEvent } from '../calls/call-center-api.js';
import { SeatState } from '../calls/call-center-api.js';

export interface HotlineMetrics {
  registry: Registry;
  /** Stop following the call centre. */
  detach(): void;
}

export function createHotlineMetrics(callCenter: CallCenter, opts: { defaultMetrics?: boolean } = {}): HotlineMetrics {
  const registry = new Registry();
  // prom-client's default names already start with process_ / nodejs_: the prefix is only ours.
  if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'hotline_' });
  const labels = ['language', 'desk'] as const;

  const arrived = new Counter({ name: 'hotline_calls_arrived_total', help: 'Calls that reached the bridge', labelNames: labels, registers: [registry] });
  const answered = new Counter({ name: 'hotline_calls_answered_total', help: 'Calls answered by a seat', labelNames: labels, registers: [registry] });
  const abandoned = new Counter({ name: 'hotline_calls_abandoned_total', help: 'Callers who hung up before an agent answered', labelNames: labels, registers: [registry] });
  const missed = new Counter({ name: 'hotline_offers_missed_total', help: 'Offers a seat did not answer in its ring timeout', labelNames: ['desk'], registers: [registry] });
  const waitSeconds = new Histogram({
    name: 'hotline_answer_wait_seconds',
    help: 'Time from arrival to answer',
    labelNames: labels,
    buckets: [1, 2, 5, 10, 20, 30, 60, 120, 300],
    registers: [registry],
  });

  new Gauge({
    name: 'hotline_calls_waiting',
    help: 'Calls waiting for a seat',
    labelNames: labels,
    registers: [registry],
    collect() {
      this.reset();
      for (const g of callCenter.wallboard().waiting) this.set({ language: g.language, desk: g.desk }, g.count);
    },
  });
  new Gauge({
    name: 'hotline_longest_wait_seconds',
    help: 'Longest current wait',
    registers: [registry],
    collect() {
      this.set(callCenter.wallboard().longestWaitSeconds);
    },
  });
  new Gauge({
    name: 'hotline_seats',
    help: 'Seats by state',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const counts = callCenter.wallboard().seatsByState;
      for (const state of Object.values(SeatState)) this.set({ state }, counts[state] ?? 0);
    },
  });

  const detach = callCenter.on((e: CallCenterEvent) => {
    if (e.type !== 'call') return;
    const l = { language: e.call.target.language, desk: e.call.target.desk };
    switch (e.kind) {
      case 'arrived':
        arrived.inc(l);
        break;
      case 'answered':
        answered.inc(l);
        waitSeconds.observe(l, Math.max(0, ((e.call.answeredAt ?? e.at) - e.call.arrivedAt) / 1000));
        break;
      case 'abandoned':
        abandoned.inc(l);
        break;
      case 'missed':
        missed.inc({ desk: e.call.target.desk });
        break;
    }
  });
  return { registry, detach };
}
