/**
 * The real TelephonyPort: SIP through drachtio-server (drachtio-srf 5), media through FreeSWITCH
 * (drachtio-fsmrf 4.1 on drachtio-modesl 1.3). It owns the connections and the call registry and
 * dispatches the bridge's commands to the call-flow modules; it never makes a routing decision.
 *
 * Resilience: drachtio-srf reconnects with `reconnect.retryMaxDelay` (an `error` listener is
 * registered, or the library misbehaves); the event socket reconnects in MediaConnection. While
 * FreeSWITCH is unreachable, or while draining, every new INVITE is answered 503 at once and health()
 * says so. Commands run through CommandRunner (deadline, typed failures); errors nothing caught go to
 * the last resort (one call torn down, never the process); leaked channels are found by the
 * reconciler, calls whose BYE drachtio could not deliver after a reconnect by the dialog probe.
 */
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import SrfModule from 'drachtio-srf';
import MrfModule from 'drachtio-fsmrf';
import { systemClock, type Clock } from '../clock.js';
import {
  announcementProblem,
  emptyCounters,
  type Announcement,
  type CallFacts,
  type CallId,
  type EndReason,
  type OfferId,
  type OfferRequest,
  type RecoveredCall,
  type SupervisionMode,
  type SupervisionRequest,
  type TelephonyCounters,
  type TelephonyEvent,
  type TelephonyHealth,
  type TelephonyListener,
  type TelephonyPort,
} from '../telephony-port.js';
import type { AdapterContext, LegRole } from './adapter-context.js';
import { anchorCaller } from './anchor-caller.js';
import { announce } from './announce-caller.js';
import { SwitchChannel, type SwitchAccess } from './switch-channel.js';
import { SwitchMedia } from './create-channel.js';
import { LiveChannels } from './live-channels.js';
import { AdoptedDialog } from './adopted-dialog.js';
import { CallNotes, FACTS_VAR, STATE_VAR, factParts, setVarOn } from './call-annotations.js';
import { takeOver } from './take-over.js';
import { inCall } from './call-scope.js';
import { CallPhase, type CallSession, type PhoneRole } from './call-session.js';
import { CallFaults } from './call-faults.js';
import { CallRegistry } from './call-registry.js';
import { ChannelReconciler } from './channel-reconciler.js';
import { CommandRunner } from './command-runner.js';
import { within } from './deadline.js';
import { DialogProbe, endReasonFor } from './dialog-probe.js';
import { installRoutes } from './inbound-routes.js';
import { registerFaultSink } from './last-resort.js';
import { dialogCount, guardDialogsOf, rebindDialogs } from './library-internals.js';
import type { EndpointLike, SrfDialog, SrfLike } from './library-types.js';
import { MediaConnection } from './media-connection.js';
import { EndpointPool } from './endpoint-pool.js';
import { hold, playToCaller, releaseLeg, releaseSeat, resume } from './media-control.js';
import { abandonOffer, abortOffer, startOffer } from './offer-seat.js';
import { drachtioOptionsSchema, type DrachtioTelephonyOptions, type ResolvedDrachtioConfig } from './options.js';
import { killChannel } from './tagged-channels.js';
import { conference, dropThirdParty, transferOut } from './third-party.js';
import { endSupervision, endSupervisions, setSupervisionMode, supervise, supervisorLost } from './supervise-call.js';
import { TrustedTrunks } from './trusted-trunks.js';

export class DrachtioTelephony implements TelephonyPort {
  private readonly cfg: ResolvedDrachtioConfig;
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly trunks: TrustedTrunks;
  private readonly events = new EventEmitter();
  private readonly queue: TelephonyEvent[] = [];
  private delivering = false;
  /** Teardowns of ended calls, sent once the events before them are delivered (endCall). */
  private readonly pendingTeardown: (() => void)[] = [];
  private readonly calls: CallRegistry;
  private readonly srf: SrfLike;
  private readonly media: MediaConnection;
  private readonly pool: EndpointPool;
  private readonly counters: TelephonyCounters = emptyCounters();
  private readonly runner: CommandRunner;
  private readonly reconciler: ChannelReconciler;
  private readonly probe: DialogProbe;
  private drachtioUp = false;
  private drachtioDownSince: number | undefined;
  /** Incremented on every drachtio connect: calls made on an earlier one are probed. */
  private epoch = 0;
  private started = false;
  private draining = false;
  private unregisterFaults: (() => void) | undefined;
  private readonly faults: CallFaults;
  private readonly ctx: AdapterContext;
  /** Every channel the adapter drives (made or adopted): their ends, and the control connection's loss. */
  private readonly channels: LiveChannels;
  /** Makes channels on the media server of the current control connection. */
  private maker: SwitchMedia | undefined;
  /** Channels of calls handed to an outside number before a take-over: left alone until they end. */
  private readonly handsOff = new Set<string>();
  private recovered = false;
  private readonly notes = new WeakMap<CallSession, CallNotes>();

  constructor(opts: DrachtioTelephonyOptions) {
    const { logger, clock, ...config } = opts;
    this.cfg = drachtioOptionsSchema.parse(config);
    this.log = logger;
    this.clock = clock ?? systemClock;
    this.trunks = new TrustedTrunks(this.cfg.trustedTrunks);
    this.drachtioDownSince = this.clock.now();
    this.srf = new (SrfModule as unknown as new () => SrfLike)();
    guardDialogsOf(this.srf, (err, method) => this.faults.requestRefused(err, method));
    const mrf = new (MrfModule as unknown as new (srf: SrfLike) => unknown)(this.srf);
    this.media = new MediaConnection(
      mrf,
      this.cfg,
      this.clock,
      this.log.child({ link: 'freeswitch' }),
      (up) => {
        this.pool.mediaChanged(up);
        if (this.started || up) this.channels.controlChanged(up);
      },
      (uuid, cause) => {
        this.handsOff.delete(uuid);
        this.channels.ended(uuid, cause);
      },
    );
    this.channels = new LiveChannels({ clock: this.clock, log: this.log, access: () => this.esl(), graceMs: this.cfg.controlLossGraceMs });
    this.pool = new EndpointPool({
      clock: this.clock,
      log: this.log.child({ component: 'endpoint-pool' }),
      media: () => this.channelMaker(),
      size: this.cfg.endpointPool.size,
      maxIdleMs: this.cfg.endpointPool.maxIdleMs,
      createTimeoutMs: this.cfg.commandTimeoutMs,
      release: (ep) => this.calls.release(ep),
    });
    this.events.setMaxListeners(0);
    this.calls = new CallRegistry(
      (s, role, ep, cause) => this.endpointLost(s, role, ep, cause),
      (uuid) => void this.kill(uuid),
    );
    this.faults = new CallFaults({ log: this.log, counters: this.counters, calls: this.calls, owner: this, endCall: (s, reason) => this.endCall(s, reason) });
    this.ctx = {
      srf: this.srf,
      cfg: this.cfg,
      clock: this.clock,
      counters: this.counters,
      owner: this,
      media: () => this.channelMaker(),
      esl: () => this.esl(),
      emit: (e) => this.emit(e),
      track: (ep, s, role) => this.calls.track(ep, s, role),
      releaseEndpoint: (ep) => this.calls.release(ep),
      releaseDialog: (d) => releaseDialog(d),
      note: (s, variable, value) => this.notesOf(s).set(variable, value),
      endCall: (s, reason) => this.endCall(s, reason),
      musicFor: (lang) => this.musicFor(lang),
      spare: () => this.pool.take(),
      within: (s, p, what, ms) => within(this.clock, p, ms ?? this.cfg.commandTimeoutMs, what, s.whenEnded),
      shield: (s, what, fn) => this.faults.shield(s, what, fn),
    };
    this.runner = new CommandRunner({
      clock: this.clock,
      log: this.log,
      timeoutMs: this.cfg.commandTimeoutMs,
      counters: this.counters,
      owner: this,
      endCall: (s, reason) => this.endCall(s, reason),
    });
    this.reconciler = new ChannelReconciler({
      clock: this.clock,
      log: this.log.child({ component: 'reconciler' }),
      intervalMs: this.cfg.reconcileIntervalMs,
      graceMs: this.cfg.reconcileGraceMs,
      esl: () => this.esl(),
      holds: (uuid) => this.calls.holds(uuid) || this.handsOff.has(uuid) || this.pool.holds(uuid),
      counted: () => this.counters.orphanChannelsHungUp++,
    });
    this.probe = new DialogProbe({
      clock: this.clock,
      log: this.log,
      periodMs: this.cfg.dialogProbeMs,
      timeoutMs: this.cfg.commandTimeoutMs,
      owner: this,
      orphaned: () => this.calls.all().filter((s) => !s.ended && s.epoch < this.epoch),
      gone: (s, role, dialog) => this.dialogGone(s, role, dialog),
    });
    installRoutes(this.srf, {
      cfg: this.cfg,
      clock: this.clock,
      log: this.log,
      trunks: this.trunks,
      owner: this,
      accepting: () => this.started && !this.draining,
      mediaUp: () => this.media.isUp,
      epoch: () => this.epoch,
      add: (s) => this.calls.add(s),
      emit: (e) => this.emit(e),
      endCall: (s, reason) => this.endCall(s, reason),
      shield: (s, what, fn) => this.faults.shield(s, what, fn),
      anchor: (s) => void anchorCaller(this.ctx, s),
      takenOverBye: (sipCallId) => this.takenOverBye(sipCallId),
    });
  }

  on(listener: TelephonyListener): () => void {
    this.events.on('event', listener);
    return () => this.events.off('event', listener);
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.draining = false;
    this.unregisterFaults = registerFaultSink(this, this.faults);
    const d = this.cfg.drachtio;
    const srf = this.srf;
    srf.on('error', (err: unknown) => this.log.warn({ err: String((err as Error)?.message ?? err) }, 'drachtio connection error'));
    srf.on('reconnecting', (info: unknown) => this.log.debug({ info }, 'reconnecting to drachtio'));
    srf.on('close', () => this.drachtioClosed());
    srf.on('connect', (err: unknown, hostport: unknown) => {
      if (err) {
        this.log.error({ err: String(err) }, 'drachtio refused the connection (secret?)');
        return;
      }
      this.drachtioUp = true;
      this.drachtioDownSince = undefined;
      this.epoch++;
      const moved = rebindDialogs(srf);
      if (this.epoch > 1) this.pool.flush();
      this.log.info({ hostport, dialogsMoved: moved || undefined }, 'connected to drachtio');
      // In-dialog requests for the calls made before this connection can no longer reach us.
      this.probe.kick();
    });
    srf.connect({ host: d.host, port: d.port, secret: d.secret, reconnect: { retryMaxDelay: this.cfg.reconnectMaxDelayMs } });
    this.media.start();
    this.pool.start();
    this.reconciler.start();
    await this.waitUntil(() => this.drachtioUp && this.media.isUp, this.cfg.startTimeoutMs);
    if (!this.health().ok) this.log.warn({ health: this.health().detail }, 'telephony started degraded; still retrying');
  }

  drain(): void {
    if (this.draining) return;
    this.draining = true;
    this.log.info({ liveCalls: this.calls.size }, 'draining: new calls get 503, live calls go on');
  }

  async stop(opts: { leaveCalls?: boolean } = {}): Promise<void> {
    if (opts.leaveCalls) return this.leave();
    const left = this.calls.all().filter((s) => !s.ended);
    if (left.length) this.log.warn({ calls: left.length, drained: this.draining }, 'stopping: ending the calls still live');
    for (const s of left) {
      s.log.info({ phase: s.phase }, 'ended by the bridge shutting down');
      this.endCall(s, 'bridge-hangup');
    }
    // Let the BYEs leave before the sockets close.
    if (left.length) await new Promise((r) => setTimeout(r, 50));
    this.started = false;
    const spares = this.pool.ready;
    await this.pool.stop();
    this.reconciler.stop();
    this.probe.stop();
    if (spares) await new Promise((r) => setTimeout(r, 20)); // the spares' BYEs leave before the sockets close
    this.channels.stop();
    this.media.stop();
    try {
      this.srf.disconnect();
    } catch {
      // not connected
    }
    this.unregisterFaults?.();
    this.unregisterFaults = undefined;
  }

  /**
   * Let go of every call without touching it (stop with leaveCalls): no event goes out any more, no
   * timer of a call fires, no BYE, CANCEL or ESL command is sent; the sockets close. FreeSWITCH keeps
   * the channels as they are (parked or bridged, dialplan/mrf.xml) and drachtio-server keeps the
   * dialogs, for the bridge taking over.
   */
  private async leave(): Promise<void> {
    // Calls this bridge had already ended are finished (their BYEs); the live ones are left untouched.
    this.runTeardowns();
    const calls = this.calls.all().filter((s) => !s.ended);
    this.events.removeAllListeners();
    this.queue.length = 0;
    this.started = false;
    // Spares are left too: the bridge taking over hangs them up (they carry the pool tag).
    void this.pool.stop({ release: false });
    this.reconciler.stop();
    this.probe.stop();
    for (const s of calls) for (const o of s.offers.values()) o.timer?.cancel();
    this.calls.forgetAll();
    // Nothing to close per channel: they are driven over the adapter's own connections, closed below.
    this.channels.stop();
    this.srf.removeAllListeners('close');
    try {
      this.srf.disconnect();
    } catch {
      // not connected
    }
    this.media.stop();
    this.unregisterFaults?.();
    this.unregisterFaults = undefined;
    this.log.warn({ calls: calls.length }, 'stopped without ending the live calls: left on the switch for the bridge taking over');
  }

  health(): TelephonyHealth {
    const fsUp = this.media.isUp;
    const since = (t: number | undefined) => (t === undefined ? '' : ` since ${new Date(t).toISOString().slice(11, 19)}`);
    const problems: string[] = [];
    if (!this.drachtioUp) problems.push(`drachtio unreachable${since(this.drachtioDownSince)}`);
    if (!fsUp) {
      const why = this.media.lastError ? ` (${this.media.lastError})` : '';
      problems.push(`FreeSWITCH unreachable${since(this.media.downSince)}; new calls get 503${why}`);
    }
    const calls = `${this.calls.size} call(s)`;
    const detail = problems.length
      ? problems.join('; ')
      : this.draining
        ? `draining: new calls get 503; ${calls} still live`
        : `drachtio and FreeSWITCH connected; ${calls}`;
    return {
      ok: problems.length === 0,
      detail,
      liveChannels: this.calls.liveChannels,
      liveCalls: this.calls.size,
      draining: this.draining,
      counters: { ...structuredClone(this.counters), offersWithoutSpare: this.pool.stats.missed },
    };
  }

  /**
   * SIP dialogs the adapter's SIP stack holds for calls (every phone and FreeSWITCH leg): 0 once every
   * call is over. The warm pool's spares are not counted (spareEndpoints).
   */
  sipDialogs(): number {
    return dialogCount(this.srf) - this.pool.ready;
  }

  /** Ready seat-leg endpoints in the warm pool (each one FreeSWITCH channel and one SIP dialog, no call). */
  spareEndpoints(): number {
    return this.pool.ready;
  }

  /** One reconciliation pass now (tests, operators); resolves with the channels hung up. */
  reconcileChannels(): Promise<string[]> {
    return this.reconciler.reconcile();
  }

  // ── take-over ────────────────────────────────────────────────────────────────────────────────

  annotate(callId: CallId, facts: CallFacts): void {
    const s = this.calls.active(callId);
    if (!s) return;
    const { lasting, moving } = factParts(facts);
    const notes = this.notesOf(s);
    notes.setValue(FACTS_VAR, lasting);
    notes.setValue(STATE_VAR, moving);
  }

  /** The call's take-over notes, written to its caller channel (call-annotations.ts). */
  private notesOf(s: CallSession): CallNotes {
    let notes = this.notes.get(s);
    if (!notes) {
      const deadline = <T>(p: Promise<T>) => within(this.clock, p, this.cfg.commandTimeoutMs, 'FreeSWITCH uuid_setvar');
      notes = new CallNotes((name, value) => setVarOn(s.callerEp, s.log, name, value, deadline), s.anchored, () => !s.ended && s.callerEp !== undefined);
      this.notes.set(s, notes);
    }
    return notes;
  }

  async recoverCalls(): Promise<RecoveredCall[]> {
    if (this.recovered) return [];
    const found = await takeOver({
      srf: this.srf,
      log: this.log,
      esl: () => this.esl(),
      holds: (uuid) => this.calls.holds(uuid) || this.handsOff.has(uuid),
      knows: (callId) => this.calls.get(callId) !== undefined,
      add: (s) => this.calls.add(s),
      track: (ep, s, role) => this.calls.track(ep, s, role),
      adoptChannel: (uuid) => this.channels.adopt(uuid),
      handsOff: (uuids) => uuids.forEach((u) => this.handsOff.add(u)),
      counted: () => this.counters.orphanChannelsHungUp++,
    });
    this.recovered = true;
    // The adopted calls' phones can only be watched by probing: their BYEs never reach this process.
    this.probe.kick();
    return found;
  }

  /** The channel maker of the current control connection (a new one after a reconnect). */
  private channelMaker(): SwitchMedia | undefined {
    const ms = this.media.current();
    if (!ms) return undefined;
    if (this.maker?.ms !== ms) {
      this.maker = new SwitchMedia(ms, this.srf, () => this.esl(), (ch) => this.channels.add(ch), this.channels.over);
    }
    return this.maker;
  }

  /**
   * A BYE drachtio-server handed to this process for a dialog of a bridge that died (when it does
   * deliver those): the caller or the agent of an adopted call hung up.
   */
  private takenOverBye(sipCallId: string): boolean {
    for (const s of this.calls.all()) {
      if (!s.adopted || s.ended) continue;
      if (s.uas instanceof AdoptedDialog && s.uas.identity.callId === sipCallId) {
        s.uas.forget();
        this.endCall(s, 'caller-hangup');
        return true;
      }
      if (s.seat?.dialog instanceof AdoptedDialog && s.seat.dialog.identity.callId === sipCallId) {
        s.seat.dialog.forget();
        this.endCall(s, 'seat-hangup');
        return true;
      }
    }
    return false;
  }

  // ── commands ─────────────────────────────────────────────────────────────────────────────────

  async playQueueMusic(callId: CallId, language: string): Promise<void> {
    const s = this.calls.active(callId);
    if (!s) return;
    s.language = language;
    await this.runner.run(s, 'playQueueMusic', async () => {
      if (!(await s.step(s.anchored, 'anchoring')) || s.seat || s.ringingOffers().length > 0) return;
      await playToCaller(this.ctx, s, 'music');
    });
  }

  async announce(callId: CallId, announcement: Announcement): Promise<void> {
    const problem = announcementProblem(announcement);
    if (problem) throw this.runner.refuse('announce', 'invalid-input', problem, callId);
    const s = this.calls.active(callId);
    if (!s) return;
    const said = { language: announcement.language, prompts: [...announcement.prompts] };
    await this.runner.run(s, 'announce', async () => {
      if (await announce(this.ctx, s, said)) this.emit({ type: 'announced', callId, announcement: said });
    });
  }

  async offer(callId: CallId, offer: OfferRequest): Promise<void> {
    if (!offer || typeof offer.offerId !== 'string' || !offer.offerId || typeof offer.contact !== 'string' || !(offer.ringTimeoutMs >= 0)) {
      throw this.runner.refuse('offer', 'invalid-input', 'offer needs an offerId, a contact and a ring timeout', callId);
    }
    const s = this.calls.active(callId);
    if (!s) return;
    inCall({ callId, owner: this }, () => startOffer(this.ctx, s, offer));
  }

  async cancelOffer(callId: CallId, offerId: OfferId): Promise<void> {
    const s = this.calls.get(callId);
    if (!s) return;
    const ringing = s.offers.get(offerId);
    if (ringing) return inCall({ callId, owner: this }, () => abortOffer(this.ctx, s, ringing, 'cancelled'));
    if (s.active && s.seat?.offerId === offerId) {
      // The answer crossed the bridge's withdrawal: take the seat off the caller again (telephony-port.ts).
      await this.runner.run(s, 'cancelOffer', async () => {
        await releaseSeat(this.ctx, s, s.language);
        s.log.info({ offerId }, 'answered offer withdrawn by the bridge; seat hung up, caller waiting again');
        this.emit({ type: 'seat-failed', callId, offerId, reason: 'cancelled' });
      });
    }
  }

  async hold(callId: CallId, language: string): Promise<void> {
    const s = this.calls.active(callId);
    if (s) await this.runner.run(s, 'hold', () => hold(this.ctx, s, language));
  }

  async resume(callId: CallId): Promise<void> {
    const s = this.calls.active(callId);
    if (s) await this.runner.run(s, 'resume', () => resume(this.ctx, s));
  }

  async releaseSeat(callId: CallId, language: string): Promise<void> {
    const s = this.calls.active(callId);
    if (s) await this.runner.run(s, 'releaseSeat', () => releaseSeat(this.ctx, s, language));
  }

  async transferOut(callId: CallId, destination: string): Promise<void> {
    const s = this.calls.active(callId);
    if (s) await this.runner.run(s, 'transferOut', () => transferOut(this.ctx, s, String(destination)));
  }

  async conference(callId: CallId, destination: string): Promise<void> {
    const s = this.calls.active(callId);
    if (s) await this.runner.run(s, 'conference', () => conference(this.ctx, s, String(destination)));
  }

  async dropThirdParty(callId: CallId, destination: string): Promise<void> {
    const s = this.calls.active(callId);
    if (s) await this.runner.run(s, 'dropThirdParty', async () => dropThirdParty(this.ctx, s, String(destination)));
  }

  async supervise(callId: CallId, request: SupervisionRequest): Promise<void> {
    const s = this.calls.active(callId);
    // Not a media change of the call (the caller's and agent's legs are untouched): no exclusive turn.
    if (s) await inCall({ callId, owner: this }, () => supervise(this.ctx, s, request));
  }

  async setSupervisionMode(callId: CallId, supervisionId: string, mode: SupervisionMode): Promise<void> {
    const s = this.calls.active(callId);
    if (s) await inCall({ callId, owner: this }, () => setSupervisionMode(this.ctx, s, String(supervisionId), mode));
  }

  async endSupervision(callId: CallId, supervisionId: string): Promise<void> {
    const leg = this.calls.get(callId)?.supervisors.get(String(supervisionId));
    const s = this.calls.get(callId);
    if (s && leg) endSupervision(this.ctx, s, leg, 'left');
  }

  async hangup(callId: CallId, reason: EndReason): Promise<void> {
    // Never queued behind another command: tearing down is synchronous and cannot wait on FreeSWITCH.
    const s = this.calls.get(callId);
    if (s) this.endCall(s, reason);
  }

  // ── teardown and bookkeeping ─────────────────────────────────────────────────────────────────

  private endCall(s: CallSession, reason: EndReason): void {
    if (s.ended) return;
    const wasDetached = s.phase === CallPhase.Detached;
    s.endReason = reason;
    s.to(CallPhase.Ended);
    s.markAnchored(false);
    // Leads leave first, so the bridge hears supervision-ended before call-ended.
    endSupervisions(this.ctx, s, wasDetached ? 'seat-gone' : 'call-ended');
    for (const o of [...s.offers.values()]) abortOffer(this.ctx, s, o, 'cancelled', true);
    const seat = s.seat;
    s.seat = undefined;
    const parties = s.thirdParties.splice(0);
    this.calls.remove(s);
    s.log.info({ reason, afterTransfer: wasDetached || undefined }, 'call ended');
    if (!s.reportedEnded) {
      s.reportedEnded = true;
      this.emit({ type: 'call-ended', callId: s.callId, reason });
    }
    // The BYEs and hang-ups leave after call-ended has been delivered: the freed seat's next offer
    // (decided in that delivery) reaches drachtio-server before them, not queued behind three requests.
    this.afterDelivery(() => {
      if (seat) releaseLeg(this.ctx, seat);
      for (const leg of parties) releaseLeg(this.ctx, leg);
      this.calls.release(s.callerEp);
      if (reason !== 'caller-hangup') releaseDialog(s.uas);
      if (s.res && !s.answered && !s.res.finalResponseSent && reason !== 'caller-hangup') {
        try {
          s.res.send(reason === 'media-failure' ? 503 : 480);
        } catch {
          // transaction already gone
        }
      }
    });
  }

  /** Runs `work` once the events queued so far have been delivered (at once after them, in the same tick). */
  private afterDelivery(work: () => void): void {
    this.pendingTeardown.push(work);
    this.scheduleDelivery();
  }

  private runTeardowns(): void {
    for (const work of this.pendingTeardown.splice(0)) {
      try {
        work();
      } catch (err) {
        this.log.error({ err: String(err) }, 'tearing a call down threw');
      }
    }
  }

  private drachtioClosed(): void {
    // A deliberate stop() closes the connection too: that is not an outage.
    if (this.drachtioUp && this.started) this.log.error('drachtio connection lost; reconnecting');
    else if (this.drachtioUp) this.log.info('drachtio connection closed');
    this.drachtioUp = false;
    this.drachtioDownSince = this.clock.now();
    // Responses to INVITEs sent on the lost connection can never reach us: those offers are over.
    for (const s of this.calls.all()) for (const o of s.ringingOffers()) if (o.invite) abandonOffer(this.ctx, s, o, 'unreachable');
  }

  /** A probe found a phone's dialog gone: the call ends as if its BYE had arrived. */
  private dialogGone(s: CallSession, role: PhoneRole, dialog: SrfDialog): void {
    this.counters.deadDialogsFound++;
    // drachtio-srf still holds it (its BYE never reached us); a destroy lets it go (the BYE itself is refused).
    if (dialog instanceof AdoptedDialog) dialog.forget();
    else dialog.destroy().catch(() => undefined);
    if (role === 'supervisor') {
      // The lead put the phone down while drachtio was reconnecting: only the lead's leg goes.
      const leg = [...s.supervisors.values()].find((l) => l.dialog === dialog);
      if (leg) endSupervision(this.ctx, s, leg, 'lead-hangup');
      return;
    }
    if (role === 'third-party' && s.phase === CallPhase.Conference) {
      const leg = s.thirdParties.find((t) => t.dialog === dialog);
      if (leg) {
        s.thirdParties.splice(s.thirdParties.indexOf(leg), 1);
        this.calls.release(leg.ep);
      }
      return;
    }
    this.endCall(s, endReasonFor(role, s));
  }

  /** FreeSWITCH ended a channel we still needed (media timeout, restart). */
  private endpointLost(s: CallSession, role: LegRole, ep: EndpointLike, cause: string | undefined): void {
    if (s.ended) return;
    if (role === 'supervisor') return supervisorLost(this.ctx, s, ep);
    if (ep instanceof SwitchChannel && !ep.dialog && (role === 'caller' || s.seat?.ep === ep)) {
      // A taken-over leg: FreeSWITCH ended it (media timeout once the phone went quiet, or a kill).
      s.log.info({ role, cause: ep.hangupCause }, 'a taken-over channel ended');
      this.endCall(s, role === 'caller' ? 'caller-hangup' : 'seat-hangup');
      return;
    }
    if (role === 'caller' || s.seat?.ep === ep) {
      // The cause tells a switch-side hang-up (MEDIA_TIMEOUT, a kill) from a lost control connection (none).
      s.log.warn({ role, uuid: ep.uuid, cause: cause ?? 'FreeSWITCH control connection lost' }, 'media channel ended unexpectedly');
      this.endCall(s, 'media-failure');
    }
  }

  private musicFor(language: string): string {
    const m = this.cfg.holdMusic;
    return m[language] ?? m.zh ?? Object.values(m)[0] ?? 'local_stream://moh';
  }

  private esl(): SwitchAccess | undefined {
    const ms = this.media.current();
    return ms
      ? { conn: ms.conn, clock: this.clock, timeoutMs: this.cfg.commandTimeoutMs, completions: this.media.completions, laneFor: (uuid) => this.media.lanes.laneFor(uuid) }
      : undefined;
  }

  /** Hang a channel up over the event socket (its SIP dialog is gone or unusable). */
  private async kill(uuid: string): Promise<void> {
    const esl = this.esl();
    if (!esl) return; // the reconciler finds it once FreeSWITCH is back
    await killChannel(esl, uuid).catch((err: unknown) => this.log.warn({ uuid, err: String(err) }, 'could not hang up a channel over ESL'));
  }

  private emit(event: TelephonyEvent): void {
    this.queue.push(event);
    this.scheduleDelivery();
  }

  private scheduleDelivery(): void {
    if (this.delivering) return;
    this.delivering = true;
    setImmediate(() => this.deliver());
  }

  private deliver(): void {
    while (this.queue.length) {
      const e = this.queue.shift() as TelephonyEvent;
      try {
        this.events.emit('event', e);
      } catch (err) {
        this.log.error({ err: String(err), type: e.type }, 'telephony listener threw');
      }
    }
    this.delivering = false;
    this.runTeardowns();
  }

  private async waitUntil(cond: () => boolean, ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (!cond() && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  }
}

/** BYE to a phone's dialog if it is up; a dialog already gone is fine (guarded, logged at debug). */
function releaseDialog(dialog: SrfDialog | undefined): void {
  if (dialog?.connected) dialog.destroy().catch(() => undefined);
}

export function createDrachtioTelephony(opts: DrachtioTelephonyOptions): TelephonyPort {
  return new DrachtioTelephony(opts);
}
