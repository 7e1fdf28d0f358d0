/**
 * Call state machine.
 *
 *   ┌─────────┐  no seat free  ┌────────┐  seat found  ┌──────────┐  answered  ┌───────────┐ hold ┌──────┐
 *   │ arrived │ ─────────────► │ queued │ ───────────► │ offering │ ─────────► │ connected │ ───► │ held │
 *   └─────────┘                └────────┘ ◄─────────── └──────────┘            └───────────┘ ◄─── └──────┘
 *      │  │   seat free at once   ▲  │      missed / rejected │                    │  │  │ resume   │ │ │
 *      │  └───────────────────────┼──┼─────► (offering)       │                    │  │  │          │ │ │
 *      │                          │  │                        │                    │  │  └─ ended ◄──┘ │ │
 *      │ caller hangs up          │  │ caller hangs up        │ caller hangs up    │  └─ transferred ◄┘ │
 *      ▼                          │  ▼                        ▼                    │    (110/119/120)   │
 *   abandoned ◄───────────────────┼──┴────────────────────────┘                    │                    │
 *                                 └──── transfer to a desk / language seat ────────┴────────────────────┘
 *                                       (back into the queue keeping the first arrival time)
 *
 * ended, abandoned and transferred are terminal.
 */
import { InvalidTransitionError } from './transition-error.js';

/** Call states (diagram above). */
export enum CallState {
  Arrived = 'arrived',
  Queued = 'queued',
  Offering = 'offering',
  Connected = 'connected',
  Held = 'held',
  Ended = 'ended',
  Abandoned = 'abandoned',
  Transferred = 'transferred', // handed out to 110/119/120 or an external number
}


const C = CallState;

export const CALL_TRANSITIONS: Readonly<Record<CallState, readonly CallState[]>> = {
  // arrived → offering: a fitting seat was free at once (the caller hears ringback, never music).
  [C.Arrived]: [C.Queued, C.Offering, C.Abandoned],
  [C.Queued]: [C.Offering, C.Abandoned],
  [C.Offering]: [C.Connected, C.Queued, C.Abandoned],
  [C.Connected]: [C.Held, C.Ended, C.Queued, C.Transferred],
  [C.Held]: [C.Connected, C.Ended, C.Queued, C.Transferred],
  [C.Ended]: [],
  [C.Abandoned]: [],
  [C.Transferred]: [],
};

export const TERMINAL_CALL_STATES: ReadonlySet<CallState> = new Set([C.Ended, C.Abandoned, C.Transferred]);

export function canCallTransition(from: CallState, to: CallState): boolean {
  return CALL_TRANSITIONS[from].includes(to);
}

export function assertCallTransition(from: CallState, to: CallState, callId?: string): void {
  if (!canCallTransition(from, to)) throw new InvalidTransitionError('call', from, to, callId);
}
