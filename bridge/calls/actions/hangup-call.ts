/** The agent ends the call: the seat wraps up at once, the switch drops both legs. */
import type { SeatId } from '../../domain/types.js';
import { CommandError } from '../call-center-api.js';
import type { CallRecords, CoreAccess, SwitchCommands } from '../call-center-context.js';
import { heldCall, TALKING } from './ownership.js';

export class HangupCall {
  constructor(private readonly ctx: CoreAccess & CallRecords & SwitchCommands) {}

  async exec(seatId: SeatId, callId: string): Promise<void> {
    const { ctx } = this;
    const { rec } = heldCall(ctx, seatId, callId, TALKING, 'hang up');
    rec.endReason = 'seat-hangup';
    ctx.apply(ctx.acd.end(callId, ctx.clock.now()));
    // Never queued behind another command of the call: a stuck hold must not keep the caller on the line.
    const sent = await ctx.send(callId, 'hangup', () => ctx.telephony.hangup(callId, 'seat-hangup'), { urgent: true });
    if (!sent.ok) {
      // The call is closed here either way; FreeSWITCH's leftovers are found by the adapter's reconciliation.
      throw new CommandError('switch-failed', `the call is closed, but the switch did not confirm the hang-up (${sent.failure.detail}); put the handset down`);
    }
  }
}
