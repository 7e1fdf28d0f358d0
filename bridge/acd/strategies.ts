/**
 * Desk strategies: how to choose among several eligible available seats. Each is a total order (the seat's
 * insertion order is the last tie-break) so dispatch is deterministic.
 */
import type { DeskStrategy } from '../domain/types.js';
import type { AcdSeat } from './acd-types.js';

export type SeatOrder = (a: AcdSeat, b: AcdSeat) => number;

const byIdle: SeatOrder = (a, b) => a.idleSince - b.idleSince || a.order - b.order;

export const STRATEGIES: Readonly<Record<DeskStrategy, SeatOrder>> = {
  // The seat that has waited longest since its last call or break.
  'longest-idle': byIdle,
  // The seat offered a call longest ago: offers rotate through the seats.
  'round-robin': (a, b) => a.lastOfferAt - b.lastOfferAt || a.order - b.order,
  'least-talk-time': (a, b) => a.talkTimeMs - b.talkTimeMs || byIdle(a, b),
  'fewest-calls': (a, b) => a.callsHandled - b.callsHandled || byIdle(a, b),
};

export function pickSeat(seats: Iterable<AcdSeat>, strategy: DeskStrategy): AcdSeat | undefined {
  const order = STRATEGIES[strategy];
  let best: AcdSeat | undefined;
  for (const s of seats) if (!best || order(s, best) < 0) best = s;
  return best;
}
