/** Three-way call: window staff or an interpreter joins the caller and the agent. */
import { maskNumber } from '../../domain/types.js';
import type { SeatId } from '../../domain/types.js';
import { CommandError } from '../call-center-api.js';
import type { CallRecords, CoreAccess, EventOutput, SwitchCommands } from '../call-center-context.js';
import { heldCall, stillHeld, TALKING } from './ownership.js';
import { switchFailed } from './switch-failure.js';
import { externalNumber } from './transfer-call.js';

export class ConferenceCall {
  constructor(private readonly ctx: Pick<CoreAccess, 'acd'> & CallRecords & Pick<EventOutput, 'emitCall'> & SwitchCommands) {}

  async exec(seatId: SeatId, callId: string, number: string): Promise<void> {
    const { ctx } = this;
    const { rec } = heldCall(ctx, seatId, callId, TALKING, 'conference');
    const parsed = externalNumber.safeParse(number);
    if (!parsed.success) throw new CommandError('invalid-input', parsed.error.issues[0]?.message ?? 'bad number');
    const sent = await ctx.send(callId, 'conference', () => ctx.telephony.conference(callId, parsed.data));
    if (!sent.ok) throw switchFailed(sent.failure, 'add the third party');
    if (!stillHeld(ctx, seatId, callId, TALKING)) return;
    rec.conferenceWith = parsed.data;
    rec.log.info({ seatId, with: maskNumber(parsed.data) }, 'conference');
    ctx.emitCall('conferenced', callId, { seatId, detail: { with: parsed.data } });
  }

  /** The agent hangs up the third party and stays with the caller. */
  async drop(seatId: SeatId, callId: string): Promise<void> {
    const { ctx } = this;
    const { rec } = heldCall(ctx, seatId, callId, TALKING, 'drop the third party of');
    const party = rec.conferenceWith;
    if (!party) throw new CommandError('invalid-state', 'no third party on this call');
    const sent = await ctx.send(callId, 'dropThirdParty', () => ctx.telephony.dropThirdParty(callId, party));
    if (!sent.ok) throw switchFailed(sent.failure, 'drop the third party');
    if (!stillHeld(ctx, seatId, callId, TALKING) || rec.conferenceWith !== party) return;
    rec.conferenceWith = undefined;
    rec.log.info({ seatId, with: maskNumber(party) }, 'third party dropped');
    // Back to a two-party call, as after a third party that could not be reached (kind `resumed`).
    ctx.emitCall('resumed', callId, { seatId, detail: { reason: 'third-party-dropped', destination: party } });
  }
}
