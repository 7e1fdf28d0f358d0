/** Login/logout and seat state changes by the agent or (forced) by a shift lead. */
import { z } from 'zod';
import type { SeatId } from '../../domain/types.js';
import { CommandError, SeatState } from '../call-center-api.js';
import type { CoreAccess, EventOutput, SeatDirectory } from '../call-center-context.js';
import type { HotlineConfig } from '../../config/schema.js';
import { mustSeat } from './ownership.js';

const reasonSchema = z.string().regex(/^[a-z][a-z-]{0,31}$/, 'reasons are lower-case words such as break, meal, training');

export class SeatCommands {
  constructor(private readonly ctx: CoreAccess & EventOutput & Pick<SeatDirectory, 'home' | 'attendance'> & { readonly config: Pick<HotlineConfig, 'notReadyReasons'> }) {}

  login(seatId: SeatId): void {
    mustSeat(this.ctx, seatId);
    this.ctx.attendance.set(seatId, true);
    const now = this.ctx.clock.now();
    // Back after a bridge restart: a seat left on a break is still on that break, not suddenly ringing.
    const left = this.ctx.attendance.takeRemembered(seatId);
    if (left?.state === 'not-ready') this.ctx.apply(this.ctx.acd.setNotReady(seatId, left.reason ?? 'break', now));
    else this.ctx.apply(this.ctx.acd.login(seatId, now));
    this.ctx.emitSeat(seatId);
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
    if (state === SeatState.Available) this.setAvailable(seatId);
    else if (state === SeatState.NotReady) this.setNotReady(seatId, reason ?? 'break');
    else if (state === SeatState.Offline) this.ctx.apply(this.ctx.acd.setOffline(seatId, this.ctx.clock.now()));
    else throw new CommandError('invalid-input', `cannot force a seat into ${String(state)}`);
    const entry = this.ctx.home.audit.record(this.ctx.clock.now(), actor, 'force-seat-state', { seatId, from, to: state, reason: reason ?? null });
    this.ctx.events.emit({ type: 'audit', entry });
  }
}
