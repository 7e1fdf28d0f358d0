/**
 * Ring one seat contact for a call: a fresh FreeSWITCH endpoint, `createUAC` to the contact with the
 * endpoint's SDP (the request is kept from cbRequest so a ring timeout or cancel can CANCEL it),
 * 180/183 → seat-ringing; 200 → modify the endpoint with the phone's answer, answer the caller if
 * early media was used, bridge → seat-answered. Any failure destroys the seat endpoint and the caller
 * goes back to music; when the caller is gone the phone simply stops ringing.
 */
import type { OfferRequest, SeatFailureReason } from '../telephony-port.js';
import type { AdapterContext } from './adapter-context.js';
import { answerCaller } from './anchor-caller.js';
import { CallPhase, OfferLeg, OfferPhase, type CallSession } from './call-session.js';
import { sipStatusOf } from './library-types.js';
import { playToCaller, soundCut } from './media-control.js';
import { digitsOnly, headerSafe, quotedSafe } from './sip-text.js';

export function failureReason(status: number | undefined): SeatFailureReason {
  if (status === 486 || status === 600) return 'busy';
  if (status === 408 || status === 480 || status === 487) return 'no-answer';
  if (status === 603) return 'rejected';
  return 'unreachable';
}

/** A seat contact as a SIP URI: a SIP URI as is, a bare number through the outbound gateway. */
export function contactUri(contact: string, gateway: string): string | undefined {
  const c = contact.trim();
  if (/^sips?:[^\s<>"]+$/.test(c) && !/[\r\n]/.test(c)) return c;
  const number = /^\+?[0-9]{3,20}$/.test(c) ? c : undefined;
  return number ? gateway.replace('{number}', number) : undefined;
}

export function startOffer(ctx: AdapterContext, s: CallSession, offer: OfferRequest): void {
  const uri = contactUri(offer.contact, ctx.cfg.outboundGateway);
  const leg = new OfferLeg(offer.offerId, offer.seatId);
  s.offers.set(offer.offerId, leg);
  if (!uri) {
    s.log.warn({ offerId: offer.offerId, seatId: offer.seatId }, 'seat contact is not a SIP URI or number');
    finish(ctx, s, leg, 'unreachable', undefined);
    return;
  }
  leg.timer = ctx.clock.setTimeout(() => leg.abort('no-answer'), offer.ringTimeoutMs);
  void ring(ctx, s, leg, uri, offer);
}

async function ring(ctx: AdapterContext, s: CallSession, leg: OfferLeg, uri: string, offer: OfferRequest): Promise<void> {
  const log = s.log.child({ offerId: leg.offerId, seatId: leg.seatId });
  try {
    // The seat is rung while the caller is still being anchored: only the bridge step needs both.
    const ms = ctx.media();
    if (!ms) throw Object.assign(new Error('media server unreachable'), { status: 503 });
    if (s.ended || leg.abortReason) return finish(ctx, s, leg, leg.abortReason ?? 'cancelled', undefined);
    void s.anchored.then((ok) => {
      if (ok && !s.seat && leg.phase !== OfferPhase.Failed) playToCaller(ctx, s, 'ringback');
    });
    const ep = await ms.createEndpoint();
    leg.ep = ep;
    ctx.track(ep, s, 'offer');
    if (leg.abortReason || s.ended) return finish(ctx, s, leg, leg.abortReason ?? 'cancelled', undefined);
    const dialog = await ctx.srf.createUAC(
      uri,
      {
        localSdp: ep.local.sdp,
        callingNumber: digitsOnly(offer.callerIdNumber) || 'anonymous',
        callingName: quotedSafe(offer.callerDisplayName, ctx.cfg.displayNameMax) || undefined,
        headers: { 'X-Hotline-Call-ID': headerSafe(s.callId, 64), 'X-Hotline-Offer-ID': headerSafe(leg.offerId, 64) },
      },
      {
        cbRequest: (_err, req) => {
          leg.invite = req;
          if (leg.abortReason && req) req.cancel(() => undefined);
        },
        cbProvisional: (res) => {
          if ((res.status === 180 || res.status === 183) && leg.phase === OfferPhase.Inviting && !leg.abortReason) {
            leg.phase = OfferPhase.Ringing;
            ctx.emit({ type: 'seat-ringing', callId: s.callId, offerId: leg.offerId });
          }
        },
      },
    );
    leg.timer?.cancel();
    leg.dialog = dialog;
    if (!leg.abortReason && s.active && !(await s.anchored)) leg.abortReason = 'cancelled';
    const lostRace = s.seat !== undefined || !s.active || s.phase === CallPhase.Anchoring;
    if (leg.abortReason || lostRace) {
      // Answered just as we cancelled, or another seat won: hang this phone up again.
      dialog.destroy().catch(() => undefined);
      return finish(ctx, s, leg, leg.abortReason ?? 'cancelled', undefined);
    }
    leg.phase = OfferPhase.Answering;
    dialog.on('destroy', () => {
      if (s.seat?.offerId === leg.offerId) ctx.endCall(s, 'seat-hangup');
    });
    if (!dialog.connected) throw Object.assign(new Error('seat hung up at once'), { status: 487 });
    await s.unlessEnded(ep.modify(dialog.remote.sdp));
    await s.unlessEnded(answerCaller(ctx, s));
    if (!s.active || !s.callerEp) return finish(ctx, s, leg, 'cancelled', undefined);
    await s.unlessEnded(s.callerEp.bridge(ep));
    if (!s.active) return finish(ctx, s, leg, 'cancelled', undefined);
    soundCut(s);
    leg.phase = OfferPhase.Won;
    s.offers.delete(leg.offerId);
    s.seat = { offerId: leg.offerId, seatId: leg.seatId, ep, dialog };
    s.to(CallPhase.Connected);
    log.info('seat answered; bridged');
    ctx.emit({ type: 'seat-answered', callId: s.callId, offerId: leg.offerId });
    for (const other of s.ringingOffers()) other.abort('cancelled');
    // The phone may have hung up while we were bridging (its BYE found no seat yet).
    if (!dialog.connected) ctx.endCall(s, 'seat-hangup');
  } catch (err) {
    leg.timer?.cancel();
    const status = sipStatusOf(err);
    const reason = leg.abortReason ?? failureReason(status);
    if (status === undefined) log.warn({ err: String(err) }, 'offer failed');
    if (leg.dialog?.connected && s.seat?.offerId !== leg.offerId) leg.dialog.destroy().catch(() => undefined);
    finish(ctx, s, leg, reason, status);
  }
}

/** The offer's INVITE went out on a drachtio connection that is gone: report it and free the endpoint. */
export function abandonOffer(ctx: AdapterContext, s: CallSession, leg: OfferLeg, reason: SeatFailureReason): void {
  leg.abortReason ??= reason;
  finish(ctx, s, leg, reason, undefined);
}

function finish(ctx: AdapterContext, s: CallSession, leg: OfferLeg, reason: SeatFailureReason, sipStatus: number | undefined): void {
  if (leg.phase === OfferPhase.Failed || leg.phase === OfferPhase.Won) return;
  leg.phase = OfferPhase.Failed;
  leg.timer?.cancel();
  s.offers.delete(leg.offerId);
  if (leg.ep) ctx.releaseEndpoint(leg.ep);
  if (s.ended || leg.silent) return;
  s.log.info({ offerId: leg.offerId, seatId: leg.seatId, reason, sipStatus }, 'offer ended without connecting');
  ctx.emit({
    type: 'seat-failed',
    callId: s.callId,
    offerId: leg.offerId,
    reason,
    ...(sipStatus !== undefined ? { sipStatus } : {}),
  });
  // The caller keeps waiting: back to music unless another seat is still ringing.
  if (s.phase === CallPhase.Waiting && s.ringingOffers().length === 0) playToCaller(ctx, s, 'music');
}

