/**
 * CallCenterService: the thin coordinator between the telephony, routing, the pure ACD core and home-seat
 * mode. It subscribes to telephony events, routes arriving calls, feeds the core, executes its decisions
 * (decision-runner.ts), arms one timer at the core's next deadline and emits CallCenterEvents in order.
 * Each call/agent action lives in its own small class under ./actions.
 */
import type { Logger } from 'pino';
import type { Clock } from '../domain/clock.js';
import type { RecoveredCall, TelephonyEvent, TelephonyPort } from '../../telephony/telephony-port.js';
import { Acd } from '../acd/acd.js';
import type { AcdDecision } from '../acd/acd-types.js';
import type { HotlineConfig } from '../config/schema.js';
import type { CentreMode, Language, RoutingTarget, SeatId, SeatSpec } from '../domain/types.js';
import { HomeSeatMode } from '../home-seat/home-seat-mode.js';
import type { RestoreReport, SavedCentreState } from '../home-seat/centre-state.js';
import { AdoptCalls, type AdoptionReport } from './actions/adopt-calls.js';
import { ArriveCall, type RouteFn } from './actions/arrive-call.js';
import { CallEnded, ThirdPartyFailed } from './actions/call-ended.js';
import { CentreModeSwitch } from './actions/centre-mode.js';
import { ConferenceCall } from './actions/conference-call.js';
import { CorrectLanguage } from './actions/correct-language.js';
import { HangupCall } from './actions/hangup-call.js';
import { HoldCall } from './actions/hold-call.js';
import { AcceptOffer, RejectOffer } from './actions/offer-response.js';
import { OfferAnswered, OfferFailed, OfferRinging } from './actions/offer-outcome.js';
import { SeatCommands } from './actions/seat-commands.js';
import { SuperviseCall } from './actions/supervise-call.js';
import { TransferCall } from './actions/transfer-call.js';
import { CompleteWrapUp } from './actions/wrap-up.js';
import {
  SeatState,
  type CallCenter,
  type CallCenterEvent,
  type CallEventKind,
  type CallView,
  type ContactMode,
  type DrainState,
  type PreflightReport,
  type SeatView,
  type SupervisionContact,
  type SupervisionMode,
  type SupervisionView,
  type TransferTarget,
  type WallboardView,
  type WrapUpInput,
} from './call-center-api.js';
import type { CallCenterContext } from './call-center-context.js';
import { ANNOTATED_KINDS, factsOf } from './call-facts.js';
import { CHAIN_MARGIN_MS, CommandChains } from './command-chains.js';
import { DeadlineTimer } from './deadline-timer.js';
import { runDecision } from './decision-runner.js';
import { CallEventBus } from './event-bus.js';
import { LiveCalls } from './live-calls.js';
import { seatView, wallboardView } from './views.js';
import { WallboardStats } from './wallboard-stats.js';
import { ServiceLevelTracker, settledCallOf } from './service-level-tracker.js';
import type { SettledCall } from './service-level.js';
import { SeatAttendance } from './seat-attendance.js';
import { WrapUpNotes } from './wrap-up-notes.js';
import { QueueAnnouncer } from '../announce/queue-announcer.js';
import type { PhraseCatalogue } from '../announce/phrase-catalogue.js';

export interface CallCenterOptions {
  config: HotlineConfig;
  telephony: TelephonyPort;
  route: RouteFn;
  clock: Clock;
  logger: Logger;
  /** Lab mode: every seat starts logged in and available, so the simulated phones take calls. */
  autoLoginSeats?: boolean;
  /** Lab mode: how long an unattended simulated seat stays not-ready after a missed offer. */
  labMissedOfferPauseMs?: number;
  /** The phrase catalogue: with it (and `announce.enabled`) waiting callers hear greeting, place and wait. */
  phrases?: PhraseCatalogue;
}

export class CallCenterService implements CallCenter {
  private readonly ctx: CallCenterContext;
  private readonly timer: DeadlineTimer;
  private readonly chains: CommandChains;
  private readonly unsubscribe: () => void;
  private readonly act;
  private readonly labPauseMs: number;
  private readonly announcer: QueueAnnouncer | undefined;
  private drain: DrainState | null = null;

  constructor(opts: CallCenterOptions) {
    const { config, telephony, clock, logger } = opts;
    const now = clock.now();
    this.labPauseMs = opts.labMissedOfferPauseMs ?? 30_000;
    const seats: SeatSpec[] = config.seats.map((s) => ({ ...s }));
    const seatSpecs = new Map(seats.map((s) => [s.id, s]));
    const acd = new Acd({ desks: config.desks, seats, now });
    const home = new HomeSeatMode(() => [...seatSpecs.values()], config.homeSeat.presets, now);
    const events = new CallEventBus(logger);
    const placeholder = (): RoutingTarget => ({
      language: config.languages[0]?.code ?? 'zh', languageStrength: 'preferred', desk: config.defaultDesk, priority: 0,
      reasons: [{ source: 'default', text: 'routing in progress', key: 'routingPending' }],
    });
    this.timer = new DeadlineTimer(clock, (at) => this.ctx.apply(this.ctx.acd.tick(at)));
    this.chains = new CommandChains(clock, config.telephony.commandTimeoutMs + CHAIN_MARGIN_MS, (callId) => this.ctx.calls.get(callId)?.log ?? logger);
    this.ctx = {
      config, acd, home, telephony, clock, logger, events, seatSpecs,
      calls: new LiveCalls(logger, acd, placeholder),
      stats: new WallboardStats(),
      service: new ServiceLevelTracker(config.serviceLevel, now),
      attendance: new SeatAttendance(opts.autoLoginSeats ?? false, telephony),
      wrapUps: new WrapUpNotes(),
      apply: (ds) => this.apply(ds),
      send: (callId, what, cmd, o) => this.chains.send(callId, what, cmd, o),
      emitCall: (kind, callId, extra) => this.emitCall(kind, callId, extra),
      emitSeat: (seatId) => {
        const seat = acd.seat(seatId);
        if (seat) events.emit({ type: 'seat', at: clock.now(), seat: seatView(this.ctx, seat) });
      },
      missedOffer: (seatId) => this.labSeatBack(seatId),
      syncContact: (seatId) => {
        const spec = seatSpecs.get(seatId);
        if (spec) this.apply(acd.setContactMode(seatId, home.contact(spec)?.contactMode ?? null, clock.now()));
      },
    };
    const ctx = this.ctx;
    const arrive = new ArriveCall(ctx, opts.route);
    this.act = {
      arrive,
      adopt: new AdoptCalls(ctx, arrive),
      ringing: new OfferRinging(ctx),
      answered: new OfferAnswered(ctx),
      failed: new OfferFailed(ctx),
      ended: new CallEnded(ctx),
      thirdPartyFailed: new ThirdPartyFailed(ctx),
      accept: new AcceptOffer(ctx),
      reject: new RejectOffer(ctx),
      hold: new HoldCall(ctx),
      transfer: new TransferCall(ctx),
      conference: new ConferenceCall(ctx),
      hangup: new HangupCall(ctx),
      correctLanguage: new CorrectLanguage(ctx),
      wrapUp: new CompleteWrapUp(ctx),
      seats: new SeatCommands(ctx),
      centre: new CentreModeSwitch(ctx),
      supervise: new SuperviseCall(ctx),
    };
    this.announcer = opts.phrases && config.announce.enabled ? new QueueAnnouncer(ctx, opts.phrases) : undefined;
    for (const s of seats) ctx.syncContact(s.id);
    if (ctx.attendance.simulatedSeats) for (const s of seats) this.apply(acd.login(s.id, now));
    const fromTelephony = telephony.on((e) => this.onTelephony(e));
    const settled = events.on((e) => {
      if (e.type !== 'call') return;
      const call = settledCallOf(e);
      if (call) ctx.service.settle(call, e.at);
    });
    this.unsubscribe = () => {
      fromTelephony();
      settled();
    };
  }

  /**
   * Take back what the centre decided before a restart: centre mode and preset, per-seat overrides, and
   * each seat's chosen state. Call before the telephony starts, so no call is routed on forgotten state.
   * Seats worked by people resume their state at their next login; simulated lab seats at once.
   */
  restore(saved: SavedCentreState): RestoreReport {
    const { ctx } = this;
    const now = ctx.clock.now();
    const problems: string[] = [];
    const r = ctx.home.restore(saved.centre, saved.overrides);
    for (const id of ctx.seatSpecs.keys()) ctx.syncContact(id);
    if (r.surge) this.apply(ctx.acd.setSurge(r.surge, now));
    if (r.unknownPreset !== undefined) {
      const problem = `centre was in home mode with surge preset "${r.unknownPreset}", which is no longer in the config: started in OFFICE mode`;
      problems.push(problem);
      const entry = ctx.home.audit.record(now, 'system', 'centre-mode-restore-failed', { mode: saved.centre?.mode, preset: r.unknownPreset, startedIn: 'office' });
      ctx.events.emit({ type: 'audit', entry });
    }
    if (r.unknownSeats.length) problems.push(`overrides for seats no longer configured ignored: ${r.unknownSeats.join(', ')}`);
    let notReady = 0;
    for (const seat of saved.seats) {
      if (!ctx.seatSpecs.has(seat.seatId)) continue;
      if (seat.state === 'not-ready') notReady++;
      if (!ctx.attendance.simulatedSeats) {
        ctx.attendance.remember(seat);
        continue;
      }
      if (seat.state === 'not-ready') this.apply(ctx.acd.setNotReady(seat.seatId, seat.reason ?? 'break', now));
      else if (seat.state === 'offline') this.apply(ctx.acd.setOffline(seat.seatId, now));
    }
    const c = ctx.home.centre();
    const since = new Date(c.since).toTimeString().slice(0, 5);
    const summary =
      `centre mode ${c.mode}${c.preset ? ` (${c.preset})` : ''} since ${since} by ${c.by}; ` +
      `${saved.overrides.length - r.unknownSeats.length} seat override(s); ${notReady} seat(s) not ready`;
    return { summary, problems };
  }

  /** Today's wallboard figures as the store counted them before this process started. */
  primeToday(today: { arrived: number; answered: number; abandoned: number }): void {
    this.ctx.stats.prime(this.ctx.clock.now(), today);
  }

  /** Where the service level's figures must start from the store (today, the shift, the rolling window). */
  serviceLevelPrimeFrom(): number {
    return this.ctx.service.primeFrom(this.ctx.clock.now());
  }

  /** The calls the store saw settle since `serviceLevelPrimeFrom()`: the shift and today survive a restart. */
  primeServiceLevel(calls: readonly SettledCall[]): void {
    this.ctx.service.prime(calls, this.ctx.clock.now());
  }

  /**
   * After a take-over (this process became the active bridge): make the calls the telephony found live
   * on the switch (`telephony.recoverCalls()`) this centre's calls again — waiting callers back in the
   * queue at their first place, talking ones on their seats — and say what became of them.
   */
  adoptCalls(recovered: RecoveredCall[]): Promise<AdoptionReport> {
    return this.act.adopt.exec(recovered);
  }

  /** Calls with a telephony command in flight (tests: the per-call chains empty out). */
  commandsInFlight(): number {
    return this.chains.inFlight;
  }

  /** Stop listening to the telephony and drop the deadline timer (tests, shutdown). */
  close(): void {
    this.announcer?.close();
    this.unsubscribe();
    this.timer.stop();
  }

  on(listener: (e: CallCenterEvent) => void): () => void {
    return this.ctx.events.on(listener);
  }

  // ─── queries
  seats(): SeatView[] {
    return [...this.ctx.acd.seats()].map((s) => seatView(this.ctx, s));
  }
  seat(id: SeatId): SeatView | undefined {
    const s = this.ctx.acd.seat(id);
    return s ? seatView(this.ctx, s) : undefined;
  }
  call(id: string): CallView | undefined {
    return this.ctx.calls.view(id);
  }
  liveCalls(): CallView[] {
    return [...this.ctx.calls.liveRecords()].map((r) => this.ctx.calls.view(r.inbound.callId)!);
  }
  wallboard(now = this.ctx.clock.now()): WallboardView {
    return { ...wallboardView(this.ctx, now), drain: this.drain };
  }
  drainState(): DrainState | null {
    return this.drain;
  }

  /**
   * Shutdown has begun: the telephony refuses new calls; calls already here are served until they end
   * or `until`. Told to every desktop so agents finish and leads see it on the wallboard.
   */
  beginDrain(until: number): void {
    if (this.drain) return;
    this.drain = { since: this.ctx.clock.now(), until };
    this.ctx.logger.warn({ until: new Date(until).toISOString(), liveCalls: this.ctx.calls.liveCount }, 'draining: no new calls, live calls finish');
    this.ctx.events.emit({ type: 'drain', at: this.drain.since, drain: this.drain });
  }
  centreMode(): { mode: CentreMode; preset: string | null; reason: string; since: number } {
    const { mode, preset, reason, since } = this.ctx.home.centre();
    return { mode, preset, reason, since };
  }
  preflight(mode: CentreMode): PreflightReport {
    return this.ctx.home.preflight(mode);
  }
  pendingOffer(seatId: SeatId): { offerId: string; contactMode: ContactMode; ringTimeoutMs: number; call: CallView } | undefined {
    const seat = this.ctx.acd.seat(seatId);
    if (seat?.state !== SeatState.Reserved || !seat.callId) return undefined;
    const offer = this.ctx.calls.get(seat.callId)?.offer;
    const call = this.ctx.calls.view(seat.callId);
    if (!offer || offer.seatId !== seatId || !call) return undefined;
    return { offerId: offer.offerId, contactMode: offer.contactMode, ringTimeoutMs: offer.ringTimeoutMs, call };
  }

  // ─── agent commands
  login(seatId: SeatId): void {
    this.act.seats.login(seatId);
  }
  logout(seatId: SeatId): void {
    this.act.seats.logout(seatId);
  }
  setAvailable(seatId: SeatId): void {
    this.act.seats.setAvailable(seatId);
  }
  setNotReady(seatId: SeatId, reason: string): void {
    this.act.seats.setNotReady(seatId, reason);
  }
  acceptOffer(seatId: SeatId, callId: string): Promise<void> {
    return this.act.accept.exec(seatId, callId);
  }
  rejectOffer(seatId: SeatId, callId: string): Promise<void> {
    return this.act.reject.exec(seatId, callId);
  }
  hold(seatId: SeatId, callId: string): Promise<void> {
    return this.act.hold.exec(seatId, callId, true);
  }
  resume(seatId: SeatId, callId: string): Promise<void> {
    return this.act.hold.exec(seatId, callId, false);
  }
  transfer(seatId: SeatId, callId: string, to: TransferTarget): Promise<void> {
    return this.act.transfer.exec(seatId, callId, to);
  }
  conference(seatId: SeatId, callId: string, number: string): Promise<void> {
    return this.act.conference.exec(seatId, callId, number);
  }
  dropThirdParty(seatId: SeatId, callId: string): Promise<void> {
    return this.act.conference.drop(seatId, callId);
  }
  hangup(seatId: SeatId, callId: string): Promise<void> {
    return this.act.hangup.exec(seatId, callId);
  }
  correctLanguage(seatId: SeatId, callId: string, language: Language): void {
    this.act.correctLanguage.exec(seatId, callId, language);
  }
  completeWrapUp(seatId: SeatId, input: WrapUpInput): void {
    this.act.wrapUp.exec(seatId, input);
  }
  saveWrapUpDraft(seatId: SeatId, draft: Partial<WrapUpInput>): void {
    this.act.wrapUp.draft(seatId, draft);
  }

  // ─── lead commands
  forceSeatState(actor: string, seatId: SeatId, state: SeatState.Available | SeatState.NotReady | SeatState.Offline, reason?: string): void {
    this.act.seats.force(actor, seatId, state, reason);
  }
  setCentreMode(actor: string, mode: CentreMode, reason: string, presetId?: string | null): void {
    this.act.centre.setCentreMode(actor, mode, reason, presetId);
  }
  setSeatModeOverride(actor: string, seatId: SeatId, mode: CentreMode | null, reason: string): void {
    this.act.centre.setSeatModeOverride(actor, seatId, mode, reason);
  }

  supervise(lead: { id: string; name: string }, callId: string, mode: SupervisionMode, contact: SupervisionContact): Promise<SupervisionView> {
    return this.act.supervise.start(lead, callId, mode, contact);
  }
  setSupervisionMode(lead: { id: string; role: string }, supervisionId: string, mode: SupervisionMode): Promise<void> {
    return this.act.supervise.setMode(lead, supervisionId, mode);
  }
  leaveSupervision(lead: { id: string; role: string }, supervisionId: string): Promise<void> {
    return this.act.supervise.leave(lead, supervisionId);
  }
  supervisions(): SupervisionView[] {
    return this.act.supervise.list();
  }

  // ─── plumbing
  private onTelephony(e: TelephonyEvent): void {
    try {
      switch (e.type) {
        case 'call-arrived':
          void this.act.arrive.exec(e.call).catch((err: unknown) => this.ctx.logger.error({ err, callId: e.call.callId }, 'arrival failed'));
          return;
        case 'seat-ringing':
          return this.act.ringing.exec(e.callId, e.offerId);
        case 'seat-answered':
          return this.act.answered.exec(e.callId, e.offerId);
        case 'seat-failed':
          return this.act.failed.exec(e.callId, e.offerId, e.reason, e.sipStatus);
        case 'call-ended':
          return this.act.ended.exec(e.callId, e.reason);
        case 'third-party-failed':
          return this.act.thirdPartyFailed.exec(e.callId, e.destination, e.sipStatus);
        case 'supervision-started':
          return this.act.supervise.started(e.supervisionId, e.mode);
        case 'supervision-mode':
          return this.act.supervise.modeChanged(e.supervisionId, e.mode);
        case 'supervision-ended':
          return this.act.supervise.ended(e.supervisionId, e.reason);
      }
    } catch (err) {
      // An event the core cannot place (e.g. a late duplicate) must never take the bridge down.
      this.ctx.logger.error({ err, event: e.type }, 'telephony event not applied');
    }
  }

  /**
   * In lab mode nobody sits at an unattended seat to press "available" after a missed offer; without this
   * the demo would slowly run out of seats. A person logged in decides for themselves.
   */
  private labSeatBack(seatId: SeatId): void {
    if (!this.ctx.attendance.simulatedSeats || this.ctx.attendance.has(seatId)) return;
    this.ctx.clock.setTimeout(() => {
      const seat = this.ctx.acd.seat(seatId);
      if (seat?.state !== SeatState.NotReady || seat.reason !== 'missed-offer' || this.ctx.attendance.has(seatId)) return;
      this.apply(this.ctx.acd.setAvailable(seatId, this.ctx.clock.now()));
    }, this.labPauseMs);
  }

  private apply(decisions: AcdDecision[]): void {
    // Telephony first: an offer's INVITE leaves before the batch's events are delivered.
    this.ctx.events.hold(() => {
      for (const d of decisions) runDecision(this.ctx, d);
    });
    this.timer.arm(this.ctx.acd.nextDeadline());
  }


  private emitCall(kind: CallEventKind, callId: string, extra: { seatId?: SeatId; detail?: Record<string, unknown> } = {}): void {
    const call = this.ctx.calls.view(callId);
    if (!call) return;
    const e: CallCenterEvent = { type: 'call', kind, call, at: this.ctx.clock.now() };
    if (extra.seatId) e.seatId = extra.seatId;
    if (extra.detail) e.detail = extra.detail;
    this.ctx.events.emit(e);
    if (ANNOTATED_KINDS.has(kind)) {
      // What a successor bridge needs if this one dies now; one fire-and-forget command on the switch.
      const facts = factsOf(this.ctx, callId);
      if (facts) this.ctx.telephony.annotate(callId, facts);
    }
  }
}
