/**
 * Router: the edge around `inferTarget`. Fetches the caller's routing facts (only for a verified caller
 * identity — an unverified number must not open anyone's history), survives a failing history source,
 * and logs each decision on a per-call child logger with the number masked.
 *
 * The history lookup races a deadline (config store.routingDeadlineMs): a slow or locked store never
 * holds a call. Past the deadline the call is routed on what is known without waiting (number plan, SIP
 * hints, region) with the reason "history unavailable"; the miss is counted (`lookupStats`) and reported
 * (`onHistoryMiss`, which the composition root points at the store's health).
 */
import pino, { type Logger } from 'pino';
import type { InboundCall } from '../../telephony/telephony-port.js';
import type { HotlineConfig } from '../config/schema.js';
import { maskNumber, type RoutingTarget } from '../domain/types.js';
import type { CallerHistorySource } from '../history/history-ports.js';
import { inferTarget, type RoutingInputs } from './infer-target.js';
import { DEFAULT_TIME_ZONE } from './schedule.js';

export { inferTarget, type RoutingInputs, type InferredRoute } from './infer-target.js';

export interface RouterOptions {
  /** The centre's time zone for desk schedules (default Asia/Shanghai). */
  timeZone?: string;
  logger?: Logger;
  /** Longest wait for the caller's history (ms); unset = no deadline. */
  historyDeadlineMs?: number;
  /** Hears about every lookup that missed the deadline. */
  onHistoryMiss?: (deadlineMs: number) => void;
}

export interface LookupStats {
  /** History lookups that missed the deadline since start. */
  misses: number;
  /** When the last one did (epoch ms). */
  lastMissAt?: number;
  /** History lookups that failed outright since start. */
  failures: number;
  deadlineMs?: number;
}

const TIMED_OUT = Symbol('timed out');

export class Router {
  private readonly timeZone: string;
  private readonly logger: Logger;
  private readonly stats: LookupStats = { misses: 0, failures: 0 };
  private readonly onHistoryMiss: ((deadlineMs: number) => void) | undefined;

  constructor(
    private readonly config: HotlineConfig,
    private readonly history: CallerHistorySource,
    opts: RouterOptions = {},
  ) {
    this.timeZone = opts.timeZone ?? DEFAULT_TIME_ZONE;
    this.logger = (opts.logger ?? pino({ level: process.env.LOG_LEVEL ?? 'info' })).child({ component: 'routing' });
    if (opts.historyDeadlineMs !== undefined) this.stats.deadlineMs = opts.historyDeadlineMs;
    this.onHistoryMiss = opts.onHistoryMiss;
  }

  /** Misses and failures of the history lookup (health checks, metrics). */
  lookupStats(): LookupStats {
    return { ...this.stats };
  }

  /** The caller's facts, or TIMED_OUT once the deadline passes (the lookup finishes unobserved). */
  private lookup(number: string): Promise<Awaited<ReturnType<CallerHistorySource['routingFacts']>> | typeof TIMED_OUT> {
    const deadline = this.stats.deadlineMs;
    const facts = this.history.routingFacts(number);
    if (deadline === undefined) return facts;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<typeof TIMED_OUT>((resolve) => (timer = setTimeout(() => resolve(TIMED_OUT), deadline)));
    // A lookup that fails after the deadline has nobody to tell.
    facts.catch(() => undefined);
    return Promise.race([facts, late]).finally(() => clearTimeout(timer));
  }

  async route(call: InboundCall, now: number): Promise<{ target: RoutingTarget; didLabel: string }> {
    const log = this.logger.child({ callId: call.callId });
    const inputs: RoutingInputs = { call, history: null, timeZone: this.timeZone };
    if (!call.callerVerified) inputs.historyNote = 'unverified';
    else {
      try {
        const facts = await this.lookup(call.callerNumber);
        if (facts === TIMED_OUT) {
          this.stats.misses++;
          this.stats.lastMissAt = Date.now();
          inputs.historyNote = 'unavailable';
          log.warn({ caller: maskNumber(call.callerNumber), deadlineMs: this.stats.deadlineMs }, 'caller history not in time; routing without it');
          this.onHistoryMiss?.(this.stats.deadlineMs!);
        } else inputs.history = facts;
      } catch (err) {
        // Routing without history beats not routing: the caller still reaches a seat.
        this.stats.failures++;
        log.warn({ err, caller: maskNumber(call.callerNumber) }, 'caller history unavailable; routing without it');
        inputs.historyNote = 'unavailable';
      }
    }
    const { target, didLabel, ignored } = inferTarget(inputs, this.config, now);
    if (ignored.length) log.warn({ ignored, trunk: call.trunk }, 'ignored unusable routing hints');
    log.debug(
      { caller: maskNumber(call.callerNumber), dialled: call.dialledNumber, language: target.language, strength: target.languageStrength, desk: target.desk, priority: target.priority },
      'routed',
    );
    return { target, didLabel };
  }
}
