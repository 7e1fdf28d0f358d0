/** The telephony's word on an offer: the seat's contact rang, answered, or did not connect. */
import type { OfferId, SeatFailureReason } from '../../../telephony/telephony-port.js';
import { CallState } from '../call-center-api.js';
import type { CallRecords, CoreAccess, EventOutput, SeatDirectory } from '../call-center-context.js';
import type { WallboardStats } from '../wallboard-stats.js';
import type { CallRecord } from '../live-calls.js';

function current(ctx: Pick<CoreAccess, 'acd'> & CallRecords, callId: string, offerId: OfferId): CallRecord | undefined {
  const rec = ctx.calls.get(callId);
  if (!rec?.offer || rec.offer.offerId !== offerId || ctx.acd.call(callId)?.state !== CallState.Offering) return undefined;
  return rec;
}

export class OfferRinging {
  constructor(private readonly ctx: Pick<CoreAccess, 'acd'> & CallRecords & Pick<EventOutput, 'emitCall'>) {}
  exec(callId: string, offerId: OfferId): void {
    const rec = current(this.ctx, callId, offerId);
    if (rec) this.ctx.emitCall('ringing', callId, { seatId: rec.offer!.seatId });
  }
}

export class OfferAnswered {
  constructor(private readonly ctx: CoreAccess & CallRecords & Pick<EventOutput, 'emitCall'> & Pick<SeatDirectory, 'home'> & { readonly stats: WallboardStats }) {}
  exec(callId: string, offerId: OfferId): void {
    const { ctx } = this;
    const rec = current(ctx, callId, offerId);
    if (!rec) {
      // Answered after we withdrew the offer (the answer crossed our ring deadline or the agent's Reject):
      // the cancelOffer we sent makes the adapter hang that seat up again and report seat-failed; the
      // caller goes on waiting (telephony-port.ts, "Offers are withdrawn at every phase").
      ctx.calls.get(callId)?.log.warn({ offerId }, 'answer for an offer no longer current ignored');
      return;
    }
    const now = ctx.clock.now();
    const offer = rec.offer!;
    rec.offer = undefined;
    rec.lastSeatId = offer.seatId;
    rec.lastContactMode = offer.contactMode;
    ctx.home.noteOffer(offer.contact, 'answered', now);
    const firstAnswer = rec.answeredAt === undefined;
    if (firstAnswer) rec.answeredAt = now;
    const waited = now - (ctx.acd.call(callId)?.arrivedAt ?? rec.inbound.arrivedAt);
    ctx.apply(ctx.acd.answered(callId, now));
    if (firstAnswer) ctx.stats.countAnswered(now);
    rec.log.info({ seatId: offer.seatId, waitedMs: waited }, 'answered');
    ctx.emitCall('answered', callId, { seatId: offer.seatId, detail: { waitedMs: waited, ...(firstAnswer ? { firstAnswer: true } : {}) } });
  }
}

export class OfferFailed {
  constructor(private readonly ctx: CoreAccess & CallRecords & Pick<SeatDirectory, 'home'>) {}
  exec(callId: string, offerId: OfferId, reason: SeatFailureReason, sipStatus?: number): void {
    const { ctx } = this;
    const rec = current(ctx, callId, offerId);
    if (!rec) return; // our own cancel echoing back, or an offer already settled
    const now = ctx.clock.now();
    if (reason === 'unreachable') ctx.home.noteOffer(rec.offer!.contact, 'unreachable', now);
    rec.log.info({ seatId: rec.offer!.seatId, reason, sipStatus }, 'offer failed');
    // The switch's own failure is not the agent's miss (acd-core: the seat sits out a short pause instead).
    ctx.apply(ctx.acd.offerFailed(callId, reason === 'switch-failure' ? 'switch-failed' : 'failed', now));
  }
}
