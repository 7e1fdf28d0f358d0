/** The telephony says a call is over: abandoned if nobody had it, ended (seat wraps up) if it was talking. */
import type { EndReason } from '../../../telephony/telephony-port.js';
import { CallState } from '../call-center-api.js';
import type { CallRecords, CoreAccess, EventOutput } from '../call-center-context.js';

export class CallEnded {
  constructor(private readonly ctx: CoreAccess & CallRecords) {}

  exec(callId: string, reason: EndReason): void {
    const { ctx } = this;
    const rec = ctx.calls.get(callId);
    if (!rec || rec.closedState) return;
    rec.endReason ??= reason;
    if (!rec.target) {
      rec.endedWhileRouting = true; // ArriveCall settles it when routing returns
      return;
    }
    const call = ctx.acd.call(callId);
    if (!call) return;
    const now = ctx.clock.now();
    if (call.state === CallState.Connected || call.state === CallState.Held) {
      if (reason === 'transferred-out') ctx.apply(ctx.acd.transferredOut(callId, now));
      else ctx.apply(ctx.acd.end(callId, now));
    } else ctx.apply(ctx.acd.abandon(callId, now));
  }
}

/** A transfer-out or conference leg failed: the call is as it was, the agent keeps the caller. */
export class ThirdPartyFailed {
  constructor(private readonly ctx: CallRecords & Pick<EventOutput, 'emitCall'>) {}

  exec(callId: string, destination: string, sipStatus?: number): void {
    const rec = this.ctx.calls.get(callId);
    if (!rec || rec.closedState) return;
    if (rec.pendingTransferOut === destination) rec.pendingTransferOut = undefined;
    if (rec.conferenceWith === destination) rec.conferenceWith = undefined;
    rec.log.warn({ sipStatus }, 'third party unreachable; call unchanged');
    this.ctx.emitCall('resumed', callId, { seatId: rec.lastSeatId, detail: { reason: 'third-party-failed', destination, sipStatus } });
  }
}
