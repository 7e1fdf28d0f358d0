/**
 * The ACD core: which seat takes which call, and when. Pure: no I/O, no timers, no clock — every method
 * takes `now` (epoch ms) and returns the decisions it made, in order (see AcdDecision). The coordinator
 * executes them and calls `tick(now)` at `nextDeadline()`.
 *
 * Guarantees (checked by the randomised invariant test):
 * - a call is never lost: it is waiting (indexed), ringing one seat, connected to one seat, or closed;
 * - a seat holds at most one call;
 * - work-conserving: no call waits while an eligible seat is available;
 * - a freed seat takes the best call it can serve (priority, then first arrival).
 */
import type { ContactMode } from '../domain/types.js';
import type { RoutingTarget, SeatSpec } from '../domain/types.js';
import { AcdCore, type AcdOptions, type Out } from './acd-core.js';
import type { AcdCall, AcdDecision, AcdSeat, AcdSurge } from './acd-types.js';
import type { Deadline } from './deadlines.js';
import { callBefore } from './queue-index.js';
import { CallState } from './call-state.js';
import { seatKeys } from './eligibility.js';
import { SeatState } from './seat-state.js';

export type { AcdOptions } from './acd-core.js';
export type { AcdDecision, AcdSurge, OfferEndOutcome } from './acd-types.js';

export class Acd extends AcdCore {
  constructor(opts: AcdOptions) {
    super(opts);
    for (const s of opts.seats ?? []) this.addSeat(s, opts.now);
  }

  // ───────────────────────────── calls

  /** A routed call enters: offered at once when a fitting seat is free, else it waits. */
  arrive(callId: string, target: RoutingTarget, arrivedAt: number, now: number): AcdDecision[] {
    if (this.callMap.has(callId)) throw new Error(`call ${callId} already in the ACD`);
    const call: AcdCall = { id: callId, target, state: CallState.Arrived, arrivedAt, seq: this.seq++, queuedSince: now, expansionLevel: 0, version: 0, offerToken: 0 };
    this.callMap.set(callId, call);
    const out: Out = [];
    this.place(call, now, out, 'arrived');
    return out;
  }

  /**
   * A call taken over from a bridge that died, still talking (or held) on `seatId`: the seat is on this
   * call whatever state this core had it in (a take-over is not a move of this core: the seat was on
   * the call before the core existed). Refused when the seat is unknown or holds another call.
   */
  adoptConnected(
    callId: string,
    a: { target: RoutingTarget; arrivedAt: number; seatId: string; contactMode: ContactMode; answeredAt: number; held: boolean },
    now: number,
  ): AcdDecision[] {
    if (this.callMap.has(callId)) throw new Error(`call ${callId} already in the ACD`);
    const seat = this.mustSeat(a.seatId);
    if (seat.callId !== undefined || seat.state === SeatState.OnCall || seat.state === SeatState.Reserved || seat.state === SeatState.WrapUp || seat.removing) {
      throw new Error(`seat ${a.seatId} is ${seat.state}${seat.callId ? ` with call ${seat.callId}` : ''}`);
    }
    const call: AcdCall = {
      id: callId, target: a.target, state: a.held ? CallState.Held : CallState.Connected, arrivedAt: a.arrivedAt, seq: this.seq++, queuedSince: now,
      expansionLevel: 0, version: 0, offerToken: 0, seatId: a.seatId, contactMode: a.contactMode, answeredAt: a.answeredAt,
    };
    this.callMap.set(callId, call);
    const out: Out = [];
    const from = seat.state;
    this.pool.remove(seat);
    // After the call the seat keeps a break it was on; otherwise it is available (its agent is at the phone).
    seat.after = from === SeatState.NotReady ? { state: SeatState.NotReady, reason: seat.reason } : { state: SeatState.Available };
    seat.callId = callId;
    seat.answeredAt = a.answeredAt;
    seat.state = SeatState.OnCall;
    seat.reason = undefined;
    seat.since = now;
    out.push({ kind: 'seat', seatId: a.seatId, from, to: SeatState.OnCall });
    return out;
  }

  answered(callId: string, now: number): AcdDecision[] {
    const call = this.mustCall(callId);
    const seat = this.mustSeat(call.seatId ?? '');
    const out: Out = [];
    this.moveCall(call, CallState.Connected);
    call.answeredAt = now;
    seat.answeredAt = now;
    seat.callsHandled++;
    this.moveSeat(seat, SeatState.OnCall, now, out);
    return out;
  }

  /** The ringing seat did not take the call: it goes not-ready (missed) and the call back to its place. */
  offerFailed(callId: string, outcome: 'ring-timeout' | 'failed' | 'rejected' | 'switch-failed', now: number): AcdDecision[] {
    const call = this.mustCall(callId);
    if (call.state !== CallState.Offering) throw new Error(`call ${callId} is ${call.state}, not offering`);
    const out: Out = [];
    this.endOffer(call, outcome, now, out);
    this.rematchAvoiding(now, out);
    return out;
  }

  /** The caller hung up: while waiting or ringing it is abandoned (the seat is freed without penalty). */
  abandon(callId: string, now: number): AcdDecision[] {
    const call = this.callMap.get(callId);
    const out: Out = [];
    if (!call) return out;
    if (call.state === CallState.Connected || call.state === CallState.Held) return this.end(callId, now);
    if (call.state === CallState.Offering) this.endOffer(call, 'abandoned', now, out);
    this.queue.remove(call);
    this.close(call, CallState.Abandoned, out);
    return out;
  }

  hold(callId: string): void {
    this.moveCall(this.mustCall(callId), CallState.Held);
  }
  resume(callId: string): void {
    this.moveCall(this.mustCall(callId), CallState.Connected);
  }

  /** A connected call ended: the seat wraps up. */
  end(callId: string, now: number): AcdDecision[] {
    const call = this.mustCall(callId);
    const out: Out = [];
    const seat = this.seatMap.get(call.seatId ?? '');
    this.moveCall(call, CallState.Ended);
    if (seat) this.startWrapUp(seat, call, now, out);
    this.close(call, CallState.Ended, out);
    this.rematchAvoiding(now, out);
    return out;
  }

  /** Handed out to 110/119/120 or an external number: the seat wraps up. */
  transferredOut(callId: string, now: number): AcdDecision[] {
    const call = this.mustCall(callId);
    const out: Out = [];
    const seat = this.seatMap.get(call.seatId ?? '');
    this.moveCall(call, CallState.Transferred);
    if (seat) this.startWrapUp(seat, call, now, out);
    this.close(call, CallState.Transferred, out);
    return out;
  }

  /** Transfer to another desk or language seat: back into the queue keeping the first arrival time. */
  requeue(callId: string, target: RoutingTarget, now: number, transferredBy?: string): AcdDecision[] {
    const call = this.mustCall(callId);
    call.avoidSeat = transferredBy;
    if (transferredBy === undefined) this.avoiding.delete(call);
    else this.avoiding.add(call);
    const out: Out = [];
    const seat = this.seatMap.get(call.seatId ?? '');
    const fromDesk = call.target.desk;
    this.moveCall(call, CallState.Queued);
    call.seatId = undefined;
    call.contactMode = undefined;
    call.target = target;
    call.queuedSince = now;
    call.expansionLevel = 0;
    // In line before the seat wraps up: a 0 s wrap-up frees the seat at once, and it must see this call
    // among the waiting ones, as it would after a timed wrap-up.
    this.place(call, now, out, 'transfer', []);
    if (seat) this.startWrapUp(seat, call, now, out, fromDesk);
    this.matchWaiting(call, now, out);
    if (call.state === CallState.Queued) out.push({ kind: 'waiting', callId: call.id, cause: 'transfer' });
    return out;
  }

  /** New target for a live call (language corrected); a waiting call is re-indexed at the same place. */
  retarget(callId: string, target: RoutingTarget, now: number): AcdDecision[] {
    const call = this.mustCall(callId);
    const out: Out = [];
    call.target = target;
    if (call.state === CallState.Queued) {
      this.queue.remove(call);
      this.place(call, now, out, 'corrected');
    }
    return out;
  }

  // ───────────────────────────── seats

  /** Add a seat (offline) or update a seat's languages/desks. */
  addSeat(spec: SeatSpec, now: number): AcdDecision[] {
    const out: Out = [];
    const known = this.seatMap.get(spec.id);
    if (known) {
      this.pool.remove(known);
      known.spec = spec;
      known.keys = seatKeys(spec, this.surge);
      if (known.state === SeatState.Available) this.seatFreed(known, now, out);
      return out;
    }
    const seat: AcdSeat = {
      spec, order: this.seatOrder++, state: SeatState.Offline, since: now, idleSince: now, lastOfferAt: -Infinity,
      after: { state: SeatState.Available }, contactMode: 'office', callsHandled: 0, talkTimeMs: 0, missedOffers: 0,
      removing: false, keys: seatKeys(spec, this.surge), wrapToken: 0,
    };
    this.seatMap.set(spec.id, seat);
    return out;
  }

  /** Remove a seat; one that is talking or wrapping up leaves when its wrap-up ends. */
  removeSeat(seatId: string, now: number): AcdDecision[] {
    const seat = this.mustSeat(seatId);
    const out: Out = [];
    if (seat.state === SeatState.OnCall || seat.state === SeatState.WrapUp) {
      seat.removing = true;
      return out;
    }
    if (seat.state === SeatState.Reserved) this.endOffer(this.mustCall(seat.callId ?? ''), 'seat-removed', now, out);
    this.dropSeat(seat, out);
    this.rematchAvoiding(now, out);
    return out;
  }

  /** What an offer to this seat rings now; null = nothing (home mode, no home contact): skipped. */
  setContactMode(seatId: string, mode: ContactMode | null, now: number): AcdDecision[] {
    const seat = this.mustSeat(seatId);
    const out: Out = [];
    this.pool.remove(seat);
    seat.contactMode = mode;
    if (seat.state === SeatState.Available) this.seatFreed(seat, now, out);
    if (mode === null) this.rematchAvoiding(now, out);
    return out;
  }

  login(seatId: string, now: number): AcdDecision[] {
    const seat = this.mustSeat(seatId);
    const out: Out = [];
    if (seat.state === SeatState.Offline) this.makeAvailable(seat, now, out, false);
    return out;
  }

  setAvailable(seatId: string, now: number): AcdDecision[] {
    const seat = this.mustSeat(seatId);
    const out: Out = [];
    if (seat.state === SeatState.NotReady || seat.state === SeatState.Offline) this.makeAvailable(seat, now, out, false);
    else if (seat.state !== SeatState.Available) seat.after = { state: SeatState.Available };
    return out;
  }

  /** A break: at once when idle, else after the current call's wrap-up. */
  setNotReady(seatId: string, reason: string, now: number): AcdDecision[] {
    const seat = this.mustSeat(seatId);
    const out: Out = [];
    switch (seat.state) {
      case SeatState.Available:
      case SeatState.Offline:
      case SeatState.NotReady:
        this.moveSeat(seat, SeatState.NotReady, now, out, reason);
        break;
      default:
        seat.after = { state: SeatState.NotReady, reason };
    }
    this.rematchAvoiding(now, out);
    return out;
  }

  /** Logout / forced offline. A ringing offer goes back to the queue; a live call finishes first. */
  setOffline(seatId: string, now: number): AcdDecision[] {
    const seat = this.mustSeat(seatId);
    const out: Out = [];
    if (seat.state === SeatState.OnCall) seat.after = { state: SeatState.Offline };
    else if (seat.state === SeatState.Reserved) this.endOffer(this.mustCall(seat.callId ?? ''), 'seat-offline', now, out);
    else if (seat.state === SeatState.WrapUp && seat.removing) {
      seat.wrapToken++;
      this.dropSeat(seat, out); // it was to leave after this wrap-up; logging out ends the wrap-up now
    } else if (seat.state !== SeatState.Offline) {
      if (seat.state === SeatState.WrapUp) seat.wrapToken++;
      this.moveSeat(seat, SeatState.Offline, now, out);
    }
    this.rematchAvoiding(now, out);
    return out;
  }

  /** The agent finished wrap-up early. */
  completeWrapUp(seatId: string, now: number): AcdDecision[] {
    const seat = this.mustSeat(seatId);
    if (seat.state !== SeatState.WrapUp) throw new Error(`seat ${seatId} is ${seat.state}, not in wrap-up`);
    const out: Out = [];
    this.finishWrapUp(seat, now, out, false);
    this.rematchAvoiding(now, out);
    return out;
  }

  /** Switch the surge preset (null = none): re-key seats and calls, then re-match. */
  setSurge(surge: AcdSurge | null, now: number): AcdDecision[] {
    const out: Out = [];
    this.surge = surge;
    for (const seat of this.seatMap.values()) {
      this.pool.remove(seat);
      seat.keys = seatKeys(seat.spec, surge);
      if (this.offerable(seat)) this.pool.add(seat);
    }
    this.queue.rebuild((c) => this.bucketKeys(c));
    for (const call of this.queue.calls()) this.scheduleExpansion(call);
    for (const call of this.queue.ordered()) {
      if (this.pool.size === 0) break;
      this.matchWaiting(call, now, out);
    }
    return out;
  }

  /**
   * Process every deadline due at or before `now`, instant by instant. Calls widened and calls whose ring
   * timed out at the same instant are matched best-first once all of them are back in the queue, so neither
   * expansion nor a missed ring lets a later call overtake; wrap-ups (and switch-fault pauses) end last, so
   * a seat freed at that instant sees every call as it stands then.
   */
  tick(now: number): AcdDecision[] {
    const out: Out = [];
    for (let at = this.deadlines.next(); at !== null && at <= now; at = this.deadlines.next()) {
      const due: AcdCall[] = [];
      const returned: AcdCall[] = [];
      const wraps: Deadline[] = [];
      for (let d = this.deadlines.popDue(at); d; d = this.deadlines.popDue(at)) {
        if (d.kind === 'expand') {
          const call = this.callMap.get(d.id);
          if (call && this.widen(call, out)) due.push(call);
        } else if (d.kind === 'ring') {
          if (this.isLive(d)) this.endOffer(this.mustCall(d.id), 'ring-timeout', at, out, returned);
        } else wraps.push(d); // wrap-ups and switch-fault pauses: seats freed once the calls stand
      }
      due.push(...returned);
      due.sort((a, b) => (callBefore(a, b) ? -1 : 1));
      for (const call of due) this.matchWaiting(call, at, out);
      for (const call of returned) if (call.state === CallState.Queued) out.push({ kind: 'waiting', callId: call.id, cause: 'returned' });
      for (const d of wraps) {
        if (!this.isLive(d)) continue;
        // A pause after a switch fault ends with the seat back at its place in the longest-idle order.
        if (d.kind === 'rest') this.makeAvailable(this.mustSeat(d.id), at, out, true);
        else this.finishWrapUp(this.mustSeat(d.id), at, out, true);
      }
    }
    this.rematchAvoiding(now, out);
    return out;
  }

}
