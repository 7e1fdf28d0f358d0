/**
 * The lab switch: an in-memory TelephonyPort with simulated callers and seat phones. It powers the
 * out-of-the-box demo (`npm start`), operator training (trainers stage calls through the REST API and
 * trainees answer them from the desktop) and the bridge's fast tests. All time comes from the injected
 * Clock, all chance from the seeded PRNG, so a scenario replays exactly.
 *
 * Behaviour a trainer can rely on:
 * - An offer rings the seat's phone at once (`seat-ringing`). An unattended phone answers by itself after
 *   a random delay, or never (no-answer probability) — then the bridge's ring timeout gives `seat-failed`
 *   `no-answer`. A phone already ringing or in a call answers 486 `busy`.
 * - An attended phone (a person is logged in at the desktop) never answers by itself: it rings until the
 *   person accepts (`answerSeatPhone`) or the ring timeout. Its calls are not cut short by the simulated
 *   talk time; the trainee ends them (or the caller gives up after `attendedMaxTalkSeconds`, 30 min).
 * - Several offers may ring for one call; the first to answer wins, the others get `cancelled`.
 * - When the caller leaves (patience, hang-up, transfer), ringing phones stop silently: `call-ended`
 *   says it all, as the real adapter tears down every leg of a dead call.
 * - Events are delivered asynchronously (after the command or `placeCall` returns), in one global order.
 * - Commands keep the port's contract (telephony-port.ts): a command that makes no sense for the
 *   call's state (hold while waiting) or has bad arguments rejects with a TelephonyCommandError
 *   (`invalid-state`, `invalid-input`); a command on an ended call resolves without effect.
 * - `drain()` stops the generators and refuses new staged calls; live calls go on; `stop()` ends the rest.
 * - `announce` plays nothing: it reports the announcement as an `announced` event (what a caller on a
 *   real switch would hear), so trainers and tests can read what each waiting caller was told.
 */
import type { Logger } from 'pino';
import { z } from 'zod';
import {
  announcementProblem,
  emptyCounters,
  type Announcement,
  type CallFacts,
  type CallId,
  type EndReason,
  type InboundCall,
  type OfferId,
  type OfferRequest,
  type RecoveredCall,
  type SeatFailureReason,
  type SupervisionMode,
  type SupervisionRequest,
  type TelephonyEvent,
  type TelephonyHealth,
  type TelephonyListener,
  type TelephonyPort,
} from '../telephony-port.js';
import { TelephonyCommandError, type TelephonyFailureCode } from '../command-failure.js';
import type { Clock } from '../clock.js';
import { maskNumber } from '../mask-number.js';
import { Rng } from './rng.js';
import { sanitizeDisplayName } from './sanitize-display-name.js';
import { CallerState, SimulatedCaller, type LabCallView } from './simulated-caller.js';
import { SeatPhoneState, SimulatedSeatPhone, type SeatPhoneView } from './simulated-seat-phone.js';
import { CallGenerator, type GeneratorOptions, type RunningGenerator } from './call-generator.js';
import { labCallRequestSchema, type LabCallRequest } from './lab-call-request.js';
import { EventQueue } from './event-queue.js';
import { LabSupervisions, type LabSupervisionView } from './lab-supervision.js';

export type { LabCallRequest } from './lab-call-request.js';
export type { LabCallView } from './simulated-caller.js';
export type { SeatPhoneView } from './simulated-seat-phone.js';
export type { GeneratorOptions, RunningGenerator, GeneratorStats } from './call-generator.js';
export { CallerState } from './simulated-caller.js';
export { SeatPhoneState } from './simulated-seat-phone.js';
export type { LabSupervisionView, LabAudioPaths } from './lab-supervision.js';

export interface MsRange {
  min: number;
  max: number;
}

export interface LabSwitchOptions {
  clock: Clock;
  logger: Logger;
  seed?: number;
  seatAnswerDelayMs: MsRange;
  noAnswerProbability: number;
  /** How long a simulated caller talks once connected to an unattended seat (seconds). */
  talkSeconds: MsRange;
  /** Trunk name reported for trusted calls. */
  trustedTrunkName?: string;
  /** Patience of a staged call that does not set its own (seconds). Default 60–300. */
  patienceSeconds?: MsRange;
  /** Safety cap on a call answered by a person. Default 1800 (30 min). */
  attendedMaxTalkSeconds?: number;
}

const offerSchema = z.object({
  offerId: z.string().min(1),
  seatId: z.string().min(1),
  contact: z.string(),
  ringTimeoutMs: z.number().min(0),
  callerIdNumber: z.string(),
  callerDisplayName: z.string(),
});

/** 110/119/120, a phone number, or a SIP URI. */
const destinationPattern = /^(\+?[0-9]{2,20}|sips?:[^\s<>"]{3,200})$/;
const RECENT_ENDED_KEPT = 1000;

interface LiveEntry {
  caller: SimulatedCaller;
  log: Logger;
  /** The offer whose seat is connected now (a bridge withdrawal that crossed the answer names it). */
  connectedOffer?: OfferId;
}

export class LabSwitch implements TelephonyPort {
  private readonly rng: Rng;
  private readonly events: EventQueue;
  private readonly calls = new Map<CallId, LiveEntry>();
  private readonly recent = new Map<CallId, LabCallView>();
  private readonly phones = new Map<string, SimulatedSeatPhone>();
  private readonly generators = new Set<RunningGenerator>();
  private running = false;
  private draining = false;
  private readonly counters = emptyCounters();
  private seq = 0;
  private readonly trunk: string;
  private readonly supervisions: LabSupervisions;

  constructor(private readonly opts: LabSwitchOptions) {
    this.rng = new Rng(opts.seed ?? 12345);
    this.trunk = opts.trustedTrunkName ?? 'lab-trunk';
    this.events = new EventQueue(opts.logger);
    this.supervisions = new LabSupervisions(opts.clock, opts.logger, (e) => this.emit(e), (command, code, detail, callId) => this.fail(command, code, detail, callId));
  }

  // ── TelephonyPort: lifecycle ────────────────────────────────────────────────────────────────────

  on(listener: TelephonyListener): () => void {
    return this.events.on(listener);
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.draining = false;
    this.opts.logger.info({ seed: this.opts.seed ?? 12345, trunk: this.trunk }, 'lab switch started');
  }

  /** No new calls (generators stop, staged calls are refused); live calls go on. */
  drain(): void {
    if (this.draining || !this.running) return;
    this.draining = true;
    for (const g of [...this.generators]) g.stop();
    this.opts.logger.info({ liveCalls: this.calls.size }, 'lab switch draining: no new calls, live calls go on');
  }

  /** Stops generators and drops every call and ringing phone without events (the bridge is shutting down). */
  /** The lab's calls live in this process: they end whatever `leaveCalls` says. */
  async stop(_opts?: { leaveCalls?: boolean }): Promise<void> {
    if (!this.running) return;
    this.running = false;
    for (const g of [...this.generators]) g.stop();
    if (this.calls.size) this.opts.logger.info({ calls: this.calls.size, drained: this.draining }, 'lab switch stopping: dropping the calls still live');
    for (const { caller } of this.calls.values()) caller.end('hung-up');
    this.supervisions.clear();
    this.calls.clear();
    for (const p of this.phones.values()) p.reset();
    this.opts.logger.info('lab switch stopped');
  }

  health(): TelephonyHealth {
    let legs = 0;
    for (const { caller } of this.calls.values()) legs += caller.legs;
    for (const p of this.phones.values()) if (p.state !== SeatPhoneState.Idle) legs++;
    legs += this.supervisions.legs;
    const live = `${this.calls.size} live call(s)`;
    return {
      ok: this.running,
      detail: !this.running ? 'lab switch not running' : this.draining ? `lab switch draining: ${live}` : `lab switch: ${live}`,
      liveChannels: legs,
      liveCalls: this.calls.size,
      draining: this.draining,
      counters: structuredClone(this.counters),
    };
  }

  // ── Simulated callers ───────────────────────────────────────────────────────────────────────────

  /** A simulated citizen dials in. Throws on an invalid request or when the switch is not running. */
  placeCall(request: LabCallRequest): CallId {
    if (!this.running) throw new Error('lab switch is not running');
    if (this.draining) throw new Error('lab switch is draining: no new calls');
    const req = labCallRequestSchema.parse(request);
    const trusted = req.trusted ?? true;
    const callId = `lab-${this.opts.clock.now().toString(36)}-${++this.seq}`;
    const call: InboundCall = {
      callId,
      callerNumber: req.callerNumber,
      callerDisplayName: sanitizeDisplayName(req.displayName),
      callerVerified: trusted,
      dialledNumber: req.dialledNumber,
      trunk: trusted ? this.trunk : null,
      // Headers from an untrusted source are never believed.
      hints: trusted && req.hints ? stripUndefined(req.hints) : {},
      arrivedAt: this.opts.clock.now(),
    };
    const patience = this.opts.patienceSeconds ?? { min: 60, max: 300 };
    const patienceSeconds = req.patienceSeconds ?? this.rng.between(patience.min, patience.max);
    const talkSeconds = req.talkSeconds ?? this.rng.between(this.opts.talkSeconds.min, this.opts.talkSeconds.max);
    const log = this.opts.logger.child({ callId });
    const caller = new SimulatedCaller(
      call,
      {
        patienceMs: patienceSeconds * 1000,
        talkMs: talkSeconds * 1000,
        attendedMaxMs: (this.opts.attendedMaxTalkSeconds ?? 1800) * 1000,
      },
      this.opts.clock,
      () => this.callerGivesUp(callId),
    );
    this.calls.set(callId, { caller, log });
    log.info(
      { caller: maskNumber(call.callerNumber), dialled: call.dialledNumber, trusted, hints: call.hints, patienceSeconds: Math.round(patienceSeconds) },
      'simulated call arrived',
    );
    this.emit({ type: 'call-arrived', call });
    return callId;
  }

  /** The simulated caller puts the phone down now (trainers stage an abandon; tests). False if not live. */
  callerHangsUp(callId: CallId): boolean {
    if (!this.live(callId)) return false;
    this.callerGivesUp(callId);
    return true;
  }

  /** Continuous simulated arrivals until `stop()` (or the switch stops). */
  startGenerator(options: GeneratorOptions): RunningGenerator {
    if (this.draining) throw new Error('lab switch is draining: no new calls');
    const gen = new CallGenerator(options, {
      clock: this.opts.clock,
      rng: this.rng,
      logger: this.opts.logger.child({ component: 'lab-generator' }),
      place: (req) => this.placeCall(req),
    });
    const handle: RunningGenerator = {
      stop: () => {
        gen.stop();
        this.generators.delete(handle);
      },
      stats: () => gen.stats(),
    };
    this.generators.add(handle);
    gen.start();
    return handle;
  }

  // ── TelephonyPort: commands ─────────────────────────────────────────────────────────────────────

  async playQueueMusic(callId: CallId, language: string): Promise<void> {
    this.live(callId)?.caller.playQueueMusic(language);
  }

  async announce(callId: CallId, announcement: Announcement): Promise<void> {
    const problem = announcementProblem(announcement);
    if (problem) throw this.fail('announce', 'invalid-input', problem, callId);
    const entry = this.live(callId);
    if (!entry) return;
    const { caller, log } = entry;
    if (caller.state !== CallerState.Waiting || caller.ringing.size > 0) {
      throw this.fail('announce', 'invalid-state', `the caller is not waiting on music: the call is ${caller.ringing.size ? 'ringing a seat' : caller.state}`, callId);
    }
    const said = { language: announcement.language, prompts: [...announcement.prompts] };
    log.debug({ announcement: said }, 'announced to the waiting caller');
    this.emit({ type: 'announced', callId, announcement: said });
  }

  async offer(callId: CallId, offer: OfferRequest): Promise<void> {
    const parsed = offerSchema.safeParse(offer);
    if (!parsed.success) throw this.fail('offer', 'invalid-input', parsed.error.issues[0]?.message ?? 'malformed offer', callId);
    const entry = this.live(callId);
    if (!entry) return;
    const o = parsed.data;
    const { caller, log } = entry;
    if (caller.seenOffers.has(o.offerId)) return; // a repeated command, already under way
    caller.seenOffers.add(o.offerId);
    const phone = this.phoneFor(o.seatId);
    if (!o.contact.trim()) {
      log.warn({ seatId: o.seatId, offerId: o.offerId }, 'offer to a seat with no contact');
      this.emit({ type: 'seat-failed', callId, offerId: o.offerId, reason: 'unreachable', sipStatus: 404 });
      return;
    }
    if (phone.state !== SeatPhoneState.Idle) {
      log.info({ seatId: o.seatId, offerId: o.offerId, phone: phone.state }, 'seat phone busy');
      this.emit({ type: 'seat-failed', callId, offerId: o.offerId, reason: 'busy', sipStatus: 486 });
      return;
    }
    const answerAfterMs = phone.attended || this.rng.chance(this.opts.noAnswerProbability)
      ? null
      : this.rng.between(this.opts.seatAnswerDelayMs.min, this.opts.seatAnswerDelayMs.max);
    caller.offerRinging(o.offerId, o.seatId);
    phone.ring(callId, o.offerId, o.contact, {
      answerAfterMs,
      ringTimeoutMs: o.ringTimeoutMs,
      // A person may have sat down at the seat since the ring started: then only they answer.
      onAnswer: () => void (phone.attended || this.seatAnswers(callId, o.offerId)),
      onTimeout: () => this.offerEnds(callId, o.offerId, 'no-answer'),
    });
    log.info({ seatId: o.seatId, offerId: o.offerId, answerAfterMs: answerAfterMs === null ? null : Math.round(answerAfterMs) }, 'seat phone ringing');
    this.emit({ type: 'seat-ringing', callId, offerId: o.offerId });
  }

  async cancelOffer(callId: CallId, offerId: OfferId): Promise<void> {
    const entry = this.live(callId);
    if (!entry) return;
    if (entry.caller.ringing.has(offerId)) return this.offerEnds(callId, offerId, 'cancelled');
    if (entry.connectedOffer === offerId && (entry.caller.state === CallerState.Connected || entry.caller.state === CallerState.Held)) {
      // The answer crossed the bridge's withdrawal: put the seat down again, the caller waits on.
      const seatId = entry.caller.seatId;
      if (seatId) this.phones.get(seatId)?.reset();
      entry.caller.release(entry.caller.language);
      entry.connectedOffer = undefined;
      entry.log.info({ seatId, offerId }, 'answered offer withdrawn by the bridge; caller waiting again');
      this.emit({ type: 'seat-failed', callId, offerId, reason: 'cancelled' });
    }
  }

  /** The lab keeps nothing for a successor: its calls live in this process and die with it. */
  annotate(_callId: CallId, _facts: CallFacts): void {}

  /** Nothing survives a lab switch's process, so there is nothing to take over. */
  async recoverCalls(): Promise<RecoveredCall[]> {
    return [];
  }

  async answerSeatPhone(callId: CallId, offerId: OfferId): Promise<void> {
    if (this.live(callId)?.caller.ringing.has(offerId)) this.seatAnswers(callId, offerId);
  }

  setSeatAttended(seatId: string, attended: boolean): void {
    const phone = this.phoneFor(seatId);
    phone.attended = attended;
    const callId = phone.view().callId;
    if (phone.state === SeatPhoneState.InCall && callId) this.live(callId)?.caller.seatAttendanceChanged(attended);
  }

  async hold(callId: CallId, language: string): Promise<void> {
    const caller = this.live(callId)?.caller;
    if (!caller || caller.state === CallerState.Held) return;
    if (caller.state !== CallerState.Connected) throw this.fail('hold', 'invalid-state', `nothing to hold: the call is ${caller.state}`, callId);
    caller.hold(language);
  }

  async resume(callId: CallId): Promise<void> {
    const caller = this.live(callId)?.caller;
    if (!caller || caller.state === CallerState.Connected) return;
    if (caller.state !== CallerState.Held) throw this.fail('resume', 'invalid-state', `nothing to resume: the call is ${caller.state}`, callId);
    caller.resume();
  }

  async releaseSeat(callId: CallId, language: string): Promise<void> {
    const entry = this.live(callId);
    if (!entry || entry.caller.state === CallerState.Waiting) return;
    if (entry.caller.state !== CallerState.Connected && entry.caller.state !== CallerState.Held) {
      throw this.fail('releaseSeat', 'invalid-state', `no seat to release: the call is ${entry.caller.state}`, callId);
    }
    const seatId = entry.caller.seatId;
    if (seatId) this.phones.get(seatId)?.reset();
    // The lead was joined to this seat's leg: with the agent gone there is nothing to supervise.
    this.supervisions.endAll(callId, 'seat-gone');
    entry.caller.release(language);
    entry.connectedOffer = undefined;
    entry.log.info({ seatId }, 'seat released; caller back in the queue');
  }

  async transferOut(callId: CallId, destination: string): Promise<void> {
    const entry = this.live(callId);
    if (!entry) return;
    if (!destinationPattern.test(destination)) throw this.fail('transferOut', 'invalid-input', 'not a dialable number', callId);
    if (entry.caller.state !== CallerState.Connected && entry.caller.state !== CallerState.Held) {
      throw this.fail('transferOut', 'invalid-state', `nobody to transfer: the call is ${entry.caller.state}`, callId);
    }
    entry.log.info({ destination: maskNumber(destination) }, 'transferred out');
    this.endCall(callId, 'transferred-out', `external:${destination}`);
  }

  async conference(callId: CallId, destination: string): Promise<void> {
    const entry = this.live(callId);
    if (!entry) return;
    const talking = entry.caller.state === CallerState.Connected || entry.caller.state === CallerState.Held;
    if (!destinationPattern.test(destination)) throw this.fail('conference', 'invalid-input', 'not a dialable number', callId);
    if (!talking) throw this.fail('conference', 'invalid-state', `three-way needs a connected call; the call is ${entry.caller.state}`, callId);
    entry.caller.addThirdParty(destination);
    entry.log.info({ destination: maskNumber(destination) }, 'third party joined');
  }

  async dropThirdParty(callId: CallId, destination: string): Promise<void> {
    const entry = this.live(callId);
    if (!entry || !entry.caller.removeThirdParty(destination)) return;
    entry.log.info({ destination: maskNumber(destination) }, 'third party dropped; caller and seat stay');
  }

  async hangup(callId: CallId, reason: EndReason): Promise<void> {
    if (this.live(callId)) this.endCall(callId, reason, 'hung-up');
  }

  async supervise(callId: CallId, request: SupervisionRequest): Promise<void> {
    const entry = this.live(callId);
    if (!entry) return;
    const talking = entry.caller.state === CallerState.Connected || entry.caller.state === CallerState.Held;
    this.supervisions.start(callId, request, talking);
  }

  async setSupervisionMode(callId: CallId, supervisionId: string, mode: SupervisionMode): Promise<void> {
    this.supervisions.setMode(callId, supervisionId, mode);
  }

  async endSupervision(callId: CallId, supervisionId: string): Promise<void> {
    this.supervisions.end(callId, supervisionId, 'left');
  }

  /** Lab only: the lead puts their phone down (`supervision-ended` `lead-hangup`). */
  leadHangsUp(supervisionId: string): boolean {
    const callId = this.supervisions.callOf(supervisionId);
    if (!callId) return false;
    this.supervisions.end(callId, supervisionId, 'lead-hangup');
    return true;
  }

  /** Leads joined to (or being dialled for) a call, or to any call: mode and who hears whom. */
  supervisionsOf(callId?: CallId): LabSupervisionView[] {
    return this.supervisions.views(callId);
  }

  // ── Introspection (REST API, trainers, tests) ───────────────────────────────────────────────────

  liveCalls(): LabCallView[] {
    return [...this.calls.values()].map((e) => e.caller.view());
  }

  /** A live or recently ended call. */
  call(callId: CallId): LabCallView | undefined {
    return this.calls.get(callId)?.caller.view() ?? this.recent.get(callId);
  }

  /** What the caller hears: `silence`, `music:kk`, `ringback`, `seat:1001`, `music-hold:zh`, `conference:1001+120`, `external:110`, `hung-up`. */
  callerHears(callId: CallId): string | undefined {
    return this.call(callId)?.hears;
  }

  seatPhone(seatId: string): SeatPhoneView {
    return this.phones.get(seatId)?.view() ?? { seatId, state: SeatPhoneState.Idle, attended: false, since: this.opts.clock.now() };
  }

  seatPhones(): SeatPhoneView[] {
    return [...this.phones.values()].map((p) => p.view());
  }

  // ── internals ───────────────────────────────────────────────────────────────────────────────────

  private live(callId: CallId): LiveEntry | undefined {
    const e = this.calls.get(callId);
    return e && e.caller.live ? e : undefined;
  }

  private phoneFor(seatId: string): SimulatedSeatPhone {
    let p = this.phones.get(seatId);
    if (!p) {
      p = new SimulatedSeatPhone(seatId, this.opts.clock);
      this.phones.set(seatId, p);
    }
    return p;
  }

  private seatAnswers(callId: CallId, offerId: OfferId): void {
    const entry = this.live(callId);
    const seatId = entry?.caller.ringing.get(offerId);
    if (!entry || seatId === undefined) return;
    const { caller, log } = entry;
    const phone = this.phoneFor(seatId);
    if (caller.state !== CallerState.Waiting) {
      // Already talking to another seat: this late answer is turned away.
      this.offerEnds(callId, offerId, 'cancelled');
      return;
    }
    phone.answer();
    caller.ringing.delete(offerId);
    caller.connect(seatId, phone.attended);
    entry.connectedOffer = offerId;
    log.info({ seatId, offerId, attended: phone.attended }, 'seat answered; bridged');
    this.emit({ type: 'seat-answered', callId, offerId });
    for (const other of [...caller.ringing.keys()]) this.offerEnds(callId, other, 'cancelled');
  }

  private offerEnds(callId: CallId, offerId: OfferId, reason: SeatFailureReason): void {
    const entry = this.live(callId);
    const seatId = entry?.caller.ringing.get(offerId);
    if (!entry || seatId === undefined) return;
    const phone = this.phones.get(seatId);
    if (phone?.holds(callId, offerId)) phone.reset();
    entry.caller.offerGone(offerId);
    entry.log.info({ seatId, offerId, reason }, 'offer ended without connecting');
    this.emit({ type: 'seat-failed', callId, offerId, reason });
  }

  private callerGivesUp(callId: CallId): void {
    const entry = this.live(callId);
    if (!entry) return;
    entry.log.info({ state: entry.caller.state }, entry.caller.state === CallerState.Waiting ? 'caller abandoned' : 'caller hung up');
    this.endCall(callId, 'caller-hangup', 'hung-up');
  }

  private endCall(callId: CallId, reason: EndReason, finalSound: string): void {
    const entry = this.live(callId);
    if (!entry) return;
    const { caller } = entry;
    for (const seatId of new Set([...caller.ringing.values(), ...(caller.seatId ? [caller.seatId] : [])])) {
      const phone = this.phones.get(seatId);
      if (phone?.holds(callId)) phone.reset();
    }
    // Leads leave before the call is reported over, as on the real switch.
    this.supervisions.endAll(callId, reason === 'transferred-out' ? 'seat-gone' : 'call-ended');
    caller.end(finalSound);
    this.calls.delete(callId);
    this.remember(caller.view());
    entry.log.info({ reason }, 'call ended');
    this.emit({ type: 'call-ended', callId, reason });
  }

  private remember(view: LabCallView): void {
    this.recent.set(view.callId, view);
    if (this.recent.size > RECENT_ENDED_KEPT) {
      const oldest = this.recent.keys().next().value;
      if (oldest !== undefined) this.recent.delete(oldest);
    }
  }

  private emit(event: TelephonyEvent): void {
    this.events.emit(event);
  }

  private fail(command: string, code: TelephonyFailureCode, detail: string, callId: CallId): TelephonyCommandError {
    this.counters.commandFailures[code]++;
    this.calls.get(callId)?.log.info({ command, code, detail }, 'lab command refused');
    return new TelephonyCommandError(code, command, detail, callId);
  }
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
