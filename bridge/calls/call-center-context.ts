/**
 * What the call-centre actions may reach, cut into small capabilities. Each action's constructor names
 * only the capabilities it uses (e.g. `CoreAccess & CallRecords & EventOutput`), so a reader sees at a
 * glance what an action can touch, and a test can hand it just those. CallCenterService builds the one
 * object that implements them all.
 */
import type { Logger } from 'pino';
import type { Clock } from '../domain/clock.js';
import type { TelephonyPort } from '../../telephony/telephony-port.js';
import type { Acd } from '../acd/acd.js';
import type { AcdDecision } from '../acd/acd-types.js';
import type { HotlineConfig } from '../config/schema.js';
import type { SeatId, SeatSpec } from '../domain/types.js';
import type { HomeSeatMode } from '../home-seat/home-seat-mode.js';
import type { CallEventKind } from './call-center-api.js';
import type { SwitchResult } from './command-chains.js';
import type { CallEventBus } from './event-bus.js';
import type { LiveCalls } from './live-calls.js';
import type { SeatAttendance } from './seat-attendance.js';
import type { WallboardStats } from './wallboard-stats.js';
import type { ServiceLevelTracker } from './service-level-tracker.js';
import type { WrapUpNotes } from './wrap-up-notes.js';

/** The pure ACD core and the one way its decisions are carried out. */
export interface CoreAccess {
  readonly acd: Acd;
  readonly clock: Clock;
  /** Execute the core's decisions in order (events + telephony), then re-arm the deadline timer. */
  apply(decisions: AcdDecision[]): void;
}

/** The coordinator's per-call records (caller facts, the offer ringing now, the call's logger). */
export interface CallRecords {
  readonly calls: LiveCalls;
}

/** Ordered output to the hub, the recorder and the metrics. */
export interface EventOutput {
  readonly events: CallEventBus;
  emitCall(kind: CallEventKind, callId: string, extra?: { seatId?: SeatId; detail?: Record<string, unknown> }): void;
  emitSeat(seatId: SeatId): void;
}

/** Telephony commands, serialised per call. */
export interface SwitchCommands {
  readonly telephony: TelephonyPort;
  /**
   * A telephony command for one call, run after that call's earlier commands (an `urgent` one — a
   * hang-up — at once), within a deadline; resolves with the outcome, never rejects (command-chains.ts).
   */
  send(callId: string, what: string, command: () => Promise<void>, opts?: { urgent?: boolean }): Promise<SwitchResult>;
}

/** Seats as configured and how an offer reaches them (centre mode, overrides, who sits at a desktop). */
export interface SeatDirectory {
  readonly seatSpecs: Map<SeatId, SeatSpec>;
  readonly home: HomeSeatMode;
  readonly attendance: SeatAttendance;
  /** Push the seat's current contact (centre mode + override) into the core. */
  syncContact(seatId: SeatId): void;
  /** A seat missed an offer: in lab mode an unattended (simulated) seat comes back after a pause. */
  missedOffer(seatId: SeatId): void;
}

/** Everything at once: only the service that builds it and the decision runner see the whole. */
export interface CallCenterContext extends CoreAccess, CallRecords, EventOutput, SwitchCommands, SeatDirectory {
  readonly config: HotlineConfig;
  readonly logger: Logger;
  readonly stats: WallboardStats;
  readonly service: ServiceLevelTracker;
  readonly wrapUps: WrapUpNotes;
}
