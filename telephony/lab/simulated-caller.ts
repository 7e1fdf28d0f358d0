/**
 * One simulated citizen on the line.
 *
 *   waiting ──seat answers──► connected ◄──resume── held
 *     ▲  │                     │    │ └────hold────►  │
 *     │  │                     │    └──► ended ◄──────┤   (talk time over, hang-up, transfer out)
 *     │  └──patience out──► ended                     │
 *     └────────── seat released ◄─────────────────────┘
 *
 * While waiting the caller counts down their patience and abandons when it runs out. Once connected
 * they stay on the line for their talk time (running on through any hold — people do hang up while
 * held), then hang up. A call answered by an attended seat (a person at the desktop) is not cut short
 * by the talk time: the trainee ends it, or the caller gives up after `attendedMaxMs` as a safety net.
 */
import type { CallId, InboundCall, OfferId } from '../telephony-port.js';
import type { Clock } from '../clock.js';

export enum CallerState {
  Waiting = 'waiting',
  Connected = 'connected',
  Held = 'held',
  Ended = 'ended',
}

const allowed: Record<CallerState, readonly CallerState[]> = {
  [CallerState.Waiting]: [CallerState.Connected, CallerState.Ended],
  [CallerState.Connected]: [CallerState.Held, CallerState.Waiting, CallerState.Ended],
  [CallerState.Held]: [CallerState.Connected, CallerState.Waiting, CallerState.Ended],
  [CallerState.Ended]: [],
};

export interface CallerTiming {
  patienceMs: number;
  talkMs: number;
  attendedMaxMs: number;
}

/** What the REST API and tests see of a live (or recently ended) call. */
export interface LabCallView {
  callId: CallId;
  callerNumber: string;
  dialledNumber: string;
  trusted: boolean;
  state: CallerState;
  /** What the caller hears right now, e.g. `music:kk`, `ringback`, `seat:1001`, `music-hold:zh`. */
  hears: string;
  seatId?: string;
  /** Offers currently ringing for this call. */
  ringingOffers: OfferId[];
  arrivedAt: number;
  patienceSeconds: number;
  talkSeconds: number;
}

export class SimulatedCaller {
  private current = CallerState.Waiting;
  private queueSound = 'silence';
  private hearing = 'silence';
  private seat: string | undefined;
  private thirdParties: string[] = [];
  private attendedSeat = false;
  private timer: { cancel(): void } | undefined;
  /** offerId → seatId, for offers still ringing. */
  readonly ringing = new Map<OfferId, string>();
  /** Every offer id this call has seen, so a repeated offer command is a no-op. */
  readonly seenOffers = new Set<OfferId>();

  constructor(
    readonly call: InboundCall,
    private readonly timing: CallerTiming,
    private readonly clock: Clock,
    /** The caller puts the phone down (patience or talk time used up). */
    private readonly onGiveUp: () => void,
  ) {
    this.armTimer(timing.patienceMs);
  }

  get id(): CallId {
    return this.call.callId;
  }
  get state(): CallerState {
    return this.current;
  }
  get live(): boolean {
    return this.current !== CallerState.Ended;
  }
  get seatId(): string | undefined {
    return this.seat;
  }
  get hears(): string {
    return this.hearing;
  }
  /** Media legs this call holds: the caller, plus any conference parties. */
  get legs(): number {
    return this.live ? 1 + this.thirdParties.length : 0;
  }

  /** Language of the queue music the caller last got (`zh` until told otherwise). */
  get language(): string {
    return /^music:(.+)$/.exec(this.queueSound)?.[1] ?? 'zh';
  }

  /** Queue music in `language`; a ringing offer keeps the ringback until it ends. */
  playQueueMusic(language: string): void {
    if (this.current !== CallerState.Waiting) return;
    this.queueSound = `music:${language}`;
    if (this.ringing.size === 0) this.hearing = this.queueSound;
  }

  offerRinging(offerId: OfferId, seatId: string): void {
    this.seenOffers.add(offerId);
    this.ringing.set(offerId, seatId);
    if (this.current === CallerState.Waiting) this.hearing = 'ringback';
  }

  /** An offer stopped ringing without connecting. */
  offerGone(offerId: OfferId): void {
    this.ringing.delete(offerId);
    if (this.current === CallerState.Waiting && this.ringing.size === 0) this.hearing = this.queueSound;
  }

  connect(seatId: string, attended: boolean): void {
    this.transition(CallerState.Connected);
    this.seat = seatId;
    this.attendedSeat = attended;
    this.hearing = `seat:${seatId}`;
    this.armTimer(attended ? this.timing.attendedMaxMs : this.timing.talkMs);
  }

  hold(language: string): void {
    if (this.current !== CallerState.Connected) return;
    this.transition(CallerState.Held);
    this.hearing = `music-hold:${language}`;
  }

  resume(): void {
    if (this.current !== CallerState.Held) return;
    this.transition(CallerState.Connected);
    this.hearing = this.talkSound();
  }

  /** The seat leg is dropped; the caller is back in the queue, with fresh patience. */
  release(language: string): void {
    if (this.current !== CallerState.Connected && this.current !== CallerState.Held) return;
    this.transition(CallerState.Waiting);
    this.seat = undefined;
    this.thirdParties = [];
    this.queueSound = `music:${language}`;
    this.hearing = this.ringing.size ? 'ringback' : this.queueSound;
    this.armTimer(this.timing.patienceMs);
  }

  addThirdParty(destination: string): void {
    this.thirdParties.push(destination);
    if (this.current === CallerState.Connected) this.hearing = this.talkSound();
  }

  /** The party leaves the three-way; false when it was not in it. */
  removeThirdParty(destination: string): boolean {
    const i = this.thirdParties.indexOf(destination);
    if (i < 0) return false;
    this.thirdParties.splice(i, 1);
    if (this.current === CallerState.Connected) this.hearing = this.talkSound();
    return true;
  }

  /** The seat this caller talks to became (un)attended: switch between talk time and the safety cap. */
  seatAttendanceChanged(attended: boolean): void {
    if (this.attendedSeat === attended || (this.current !== CallerState.Connected && this.current !== CallerState.Held)) return;
    this.attendedSeat = attended;
    this.armTimer(attended ? this.timing.attendedMaxMs : this.timing.talkMs);
  }

  /** Leave the hotline: `finalSound` is what the citizen is left with (`hung-up`, `external:110`). */
  end(finalSound: string): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.ringing.clear();
    this.thirdParties = [];
    this.transition(CallerState.Ended);
    this.hearing = finalSound;
  }

  view(): LabCallView {
    return {
      callId: this.id,
      callerNumber: this.call.callerNumber,
      dialledNumber: this.call.dialledNumber,
      trusted: this.call.callerVerified,
      state: this.current,
      hears: this.hearing,
      ...(this.seat !== undefined ? { seatId: this.seat } : {}),
      ringingOffers: [...this.ringing.keys()],
      arrivedAt: this.call.arrivedAt,
      patienceSeconds: this.timing.patienceMs / 1000,
      talkSeconds: this.timing.talkMs / 1000,
    };
  }

  private talkSound(): string {
    return this.thirdParties.length ? `conference:${[this.seat ?? '', ...this.thirdParties].join('+')}` : `seat:${this.seat ?? ''}`;
  }

  private armTimer(ms: number): void {
    this.timer?.cancel();
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      if (this.live) this.onGiveUp();
    }, ms);
  }

  private transition(to: CallerState): void {
    if (!allowed[this.current].includes(to)) throw new Error(`caller ${this.id}: invalid transition ${this.current} → ${to}`);
    this.current = to;
  }
}
