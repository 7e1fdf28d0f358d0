/** An agent may act only on the call its own seat holds, and only in a state where the action makes sense. */
import type { AcdCall, AcdSeat } from '../../acd/acd-types.js';
import type { SeatId } from '../../domain/types.js';
import { CallState, CommandError } from '../call-center-api.js';
import type { CallRecords, CoreAccess } from '../call-center-context.js';
import type { CallRecord } from '../live-calls.js';

export function mustSeat(ctx: Pick<CoreAccess, 'acd'>, seatId: SeatId): Readonly<AcdSeat> {
  const seat = ctx.acd.seat(seatId);
  if (!seat) throw new CommandError('not-found', `no seat ${seatId}`);
  return seat;
}

export interface HeldCall {
  seat: Readonly<AcdSeat>;
  call: Readonly<AcdCall>;
  rec: CallRecord;
}

export function heldCall(ctx: Pick<CoreAccess, 'acd'> & CallRecords, seatId: SeatId, callId: string, allowed: readonly CallState[], action: string): HeldCall {
  const seat = mustSeat(ctx, seatId);
  const rec = ctx.calls.get(callId);
  if (!rec) throw new CommandError('not-found', `no call ${callId}`);
  const call = ctx.acd.call(callId);
  if (!call || seat.callId !== callId) {
    if (seat.lastCallId === callId) throw new CommandError('invalid-state', `call ${callId} is over; cannot ${action}`);
    throw new CommandError('forbidden', `seat ${seatId} does not hold call ${callId}`);
  }
  if (!allowed.includes(call.state)) throw new CommandError('invalid-state', `cannot ${action} a call that is ${call.state}`);
  return { seat, call, rec };
}

/** After an await: is the call still held by the seat in one of these states? */
export function stillHeld(ctx: Pick<CoreAccess, 'acd'>, seatId: SeatId, callId: string, allowed: readonly CallState[]): boolean {
  const call = ctx.acd.call(callId);
  return !!call && call.seatId === seatId && ctx.acd.seat(seatId)?.callId === callId && allowed.includes(call.state);
}

export const TALKING: readonly CallState[] = [CallState.Connected, CallState.Held];
