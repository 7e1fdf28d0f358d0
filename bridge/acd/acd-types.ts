/** Live records and decisions of the pure ACD core (bridge/acd/acd.ts). */
import type { ContactMode } from '../domain/types.js';
import { CallState } from './call-state.js';
import { SeatState } from './seat-state.js';
import type { DeskId, ExpansionWiden, RoutingTarget, SeatSpec } from '../domain/types.js';

export interface AcdSeat {
  spec: SeatSpec;
  /** Insertion order: the last, stable tie-break of every strategy. */
  readonly order: number;
  state: SeatState;
  reason?: string;
  since: number;
  /** Longest-idle key: when the seat last became available after work or a break (kept on a no-penalty return). */
  idleSince: number;
  /** Round-robin key. */
  lastOfferAt: number;
  callId?: string;
  lastCallId?: string;
  wrapUpEndsAt?: number;
  /** Where wrap-up returns to: available unless the agent asked for a break or logout meanwhile. */
  after: { state: SeatState.Available | SeatState.NotReady | SeatState.Offline; reason?: string };
  /** What an offer rings now; null = nothing to ring in the current mode, so the seat is skipped. */
  contactMode: ContactMode | null;
  callsHandled: number;
  talkTimeMs: number;
  missedOffers: number;
  answeredAt?: number;
  removing: boolean;
  /** Bucket keys the seat serves (depends on its spec and the active surge preset). */
  keys: string[];
  /** Bumped whenever a wrap-up starts or ends; stale wrap-up deadlines are ignored. */
  wrapToken: number;
}

export interface AcdCall {
  readonly id: string;
  target: RoutingTarget;
  state: CallState;
  /** First arrival: the queue order key, kept across missed offers and transfers back into the queue. */
  readonly arrivedAt: number;
  /** Arrival sequence: FIFO tie-break for equal arrival times. */
  readonly seq: number;
  /** Expansion clock: when the call entered the queue for its current target. */
  queuedSince: number;
  expansionLevel: number;
  seatId?: string;
  ringTimeoutMs?: number;
  contactMode?: ContactMode;
  answeredAt?: number;
  /** Bumped on every queue entry/exit: index entries with an older version are stale. */
  version: number;
  /** Bumped on every offer: stale ring deadlines are ignored. */
  offerToken: number;
  /** The seat that transferred the call back into the queue: offered it again only when no other seat could take it. */
  avoidSeat?: string;
}

export interface AcdSurge {
  id: string;
  foldDesks: DeskId[];
  intoDesk: DeskId;
  reserveDesks: DeskId[];
  wrapUpSeconds?: number;
}

/** Why an offer stopped ringing without being answered. */
/** `switch-failed`: the media server could not make or join the seat's leg; the seat is not to blame. */
export type OfferEndOutcome = 'ring-timeout' | 'failed' | 'rejected' | 'abandoned' | 'seat-offline' | 'seat-removed' | 'switch-failed';

/**
 * What the core decided, in order. The coordinator turns each into telephony commands and events.
 * - offer: ring that seat's contact (`contactMode`) for `ringTimeoutMs`.
 * - offer-ended: the ringing stopped; unless `abandoned`, the coordinator must cancel the ring.
 * - waiting: the caller now waits in the queue (play music).
 * - call-closed: the call reached a terminal state and left the core.
 */
export type AcdDecision =
  | { kind: 'offer'; callId: string; seatId: string; ringTimeoutMs: number; contactMode: ContactMode }
  | { kind: 'offer-ended'; callId: string; seatId: string; outcome: OfferEndOutcome }
  | { kind: 'waiting'; callId: string; cause: 'arrived' | 'returned' | 'transfer' | 'corrected' }
  | { kind: 'expanded'; callId: string; level: number; widen: ExpansionWiden }
  | { kind: 'seat'; seatId: string; from: SeatState; to: SeatState; reason?: string }
  /** `instant`: the desk's wrap-up is 0 s — nobody had time to type anything. */
  | { kind: 'wrap-up-ended'; seatId: string; callId?: string; auto: boolean; instant?: true }
  | { kind: 'seat-removed'; seatId: string }
  | { kind: 'call-closed'; callId: string; state: CallState };
