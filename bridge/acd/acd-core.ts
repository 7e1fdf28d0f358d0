/**
 * State and internal moves of the ACD core; the public commands live in acd.ts (split for size only).
 * See acd.ts for the guarantees.
 */
import type { DeskSpec, SeatSpec } from '../domain/types.js';
import type { AcdCall, AcdDecision, AcdSeat, AcdSurge, OfferEndOutcome } from './acd-types.js';
import { CallState, assertCallTransition, TERMINAL_CALL_STATES } from './call-state.js';
import { Deadlines, type Deadline } from './deadlines.js';
import { callBucketKeys, callSearchOrder } from './eligibility.js';
import { expansionLevelAt, nextExpansionAt } from './expansion.js';
import { QueueIndex } from './queue-index.js';
import { SeatPool } from './seat-pool.js';
import { SeatState, assertSeatTransition } from './seat-state.js';

export interface AcdOptions {
  desks: readonly DeskSpec[];
  seats?: readonly SeatSpec[];
  /** Extra time after the ring timeout before the core gives up on a silent telephony (safety net). */
  ringGraceMs?: number;
  /**
   * How long a seat whose offer failed at the switch (SWITCH_FAULT_REASON) sits out before it is available
   * again by itself: long enough that a switch failing every offer at once cannot spin calls round the
   * seats, short enough that nobody has to press "ready".
   */
  switchFaultRestMs?: number;
  now: number;
}

/** The not-ready reason of a seat sitting out a switch fault (not a missed offer: no agent action needed). */
export const SWITCH_FAULT_REASON = 'switch-fault';

export type Out = AcdDecision[];

/** Seats that count as able to take a call soon: logged in and working (not on a break). */
const AT_WORK: ReadonlySet<SeatState> = new Set([SeatState.Available, SeatState.Reserved, SeatState.OnCall, SeatState.WrapUp]);

export abstract class AcdCore {
  protected readonly desks = new Map<string, DeskSpec>();
  protected readonly fallbackDesk: DeskSpec;
  protected readonly seatMap = new Map<string, AcdSeat>();
  protected readonly callMap = new Map<string, AcdCall>();
  protected readonly queue = new QueueIndex();
  protected readonly pool = new SeatPool();
  protected readonly deadlines = new Deadlines((d) => this.isLive(d));
  protected readonly ringGraceMs: number;
  protected readonly switchFaultRestMs: number;
  protected surge: AcdSurge | null = null;
  protected seq = 0;
  protected seatOrder = 0;
  /** Calls carrying `avoidSeat` (see rematchAvoiding). */
  protected readonly avoiding = new Set<AcdCall>();

  constructor(opts: AcdOptions) {
    for (const d of opts.desks) this.desks.set(d.id, d);
    const first = opts.desks[0];
    if (!first) throw new Error('the ACD needs at least one desk');
    this.fallbackDesk = first;
    this.ringGraceMs = opts.ringGraceMs ?? 1000;
    this.switchFaultRestMs = opts.switchFaultRestMs ?? 3000;
  }

  // ───────────────────────────── queries

  seat(id: string): Readonly<AcdSeat> | undefined {
    return this.seatMap.get(id);
  }
  seats(): IterableIterator<Readonly<AcdSeat>> {
    return this.seatMap.values();
  }
  call(id: string): Readonly<AcdCall> | undefined {
    return this.callMap.get(id);
  }
  calls(): IterableIterator<Readonly<AcdCall>> {
    return this.callMap.values();
  }
  waitingCalls(): IterableIterator<Readonly<AcdCall>> {
    return this.queue.calls();
  }
  get waitingCount(): number {
    return this.queue.size;
  }
  activeSurge(): AcdSurge | null {
    return this.surge;
  }
  desk(id: string): DeskSpec {
    return this.desks.get(id) ?? this.desks.get(this.surge?.intoDesk ?? '') ?? this.fallbackDesk;
  }
  nextDeadline(): number | null {
    return this.deadlines.next();
  }

  // ───────────────────────────── internals

  protected isLive(d: Deadline): boolean {
    if (d.kind === 'wrap') {
      const seat = this.seatMap.get(d.id);
      return !!seat && seat.state === SeatState.WrapUp && seat.wrapToken === d.token;
    }
    if (d.kind === 'rest') {
      // Any change since (the agent pressed ready or took a break, a lead forced it) ends the pause.
      const seat = this.seatMap.get(d.id);
      return !!seat && seat.state === SeatState.NotReady && seat.reason === SWITCH_FAULT_REASON && seat.since === d.token;
    }
    const call = this.callMap.get(d.id);
    if (!call) return false;
    if (d.kind === 'ring') return call.state === CallState.Offering && call.offerToken === d.token;
    return call.state === CallState.Queued && call.version === d.token;
  }

  protected steps(call: AcdCall) {
    return this.desk(call.target.desk).expansion;
  }

  protected bucketKeys(call: AcdCall): string[] {
    return callBucketKeys(call.target, call.expansionLevel, this.steps(call), this.surge);
  }

  protected offerable(seat: AcdSeat): boolean {
    return seat.state === SeatState.Available && seat.contactMode !== null && !seat.removing;
  }

  protected findSeat(call: AcdCall): AcdSeat | undefined {
    const order = callSearchOrder(call.target, call.expansionLevel, this.steps(call), this.surge);
    const avoid = call.avoidSeat === undefined ? undefined : this.seatMap.get(call.avoidSeat);
    return this.pool.best(order, this.desk(call.target.desk).strategy, avoid && this.othersCouldTake(call, avoid) ? avoid : undefined);
  }

  /**
   * Whether a seat other than `avoid` is at work (logged in, not on a break) with something to ring and
   * could serve the call at its current expansion level: then the transferring seat is not asked again.
   */
  protected othersCouldTake(call: AcdCall, avoid: AcdSeat): boolean {
    const keys = new Set(this.bucketKeys(call));
    for (const s of this.seatMap.values()) {
      if (s === avoid || s.removing || s.contactMode === null || !AT_WORK.has(s.state)) continue;
      if (s.keys.some((k) => keys.has(k))) return true;
    }
    return false;
  }

  /**
   * Calls waiting while avoiding their transferring seat are looked at again once a seat stops working
   * (break, logout, removal, nothing to ring): the avoided seat may now be the only one left.
   */
  protected rematchAvoiding(now: number, out: Out): void {
    if (this.avoiding.size === 0) return;
    for (const call of [...this.avoiding]) {
      if (call.state !== CallState.Queued) {
        if (TERMINAL_CALL_STATES.has(call.state)) this.avoiding.delete(call);
        continue;
      }
      this.matchWaiting(call, now, out);
    }
  }

  /**
   * Offer the call to the best free seat, or queue it at its place (first arrival) and say so. With
   * `deferred`, the call is only queued and collected, for the caller to match best-first with others due
   * at the same instant.
   */
  protected place(call: AcdCall, now: number, out: Out, cause: 'arrived' | 'returned' | 'transfer' | 'corrected', deferred?: AcdCall[]): void {
    call.expansionLevel = expansionLevelAt(this.steps(call), call.queuedSince, now);
    const seat = deferred ? undefined : this.findSeat(call);
    if (seat) return this.offer(call, seat, now, out);
    if (call.state === CallState.Arrived) this.moveCall(call, CallState.Queued);
    this.queue.add(call, this.bucketKeys(call));
    this.scheduleExpansion(call);
    if (deferred) deferred.push(call);
    else out.push({ kind: 'waiting', callId: call.id, cause });
  }

  protected scheduleExpansion(call: AcdCall): void {
    const at = nextExpansionAt(this.steps(call), call.queuedSince, call.expansionLevel);
    if (at !== null) this.deadlines.add({ at, kind: 'expand', id: call.id, token: call.version });
  }

  /** One more expansion step for a waiting call; false when it has none left. */
  protected widen(call: AcdCall, out: Out): boolean {
    const step = this.steps(call)[call.expansionLevel];
    if (!step || call.state !== CallState.Queued) return false;
    call.expansionLevel++;
    out.push({ kind: 'expanded', callId: call.id, level: call.expansionLevel, widen: step.widen });
    this.queue.widen(call, this.bucketKeys(call));
    this.scheduleExpansion(call);
    return true;
  }

  /** A waiting call takes the best free seat it may use now, if any. */
  protected matchWaiting(call: AcdCall, now: number, out: Out): void {
    if (call.state !== CallState.Queued) return;
    const seat = this.findSeat(call);
    if (!seat) return;
    this.queue.remove(call);
    this.offer(call, seat, now, out);
  }


  protected offer(call: AcdCall, seat: AcdSeat, now: number, out: Out): void {
    const mode = seat.contactMode ?? 'office';
    const desk = this.desk(call.target.desk);
    const ringTimeoutMs = (mode === 'home' ? desk.homeRingTimeoutSeconds : desk.ringTimeoutSeconds) * 1000;
    this.moveCall(call, CallState.Offering);
    call.seatId = seat.spec.id;
    call.ringTimeoutMs = ringTimeoutMs;
    call.contactMode = mode;
    call.offerToken++;
    seat.callId = call.id;
    seat.lastOfferAt = now;
    this.moveSeat(seat, SeatState.Reserved, now, out);
    this.deadlines.add({ at: now + ringTimeoutMs + this.ringGraceMs, kind: 'ring', id: call.id, token: call.offerToken });
    out.push({ kind: 'offer', callId: call.id, seatId: seat.spec.id, ringTimeoutMs, contactMode: mode });
  }

  /** The ringing stopped unanswered: settle the seat, then put the call back at its place (unless gone). */
  protected endOffer(call: AcdCall, outcome: OfferEndOutcome, now: number, out: Out, deferred?: AcdCall[]): void {
    const seat = this.mustSeat(call.seatId ?? '');
    out.push({ kind: 'offer-ended', callId: call.id, seatId: seat.spec.id, outcome });
    seat.callId = undefined;
    call.seatId = undefined;
    call.contactMode = undefined;
    const asked = seat.after;
    seat.after = { state: SeatState.Available };
    if (outcome === 'abandoned') {
      // No penalty: the seat keeps its place in the longest-idle order (or takes the break asked meanwhile).
      if (asked.state === SeatState.Available) this.makeAvailable(seat, now, out, true);
      else this.moveSeat(seat, asked.state, now, out, asked.reason);
      return;
    }
    if (outcome === 'seat-offline') this.moveSeat(seat, SeatState.Offline, now, out);
    else if (outcome === 'seat-removed') this.dropSeat(seat, out);
    else if (outcome === 'switch-failed') {
      // Not the agent's miss: no count, and back by itself after a short pause (or to the break asked for).
      if (asked.state === SeatState.Available) {
        this.moveSeat(seat, SeatState.NotReady, now, out, SWITCH_FAULT_REASON);
        this.deadlines.add({ at: now + this.switchFaultRestMs, kind: 'rest', id: seat.spec.id, token: now });
      } else this.moveSeat(seat, asked.state, now, out, asked.reason);
    } else {
      seat.missedOffers++;
      this.moveSeat(seat, SeatState.NotReady, now, out, 'missed-offer');
    }
    this.moveCall(call, CallState.Queued);
    this.place(call, now, out, 'returned', deferred);
  }

  /** `deskId`: the desk whose wrap-up applies (the call's, unless it is being moved to another). */
  protected startWrapUp(seat: AcdSeat, call: AcdCall, now: number, out: Out, deskId = call.target.desk): void {
    seat.talkTimeMs += now - (seat.answeredAt ?? now);
    seat.answeredAt = undefined;
    seat.callId = undefined;
    seat.lastCallId = call.id;
    const seconds = this.surge?.wrapUpSeconds ?? this.desk(deskId).wrapUpSeconds;
    seat.wrapToken++;
    seat.wrapUpEndsAt = now + seconds * 1000;
    this.moveSeat(seat, SeatState.WrapUp, now, out);
    if (seconds === 0) this.finishWrapUp(seat, now, out, true, true);
    else this.deadlines.add({ at: seat.wrapUpEndsAt, kind: 'wrap', id: seat.spec.id, token: seat.wrapToken });
  }

  protected finishWrapUp(seat: AcdSeat, now: number, out: Out, auto: boolean, instant = false): void {
    const next = seat.after;
    seat.after = { state: SeatState.Available };
    seat.wrapToken++;
    seat.wrapUpEndsAt = undefined;
    out.push({ kind: 'wrap-up-ended', seatId: seat.spec.id, callId: seat.lastCallId, auto, ...(instant ? { instant } : {}) });
    if (seat.removing) return this.dropSeat(seat, out);
    if (next.state === SeatState.Available) this.makeAvailable(seat, now, out, false);
    else this.moveSeat(seat, next.state, now, out, next.reason);
  }

  protected makeAvailable(seat: AcdSeat, now: number, out: Out, keepIdle: boolean): void {
    if (!keepIdle) seat.idleSince = now;
    this.moveSeat(seat, SeatState.Available, now, out);
    this.seatFreed(seat, now, out);
  }

  /** An available seat takes the best waiting call it can serve, or joins the pool. */
  protected seatFreed(seat: AcdSeat, now: number, out: Out): void {
    if (!this.offerable(seat)) return;
    const id = seat.spec.id;
    const call = this.avoiding.size === 0 ? this.queue.best(seat.keys) : this.queue.bestExcept(seat.keys, (c) => c.avoidSeat === id && this.othersCouldTake(c, seat));
    if (call) {
      this.queue.remove(call);
      this.offer(call, seat, now, out);
    } else this.pool.add(seat);
  }

  protected dropSeat(seat: AcdSeat, out: Out): void {
    this.pool.remove(seat);
    this.seatMap.delete(seat.spec.id);
    out.push({ kind: 'seat-removed', seatId: seat.spec.id });
  }

  protected moveSeat(seat: AcdSeat, to: SeatState, now: number, out: Out, reason?: string): void {
    const from = seat.state;
    if (from !== to || to !== SeatState.NotReady) assertSeatTransition(from, to, seat.spec.id);
    if (from === SeatState.Available) this.pool.remove(seat);
    seat.state = to;
    seat.reason = to === SeatState.NotReady ? reason ?? 'break' : undefined;
    seat.since = now;
    out.push({ kind: 'seat', seatId: seat.spec.id, from, to, reason: seat.reason });
  }

  protected moveCall(call: AcdCall, to: CallState): void {
    assertCallTransition(call.state, to, call.id);
    call.state = to;
  }

  protected close(call: AcdCall, state: CallState, out: Out): void {
    if (call.state !== state) this.moveCall(call, state);
    if (TERMINAL_CALL_STATES.has(state)) {
      this.callMap.delete(call.id);
      this.avoiding.delete(call);
    }
    out.push({ kind: 'call-closed', callId: call.id, state });
  }

  protected mustCall(id: string): AcdCall {
    const c = this.callMap.get(id);
    if (!c) throw new Error(`unknown call ${id}`);
    return c;
  }

  protected mustSeat(id: string): AcdSeat {
    const s = this.seatMap.get(id);
    if (!s) throw new Error(`unknown seat ${id}`);
    return s;
  }
}
