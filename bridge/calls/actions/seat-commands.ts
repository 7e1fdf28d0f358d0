/** Login/logout and seat state changes by the agent or (forced) by a shift lead. */
import { z } from 'zod';
import type { SeatId } from '../../domain/types.js';
import { CommandError, SeatState } from '../call-center-api.js';
import type { CallRecords, CoreAccess, EventOutput, SeatDirectory, SwitchCommands } from '../call-center-context.js';
import type { WrapUpNotes } from '../wrap-up-notes.js';
import type { HotlineConfig } from '../../config/schema.js';
import { mustSeat, TALKING } from './ownership.js';

const reasonSchema = z.string().regex(/^[a-z][a-z-]{0,31}$/, 'reasons are lower-case words such as break, meal, training');

export class SeatCommands {
  constructor(
    private readonly ctx: CoreAccess &
      EventOutput &
      CallRecords &
      SwitchCommands &
      Pick<SeatDirectory, 'home' | 'attendance'> & { readonly config: Pick<HotlineConfig, 'notReadyReasons'>; readonly wrapUps: WrapUpNotes },
  ) {}

  login(seatId: SeatId): void {
    const seat = mustSeat(this.ctx, seatId);
    // Lab: what the simulated phone was doing for this seat is not the person's. Its wrap-up ends as a
    // simulated one does (before the seat counts as attended); a call it answered goes on elsewhere.
    const simulated = this.ctx.attendance.simulatedSeats && !this.ctx.attendance.has(seatId);
    if (simulated && seat.state === SeatState.WrapUp) this.ctx.apply(this.ctx.acd.completeWrapUp(seatId, this.ctx.clock.now()));
    const simulatedCall = simulated && seat.state === SeatState.OnCall ? seat.callId : undefined;
    this.ctx.attendance.set(seatId, true);
    if (simulatedCall) void this.handOn(seatId, simulatedCall);
    const now = this.ctx.clock.now();
    // Back after a bridge restart: a seat left on a break is still on that break, not suddenly ringing.
    const left = this.ctx.attendance.takeRemembered(seatId);
    if (left?.state === 'not-ready') this.ctx.apply(this.ctx.acd.setNotReady(seatId, left.reason ?? 'break', now));
    else this.ctx.apply(this.ctx.acd.login(seatId, now));
    this.ctx.emitSeat(seatId);
  }

  /**
   * Lab: a person logged in while the simulator talked on their seat. The simulated caller goes back to
   * the queue at its first place (another seat takes it, this one only if nobody else can) and the seat
   * is the person's at once — never in a call it did not take, never wrapping one up.
   */
  private async handOn(seatId: SeatId, callId: string): Promise<void> {
    const { ctx } = this;
    const call = ctx.acd.call(callId);
    if (!call || call.seatId !== seatId) return;
    const sent = await ctx.send(callId, 'releaseSeat', () => ctx.telephony.releaseSeat(callId, call.target.language));
    const now = ctx.clock.now();
    const still = ctx.acd.call(callId);
    if (!sent.ok || !still || still.seatId !== seatId || !TALKING.includes(still.state)) return;
    ctx.calls.get(callId)?.log.info({ seatId }, 'lab: handed on from a seat a person just logged into');
    ctx.emitCall('requeued', callId, { seatId, detail: { reason: 'seat-attended' } });
    ctx.apply(ctx.acd.requeue(callId, still.target, now, seatId));
    // The simulator's part of the call ends as a hand-over, recorded as such.
    ctx.wrapUps.give(seatId, { disposition: 'transferred', note: 'lab: simulated seat handed the call on when a person logged in' });
    if (ctx.acd.seat(seatId)?.state === SeatState.WrapUp) ctx.apply(ctx.acd.completeWrapUp(seatId, now));
    ctx.emitSeat(seatId);
  }

  /**
   * The person leaves. In lab mode the simulated phone takes over and the seat stays in service (so the
   * demo keeps moving); otherwise the seat goes offline (after its current call, if any).
   */
  logout(seatId: SeatId): void {
    const seat = mustSeat(this.ctx, seatId);
    this.ctx.attendance.set(seatId, false);
    const now = this.ctx.clock.now();
    if (!this.ctx.attendance.simulatedSeats) this.ctx.apply(this.ctx.acd.setOffline(seatId, now));
    else if (seat.state === SeatState.NotReady || seat.state === SeatState.Offline) this.ctx.apply(this.ctx.acd.setAvailable(seatId, now));
    this.ctx.emitSeat(seatId);
  }

  setAvailable(seatId: SeatId): void {
    mustSeat(this.ctx, seatId);
    this.ctx.apply(this.ctx.acd.setAvailable(seatId, this.ctx.clock.now()));
  }

  setNotReady(seatId: SeatId, reason: string): void {
    mustSeat(this.ctx, seatId);
    const parsed = reasonSchema.safeParse(reason);
    if (!parsed.success) throw new CommandError('invalid-input', parsed.error.issues[0]?.message ?? 'bad reason');
    if (!this.ctx.config.notReadyReasons.includes(parsed.data)) throw new CommandError('invalid-input', `unknown not-ready reason "${reason}"`);
    this.ctx.apply(this.ctx.acd.setNotReady(seatId, parsed.data, this.ctx.clock.now()));
  }

  force(actor: string, seatId: SeatId, state: SeatState.Available | SeatState.NotReady | SeatState.Offline, reason?: string): void {
    const seat = mustSeat(this.ctx, seatId);
    const from = seat.state;
    if (state === SeatState.Available) {
      this.setAvailable(seatId);
      // A lead who forces a wrapping-up seat available wants it taking calls now (a queue is building),
      // not when its wrap-up timer runs out: the wrap-up ends here, with whatever the agent had typed.
      if (from === SeatState.WrapUp) this.ctx.apply(this.ctx.acd.completeWrapUp(seatId, this.ctx.clock.now()));
    }
    else if (state === SeatState.NotReady) this.setNotReady(seatId, reason ?? 'break');
    else if (state === SeatState.Offline) this.ctx.apply(this.ctx.acd.setOffline(seatId, this.ctx.clock.now()));
    else throw new CommandError('invalid-input', `cannot force a seat into ${String(state)}`);
    const entry = this.ctx.home.audit.record(this.ctx.clock.now(), actor, 'force-seat-state', { seatId, from, to: state, reason: reason ?? null });
    this.ctx.events.emit({ type: 'audit', entry });
  }
}
