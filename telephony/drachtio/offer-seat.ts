/**
 * Ring one seat contact for a call: a FreeSWITCH endpoint (a ready one from the warm pool, so the
 * INVITE leaves in the same tick as the decision), `createUAC` to the contact with the endpoint's SDP
 * made lean (lean-sdp.ts; the request is kept from cbRequest so a ring timeout or cancel can CANCEL it),
 * 180/183 → seat-ringing; 200 → modify the endpoint with the phone's answer, answer the caller if
 * early media was used, bridge → seat-answered. Any failure destroys the seat endpoint, hangs the
 * phone up if it had answered, and the caller goes back to music; when the caller is gone the phone
 * simply stops ringing.
 *
 * Every offer ends on its own clock, whatever the SIP stack does: the ring timeout CANCELs it, and if
 * the phone then never sends its final answer (200 to the CANCEL but no 487; a phone gone silent —
 * drachtio-server drops such a transaction without telling the app, so createUAC never settles) the
 * offer is given up `cancelSettleMs` later: endpoint released, seat-failed reported. A 200 that still
 * arrives afterwards is hung up at once.
 */
import type { OfferRequest, SeatFailureReason } from '../telephony-port.js';
import type { AdapterContext } from './adapter-context.js';
import { answerCaller } from './anchor-caller.js';
import { CallPhase, OfferLeg, OfferPhase, type CallSession } from './call-session.js';
import { CallGone } from './deadline.js';
import { newEndpoint, tagSpare, takePhoneAnswer, takeSpare } from './endpoints.js';
import { leanOffer, wantsSrtp } from './lean-sdp.js';
import { sipStatusOf, type SrfDialog } from './library-types.js';
import { callStep, playInBackground, soundCut } from './media-control.js';
import { digitsOnly, headerSafe, quotedSafe } from './sip-text.js';
import { CALL_ID_HEADER } from './tagged-channels.js';
import { SEAT_VAR, dialogIdentity, encodeNote } from './call-annotations.js';

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
  if (s.offers.has(offer.offerId)) return; // a repeated command, already under way
  const uri = contactUri(offer.contact, ctx.cfg.outboundGateway);
  const leg = new OfferLeg(offer.offerId, offer.seatId);
  s.offers.set(offer.offerId, leg);
  if (!uri) {
    s.log.warn({ offerId: offer.offerId, seatId: offer.seatId }, 'seat contact is not a SIP URI or number');
    finish(ctx, s, leg, 'unreachable', undefined);
    return;
  }
  leg.timer = ctx.clock.setTimeout(() => abortOffer(ctx, s, leg, 'no-answer'), offer.ringTimeoutMs);
  void ring(ctx, s, leg, uri, offer);
}

/**
 * Withdraw an offer that has not connected: CANCEL while it rings (given up after cancelSettleMs if
 * the phone never answers the CANCEL), hang up after the 200 (the answering flow does that at its
 * next step). No effect on a settled offer.
 */
export function abortOffer(ctx: AdapterContext, s: CallSession, leg: OfferLeg, reason: SeatFailureReason, silent = false): void {
  if (leg.settled) return;
  const first = leg.abortReason === undefined;
  leg.abortReason ??= reason;
  leg.silent ||= silent;
  if (!first) return;
  leg.timer?.cancel();
  if (leg.phase === OfferPhase.Answering) return;
  leg.invite?.cancel(() => undefined);
  leg.timer = ctx.clock.setTimeout(() => {
    if (leg.settled) return;
    ctx.counters.offersAbandoned++;
    s.log.warn({ offerId: leg.offerId, seatId: leg.seatId, waitedMs: ctx.cfg.cancelSettleMs }, 'seat phone never answered the CANCEL; offer given up');
    finish(ctx, s, leg, leg.abortReason ?? reason, undefined);
  }, ctx.cfg.cancelSettleMs);
}

async function ring(ctx: AdapterContext, s: CallSession, leg: OfferLeg, uri: string, offer: OfferRequest): Promise<void> {
  const log = s.log.child({ offerId: leg.offerId, seatId: leg.seatId });
  let dialog: SrfDialog | undefined;
  // Whose step fails: FreeSWITCH's (making the seat's endpoint; joining the answered phone to the
  // caller) or the phone's (the INVITE). FreeSWITCH refusing (503 when it throttles) or not answering in
  // time is not the seat's doing: the agent must not be marked as having missed the call.
  let switchStep = true;
  try {
    // The seat is rung while the caller is still being anchored: only the bridge step needs both.
    void s.anchored.then((ok) => {
      if (ok && !s.seat && !leg.settled) playInBackground(ctx, s, 'ringback');
    });
    // A spare is taken without an await, so its INVITE leaves before the batch's events are delivered.
    const spare = takeSpare(ctx, s);
    const ep = spare ?? (await newEndpoint(ctx, s, 'offer'));
    leg.ep = ep;
    if (leg.settled) return ctx.releaseEndpoint(ep); // given up while FreeSWITCH answered
    if (leg.abortReason) return finish(ctx, s, leg, leg.abortReason, undefined);
    switchStep = false;
    const invite = ctx.srf.createUAC(
      uri,
      {
        localSdp: leanOffer(ep.local.sdp, { codecs: ctx.cfg.codecs, srtp: wantsSrtp(uri) }),
        callingNumber: digitsOnly(offer.callerIdNumber) || 'anonymous',
        callingName: quotedSafe(offer.callerDisplayName, ctx.cfg.displayNameMax) || undefined,
        headers: { [CALL_ID_HEADER]: headerSafe(s.callId, 64), 'X-Hotline-Offer-ID': headerSafe(leg.offerId, 64) },
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
    if (spare) tagSpare(spare, s);
    dialog = await invite;
    leg.dialog = dialog;
    if (leg.settled) {
      // The phone answered after we had given it up (ring timeout + no answer to the CANCEL).
      log.info('seat phone answered after the offer was given up; hung up again');
      return ctx.releaseDialog(dialog);
    }
    switchStep = true;
    await answered(ctx, s, leg, dialog);
  } catch (err) {
    if (leg.settled) {
      ctx.releaseDialog(dialog);
      return;
    }
    const status = sipStatusOf(err);
    const reason = leg.abortReason ?? (switchStep ? 'switch-failure' : failureReason(status));
    if (status === undefined && !(err instanceof CallGone)) log.warn({ err: String(err) }, 'offer failed');
    finish(ctx, s, leg, reason, status);
  }
}

/** The phone sent 200: bridge it to the caller unless the offer was withdrawn or another seat won. */
async function answered(ctx: AdapterContext, s: CallSession, leg: OfferLeg, dialog: SrfDialog): Promise<void> {
  leg.timer?.cancel();
  if (!leg.abortReason && s.active && !(await s.anchored)) leg.abortReason = 'cancelled';
  if (leg.abortReason || !s.active || s.seat !== undefined || s.answering !== undefined || s.phase === CallPhase.Anchoring) {
    // Answered just as we cancelled, or another seat was first: hang this phone up again.
    return finish(ctx, s, leg, leg.abortReason ?? 'cancelled', undefined);
  }
  leg.phase = OfferPhase.Answering;
  s.answering = leg;
  dialog.on(
    'destroy',
    ctx.shield(s, 'seat BYE', () => {
      if (s.seat?.offerId === leg.offerId) ctx.endCall(s, 'seat-hangup');
      else leg.phoneGone = true;
    }),
  );
  const ep = leg.ep;
  const caller = s.callerEp;
  // A phone that answered and hung up again before it could be joined waited on the switch (the caller
  // still being anchored on a slow FreeSWITCH): the agent did answer, the switch was too slow.
  if (!ep || !caller || !dialog.connected) return finish(ctx, s, leg, dialog.connected ? 'no-answer' : 'switch-failure', 487);
  const withdrawn = () => leg.abortReason !== undefined || leg.phoneGone || !s.active;
  await ctx.within(s, takePhoneAnswer(ep, dialog.remote.sdp), 'seat endpoint takes the phone SDP');
  if (withdrawn()) return finish(ctx, s, leg, withdrawal(leg), undefined);
  await ctx.within(s, answerCaller(ctx, s), 'answering the caller');
  if (withdrawn()) return finish(ctx, s, leg, withdrawal(leg), undefined);
  // The bridge cuts whatever plays; a ringback still on its way must not follow it (an app that
  // reaches a bridged channel runs inside the bridge: the caller would hear it instead of the agent).
  soundCut(s);
  await callStep(ctx, s, caller.bridge(ep), 'bridging caller and seat');
  if (withdrawn()) {
    // Withdrawn while the bridge was being made: park the caller again before dropping the seat.
    if (s.active) await callStep(ctx, s, caller.unbridge(), 'unbridging a withdrawn seat');
    return finish(ctx, s, leg, withdrawal(leg), undefined);
  }
  leg.phase = OfferPhase.Won;
  s.answering = undefined;
  s.offers.delete(leg.offerId);
  s.seat = { offerId: leg.offerId, seatId: leg.seatId, ep, dialog };
  s.to(CallPhase.Connected);
  const phone = dialogIdentity(dialog, 'uac');
  if (phone) ctx.note(s, SEAT_VAR, encodeNote({ uuid: ep.uuid, offerId: leg.offerId, seatId: leg.seatId, dialog: phone }));
  s.log.info({ offerId: leg.offerId, seatId: leg.seatId }, 'seat answered; bridged');
  ctx.emit({ type: 'seat-answered', callId: s.callId, offerId: leg.offerId });
  for (const other of s.ringingOffers()) abortOffer(ctx, s, other, 'cancelled');
  // The phone may have hung up while we were bridging (its BYE found no seat yet).
  if (!dialog.connected) ctx.endCall(s, 'seat-hangup');
}

/** Why an answered offer is given up: ours, or the phone hung up while the switch joined it (the switch's slowness). */
function withdrawal(leg: OfferLeg): SeatFailureReason {
  return leg.abortReason ?? (leg.phoneGone ? 'switch-failure' : 'cancelled');
}

/** The offer's INVITE went out on a drachtio connection that is gone: report it and free the endpoint. */
export function abandonOffer(ctx: AdapterContext, s: CallSession, leg: OfferLeg, reason: SeatFailureReason): void {
  leg.abortReason ??= reason;
  finish(ctx, s, leg, reason, undefined);
}

/** The offer ends without connecting: phone hung up if it had answered, endpoint released, seat-failed. */
function finish(ctx: AdapterContext, s: CallSession, leg: OfferLeg, reason: SeatFailureReason, sipStatus: number | undefined): void {
  if (leg.settled) return;
  leg.phase = OfferPhase.Failed;
  leg.timer?.cancel();
  s.offers.delete(leg.offerId);
  if (s.answering === leg) s.answering = undefined;
  // A phone that answered must hear a BYE, or its user sits in dead air.
  ctx.releaseDialog(leg.dialog);
  ctx.releaseEndpoint(leg.ep);
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
  if (s.phase === CallPhase.Waiting && !s.seat && s.ringingOffers().length === 0) playInBackground(ctx, s, 'music');
}
