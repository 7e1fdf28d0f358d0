/**
 * CallCenter events → desktops. Who gets what:
 *   offer            → the offered seat, with its screen-pop (assembled once, see offer-pops.ts); as
 *                      `call-pop` instead when the seat's phone answered before the pop was ready
 *   offer-withdrawn  → that seat
 *   seat             → that seat and the leads
 *   call             → the handling seat and the leads with the full caller number; a seat the call has
 *                      left (re-queued, missed, rejected) with the number masked
 *   centre-mode      → everybody
 *   audit            → the leads (and kept, the last few hundred, for their snapshots)
 *   wallboard        → the leads, at most once per interval, only when something moved or calls wait
 */
import type { Logger } from 'pino';
import type { Clock } from '../domain/clock.js';
import { CallState, type AuditEntry, type CallCenter, type CallCenterEvent, type SupervisionView } from '../calls/call-center-api.js';
import { maskNumber, type SeatId } from '../domain/types.js';
import type { CallPayload } from './events.js';
import type { HubServer } from './hub-types.js';
import type { OfferPops } from './offer-pops.js';
import { LEADS_ROOM, seatRoom } from './rooms.js';

const FINAL: ReadonlySet<CallState> = new Set([CallState.Ended, CallState.Abandoned, CallState.Transferred]);

export interface FanoutOptions {
  io: HubServer;
  callCenter: CallCenter;
  offers: OfferPops;
  clock: Pick<Clock, 'now' | 'setTimeout'>;
  wallboardIntervalMs: number;
  auditKeep: number;
  logger: Logger;
}

export class EventFanout {
  private readonly audit: AuditEntry[] = [];
  /** Last seat that handled each live call, so it hears (masked) where the call went. */
  private readonly lastSeat = new Map<string, SeatId>();
  /** Supervisions the agent's desktop was told about (it hears when they end or become hidden). */
  private readonly shownToSeat = new Set<string>();
  private dirty = true;
  /** What of the service level was last pushed (see schedule). */
  private serviceKey = '';
  private timer: { cancel(): void } | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly o: FanoutOptions) {}

  start(): void {
    this.unsubscribe = this.o.callCenter.on((e) => {
      try {
        this.route(e);
      } catch (err) {
        // One bad event must not stop the stream to every desktop.
        this.o.logger.error({ err, type: e.type }, 'fan-out failed for an event');
      }
    });
    this.schedule();
  }

  stop(): void {
    this.unsubscribe?.();
    this.timer?.cancel();
    this.timer = undefined;
  }

  recentAudit(limit: number): AuditEntry[] {
    return this.audit.slice(-limit);
  }

  private route(e: CallCenterEvent): void {
    const { io } = this.o;
    switch (e.type) {
      case 'offer': {
        this.o.offers.offered(e.seatId, e, e.at);
        void this.o.offers.settle(e.seatId).then(
          (r) => {
            if (r && 'offer' in r && r.offer.offerId === e.offerId) io.to(seatRoom(e.seatId)).emit('offer', r.offer);
            else if (r && 'callPop' in r && r.callPop.callId === e.call.id) io.to(seatRoom(e.seatId)).emit('call-pop', r.callPop);
          },
          (err: unknown) => this.o.logger.error({ err, callId: e.call.id, seatId: e.seatId }, 'offer push failed'),
        );
        break;
      }
      case 'offer-withdrawn':
        this.o.offers.withdrawn(e.seatId, e.offerId);
        io.to(seatRoom(e.seatId)).emit('offer-withdrawn', { offerId: e.offerId, callId: e.callId, reason: e.reason });
        break;
      case 'seat':
        io.to(seatRoom(e.seat.id)).to(LEADS_ROOM).emit('seat', { seat: e.seat });
        this.dirty = true;
        break;
      case 'call':
        this.call(e);
        this.dirty = true;
        break;
      case 'centre-mode':
        io.emit('centre-mode', { mode: e.mode, preset: e.preset, reason: e.reason, since: e.at, by: e.by });
        this.dirty = true;
        break;
      case 'drain':
        io.emit('drain', e.drain);
        this.dirty = true;
        break;
      case 'supervision':
        this.supervision(e.supervision);
        break;
      case 'audit':
        this.audit.push(e.entry);
        if (this.audit.length > this.o.auditKeep) this.audit.splice(0, this.audit.length - this.o.auditKeep);
        io.to(LEADS_ROOM).emit('audit', { entry: e.entry });
        break;
    }
  }

  /** Leads see every supervision; the agent only what the centre setting shows (a silent listen stays silent). */
  private supervision(v: SupervisionView): void {
    const { io } = this.o;
    io.to(LEADS_ROOM).emit('supervision', v);
    const show = v.agentSees && v.state !== 'ended';
    if (!show && !this.shownToSeat.has(v.id)) return;
    if (show) this.shownToSeat.add(v.id);
    else this.shownToSeat.delete(v.id);
    io.to(seatRoom(v.seatId)).emit('supervised', { supervisionId: v.id, callId: v.callId, mode: v.mode, leadName: v.leadName, active: show });
  }

  private call(e: Extract<CallCenterEvent, { type: 'call' }>): void {
    const { io } = this.o;
    const { call } = e;
    const handler = call.seatId;
    const full: CallPayload = { kind: e.kind, at: e.at, call };
    (handler ? io.to(LEADS_ROOM).to(seatRoom(handler)) : io.to(LEADS_ROOM)).emit('call', full);

    const others = new Set<SeatId>();
    for (const s of [e.seatId, this.lastSeat.get(call.id)]) if (s && s !== handler) others.add(s);
    if (others.size) {
      const masked: CallPayload = { ...full, call: { ...call, callerNumber: maskNumber(call.callerNumber) } };
      io.to([...others].map(seatRoom)).emit('call', masked);
    }
    if (FINAL.has(call.state)) this.lastSeat.delete(call.id);
    else if (handler) this.lastSeat.set(call.id, handler);
  }

  /** Wallboard pump: one computation per interval, pushed when anything moved or calls are waiting. */
  private schedule(): void {
    this.timer = this.o.clock.setTimeout(() => {
      try {
        const wb = this.o.callCenter.wallboard(this.o.clock.now());
        // On a quiet centre calls still age out of the rolling window and shifts change: an alert that
        // clears (or a new shift) is pushed even when no event moved.
        const s = wb.service;
        const serviceKey = `${s.windows.rolling.arrived}/${s.windows.rolling.shortAbandons}/${s.windows.shift.from}/${s.windows.today.from}/${s.alerts.map((a) => `${a.window}:${a.figure}`).join()}`;
        if (this.dirty || wb.waitingTotal > 0 || serviceKey !== this.serviceKey) this.o.io.to(LEADS_ROOM).emit('wallboard', wb);
        this.dirty = false;
        this.serviceKey = serviceKey;
      } catch (err) {
        this.o.logger.error({ err }, 'wallboard computation failed');
      }
      if (this.timer) this.schedule();
    }, this.o.wallboardIntervalMs);
  }
}
