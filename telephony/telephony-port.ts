/**
 * TelephonyPort: the one contract between the bridge (routing, ACD, desktop) and whatever carries the
 * audio — the in-memory lab switch (`telephony/lab/`) or the real drachtio + FreeSWITCH adapter
 * (`telephony/drachtio/`). The bridge never imports a SIP or ESL library; the adapters never make a
 * routing decision.
 *
 * Model: a *call* is one citizen's inbound leg, anchored on the media server. An *offer* rings one
 * seat's contact (office desk phone or home softphone/mobile) for that call. When the contact answers,
 * the adapter bridges it to the caller by itself and reports `seat-answered`; the bridge does not have
 * to issue a separate "bridge" command (one round trip less on the hot path).
 *
 * Commands answer, always (see TelephonyCommandError in command-failure.ts):
 * - Every command settles within the adapter's command deadline (`telephony.commandTimeoutMs`,
 *   default 5 s): it resolves when done, or rejects with a `TelephonyCommandError` whose `code` says
 *   what went wrong. It never rejects with anything else and never stays pending.
 * - On `timeout` the adapter has ended the call (`call-ended` `media-failure` follows): a media server
 *   that did not answer leaves the call in an unknown state, and the control socket of that channel
 *   out of step, so nothing later could be trusted. On every other code the call is as it was before
 *   the command (a half-done hold is undone; a leg set up for a failed transfer is hung up).
 * - Every command is idempotent with respect to a call that has already ended: it resolves without
 *   effect (the `call-ended` event has been or will be delivered), so a race between a hang-up and a
 *   desktop click never throws into the bridge. `hangup` never waits behind another command.
 * - `transferOut` and `conference` resolve once the third party is being dialled; the outcome comes
 *   as events (`call-ended` `transferred-out`, or `third-party-failed`), since a phone may ring for
 *   much longer than any command deadline.
 *
 * Offers are withdrawn at every phase: after `cancelOffer(o)` the adapter never reports `o` answered
 * afterwards, and if it already reported it answered (the answer crossed the cancel), it hangs that
 * seat up again, puts the caller back to waiting and reports `seat-failed` `cancelled` for `o`.
 */
import type { TelephonyFailureCode } from './command-failure.js';
import type { Announcement } from './announcement.js';

export { TelephonyCommandError, isTelephonyCommandError, TELEPHONY_FAILURE_CODES } from './command-failure.js';
export type { TelephonyFailureCode } from './command-failure.js';
export type { Announcement } from './announcement.js';
export { announcementProblem, promptFileName } from './announcement.js';

/** Opaque call id, unique per inbound call, assigned by the adapter. */
export type CallId = string;
/** Opaque id of one offer (one ring of one seat contact) for a call, assigned by the bridge. */
export type OfferId = string;

/** Hints carried in SIP headers. Adapters fill this only for calls from a trusted trunk. */
export interface SipHints {
  /** e.g. `X-Language: kk` */
  language?: string;
  /** e.g. `X-Desk: medical-insurance` */
  desk?: string;
  /** raw `Accept-Language` value, e.g. `ru-RU,ru;q=0.9` */
  acceptLanguage?: string;
  /** `X-Emergency: 1` or an emergency-linkage trunk */
  emergency?: boolean;
}

export interface InboundCall {
  callId: CallId;
  /** Digits only (leading + allowed); from P-Asserted-Identity when trusted, else From. */
  callerNumber: string;
  /** Untrusted text, already sanitized (control chars and markup stripped) and capped by the adapter. */
  callerDisplayName: string;
  /**
   * True when the caller identity came from a trusted trunk (P-Asserted-Identity or a trusted From).
   * An unverified identity must not open that number's history.
   */
  callerVerified: boolean;
  /** The dialled number (Request-URI user part), e.g. `12345`, `12333`. */
  dialledNumber: string;
  /** Name of the trusted trunk the call came in on, or null when the source is not trusted. */
  trunk: string | null;
  hints: SipHints;
  /** Epoch milliseconds when the adapter received the call. */
  arrivedAt: number;
}

export type SeatFailureReason =
  | 'busy' // 486 / 600
  | 'no-answer' // ring timeout, 408, 480
  | 'rejected' // 603 or the agent pressed reject
  | 'unreachable' // 404 / 5xx / gateway error
  | 'cancelled' // the bridge cancelled the offer (caller hung up, reassignment)
  | 'switch-failure'; // the media server could not make or join the seat's leg (no endpoint, no answer to a command): not the seat's doing

export type EndReason = 'caller-hangup' | 'seat-hangup' | 'bridge-hangup' | 'transferred-out' | 'media-failure';

/**
 * How a shift lead is joined to a connected call (see `supervise`): `listen` hears caller and agent
 * and is heard by nobody, `whisper` is heard by the agent only (coaching), `barge` by both.
 */
export type SupervisionMode = 'listen' | 'whisper' | 'barge';
export const SUPERVISION_MODES: readonly SupervisionMode[] = ['listen', 'whisper', 'barge'];

/**
 * Why a supervision ended: the bridge ended it (`left`), the lead's phone hung up (`lead-hangup`), the
 * lead's contact could not be reached (`lead-unreachable`), the call ended (`call-ended`), the agent's
 * leg went away while the caller stays (`seat-gone`: back to the queue, transferred out), or the switch
 * lost the lead's media (`media-failure`).
 */
export type SupervisionEndReason = 'left' | 'lead-hangup' | 'lead-unreachable' | 'call-ended' | 'seat-gone' | 'media-failure';

export interface SupervisionRequest {
  /** Assigned by the bridge, unique per supervision. */
  supervisionId: string;
  /** The lead's contact: a SIP URI, or a number dialled through the gateway. */
  contact: string;
  mode: SupervisionMode;
  /** How long the lead's phone may ring (default: the adapter's third-party ring time). */
  ringTimeoutMs?: number;
}

export type TelephonyEvent =
  | { type: 'call-arrived'; call: InboundCall }
  /** The seat's contact is ringing (180/183). */
  | { type: 'seat-ringing'; callId: CallId; offerId: OfferId }
  /** The seat's contact answered and is bridged to the caller. */
  | { type: 'seat-answered'; callId: CallId; offerId: OfferId }
  /** The offer did not connect; the caller is still there, hearing music. */
  | { type: 'seat-failed'; callId: CallId; offerId: OfferId; reason: SeatFailureReason; sipStatus?: number }
  /** The seat leg went away (agent hung up the phone) — the caller is released too, see call-ended. */
  | { type: 'call-ended'; callId: CallId; reason: EndReason }
  /** A transfer-out / conference leg could not be reached; the call is as it was before the attempt. */
  | { type: 'third-party-failed'; callId: CallId; destination: string; sipStatus?: number }
  /**
   * An announcement started playing to the waiting caller (see `announce`). Informational: the bridge
   * needs nothing from it; trainers and tests read what the caller was told.
   */
  | { type: 'announced'; callId: CallId; announcement: Announcement }
  /** The lead answered and is joined to the call in `mode` (see `supervise`). */
  | { type: 'supervision-started'; callId: CallId; supervisionId: string; mode: SupervisionMode }
  /** The lead was moved to another mode without redialling. */
  | { type: 'supervision-mode'; callId: CallId; supervisionId: string; mode: SupervisionMode }
  /** The lead's leg is gone (every supervision that was asked for ends with exactly one of these). */
  | { type: 'supervision-ended'; callId: CallId; supervisionId: string; reason: SupervisionEndReason; sipStatus?: number };

export type TelephonyListener = (event: TelephonyEvent) => void;

export interface OfferRequest {
  offerId: OfferId;
  seatId: string;
  /** SIP URI (`sip:1001@10.0.0.5`) or a tel-like number for a mobile through a gateway. */
  contact: string;
  ringTimeoutMs: number;
  /** Shown on the seat phone. */
  callerIdNumber: string;
  callerDisplayName: string;
}

export interface TelephonyHealth {
  ok: boolean;
  /** Human-readable, e.g. "FreeSWITCH unreachable since 12:03:04; new calls get 503". */
  detail: string;
  /** Live media channels/legs the adapter holds (leak detector for tests and /healthz). */
  liveChannels: number;
  /** Calls the adapter still holds (a drain waits for this to reach 0). */
  liveCalls: number;
  /** `drain()` was called: new calls are refused, live ones go on. */
  draining: boolean;
  counters: TelephonyCounters;
}

/** Monotonic counters since start, for /metrics. */
export interface TelephonyCounters {
  /** Commands that failed, by failure code. */
  commandFailures: Record<TelephonyFailureCode, number>;
  /** Errors nothing else caught (an unhandled rejection or exception in the adapter's call work). */
  unhandledFaults: number;
  /** Media channels found on the switch that no live call accounts for, and hung up. */
  orphanChannelsHungUp: number;
  /** Offers given up because the phone never sent a final answer after the CANCEL. */
  offersAbandoned: number;
  /** Calls ended because a SIP dialog was found gone (after a drachtio reconnect or restart). */
  deadDialogsFound: number;
  /**
   * Offers that found no ready seat leg in the warm pool and waited for the media server to make one
   * (the pool is too small for the arrival rate, or the switch is slow to refill it).
   */
  offersWithoutSpare: number;
}

export function emptyCounters(): TelephonyCounters {
  return {
    commandFailures: { timeout: 0, 'media-error': 0, 'sip-error': 0, 'not-connected': 0, 'invalid-state': 0, 'invalid-input': 0 },
    unhandledFaults: 0,
    orphanChannelsHungUp: 0,
    offersAbandoned: 0,
    deadDialogsFound: 0,
    offersWithoutSpare: 0,
  };
}

/**
 * What the bridge knows about a live call that a successor needs after a take-over (the bridge died,
 * another process took over against the same switch). The adapter keeps these on the caller's media
 * channel (real adapter: channel variables on FreeSWITCH), so they outlive the process that wrote them.
 */
export interface CallFacts {
  /** `offered`: a seat was ringing (the offer dies with the bridge: the call comes back waiting). */
  state: 'waiting' | 'offered' | 'connected' | 'held';
  /** The ACD's first-arrival time (queue order key), epoch ms. */
  arrivedAt: number;
  priority: number;
  language: string;
  languageStrength: 'preferred' | 'required';
  desk: string;
  /** Number-plan label shown on the desktop. */
  didLabel?: string;
  /** Why it was routed so (source and text, as shown in the pop). */
  reasons?: Array<{ source: string; text: string }>;
  /** Seat ringing (offered) or talking (connected, held). */
  seatId?: string;
  contactMode?: 'office' | 'home';
  /** When a seat first answered, epoch ms. */
  answeredAt?: number;
  transfers?: number;
}

/** A call found on the switch by `recoverCalls()`. */
export interface RecoveredCall {
  callId: CallId;
  /** The call as it arrived; null when its channels carry no facts (nobody can claim it). */
  call: InboundCall | null;
  /** The last facts the bridge recorded; null when it recorded none (e.g. it died during routing). */
  facts: CallFacts | null;
  /**
   * What the switch holds now, after the adapter adopted the call:
   * - `waiting`: the caller is there without a seat (music until the bridge offers it again);
   * - `connected` / `held`: caller and `seatId`'s phone are up (bridged, or the caller parked on music);
   * - `hung-up`: the adapter could not keep the call (its caller cannot be reached, its seat leg is gone,
   *   or it carried no facts) and has hung its channels up; `reason` says why.
   */
  found: 'waiting' | 'connected' | 'held' | 'hung-up';
  seatId?: string;
  reason?: string;
}

export interface TelephonyPort {
  /** Subscribe; returns the unsubscribe function. Events are delivered in order per call. */
  on(listener: TelephonyListener): () => void;
  start(): Promise<void>;
  /**
   * Stop taking calls: new ones are refused (SIP 503 with Retry-After; the lab's generators stop),
   * live calls go on until they end. Idempotent. `health().liveCalls` tells when the drain is done.
   */
  drain(): void;
  /**
   * Ends whatever is still live (each with a logged reason), then closes every connection and timer.
   * With `leaveCalls` (a bridge that lost its lease to another: it must stop touching calls at once)
   * nothing is said to any phone or to the switch: the connections close and the calls stay live on the
   * switch for the bridge taking over (`recoverCalls`). The lab switch's calls end either way.
   */
  stop(opts?: { leaveCalls?: boolean }): Promise<void>;
  health(): TelephonyHealth;

  /** Caller waits: hold music in the caller's language (no prompts asking for input). */
  playQueueMusic(callId: CallId, language: string): Promise<void>;
  /**
   * Tell the waiting caller something (greeting, place in the queue, expected wait): the prompts are
   * played in order, then the hold music goes on. Never a question, never a menu: the caller is not
   * asked to press anything. Resolves once the playing has started (an `announced` event follows);
   * it does not wait for the end, so an offer right after it is not held up — ringback for a seat
   * cuts an announcement short. Fails `invalid-input` for a malformed announcement and
   * `invalid-state` when the caller is not waiting on music (talking, held, or a seat is ringing).
   * The real adapter plays `<promptsDir>/<language>/<file>` on FreeSWITCH (announcement.ts names
   * the files); the lab switch only reports it.
   */
  announce(callId: CallId, announcement: Announcement): Promise<void>;
  /** Ring a seat contact; outcome arrives as seat-ringing / seat-answered / seat-failed. */
  offer(callId: CallId, offer: OfferRequest): Promise<void>;
  /** Stop ringing a seat (the seat-failed event with reason `cancelled` follows). */
  cancelOffer(callId: CallId, offerId: OfferId): Promise<void>;
  /** Connected call: unbridge, caller hears music in `language`, the seat leg stays up. */
  hold(callId: CallId, language: string): Promise<void>;
  /** Re-bridge after hold. */
  resume(callId: CallId): Promise<void>;
  /** Drop the seat leg and keep the caller (music) — used for transfer back into the queue. */
  releaseSeat(callId: CallId, language: string): Promise<void>;
  /**
   * Blind transfer to 110/119/120 or an external number: the caller gets a new outbound leg. Resolves
   * once it is being dialled; `call-ended` `transferred-out` or `third-party-failed` follows.
   */
  transferOut(callId: CallId, destination: string): Promise<void>;
  /**
   * Three-way: add `destination` (window staff, interpreter) to caller + seat. Resolves once it is
   * being dialled; `third-party-failed` follows if it cannot be reached.
   */
  conference(callId: CallId, destination: string): Promise<void>;
  /**
   * Three-way: hang up the party `destination` added by `conference`; caller and seat stay together.
   * Resolves once that leg is gone. Harmless when the party already left or never joined.
   */
  dropThirdParty(callId: CallId, destination: string): Promise<void>;
  /**
   * A shift lead joins a connected call from their own contact (their phone rings; the call is never
   * put on hold for it). Resolves once the lead is being dialled; `supervision-started` follows when
   * the lead answers, or `supervision-ended` `lead-unreachable`. The lead's leg is not a seat leg: it
   * never changes the call's state, and it ends by itself (`supervision-ended` with the reason) when
   * the call ends, the agent's leg goes, or the lead hangs up. Fails `invalid-input` for a bad
   * request or a supervisionId already in use, `invalid-state` when no seat is talking on the call.
   */
  supervise(callId: CallId, request: SupervisionRequest): Promise<void>;
  /**
   * Move a running supervision to another mode (no redial); `supervision-mode` follows. Fails
   * `invalid-input` for an unknown mode, `invalid-state` for a supervision not (yet) running. A
   * supervision already ended resolves without effect.
   */
  setSupervisionMode(callId: CallId, supervisionId: string, mode: SupervisionMode): Promise<void>;
  /** The lead leaves (a ringing lead phone stops): `supervision-ended` `left` follows. Idempotent. */
  endSupervision(callId: CallId, supervisionId: string): Promise<void>;
  /** End the whole call (both legs). */
  hangup(callId: CallId, reason: EndReason): Promise<void>;
  /**
   * Record what a successor needs to take this call over (see CallFacts). Cheap and never blocking:
   * the adapter sends one command to the switch and does not wait for it; a failure is logged, never
   * thrown. No effect on a call the adapter no longer holds. The lab switch keeps nothing (its calls
   * die with the process).
   */
  annotate(callId: CallId, facts: CallFacts): void;
  /**
   * After a take-over: find the calls a previous bridge left live on the switch, adopt them (every
   * command above works on them from now on; a caller or seat hanging up later is reported as
   * `call-ended`) and hang up what nobody can claim. Call once, right after `start()` and before the
   * first call is routed. Rejects with a TelephonyCommandError (`not-connected`) when the switch is
   * unreachable. The lab switch returns [].
   */
  recoverCalls(): Promise<RecoveredCall[]>;
  /**
   * Lab switch only: a person accepted the offer in the desktop, so the simulated seat phone answers.
   * Real phones answer themselves; the real adapter does not implement this.
   */
  answerSeatPhone?(callId: CallId, offerId: OfferId): Promise<void>;
  /** Lab switch only: the seat is worked by a person; its simulated phone must not auto-answer. */
  setSeatAttended?(seatId: string, attended: boolean): void;
}
