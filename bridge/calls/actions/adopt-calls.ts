/**
 * After a take-over: the calls the telephony found live on the switch (TelephonyPort.recoverCalls)
 * become this bridge's calls again.
 * - connected / held: the seat is on that call at once (before any waiting call is placed, so no
 *   waiting call is offered to a seat that is talking); the desktop's snapshot shows it;
 * - waiting, and offered (the ring died with the old bridge): back in the queue at their first place
 *   — original arrival time and priority — placed best-first, so several come back in their order;
 * - no facts recorded (the old bridge died while routing): routed again like a new arrival, keeping
 *   the arrival time the telephony saw;
 * - a call the switch could not keep, or one whose seat is unknown or busy here: hung up, counted.
 * Each adopted call is announced with an `adopted` event (recorder, hub, wallboard), then the usual
 * `queued` / `offered` events follow from the core's decisions.
 */
import type { Logger } from 'pino';
import type { InboundCall, RecoveredCall } from '../../../telephony/telephony-port.js';
import type { HotlineConfig } from '../../config/schema.js';
import type { RoutingSource, RoutingTarget } from '../../domain/types.js';
import { isLanguage, maskNumber } from '../../domain/types.js';
import { CallState } from '../call-center-api.js';
import type { CallRecords, CoreAccess, EventOutput, SeatDirectory, SwitchCommands } from '../call-center-context.js';
import type { ArriveCall } from './arrive-call.js';

export interface AdoptionReport {
  /** Waiting (or ringing) calls put back in the queue at their first place. */
  requeued: number;
  /** Calls kept talking (or on hold) on their seat. */
  connected: number;
  /** Calls ended: the switch could not keep them, or their seat cannot take them here. */
  hungUp: number;
  /** Channels whose call carried no facts: nobody could claim them (hung up by the telephony). */
  unclaimed: number;
}

type AdoptDeps = CoreAccess &
  CallRecords &
  EventOutput &
  SwitchCommands &
  Pick<SeatDirectory, 'seatSpecs'> & { readonly logger: Logger; readonly config: Pick<HotlineConfig, 'languages'> };

const SOURCES = new Set<RoutingSource>(['number-plan', 'sip-hint', 'history', 'region', 'schedule', 'emergency', 'default']);

export class AdoptCalls {
  constructor(
    private readonly ctx: AdoptDeps,
    private readonly arrive: ArriveCall,
  ) {}

  async exec(recovered: RecoveredCall[]): Promise<AdoptionReport> {
    const { ctx } = this;
    const report: AdoptionReport = { requeued: 0, connected: 0, hungUp: 0, unclaimed: 0 };
    const live: RecoveredCall[] = [];
    for (const r of recovered) {
      if (!r.call) report.unclaimed++;
      else if (r.found === 'hung-up') {
        report.hungUp++;
        ctx.logger.warn({ callId: r.callId, caller: maskNumber(r.call.callerNumber), reason: r.reason }, 'take-over: call could not be kept');
      } else if (ctx.calls.get(r.callId)) ctx.logger.warn({ callId: r.callId }, 'take-over: call already known here; ignored');
      else live.push(r);
    }
    // Talking calls first: their seats are busy before any waiting call looks for one.
    for (const r of live.filter((x) => x.found === 'connected' || x.found === 'held')) {
      if (this.onSeat(r)) report.connected++;
      else report.hungUp++;
    }
    const waiting = live.filter((x) => x.found === 'waiting' && x.facts);
    waiting.sort((x, y) => (y.facts!.priority - x.facts!.priority) || (x.facts!.arrivedAt - y.facts!.arrivedAt));
    for (const r of waiting) {
      this.requeue(r);
      report.requeued++;
    }
    // No facts: the old bridge died while routing it. Route it again; its arrival time is the switch's.
    for (const r of live.filter((x) => x.found === 'waiting' && !x.facts)) {
      await this.arrive.exec(r.call as InboundCall);
      report.requeued++;
    }
    ctx.logger.info({ ...report }, 'take-over: calls adopted');
    return report;
  }

  private open(r: RecoveredCall): { target: RoutingTarget } {
    const { ctx } = this;
    const facts = r.facts!;
    const rec = ctx.calls.open(r.call as InboundCall);
    // A language this centre does not serve (config changed between the two bridges) falls back.
    const language = isLanguage(facts.language) ? facts.language : (ctx.config.languages[0]?.code ?? 'zh');
    const target: RoutingTarget = {
      language,
      languageStrength: facts.languageStrength,
      desk: facts.desk,
      priority: facts.priority,
      reasons: (facts.reasons ?? []).map((x) => ({ source: SOURCES.has(x.source as RoutingSource) ? (x.source as RoutingSource) : 'default', text: x.text })),
    };
    if (target.reasons.length === 0) target.reasons.push({ source: 'default', text: 'taken over from a bridge that stopped', key: 'takenOver' });
    rec.target = target;
    rec.didLabel = facts.didLabel ?? r.call!.dialledNumber;
    rec.transfers = facts.transfers ?? 0;
    return { target };
  }

  private onSeat(r: RecoveredCall): boolean {
    const { ctx } = this;
    const seatId = r.seatId ?? r.facts?.seatId;
    const now = ctx.clock.now();
    const why = !r.facts ? 'no facts recorded' : !seatId || !ctx.seatSpecs.has(seatId) ? `seat ${seatId ?? '?'} is not configured here` : undefined;
    if (why) return this.hangUp(r, why);
    const { target } = this.open(r);
    const rec = ctx.calls.get(r.callId)!;
    rec.lastSeatId = seatId;
    rec.lastContactMode = r.facts!.contactMode ?? 'office';
    rec.answeredAt = r.facts!.answeredAt ?? now;
    try {
      const decisions = ctx.acd.adoptConnected(
        r.callId,
        { target, arrivedAt: r.facts!.arrivedAt, seatId: seatId!, contactMode: rec.lastContactMode, answeredAt: rec.answeredAt, held: r.found === 'held' },
        now,
      );
      rec.log.info({ seatId, held: r.found === 'held' }, 'take-over: call kept on its seat');
      ctx.emitCall('adopted', r.callId, { seatId, detail: { found: r.found } });
      ctx.apply(decisions);
      return true;
    } catch (err) {
      ctx.calls.close(r.callId, CallState.Ended, now);
      return this.hangUp(r, String((err as Error).message ?? err));
    }
  }

  private requeue(r: RecoveredCall): void {
    const { ctx } = this;
    const { target } = this.open(r);
    const rec = ctx.calls.get(r.callId)!;
    if (r.facts!.answeredAt !== undefined) rec.answeredAt = r.facts!.answeredAt;
    rec.log.info({ arrivedAt: new Date(r.facts!.arrivedAt).toISOString(), priority: target.priority, was: r.facts!.state }, 'take-over: caller back in the queue');
    ctx.emitCall('adopted', r.callId, { detail: { found: r.found, was: r.facts!.state } });
    ctx.apply(ctx.acd.arrive(r.callId, target, r.facts!.arrivedAt, ctx.clock.now()));
  }

  private hangUp(r: RecoveredCall, why: string): false {
    const { ctx } = this;
    ctx.logger.warn({ callId: r.callId, caller: maskNumber(r.call?.callerNumber ?? ''), why }, 'take-over: call cannot be kept; hanging up');
    void ctx.send(r.callId, 'hangup', () => ctx.telephony.hangup(r.callId, 'bridge-hangup'), { urgent: true });
    return false;
  }
}
