/**
 * The real TelephonyPort: SIP through drachtio-server (drachtio-srf 5), media through FreeSWITCH
 * (drachtio-fsmrf 4.1 on drachtio-modesl 1.3). It owns the connections and the call registry and
 * dispatches the bridge's commands to the call-flow modules; it never makes a routing decision.
 *
 * Resilience: drachtio-srf reconnects with `reconnect.retryMaxDelay` (an `error` listener is
 * registered, or the library misbehaves); the event socket reconnects in MediaConnection. While
 * FreeSWITCH is unreachable every new INVITE is answered 503 at once and health() says so.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import SrfModule from 'drachtio-srf';
import MrfModule from 'drachtio-fsmrf';
import { systemClock, type Clock } from '../clock.js';
import { maskNumber } from '../mask-number.js';
import type {
  CallId,
  EndReason,
  OfferId,
  OfferRequest,
  TelephonyEvent,
  TelephonyHealth,
  TelephonyListener,
  TelephonyPort,
} from '../telephony-port.js';
import type { AdapterContext, LegRole } from './adapter-context.js';
import { anchorCaller } from './anchor-caller.js';
import { CallPhase, CallSession } from './call-session.js';
import { CallRegistry } from './call-registry.js';
import { parseInbound } from './inbound-call.js';
import type { EndpointLike, SrfLike, SrfRequest, SrfResponse } from './library-types.js';
import { MediaConnection } from './media-connection.js';
import { hold, playToCaller, releaseLeg, releaseSeat, resume } from './media-control.js';
import { abandonOffer, startOffer } from './offer-seat.js';
import { drachtioOptionsSchema, type DrachtioTelephonyOptions, type ResolvedDrachtioConfig } from './options.js';
import { conference, transferOut } from './third-party.js';
import { TrustedTrunks } from './trusted-trunks.js';

/** Methods answered 405: the product serves calls, nothing else. */
const REFUSED_METHODS = ['message', 'subscribe', 'register', 'publish', 'notify', 'refer', 'info', 'update', 'prack'];
const ALLOW = 'INVITE, ACK, CANCEL, BYE, OPTIONS';

export class DrachtioTelephony implements TelephonyPort {
  private readonly cfg: ResolvedDrachtioConfig;
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly trunks: TrustedTrunks;
  private readonly events = new EventEmitter();
  private readonly queue: TelephonyEvent[] = [];
  private draining = false;
  private readonly calls: CallRegistry;
  private readonly srf: SrfLike;
  private readonly media: MediaConnection;
  private drachtioUp = false;
  private drachtioDownSince: number | undefined;
  private started = false;
  private readonly ctx: AdapterContext;

  constructor(opts: DrachtioTelephonyOptions) {
    const { logger, clock, ...config } = opts;
    this.cfg = drachtioOptionsSchema.parse(config);
    this.log = logger;
    this.clock = clock ?? systemClock;
    this.trunks = new TrustedTrunks(this.cfg.trustedTrunks);
    this.drachtioDownSince = this.clock.now();
    this.srf = new (SrfModule as unknown as new () => SrfLike)();
    const mrf = new (MrfModule as unknown as new (srf: SrfLike) => unknown)(this.srf);
    this.media = new MediaConnection(mrf, this.cfg, this.clock, this.log.child({ link: 'freeswitch' }), () => undefined);
    this.events.setMaxListeners(0);
    this.calls = new CallRegistry((s, role, ep) => this.endpointLost(s, role, ep));
    const self = this;
    this.ctx = {
      srf: this.srf,
      cfg: this.cfg,
      clock: this.clock,
      media: () => this.media.current(),
      emit: (e) => this.emit(e),
      track: (ep, s, role) => this.calls.track(ep, s, role),
      releaseEndpoint: (ep) => this.calls.release(ep),
      endCall: (s, reason) => self.endCall(s, reason),
      musicFor: (lang) => this.musicFor(lang),
    };
    this.installRoutes();
  }

  on(listener: TelephonyListener): () => void {
    this.events.on('event', listener);
    return () => this.events.off('event', listener);
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const d = this.cfg.drachtio;
    const srf = this.srf;
    srf.on('error', (err: unknown) => this.log.warn({ err: String((err as Error)?.message ?? err) }, 'drachtio connection error'));
    srf.on('reconnecting', (info: unknown) => this.log.debug({ info }, 'reconnecting to drachtio'));
    srf.on('close', () => {
      // A deliberate stop() closes the connection too: that is not an outage.
      if (this.drachtioUp && this.started) this.log.error('drachtio connection lost; reconnecting');
      else if (this.drachtioUp) this.log.info('drachtio connection closed');
      this.drachtioUp = false;
      this.drachtioDownSince = this.clock.now();
      // Responses to INVITEs sent on the lost connection can never reach us: those offers are over.
      for (const s of this.calls.all()) for (const o of s.ringingOffers()) if (o.invite) abandonOffer(this.ctx, s, o, 'unreachable');
    });
    srf.on('connect', (err: unknown, hostport: unknown) => {
      if (err) {
        this.log.error({ err: String(err) }, 'drachtio refused the connection (secret?)');
        return;
      }
      this.drachtioUp = true;
      this.drachtioDownSince = undefined;
      const moved = this.rebindDialogs();
      this.log.info({ hostport, dialogsMoved: moved || undefined }, 'connected to drachtio');
    });
    srf.connect({ host: d.host, port: d.port, secret: d.secret, reconnect: { retryMaxDelay: this.cfg.reconnectMaxDelayMs } });
    this.media.start();
    await this.waitUntil(() => this.drachtioUp && this.media.isUp, this.cfg.startTimeoutMs);
    if (!this.health().ok) this.log.warn({ health: this.health().detail }, 'telephony started degraded; still retrying');
  }

  async stop(): Promise<void> {
    for (const s of this.calls.all()) this.endCall(s, 'bridge-hangup');
    await new Promise((r) => setTimeout(r, 50));
    this.started = false;
    this.media.stop();
    try {
      this.srf.disconnect();
    } catch {
      // not connected
    }
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
    return {
      ok: problems.length === 0,
      detail: problems.length ? problems.join('; ') : `drachtio and FreeSWITCH connected; ${this.calls.size} call(s)`,
      liveChannels: this.calls.liveChannels,
    };
  }

  // ── commands ─────────────────────────────────────────────────────────────────────────────────

  async playQueueMusic(callId: CallId, language: string): Promise<void> {
    const s = this.calls.active(callId);
    if (!s) return;
    s.language = language;
    if (!(await s.anchored) || s.seat || s.ringingOffers().length > 0) return;
    playToCaller(this.ctx, s, 'music');
  }

  async offer(callId: CallId, offer: OfferRequest): Promise<void> {
    const s = this.calls.active(callId);
    if (!s) return;
    startOffer(this.ctx, s, offer);
  }

  async cancelOffer(callId: CallId, offerId: OfferId): Promise<void> {
    this.calls.get(callId)?.offers.get(offerId)?.abort('cancelled');
  }

  async hold(callId: CallId, language: string): Promise<void> {
    await this.guard(callId, 'hold', (s) => hold(this.ctx, s, language));
  }

  async resume(callId: CallId): Promise<void> {
    await this.guard(callId, 'resume', (s) => resume(this.ctx, s));
  }

  async releaseSeat(callId: CallId, language: string): Promise<void> {
    await this.guard(callId, 'release seat', (s) => releaseSeat(this.ctx, s, language));
  }

  async transferOut(callId: CallId, destination: string): Promise<void> {
    await this.guard(callId, 'transfer out', (s) => transferOut(this.ctx, s, destination));
  }

  async conference(callId: CallId, destination: string): Promise<void> {
    await this.guard(callId, 'conference', (s) => conference(this.ctx, s, destination));
  }

  async hangup(callId: CallId, reason: EndReason): Promise<void> {
    const s = this.calls.get(callId);
    if (s) this.endCall(s, reason);
  }

  // ── inbound SIP ──────────────────────────────────────────────────────────────────────────────

  private installRoutes(): void {
    this.srf.invite((req, res) => this.onInvite(req, res));
    this.srf.use('options', (_req, res) => res.send(200, { headers: { Allow: ALLOW } }));
    // A BYE or CANCEL that reaches here matches no dialog / transaction of ours.
    this.srf.use('bye', (_req, res) => res.send(481));
    for (const m of REFUSED_METHODS) {
      this.srf.use(m, (req, res) => {
        this.log.info({ method: req.method, from: req.source_address }, 'refused SIP method');
        res.send(405, { headers: { Allow: ALLOW } });
      });
    }
  }

  private onInvite(req: SrfRequest, res: SrfResponse): void {
    const to = req.get('To') ?? '';
    if (/;\s*tag=/i.test(to)) {
      // A re-INVITE for a dialog we do not know (ours are routed to their dialog first).
      res.send(481);
      return;
    }
    if (!this.media.isUp) {
      this.log.warn({ from: req.source_address }, 'INVITE refused: FreeSWITCH unreachable');
      res.send(503, { headers: { 'Retry-After': '10' } });
      return;
    }
    const callId = randomUUID();
    let parsed: ReturnType<typeof parseInbound>;
    try {
      parsed = parseInbound(req, { callId, now: this.clock.now(), trunks: this.trunks, displayNameMax: this.cfg.displayNameMax });
    } catch (err) {
      parsed = { ok: false, status: 400, reason: 'Bad Request' };
      this.log.warn({ err: String(err) }, 'unparseable INVITE');
    }
    if (!parsed.ok) {
      this.log.info({ status: parsed.status, reason: parsed.reason, from: req.source_address }, 'INVITE rejected');
      res.send(parsed.status, parsed.reason);
      return;
    }
    const call = parsed.call;
    const log = this.log.child({ callId });
    const s = new CallSession(callId, call, req, res, log);
    this.calls.add(s);
    // First thing: a CANCEL during anchoring must release whatever anchoring has created.
    req.on('cancel', () => {
      log.info({ phase: s.phase }, 'caller cancelled');
      this.endCall(s, 'caller-hangup');
    });
    log.info(
      {
        caller: maskNumber(call.callerNumber),
        dialled: call.dialledNumber,
        trunk: call.trunk,
        verified: call.callerVerified,
        hints: call.hints,
        droppedHints: parsed.droppedHints.length ? parsed.droppedHints : undefined,
      },
      'call arrived',
    );
    this.emit({ type: 'call-arrived', call });
    void anchorCaller(this.ctx, s);
  }

  // ── teardown and bookkeeping ─────────────────────────────────────────────────────────────────

  private endCall(s: CallSession, reason: EndReason): void {
    if (s.ended) return;
    const wasDetached = s.phase === CallPhase.Detached;
    s.endReason = reason;
    s.to(CallPhase.Ended);
    s.markAnchored(false);
    for (const o of s.ringingOffers()) o.abort('cancelled', true);
    if (s.seat) releaseLeg(this.ctx, s.seat);
    s.seat = undefined;
    for (const leg of s.thirdParties.splice(0)) releaseLeg(this.ctx, leg);
    this.calls.release(s.callerEp);
    if (s.uas?.connected && reason !== 'caller-hangup') s.uas.destroy().catch(() => undefined);
    if (!s.answered && !s.res.finalResponseSent && reason !== 'caller-hangup') {
      try {
        s.res.send(reason === 'media-failure' ? 503 : 480);
      } catch {
        // transaction already gone
      }
    }
    this.calls.remove(s);
    s.log.info({ reason, afterTransfer: wasDetached || undefined }, 'call ended');
    if (!s.reportedEnded) {
      s.reportedEnded = true;
      this.emit({ type: 'call-ended', callId: s.callId, reason });
    }
  }

  /**
   * drachtio-server keeps dialogs across an application reconnect, but drachtio-srf's dialogs keep
   * the dead socket and could never send BYE again: move them to the new connection.
   */
  private rebindDialogs(): number {
    const internals = this.srf as unknown as {
      _dialogs?: Map<string, { req?: { socket?: { destroyed?: boolean } } }>;
      _app?: { client?: { _getDefaultSocket?: () => unknown } };
    };
    const socket = internals._app?.client?._getDefaultSocket?.();
    if (!socket || !internals._dialogs) return 0;
    let moved = 0;
    for (const d of internals._dialogs.values()) {
      if (d.req?.socket?.destroyed) {
        (d.req as { socket: unknown }).socket = socket;
        moved++;
      }
    }
    return moved;
  }

  /** FreeSWITCH ended a channel we still needed (media timeout, restart). */
  private endpointLost(s: CallSession, role: LegRole, ep: EndpointLike): void {
    if (s.ended) return;
    if (role === 'caller' || s.seat?.ep === ep) {
      s.log.warn({ role }, 'media channel ended unexpectedly');
      this.endCall(s, 'media-failure');
    }
  }

  private musicFor(language: string): string {
    const m = this.cfg.holdMusic;
    return m[language] ?? m.zh ?? Object.values(m)[0] ?? 'local_stream://moh';
  }

  private async guard(callId: CallId, what: string, fn: (s: CallSession) => Promise<void>): Promise<void> {
    const s = this.calls.active(callId);
    if (!s) return;
    try {
      await fn(s);
    } catch (err) {
      if (s.ended) return;
      s.log.error({ err: String(err) }, `${what} failed`);
      if (!s.callerEp?.connected) this.endCall(s, 'media-failure');
    }
  }

  private emit(event: TelephonyEvent): void {
    this.queue.push(event);
    if (this.draining) return;
    this.draining = true;
    setImmediate(() => {
      while (this.queue.length) {
        const e = this.queue.shift() as TelephonyEvent;
        try {
          this.events.emit('event', e);
        } catch (err) {
          this.log.error({ err: String(err), type: e.type }, 'telephony listener threw');
        }
      }
      this.draining = false;
    });
  }

  private async waitUntil(cond: () => boolean, ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (!cond() && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  }
}

export function createDrachtioTelephony(opts: DrachtioTelephonyOptions): TelephonyPort {
  return new DrachtioTelephony(opts);
}
