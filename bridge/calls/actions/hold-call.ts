/** Hold (caller hears music in their language, the seat leg stays up) and resume. */
import type { SeatId } from '../../domain/types.js';
import { CallState } from '../call-center-api.js';
import type { CallRecords, CoreAccess, EventOutput, SwitchCommands } from '../call-center-context.js';
import { heldCall, stillHeld } from './ownership.js';
import { switchFailed } from './switch-failure.js';

export class HoldCall {
  constructor(private readonly ctx: Pick<CoreAccess, 'acd'> & CallRecords & Pick<EventOutput, 'emitCall'> & SwitchCommands) {}

  async exec(seatId: SeatId, callId: string, hold: boolean): Promise<void> {
    const { ctx } = this;
    const from = hold ? CallState.Connected : CallState.Held;
    const { call } = heldCall(ctx, seatId, callId, [from], hold ? 'hold' : 'resume');
    const sent = await ctx.send(callId, hold ? 'hold' : 'resume', () => (hold ? ctx.telephony.hold(callId, call.target.language) : ctx.telephony.resume(callId)));
    // The adapter leaves the call as it was on a refusal (never half-held) and ends it on a timeout.
    if (!sent.ok) throw switchFailed(sent.failure, hold ? 'hold the call' : 'take the call off hold');
    if (!stillHeld(ctx, seatId, callId, [from])) return; // the call ended meanwhile
    if (hold) ctx.acd.hold(callId);
    else ctx.acd.resume(callId);
    ctx.emitCall(hold ? 'held' : 'resumed', callId, { seatId });
  }
}
