/**
 * Seat state machine.
 *
 *                 login                      offer                 answered
 *   ┌─────────┐ ─────────► ┌───────────┐ ───────────► ┌──────────┐ ─────────► ┌─────────┐
 *   │ offline │            │ available │              │ reserved │            │ on-call │
 *   └─────────┘ ◄───────── └───────────┘ ◄─────────── └──────────┘            └─────────┘
 *        ▲   any → offline     ▲   │      caller abandoned  │ ring timeout /        │ hang-up /
 *        │                     │   │ break                  │ reject (missed-offer) │ transfer
 *        │                     │   ▼                        ▼                       ▼
 *        │                  ┌────────────────────────────────┐   previous   ┌──────────┐
 *        └───────────────── │ not-ready(reason)              │ ◄─────────── │ wrap-up  │
 *                           └────────────────────────────────┘   state      └──────────┘
 *                                                                (available, not-ready or offline,
 *                                                                 whatever was asked during the call)
 *
 * A seat only rings when available, so "the state before the offer" is available unless the agent asked
 * for a break (or logged out) while ringing / talking / wrapping up; the ACD keeps that wish and applies it
 * when wrap-up ends.
 */
import { InvalidTransitionError } from './transition-error.js';

/** Seat states (diagram above). */
export enum SeatState {
  Offline = 'offline',
  Available = 'available',
  NotReady = 'not-ready',
  Reserved = 'reserved', // an offer is ringing this seat
  OnCall = 'on-call',
  WrapUp = 'wrap-up',
}


const S = SeatState;

/** Allowed moves: from → set of targets. Not-ready → not-ready is a reason change, not a transition. */
export const SEAT_TRANSITIONS: Readonly<Record<SeatState, readonly SeatState[]>> = {
  [S.Offline]: [S.Available, S.NotReady],
  [S.Available]: [S.NotReady, S.Reserved, S.Offline],
  [S.NotReady]: [S.Available, S.Offline],
  [S.Reserved]: [S.OnCall, S.Available, S.NotReady, S.Offline],
  [S.OnCall]: [S.WrapUp, S.Offline],
  [S.WrapUp]: [S.Available, S.NotReady, S.Offline],
};

export function canSeatTransition(from: SeatState, to: SeatState): boolean {
  return SEAT_TRANSITIONS[from].includes(to);
}

export function assertSeatTransition(from: SeatState, to: SeatState, seatId?: string): void {
  if (!canSeatTransition(from, to)) throw new InvalidTransitionError('seat', from, to, seatId);
}
