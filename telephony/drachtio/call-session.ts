/**
 * One inbound call as the adapter holds it: the caller's SIP dialog and FreeSWITCH endpoint, the seat
 * leg once one answers, the offers still ringing, and any third-party legs (transfer-out, three-way).
 *
 * Call phase (string enum; an invalid transition throws):
 *
 *   anchoring ──► waiting ──(seat answers, bridged)──► connected ⇄ held
 *                   ▲                                   │   │
 *                   └──────── releaseSeat ──────────────┘   └─ conference ──► conference ⇄ held
 *   connected / conference ──transferOut──► detached   (caller talks to 110/119/120; the bridge
 *                                                        was told call-ended 'transferred-out')
 *   any ──(caller / seat / bridge hang-up, media failure)──► ended
 *
 * An offer (one ring of one seat contact) has its own little machine:
 *   inviting ──180/183──► ringing ──200──► answering ──bridged──► won (becomes the seat leg)
 *       └───────────┴───────────┴── 4xx/5xx/6xx · ring timeout · cancel · caller gone ──► failed
 * A withdrawal (ring timeout, cancel, caller gone) ends the offer in every phase: before the 200 by
 * CANCEL (given up after `cancelSettleMs` if the phone never sends its final answer), after it by
 * hanging the phone up again (and unbridging the caller if the bridge was already made). A won offer
 * the bridge withdraws afterwards is released like releaseSeat (see telephony-port.ts).
 */
import type { Logger } from 'pino';
import type { CallId, EndReason, InboundCall, OfferId, SeatFailureReason, SupervisionMode } from '../telephony-port.js';
import { CallGone } from './deadline.js';
import type { EndpointLike, SrfDialog, SrfRequest, SrfResponse } from './library-types.js';

export enum CallPhase {
  Anchoring = 'anchoring',
  Waiting = 'waiting',
  Connected = 'connected',
  Held = 'held',
  Conference = 'conference',
  Detached = 'detached',
  Ended = 'ended',
}

const NEXT: Record<CallPhase, CallPhase[]> = {
  [CallPhase.Anchoring]: [CallPhase.Waiting, CallPhase.Ended],
  [CallPhase.Waiting]: [CallPhase.Connected, CallPhase.Ended, CallPhase.Detached],
  [CallPhase.Connected]: [CallPhase.Held, CallPhase.Waiting, CallPhase.Conference, CallPhase.Detached, CallPhase.Ended],
  [CallPhase.Held]: [CallPhase.Connected, CallPhase.Conference, CallPhase.Waiting, CallPhase.Detached, CallPhase.Ended],
  [CallPhase.Conference]: [CallPhase.Held, CallPhase.Waiting, CallPhase.Detached, CallPhase.Ended],
  [CallPhase.Detached]: [CallPhase.Ended],
  [CallPhase.Ended]: [],
};

export enum OfferPhase {
  Inviting = 'inviting',
  Ringing = 'ringing',
  Answering = 'answering',
  Failed = 'failed',
  Won = 'won',
}

export class OfferLeg {
  phase = OfferPhase.Inviting;
  ep: EndpointLike | undefined;
  invite: SrfRequest | undefined;
  dialog: SrfDialog | undefined;
  /** Ring timeout, then the wait for the phone's final answer after the CANCEL. */
  timer: { cancel(): void } | undefined;
  /** Why the app is ending this offer itself (ring timeout, bridge cancel, caller gone). */
  abortReason: SeatFailureReason | undefined;
  /** When the caller leaves, ringing phones stop silently: call-ended says it all. */
  silent = false;
  /** The phone hung up (BYE) while we were still bridging it. */
  phoneGone = false;
  constructor(
    readonly offerId: OfferId,
    readonly seatId: string,
  ) {}

  get settled(): boolean {
    return this.phase === OfferPhase.Failed || this.phase === OfferPhase.Won;
  }
}

/** A leg the app holds to a seat or third party: a FreeSWITCH endpoint plus the SIP dialog to the phone. */
export interface MediaLeg {
  ep: EndpointLike;
  dialog: SrfDialog;
}

/**
 * A shift lead joined to the call (supervise-call.ts): a FreeSWITCH endpoint running `eavesdrop` on
 * the seat leg, plus the SIP dialog to the lead's phone. Never the call's seat: no phase change.
 */
export interface SupervisorLeg {
  readonly supervisionId: string;
  mode: SupervisionMode;
  ep: EndpointLike | undefined;
  dialog: SrfDialog | undefined;
  invite: SrfRequest | undefined;
  /** The lead answered and the eavesdrop runs. */
  joined: boolean;
  /** supervision-ended has been decided; whatever arrives later is hung up. */
  ended: boolean;
  /** While the lead's phone rings: CANCEL it and stop waiting. */
  stopRinging?: () => void;
}

/** Whose phone a SIP dialog of the call reaches (what a dialog probe reports gone). */
export type PhoneRole = 'caller' | 'seat' | 'third-party' | 'supervisor';

export interface SeatLeg extends MediaLeg {
  offerId: OfferId;
  seatId: string;
}

export class CallSession {
  phase = CallPhase.Anchoring;
  callerEp: EndpointLike | undefined;
  uas: SrfDialog | undefined;
  /** Resolves true once the caller is anchored on FreeSWITCH (false if the call died first). */
  readonly anchored: Promise<boolean>;
  answered = false;
  seat: SeatLeg | undefined;
  readonly offers = new Map<OfferId, OfferLeg>();
  /** The offer whose phone answered first and is being bridged: a later 200 loses at once. */
  answering: OfferLeg | undefined;
  /** Phase the call was held from (resume rejoins a three-way or re-bridges the seat). */
  heldFrom: CallPhase | undefined;
  /** Taken over from a bridge that died: its legs are driven over the control connection (take-over.ts). */
  adopted = false;
  /** drachtio connection generation the call's SIP dialogs were made on (see dialog-probe.ts). */
  epoch = 0;
  readonly thirdParties: MediaLeg[] = [];
  /** Leads joined to (or being dialled for) this call, by supervision id. */
  readonly supervisors = new Map<string, SupervisorLeg>();
  conferenceName: string | undefined;
  /** Language of the last music requested: used when the caller falls back to waiting. */
  language = 'zh';
  endReason: EndReason | undefined;
  /** The bridge has been told this call ended (transfer-out reports early). */
  reportedEnded = false;
  private settleAnchored!: (ok: boolean) => void;
  /** Resolves when the call ends: awaits on FreeSWITCH replies race it (a dead channel never replies). */
  readonly whenEnded: Promise<void>;
  private settleEnded!: () => void;

  constructor(
    readonly callId: CallId,
    readonly call: InboundCall,
    /** The caller's INVITE; undefined for a call taken over from a bridge that died (take-over.ts). */
    readonly req: SrfRequest | undefined,
    readonly res: SrfResponse | undefined,
    readonly log: Logger,
  ) {
    this.anchored = new Promise<boolean>((resolve) => (this.settleAnchored = resolve));
    this.whenEnded = new Promise<void>((resolve) => (this.settleEnded = resolve));
  }

  private mediaTurn: Promise<unknown> = Promise.resolve();

  /**
   * Run `fn` when no other media change of this call is under way: a hold clicked while a three-way
   * is being joined waits for the join instead of racing it for the caller's channel. Only the outer
   * operations (commands, a third party's connect step) take a turn; what they call never does.
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.mediaTurn.then(fn, fn);
    this.mediaTurn = run.catch(() => undefined);
    return run;
  }

  /** Wait for `p` unless the call ends first (then CallGone). The command's deadline bounds the wait. */
  step<T>(p: Promise<T>, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let done = false;
      p.then(
        (v) => {
          if (!done) (done = true), resolve(v);
        },
        (err: unknown) => {
          if (!done) (done = true), reject(err);
        },
      );
      void this.whenEnded.then(() => {
        if (!done) (done = true), reject(new CallGone(what));
      });
    });
  }

  get ended(): boolean {
    return this.phase === CallPhase.Ended;
  }

  /** Still the bridge's call (not ended, not handed to an external party). */
  get active(): boolean {
    return this.phase !== CallPhase.Ended && this.phase !== CallPhase.Detached;
  }

  to(next: CallPhase): void {
    if (this.phase === next) return;
    if (!NEXT[this.phase].includes(next)) throw new Error(`call ${this.callId}: invalid transition ${this.phase} → ${next}`);
    this.log.debug({ from: this.phase, to: next }, 'call phase');
    this.phase = next;
    if (next === CallPhase.Ended) this.settleEnded();
  }

  markAnchored(ok: boolean): void {
    this.settleAnchored(ok);
  }

  /** Offers not yet failed or won (inviting, ringing or answering). */
  ringingOffers(): OfferLeg[] {
    return [...this.offers.values()].filter((o) => !o.settled);
  }

  /** Every SIP dialog the call holds to a phone (caller, seat, third parties): what a dialog probe checks. */
  phoneDialogs(): Array<{ dialog: SrfDialog; role: PhoneRole }> {
    const out: Array<{ dialog: SrfDialog; role: PhoneRole }> = [];
    if (this.uas) out.push({ dialog: this.uas, role: 'caller' });
    if (this.seat) out.push({ dialog: this.seat.dialog, role: 'seat' });
    for (const t of this.thirdParties) out.push({ dialog: t.dialog, role: 'third-party' });
    for (const l of this.supervisors.values()) if (l.dialog && !l.ended) out.push({ dialog: l.dialog, role: 'supervisor' });
    return out;
  }
}
