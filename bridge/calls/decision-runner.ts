/**
 * Turns the ACD core's decisions into telephony commands and CallCenterEvents, in the order decided.
 * Events go out synchronously; telephony commands are queued per call (see CallCenterContext.send).
 */
import type { AcdDecision } from '../acd/acd-types.js';
import { CallState, SeatState } from './call-center-api.js';
import type { CallCenterContext } from './call-center-context.js';

export function runDecision(ctx: CallCenterContext, d: AcdDecision): void {
  const now = ctx.clock.now();
  switch (d.kind) {
    case 'seat':
      if (d.to === SeatState.NotReady && d.reason === 'missed-offer') ctx.missedOffer(d.seatId);
      return ctx.emitSeat(d.seatId);
    case 'offer':
      return offer(ctx, d);
    case 'offer-ended': {
      const rec = ctx.calls.get(d.callId);
      const pending = rec?.offer;
      if (!rec || !pending) return;
      rec.offer = undefined;
      // A failed offer is already over on the telephony side; the caller's hang-up tears every leg down.
      if (d.outcome !== 'failed' && d.outcome !== 'switch-failed' && d.outcome !== 'abandoned') withdraw(ctx, d.callId, pending.offerId);
      ctx.events.emit({ type: 'offer-withdrawn', at: now, seatId: d.seatId, offerId: pending.offerId, callId: d.callId, reason: d.outcome });
      rec.log.info({ seatId: d.seatId, outcome: d.outcome }, 'offer ended unanswered');
      if (d.outcome === 'ring-timeout' || d.outcome === 'failed') ctx.emitCall('missed', d.callId, { seatId: d.seatId, detail: { outcome: d.outcome } });
      // The switch's failure is no miss of the seat's (not counted as one), but the call's record shows it.
      else if (d.outcome === 'switch-failed') ctx.emitCall('offer-failed', d.callId, { seatId: d.seatId });
      else if (d.outcome === 'rejected') ctx.emitCall('rejected', d.callId, { seatId: d.seatId });
      return;
    }
    case 'waiting': {
      const call = ctx.acd.call(d.callId);
      if (!call) return;
      void ctx.send(d.callId, 'playQueueMusic', () => ctx.telephony.playQueueMusic(d.callId, call.target.language));
      ctx.emitCall('queued', d.callId, { detail: { cause: d.cause } });
      return;
    }
    case 'expanded':
      ctx.calls.get(d.callId)?.log.info({ level: d.level, widen: d.widen }, 'eligible seats widened');
      return;
    case 'wrap-up-ended': {
      const outcome = ctx.wrapUps.take(d.seatId, d.callId);
      // Whether a person sat at the seat, and had any wrap-up time, decides whether an empty timed-out
      // wrap-up is worth a warning.
      if (d.callId && ctx.calls.get(d.callId))
        ctx.emitCall('wrap-up-done', d.callId, {
          seatId: d.seatId,
          // cutShort: ended before its time without the agent completing it (a lead forced the seat available).
          detail: { ...outcome, attended: ctx.attendance.has(d.seatId), ...(d.instant ? { instant: true } : {}), ...(outcome.auto && !d.auto ? { cutShort: true } : {}) },
        });
      return;
    }
    case 'seat-removed':
      ctx.seatSpecs.delete(d.seatId);
      ctx.logger.info({ seatId: d.seatId }, 'seat removed');
      return;
    case 'call-closed':
      return closed(ctx, d.callId, d.state, now);
  }
}

function offer(ctx: CallCenterContext, d: Extract<AcdDecision, { kind: 'offer' }>): void {
  const rec = ctx.calls.get(d.callId);
  const spec = ctx.seatSpecs.get(d.seatId);
  if (!rec || !spec) return;
  const contact = d.contactMode === 'home' && spec.homeContact ? spec.homeContact : spec.officeContact;
  const offerId = ctx.calls.nextOfferId(d.callId);
  rec.offer = { offerId, seatId: d.seatId, contact, contactMode: d.contactMode, ringTimeoutMs: d.ringTimeoutMs };
  rec.log.info({ seatId: d.seatId, offerId, contactMode: d.contactMode, ringTimeoutMs: d.ringTimeoutMs }, 'offering');
  const request = {
    offerId,
    seatId: d.seatId,
    contact,
    ringTimeoutMs: d.ringTimeoutMs,
    callerIdNumber: rec.inbound.callerNumber,
    callerDisplayName: rec.inbound.callerDisplayName,
  };
  void ctx.send(d.callId, 'offer', () => ctx.telephony.offer(d.callId, request)).then((sent) => {
    // The adapter refused outright: same as a seat that cannot be reached.
    if (!sent.ok && rec.offer?.offerId === offerId && ctx.acd.call(d.callId)?.state === CallState.Offering) {
      ctx.home.noteOffer(contact, 'unreachable', ctx.clock.now());
      ctx.apply(ctx.acd.offerFailed(d.callId, 'failed', ctx.clock.now()));
    }
  });
  const view = ctx.calls.view(d.callId)!;
  ctx.emitCall('offered', d.callId, { seatId: d.seatId, detail: { offerId, contactMode: d.contactMode } });
  ctx.events.emit({ type: 'offer', at: ctx.clock.now(), seatId: d.seatId, offerId, contactMode: d.contactMode, ringTimeoutMs: d.ringTimeoutMs, call: view });
}

/**
 * Withdraw an offer on the telephony side. The adapter undoes an answer that crossed the withdrawal
 * (telephony-port.ts); if it cannot take that seat off the caller again, the call is ended rather than
 * left with a seat the core does not know is connected.
 */
function withdraw(ctx: CallCenterContext, callId: string, offerId: string): void {
  void ctx.send(callId, 'cancelOffer', () => ctx.telephony.cancelOffer(callId, offerId)).then((sent) => {
    if (sent.ok || sent.failure.code === 'timeout') return; // on a timeout the adapter has ended the call itself
    const rec = ctx.calls.get(callId);
    if (!rec || rec.closedState) return;
    rec.log.error({ offerId, code: sent.failure.code }, 'a seat that answered a withdrawn offer could not be taken off the call; ending the call');
    rec.endReason ??= 'bridge-hangup';
    void ctx.send(callId, 'hangup', () => ctx.telephony.hangup(callId, 'bridge-hangup'), { urgent: true });
  });
}

function closed(ctx: CallCenterContext, callId: string, state: CallState, now: number): void {
  const rec = ctx.calls.get(callId);
  if (!rec) return;
  const seatId = rec.lastSeatId;
  ctx.calls.close(callId, state, now);
  rec.log.info({ state, reason: rec.endReason }, 'call closed');
  if (state === CallState.Abandoned) {
    ctx.stats.countAbandoned(now);
    ctx.emitCall('abandoned', callId, { detail: { reason: rec.endReason ?? 'caller-hangup' } });
  } else if (state === CallState.Transferred) {
    if (seatId && rec.pendingTransferOut) rec.lastTransfer = { by: seatId, to: { kind: 'external', number: rec.pendingTransferOut }, at: now };
    ctx.emitCall('transferred-out', callId, { seatId, detail: { destination: rec.pendingTransferOut } });
  } else ctx.emitCall('ended', callId, { seatId, detail: { reason: rec.endReason ?? 'caller-hangup' } });
}
