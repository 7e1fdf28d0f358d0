/** What every call-centre action shares: the core, the edges, and the helpers that keep events in order. */
import type { Logger } from 'pino';
import type { Clock } from '../domain/clock.js';
import type { TelephonyPort } from '../../telephony/telephony-port.js';
import type { Acd } from '../acd/acd.js';
import type { AcdDecision } from '../acd/acd-types.js';
import type { HotlineConfig } from '../config/schema.js';
import type { SeatId, SeatSpec } from '../domain/types.js';
import type { HomeSeatMode } from '../home-seat/home-seat-mode.js';
import type { CallEventKind, WrapUpInput } from './call-center-api.js';
import type { CallEventBus } from './event-bus.js';
import type { LiveCalls } from './live-calls.js';
import type { WallboardStats } from './wallboard-stats.js';

export interface CallCenterContext {
  readonly config: HotlineConfig;
  readonly acd: Acd;
  readonly home: HomeSeatMode;
  readonly telephony: TelephonyPort;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly calls: LiveCalls;
  readonly events: CallEventBus;
  readonly stats: WallboardStats;
  readonly seatSpecs: Map<SeatId, SeatSpec>;
  readonly attended: Set<SeatId>;
  readonly autoLoginSeats: boolean;
  /** Disposition given by an agent who completes wrap-up, picked up when the core ends it. */
  readonly wrapUpInputs: Map<SeatId, WrapUpInput>;
  /** Execute the core's decisions in order (events + telephony), then re-arm the deadline timer. */
  apply(decisions: AcdDecision[]): void;
  /** A telephony command for one call, run after that call's earlier commands; false when it failed. */
  send(callId: string, what: string, command: () => Promise<void>): Promise<boolean>;
  emitCall(kind: CallEventKind, callId: string, extra?: { seatId?: SeatId; detail?: Record<string, unknown> }): void;
  emitSeat(seatId: SeatId): void;
  /** Push the seat's current contact (centre mode + override) into the core. */
  syncContact(seatId: SeatId): void;
  /** A seat missed an offer: in lab mode an unattended (simulated) seat comes back after a pause. */
  missedOffer(seatId: SeatId): void;
}
