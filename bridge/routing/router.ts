/**
 * Router: the edge around `inferTarget`. Fetches the caller's routing facts (only for a verified caller
 * identity — an unverified number must not open anyone's history), survives a failing history source,
 * and logs each decision on a per-call child logger with the number masked.
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
}

export class Router {
  private readonly timeZone: string;
  private readonly logger: Logger;

  constructor(
    private readonly config: HotlineConfig,
    private readonly history: CallerHistorySource,
    opts: RouterOptions = {},
  ) {
    this.timeZone = opts.timeZone ?? DEFAULT_TIME_ZONE;
    this.logger = (opts.logger ?? pino({ level: process.env.LOG_LEVEL ?? 'info' })).child({ component: 'routing' });
  }

  async route(call: InboundCall, now: number): Promise<{ target: RoutingTarget; didLabel: string }> {
    const log = this.logger.child({ callId: call.callId });
    const inputs: RoutingInputs = { call, history: null, timeZone: this.timeZone };
    if (!call.callerVerified) inputs.historyNote = 'unverified';
    else {
      try {
        inputs.history = await this.history.routingFacts(call.callerNumber);
      } catch (err) {
        // Routing without history beats not routing: the caller still reaches a seat.
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
