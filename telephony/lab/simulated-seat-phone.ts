/**
 * One seat's simulated phone (the office desk phone or the home softphone/mobile — the lab does not
 * tell them apart; it records the contact that was rung).
 *
 *   idle ──ring──► ringing ──answer──► in-call
 *    ▲               │                   │
 *    └── stop ───────┘                   │   (cancel, ring timeout, caller gone)
 *    └──────────────── hang up ──────────┘   (call ended, seat released, transferred out)
 *
 * An unattended phone answers by itself after a random delay (or never, with the configured
 * probability). An attended phone belongs to a person at the desktop: it rings until the person accepts
 * (`answerSeatPhone`) or the ring timeout.
 */
import type { CallId, OfferId } from '../telephony-port.js';
import type { Clock } from '../clock.js';

export enum SeatPhoneState {
  Idle = 'idle',
  Ringing = 'ringing',
  InCall = 'in-call',
}

const allowed: Record<SeatPhoneState, readonly SeatPhoneState[]> = {
  [SeatPhoneState.Idle]: [SeatPhoneState.Ringing],
  [SeatPhoneState.Ringing]: [SeatPhoneState.Idle, SeatPhoneState.InCall],
  [SeatPhoneState.InCall]: [SeatPhoneState.Idle],
};

/** What the REST API and tests see of a seat phone. */
export interface SeatPhoneView {
  seatId: string;
  state: SeatPhoneState;
  attended: boolean;
  callId?: CallId;
  offerId?: OfferId;
  contact?: string;
  /** Epoch ms of the last state change. */
  since: number;
}

export interface RingPlan {
  /** Answer after this many ms; null = keep ringing (no answer, or waiting for the person). */
  answerAfterMs: number | null;
  ringTimeoutMs: number;
  onAnswer: () => void;
  onTimeout: () => void;
}

export class SimulatedSeatPhone {
  private current = SeatPhoneState.Idle;
  private since: number;
  private callId: CallId | undefined;
  private offerId: OfferId | undefined;
  private contact: string | undefined;
  private timers: { cancel(): void }[] = [];
  attended = false;

  constructor(
    readonly seatId: string,
    private readonly clock: Clock,
  ) {
    this.since = clock.now();
  }

  get state(): SeatPhoneState {
    return this.current;
  }

  /** True when this phone is ringing for, or talking on, the given call/offer. */
  holds(callId: CallId, offerId?: OfferId): boolean {
    return this.callId === callId && (offerId === undefined || this.offerId === offerId);
  }

  ring(callId: CallId, offerId: OfferId, contact: string, plan: RingPlan): void {
    this.transition(SeatPhoneState.Ringing);
    this.callId = callId;
    this.offerId = offerId;
    this.contact = contact;
    this.timers.push(this.clock.setTimeout(plan.onTimeout, plan.ringTimeoutMs));
    if (plan.answerAfterMs !== null) this.timers.push(this.clock.setTimeout(plan.onAnswer, plan.answerAfterMs));
  }

  /** The phone went off-hook (by itself or because the person accepted in the desktop). */
  answer(): void {
    this.clearTimers();
    this.transition(SeatPhoneState.InCall);
  }

  /** Back on the hook, whatever it was doing. Harmless when already idle. */
  reset(): void {
    this.clearTimers();
    if (this.current !== SeatPhoneState.Idle) this.transition(SeatPhoneState.Idle);
    this.callId = undefined;
    this.offerId = undefined;
    this.contact = undefined;
  }

  view(): SeatPhoneView {
    return {
      seatId: this.seatId,
      state: this.current,
      attended: this.attended,
      since: this.since,
      ...(this.callId !== undefined ? { callId: this.callId } : {}),
      ...(this.offerId !== undefined ? { offerId: this.offerId } : {}),
      ...(this.contact !== undefined ? { contact: this.contact } : {}),
    };
  }

  private clearTimers(): void {
    for (const t of this.timers.splice(0)) t.cancel();
  }

  private transition(to: SeatPhoneState): void {
    if (!allowed[this.current].includes(to)) {
      throw new Error(`seat phone ${this.seatId}: invalid transition ${this.current} → ${to}`);
    }
    this.current = to;
    this.since = this.clock.now();
  }
}
