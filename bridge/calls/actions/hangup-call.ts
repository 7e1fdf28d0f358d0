/** The agent ends the call: the seat wraps up at once, the switch drops both legs. */
import type { SeatId } from '../../domain/types.js';
import type { CallRecords, CoreAccess, SwitchCommands } from '../call-center-context.js';
import { heldCall, TALKING } from './ownership.js';

export class HangupCall {
  constructor(private readonly ctx: CoreAccess & CallRecords & SwitchCommands) {}

  async exec(seatId: SeatId, callId: string): Promise<void> {
    const { ctx } = this;
    const { rec } = heldCall(ctx, seatId, callId, TALKING, 'hang up');
    rec.endReason = 'seat-hangup';
    ctx.apply(ctx.acd.end(callId, ctx.clock.now()));
    await ctx.send(callId, 'hangup', () => ctx.telephony.hangup(callId, 'seat-hangup'));
  }
}
