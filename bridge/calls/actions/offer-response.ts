/** The agent accepts or rejects the offer ringing their seat. */
import type { SeatId } from '../../domain/types.js';
import { CallState } from '../call-center-api.js';
import type { CallRecords, CoreAccess, SwitchCommands } from '../call-center-context.js';
import { heldCall } from './ownership.js';

const RINGING = [CallState.Offering] as const;

export class AcceptOffer {
  constructor(private readonly ctx: Pick<CoreAccess, 'acd'> & CallRecords & SwitchCommands) {}

  async exec(seatId: SeatId, callId: string): Promise<void> {
    const { rec } = heldCall(this.ctx, seatId, callId, RINGING, 'accept');
    const offer = rec.offer;
    const answer = this.ctx.telephony.answerSeatPhone?.bind(this.ctx.telephony);
    // Real phones answer when the agent picks up; the lab's simulated phone answers on this click.
    if (!offer || !answer) return rec.log.info({ seatId }, 'accepted in the desktop; waiting for the phone to answer');
    await this.ctx.send(callId, 'answerSeatPhone', () => answer(callId, offer.offerId));
  }
}

export class RejectOffer {
  constructor(private readonly ctx: CoreAccess & CallRecords) {}

  async exec(seatId: SeatId, callId: string): Promise<void> {
    const { rec } = heldCall(this.ctx, seatId, callId, RINGING, 'reject');
    rec.log.info({ seatId }, 'offer rejected by the agent');
    this.ctx.apply(this.ctx.acd.offerFailed(callId, 'rejected', this.ctx.clock.now()));
  }
}
