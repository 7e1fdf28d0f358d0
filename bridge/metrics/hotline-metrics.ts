/**
 * Prometheus metrics. Counters follow the CallCenter's event stream; gauges are read from the live
 * views at scrape time, so they can never drift from what the wallboard shows.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { TelephonyHealth } from '../../telephony/telephony-port.js';
import type { CallCenter, CallCenterEvent, ServiceLevelView, WallboardView } from '../calls/call-center-api.js';
import { SeatState } from '../calls/call-center-api.js';
import type { WriteQueueStats } from '../store/store-api.js';
import type { LookupStats } from '../routing/router.js';

export interface HotlineMetrics {
  registry: Registry;
  /** Stop following the call centre. */
  detach(): void;
}

export function createHotlineMetrics(
  callCenter: CallCenter,
  opts: { defaultMetrics?: boolean; telephony?: () => TelephonyHealth; store?: () => WriteQueueStats; routing?: () => LookupStats } = {},
): HotlineMetrics {
  const registry = new Registry();
  // prom-client's default names already start with process_ / nodejs_: the prefix is only ours.
  if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'hotline_' });
  if (opts.telephony) telephonyMetrics(registry, opts.telephony);
  if (opts.store) storeMetrics(registry, opts.store);
  if (opts.routing) routingMetrics(registry, opts.routing);
  const labels = ['language', 'desk'] as const;
  // One wallboard per scrape: prom-client starts every gauge's collect() in the same tick.
  let scraped: WallboardView | null = null;
  const board = (): WallboardView => {
    if (!scraped) {
      scraped = callCenter.wallboard();
      queueMicrotask(() => (scraped = null));
    }
    return scraped;
  };

  const arrived = new Counter({ name: 'hotline_calls_arrived_total', help: 'Calls that reached the bridge', labelNames: labels, registers: [registry] });
  const answered = new Counter({ name: 'hotline_calls_answered_total', help: 'Calls answered by a seat', labelNames: labels, registers: [registry] });
  const abandoned = new Counter({ name: 'hotline_calls_abandoned_total', help: 'Callers who hung up before an agent answered', labelNames: labels, registers: [registry] });
  const missed = new Counter({ name: 'hotline_offers_missed_total', help: 'Offers a seat did not answer in its ring timeout', labelNames: ['desk'], registers: [registry] });
  // A rising count means the media server is refusing or too slow (at its session limit): add capacity.
  const switchFailed = new Counter({ name: 'hotline_offers_switch_failed_total', help: 'Offers the switch could not ring or join (not the seat’s miss)', labelNames: ['desk'], registers: [registry] });
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
      for (const g of board().waiting) this.set({ language: g.language, desk: g.desk }, g.count);
    },
  });
  new Gauge({
    name: 'hotline_longest_wait_seconds',
    help: 'Longest current wait',
    registers: [registry],
    collect() {
      this.set(board().longestWaitSeconds);
    },
  });
  new Gauge({
    name: 'hotline_seats',
    help: 'Seats by state',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const counts = board().seatsByState;
      for (const state of Object.values(SeatState)) this.set({ state }, counts[state] ?? 0);
    },
  });

  serviceLevelMetrics(registry, () => board().service);

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
      case 'offer-failed':
        switchFailed.inc({ desk: e.call.target.desk });
        break;
    }
  });
  return { registry, detach };
}

/**
 * The live service level (GB/T 33358) per window (`rolling`, `shift`, `today`), read at scrape time from
 * the same view the lead's wallboard shows: the shares, their targets, and an alert gauge that is 1 while
 * a share is below its target (what the lead view raises), for Alertmanager to route.
 */
function serviceLevelMetrics(registry: Registry, read: () => ServiceLevelView): void {
  const windows = ['rolling', 'shift', 'today'] as const;
  const figures = ['answered-within', 'connected'] as const;
  new Gauge({
    name: 'hotline_service_level_ratio',
    help: 'Share of calls answered within the threshold (figure="answered-within") or connected (figure="connected"), short abandons excluded; absent while a window has no call',
    labelNames: ['figure', 'window'],
    registers: [registry],
    collect() {
      this.reset();
      const v = read();
      for (const window of windows) {
        const w = v.windows[window];
        if (w.answeredWithinShare !== null) this.set({ figure: 'answered-within', window }, w.answeredWithinShare);
        if (w.connectedShare !== null) this.set({ figure: 'connected', window }, w.connectedShare);
      }
    },
  });
  new Gauge({
    name: 'hotline_service_level_target_ratio',
    help: 'Configured service-level targets',
    labelNames: ['figure'],
    registers: [registry],
    collect() {
      const t = read().targets;
      this.set({ figure: 'answered-within' }, t.answeredWithin);
      this.set({ figure: 'connected' }, t.connected);
    },
  });
  new Gauge({
    name: 'hotline_service_level_alert',
    help: '1 while a service-level figure is below its target in the window (the lead view shows the alert)',
    labelNames: ['figure', 'window'],
    registers: [registry],
    collect() {
      const alerts = read().alerts;
      for (const window of windows)
        for (const figure of figures) this.set({ figure, window }, alerts.some((a) => a.figure === figure && a.window === window) ? 1 : 0);
    },
  });
  new Gauge({
    name: 'hotline_service_level_calls',
    help: 'Settled calls in the window by kind (arrived and abandoned exclude short abandons)',
    labelNames: ['kind', 'window'],
    registers: [registry],
    collect() {
      const v = read();
      for (const window of windows) {
        const w = v.windows[window];
        const kinds = { arrived: w.arrived, answered: w.answered, 'answered-within': w.answeredWithin, abandoned: w.abandoned, 'short-abandoned': w.shortAbandons };
        for (const [kind, n] of Object.entries(kinds)) this.set({ kind, window }, n);
      }
    },
  });
  new Gauge({
    name: 'hotline_service_level_wait_seconds',
    help: 'Average and longest wait of the settled calls in the window',
    labelNames: ['stat', 'window'],
    registers: [registry],
    collect() {
      const v = read();
      for (const window of windows) {
        this.set({ stat: 'average', window }, v.windows[window].averageWaitSeconds);
        this.set({ stat: 'longest', window }, v.windows[window].longestWaitSeconds);
      }
    },
  });
}

/** A counter whose value another part keeps (a monotonic total), read at scrape time. */
function scrapedCounter(registry: Registry, name: string, help: string, read: () => number): Counter {
  return new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      this.reset();
      this.inc(read());
    },
  });
}

/**
 * The telephony's own counters (TelephonyHealth.counters), read at scrape time: faults the last resort
 * caught, commands that failed by code, leaked channels found and hung up, offers given up after an
 * unanswered CANCEL, calls found dead after a drachtio reconnect, and the live channels right now.
 */
function telephonyMetrics(registry: Registry, health: () => TelephonyHealth): void {
  const counter = (name: string, help: string, read: (h: TelephonyHealth) => number) => scrapedCounter(registry, name, help, () => read(health()));
  counter('hotline_telephony_unhandled_faults_total', 'Errors nothing else caught in the telephony adapter (each cost at most one call)', (h) => h.counters.unhandledFaults);
  counter('hotline_telephony_orphan_channels_hung_up_total', 'FreeSWITCH channels no live call accounted for, hung up by the reconciliation', (h) => h.counters.orphanChannelsHungUp);
  counter('hotline_telephony_offers_abandoned_total', 'Offers given up because the phone never answered the CANCEL', (h) => h.counters.offersAbandoned);
  counter('hotline_telephony_offers_without_spare_total', 'Offers that waited for FreeSWITCH to make a seat leg because the warm pool had none ready', (h) => h.counters.offersWithoutSpare);
  counter('hotline_telephony_dead_dialogs_total', 'Calls ended because a SIP dialog was found gone after a drachtio reconnect', (h) => h.counters.deadDialogsFound);
  new Counter({
    name: 'hotline_telephony_command_failures_total',
    help: 'Telephony commands that failed, by failure code',
    labelNames: ['code'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [code, n] of Object.entries(health().counters.commandFailures)) this.inc({ code }, n);
    },
  });
  new Gauge({
    name: 'hotline_telephony_live_channels',
    help: 'Media channels the telephony adapter holds',
    registers: [registry],
    collect() {
      this.set(health().liveChannels);
    },
  });
}

/** The store's write-behind queue, read at scrape time: backlog, its age, failed attempts, writes set aside. */
function storeMetrics(registry: Registry, stats: () => WriteQueueStats): void {
  new Gauge({
    name: 'hotline_store_write_queue_depth',
    help: 'Store writes (call events, contacts, audit entries) not yet committed',
    registers: [registry],
    collect() {
      this.set(stats().depth);
    },
  });
  new Gauge({
    name: 'hotline_store_write_queue_oldest_age_seconds',
    help: 'Age of the oldest store write not yet committed',
    registers: [registry],
    collect() {
      this.set(stats().oldestAgeMs / 1000);
    },
  });
  new Gauge({
    name: 'hotline_store_write_queue_spooled',
    help: 'Pending store writes that are safe in the journal file',
    registers: [registry],
    collect() {
      this.set(stats().spooled);
    },
  });
  const counter = (name: string, help: string, read: (s: WriteQueueStats) => number) => scrapedCounter(registry, name, help, () => read(stats()));
  counter('hotline_store_write_failures_total', 'Store write attempts that failed (each is retried; nothing is dropped)', (s) => s.failures);
  counter('hotline_store_writes_committed_total', 'Store writes committed through the write-behind queue', (s) => s.committed);
  counter('hotline_store_writes_refused_total', 'Store writes refused for good and kept aside in the refused file', (s) => s.refused);
}

/** Routing's caller-history lookups that missed their deadline or failed (the call was routed without history). */
function routingMetrics(registry: Registry, stats: () => LookupStats): void {
  new Counter({
    name: 'hotline_routing_history_deadline_misses_total',
    help: 'Calls routed without caller history because the store did not answer within the routing deadline',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(stats().misses);
    },
  });
  new Counter({
    name: 'hotline_routing_history_failures_total',
    help: 'Calls routed without caller history because the lookup failed',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(stats().failures);
    },
  });
}
