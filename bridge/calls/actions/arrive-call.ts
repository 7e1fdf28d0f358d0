/** A call reached the bridge: route it (no menu), then hand it to the ACD. */
import type { InboundCall } from '../../../telephony/telephony-port.js';
import type { RoutingTarget } from '../../domain/types.js';
import { CallState } from '../call-center-api.js';
import type { CallRecords, CoreAccess, EventOutput } from '../call-center-context.js';
import type { HotlineConfig } from '../../config/schema.js';
import type { Logger } from 'pino';
import type { WallboardStats } from '../wallboard-stats.js';

export type RouteFn = (call: InboundCall, now: number) => Promise<{ target: RoutingTarget; didLabel: string }>;

type ArriveDeps = CoreAccess &
  CallRecords &
  EventOutput & { readonly stats: WallboardStats; readonly logger: Logger; readonly config: Pick<HotlineConfig, 'languages' | 'defaultDesk'> };

export class ArriveCall {
  constructor(
    private readonly ctx: ArriveDeps,
    private readonly route: RouteFn,
  ) {}

  async exec(inbound: InboundCall): Promise<void> {
    const { ctx } = this;
    if (ctx.calls.get(inbound.callId)) return ctx.logger.warn({ callId: inbound.callId }, 'duplicate call-arrived ignored');
    const rec = ctx.calls.open(inbound);
    let routed: { target: RoutingTarget; didLabel: string };
    try {
      routed = await this.route(inbound, ctx.clock.now());
    } catch (err) {
      // A call is never lost to a routing failure: it goes to the default desk.
      rec.log.error({ err }, 'routing failed; default desk');
      routed = { target: this.fallback(), didLabel: inbound.dialledNumber };
    }
    rec.target = routed.target;
    rec.didLabel = routed.didLabel;
    const now = ctx.clock.now();
    ctx.stats.countArrived(now);
    rec.log.info(
      { language: routed.target.language, strength: routed.target.languageStrength, desk: routed.target.desk, priority: routed.target.priority, reasons: routed.target.reasons.map((r) => r.text) },
      'routed',
    );
    // 'arrived' is delivered after the offer (if a seat is free) has gone to the telephony.
    ctx.events.hold(() => {
      ctx.emitCall('arrived', inbound.callId, { detail: { reasons: routed.target.reasons } });
      if (rec.endedWhileRouting) {
        ctx.stats.countAbandoned(now);
        ctx.calls.close(inbound.callId, CallState.Abandoned, now);
        ctx.emitCall('abandoned', inbound.callId, { detail: { reason: rec.endReason ?? 'caller-hangup' } });
        return;
      }
      ctx.apply(ctx.acd.arrive(inbound.callId, routed.target, inbound.arrivedAt, now));
    });
  }

  private fallback(): RoutingTarget {
    const language = this.ctx.config.languages[0]?.code ?? 'zh';
    return { language, languageStrength: 'preferred', desk: this.ctx.config.defaultDesk, priority: 0, reasons: [{ source: 'default', text: 'routing failed: default desk', key: 'routingFailed' }] };
  }
}
