/**
 * The call centre as the hub (socket.io), the REST API, the recorder (store) and the metrics see it.
 *
 * The implementation (`call-center.ts`) glues the pure ACD core, routing, home-seat mode and a
 * TelephonyPort. Commands validate ownership and state and throw `CommandError` on anything invalid —
 * the hub turns that into an error reply to the one socket that asked; nobody else is disturbed.
 */
import type { CentreMode, ContactMode, DeskId, Language, RoutingTarget, SeatId } from '../domain/types.js';
import { CallState } from '../acd/call-state.js';
import { SeatState } from '../acd/seat-state.js';
import type { WhyWaiting } from '../acd/why-waiting.js';
import type { ServiceLevelView } from './service-level.js';

// The state machines belong to the pure core; the facade re-exports them for its consumers.
export { CallState, SeatState };
export type { ContactMode, ServiceLevelView, WhyWaiting };

export interface SeatView {
  id: SeatId;
  name: string;
  languages: Language[];
  desks: DeskId[];
  state: SeatState;
  /** Present when state is not-ready (break, meal, training, missed-offer …). */
  notReadyReason?: string;
  /** Epoch ms of the last state change. */
  stateSince: number;
  /** Call the seat is reserved for / talking on / wrapping up. */
  callId?: string;
  /** Epoch ms when wrap-up ends on its own. */
  wrapUpEndsAt?: number;
  /** Which contact an offer rings now (centre mode + per-seat override). */
  contactMode: ContactMode;
  /** Per-seat override of the centre mode, null = follows the centre. */
  modeOverride: CentreMode | null;
  hasHomeContact: boolean;
  /** A person is logged in from a desktop (lab: the simulator does not answer for it). */
  attended: boolean;
  callsHandled: number;
  talkTimeMs: number;
  missedOffers: number;
}

export type CallEventKind =
  | 'arrived'
  | 'queued'
  | 'offered'
  | 'ringing'
  | 'missed'
  /** The switch could not ring or join the seat (not the seat's miss); the call went back to its place. */
  | 'offer-failed'
  | 'rejected'
  | 'answered'
  | 'held'
  | 'resumed'
  | 'requeued' // transfer to another desk / language seat
  | 'transferred-out'
  | 'conferenced'
  | 'language-corrected'
  | 'abandoned'
  | 'ended'
  | 'wrap-up-done'
  /** Taken over from a bridge that died (waiting again at its first place, or on its seat). */
  | 'adopted';

export interface CallView {
  id: string;
  state: CallState;
  /** Full number: only ever sent to the handling seat and to leads (the hub masks for others). */
  callerNumber: string;
  callerDisplayName: string;
  callerVerified: boolean;
  dialledNumber: string;
  /** Number-plan label, e.g. "12333 人社服务热线". */
  didLabel: string;
  target: RoutingTarget;
  /** First arrival (kept across transfers back into the queue). */
  arrivedAt: number;
  answeredAt?: number;
  endedAt?: number;
  /** Seat currently offered or connected. */
  seatId?: SeatId;
  contactMode?: ContactMode;
  /** How far the eligible seats have been widened (0 = not at all). */
  expansionLevel: number;
  transfers: number;
  conferenceWith?: string;
  /** The latest transfer: who handed the call on and where (the re-offer's pop and the wrap-up use it). */
  lastTransfer?: TransferFact;
}

export interface TransferFact {
  by: SeatId;
  to: TransferTarget;
  at: number;
}

export interface WaitingGroup {
  language: Language;
  desk: DeskId;
  count: number;
  longestWaitSeconds: number;
  /** Why the group is not being served, and which seats the next widening step adds. */
  why: WhyWaiting;
}

export interface WallboardView {
  at: number;
  centreMode: CentreMode;
  activePreset: string | null;
  waiting: WaitingGroup[];
  waitingTotal: number;
  longestWaitSeconds: number;
  seatsByState: Record<SeatState, number>;
  arrivedToday: number;
  answeredToday: number;
  abandonedToday: number;
  /** Today's connected share (`service.windows.today.connectedShare`; 0 before any call settled), 0..1 */
  answerRate: number;
  /** Today's share answered within the threshold (`service.windows.today.answeredWithinShare`; 0 before any call settled), 0..1 */
  serviceLevel: number;
  /** The live service level (GB/T 33358): rolling window, shift and today, by line, language and desk, with alerts. */
  service: ServiceLevelView;
  /** The bridge is shutting down: no new calls; live calls may finish until `until` (epoch ms). */
  drain: DrainState | null;
}

export interface DrainState {
  since: number;
  until: number;
}

export interface PreflightReport {
  targetMode: CentreMode;
  seatsTotal: number;
  /** Seats that will have no contact to ring in the target mode. */
  noHomeContact: { seatId: SeatId; name: string }[];
  /** Seats whose home contact looks unusable (bad URI / last offer unreachable). */
  unreachable: { seatId: SeatId; name: string; why: string }[];
  ready: number;
}

export interface AuditEntry {
  at: number;
  actor: string;
  action: string;
  detail: Record<string, unknown>;
  /** The actor's display name, added where entries are read out (never stored). */
  actorName?: string;
}

export type SupervisionMode = 'listen' | 'whisper' | 'barge';
/** Which of the lead's contacts rings: as on record (office phone, home contact) or typed for this time. */
export type SupervisionContact = { kind: 'office' } | { kind: 'home' } | { kind: 'typed'; number: string };

/** A shift lead joined to (or being dialled for) a connected call. */
export interface SupervisionView {
  id: string;
  callId: string;
  /** The seat whose call is supervised. */
  seatId: SeatId;
  leadId: string;
  leadName: string;
  mode: SupervisionMode;
  /** dialling: the lead's phone rings; joined: the lead hears the call; ended: the lead's leg is gone. */
  state: 'dialling' | 'joined' | 'ended';
  requestedAt: number;
  joinedAt?: number;
  endedAt?: number;
  /** left, lead-hangup, lead-unreachable, call-ended, seat-gone, media-failure. */
  endReason?: string;
  /** The centre setting says the agent's desktop shows "a lead is listening" in this mode. */
  agentSees: boolean;
}

export type TransferTarget =
  | { kind: 'desk'; desk: DeskId }
  | { kind: 'language'; language: Language }
  | { kind: 'external'; number: string };

export interface WrapUpInput {
  disposition: 'resolved' | 'ticket-created' | 'transferred' | 'linked' | 'callback' | 'no-action';
  category?: string;
  note?: string;
}

/** Everything that happens, in order; consumed by the hub, the recorder and metrics. */
export type CallCenterEvent =
  | { type: 'call'; kind: CallEventKind; call: CallView; at: number; seatId?: SeatId; detail?: Record<string, unknown> }
  /** An offer rang a seat: the hub builds the screen-pop and pushes it to that seat's desktop. */
  | { type: 'offer'; at: number; seatId: SeatId; offerId: string; contactMode: ContactMode; ringTimeoutMs: number; call: CallView }
  /** The offer ended without an answer or was accepted elsewhere: clear the alert. */
  | { type: 'offer-withdrawn'; at: number; seatId: SeatId; offerId: string; callId: string; reason: string }
  | { type: 'seat'; at: number; seat: SeatView }
  | { type: 'centre-mode'; at: number; mode: CentreMode; preset: string | null; reason: string; by: string }
  | { type: 'audit'; entry: AuditEntry }
  /** The bridge began draining (shutdown): desktops say so; the lead's wallboard shows until when. */
  | { type: 'drain'; at: number; drain: DrainState }
  /** A lead's supervision started, changed mode or ended (leads see all; the seat only what agentSees allows). */
  | { type: 'supervision'; at: number; supervision: SupervisionView };

export class CommandError extends Error {
  constructor(
    /** `switch-failed`: the telephony refused the command or did not answer in time (the message says which, and what became of the call). */
    public readonly code: 'not-found' | 'forbidden' | 'invalid-state' | 'invalid-input' | 'switch-failed',
    message: string,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

export interface CallCenter {
  on(listener: (e: CallCenterEvent) => void): () => void;

  // --- queries
  seats(): SeatView[];
  seat(id: SeatId): SeatView | undefined;
  call(id: string): CallView | undefined;
  /** Calls not ended (waiting, ringing, connected, held). */
  liveCalls(): CallView[];
  wallboard(now?: number): WallboardView;
  /** Set while the bridge is draining for a shutdown. */
  drainState(): DrainState | null;
  centreMode(): { mode: CentreMode; preset: string | null; reason: string; since: number };
  preflight(mode: CentreMode): PreflightReport;
  /** The offer currently ringing a seat, if any (for the reconnect snapshot). */
  pendingOffer(seatId: SeatId): { offerId: string; contactMode: ContactMode; ringTimeoutMs: number; call: CallView } | undefined;

  // --- agent commands (the acting seat is the logged-in seat; ownership is checked)
  login(seatId: SeatId): void; // a person is at the desktop
  logout(seatId: SeatId): void;
  setAvailable(seatId: SeatId): void;
  setNotReady(seatId: SeatId, reason: string): void;
  acceptOffer(seatId: SeatId, callId: string): Promise<void>;
  rejectOffer(seatId: SeatId, callId: string): Promise<void>;
  hold(seatId: SeatId, callId: string): Promise<void>;
  resume(seatId: SeatId, callId: string): Promise<void>;
  transfer(seatId: SeatId, callId: string, to: TransferTarget): Promise<void>;
  conference(seatId: SeatId, callId: string, number: string): Promise<void>;
  /** Three-way: hang up the third party; the agent stays with the caller. */
  dropThirdParty(seatId: SeatId, callId: string): Promise<void>;
  hangup(seatId: SeatId, callId: string): Promise<void>;
  correctLanguage(seatId: SeatId, callId: string, language: Language): void;
  completeWrapUp(seatId: SeatId, input: WrapUpInput): void;
  /** What the agent has typed so far in wrap-up (kept if wrap-up time runs out before they complete it). */
  saveWrapUpDraft(seatId: SeatId, draft: Partial<WrapUpInput>): void;

  // --- lead commands
  forceSeatState(actor: string, seatId: SeatId, state: SeatState.Available | SeatState.NotReady | SeatState.Offline, reason?: string): void;
  setCentreMode(actor: string, mode: CentreMode, reason: string, presetId?: string | null): void;
  setSeatModeOverride(actor: string, seatId: SeatId, mode: CentreMode | null, reason: string): void;
  /** The lead's phone rings, then joins the call in `mode` (listen / whisper / barge). */
  supervise(lead: { id: string; name: string }, callId: string, mode: SupervisionMode, contact: SupervisionContact): Promise<SupervisionView>;
  setSupervisionMode(lead: { id: string; role: string }, supervisionId: string, mode: SupervisionMode): Promise<void>;
  leaveSupervision(lead: { id: string; role: string }, supervisionId: string): Promise<void>;
  /** Supervisions not ended. */
  supervisions(): SupervisionView[];
}
