/**
 * Screen-pops of the offers ringing right now, one per seat.
 *
 * The pop is assembled once per offer (history lookups are audit-logged views, not free) and kept until
 * the offer ends, so a desktop that reconnects mid-ring gets the same pop in its snapshot at once.
 * An offer is never held back by its pop: when the assembler fails, the agent still gets the call facts
 * (who, which number, language, desk, reasons) with history marked unavailable.
 */
import type { Logger } from 'pino';
import { CallState, type CallCenter, type CallView, type ContactMode } from '../calls/call-center-api.js';
import type { HotlineConfig } from '../config/schema.js';
import type { ScreenPop, ScreenPopAssembler } from '../history/history-ports.js';
import type { SeatId } from '../domain/types.js';
import type { CallPopPayload, OfferPayload } from './events.js';
import { transferNote } from '../pop/transfer-note.js';

export interface OfferFacts {
  offerId: string;
  contactMode: ContactMode;
  ringTimeoutMs: number;
  call: CallView;
}

interface Entry {
  offerId: string;
  offeredAt: number;
  ringTimeoutMs: number;
  contactMode: ContactMode;
  callId: string;
  pop: Promise<ScreenPop>;
}

export class OfferPops {
  private readonly bySeat = new Map<SeatId, Entry>();

  constructor(
    private readonly deps: {
      callCenter: CallCenter;
      pop: ScreenPopAssembler;
      config: Pick<HotlineConfig, 'desks' | 'seats'>;
      now: () => number;
      logger: Logger;
    },
  ) {}

  /** Starts assembling the pop of a new offer (idempotent per offer id). */
  offered(seatId: SeatId, offer: OfferFacts, at: number): void {
    if (this.bySeat.get(seatId)?.offerId === offer.offerId) return;
    this.bySeat.set(seatId, {
      offerId: offer.offerId,
      offeredAt: at,
      ringTimeoutMs: offer.ringTimeoutMs,
      contactMode: offer.contactMode,
      callId: offer.call.id,
      pop: this.assemble(seatId, offer, at),
    });
  }

  withdrawn(seatId: SeatId, offerId: string): void {
    if (this.bySeat.get(seatId)?.offerId === offerId) this.bySeat.delete(seatId);
  }

  /**
   * The payload to push for the seat's current offer, or null when no offer rings it (any more).
   * Re-checked against the call centre after the pop is ready: an offer answered or withdrawn meanwhile
   * must not pop up on the desktop late.
   */
  async payload(seatId: SeatId): Promise<OfferPayload | null> {
    const r = await this.settle(seatId);
    return r && 'offer' in r ? r.offer : null;
  }

  /**
   * What to push once the seat's pop is ready: the offer while it still rings; the call's pop when this
   * seat's phone answered meanwhile (the agent must still see who is on the line); nothing when the
   * offer was withdrawn or another seat took the call.
   */
  async settle(seatId: SeatId): Promise<{ offer: OfferPayload } | { callPop: CallPopPayload } | null> {
    const pending = this.deps.callCenter.pendingOffer(seatId);
    // An offer we did not see start (hub restarted mid-ring): assemble it now.
    if (pending && this.bySeat.get(seatId)?.offerId !== pending.offerId) this.offered(seatId, pending, this.deps.now());
    const entry = this.bySeat.get(seatId);
    if (!entry) return null;
    const pop = await entry.pop;
    const still = this.deps.callCenter.pendingOffer(seatId);
    if (still?.offerId !== entry.offerId) {
      if (!still && this.bySeat.get(seatId) === entry) this.bySeat.delete(seatId);
      const call = this.deps.callCenter.call(entry.callId);
      const answeredHere = call?.seatId === seatId && (call.state === CallState.Connected || call.state === CallState.Held);
      return answeredHere ? { callPop: { callId: entry.callId, pop } } : null;
    }
    const left = Math.max(0, entry.ringTimeoutMs - (this.deps.now() - entry.offeredAt));
    return { offer: { offerId: entry.offerId, callId: entry.callId, ringTimeoutMs: left, contactMode: entry.contactMode, pop } };
  }

  /**
   * The pop of the call the seat is already handling, for a desktop that reloads mid-call: the agent
   * must still see who is on the line. Assembled afresh (and audit-logged as a view like any other).
   */
  async callPop(seatId: SeatId, call: CallView): Promise<ScreenPop> {
    const offer: OfferFacts = { offerId: `current-${call.id}`, contactMode: call.contactMode ?? 'office', ringTimeoutMs: 0, call };
    const pop = await this.assemble(seatId, offer, this.deps.now());
    // The caller's wait ended when the seat answered, not when the desktop reloaded.
    if (call.answeredAt !== undefined) pop.call.waitSeconds = Math.max(0, Math.round((call.answeredAt - call.arrivedAt) / 1000));
    return pop;
  }

  private async assemble(seatId: SeatId, offer: OfferFacts, at: number): Promise<ScreenPop> {
    try {
      return await this.deps.pop.assemble({
        call: offer.call,
        offerId: offer.offerId,
        seatId,
        contactMode: offer.contactMode,
        viewer: seatId,
        viewerRole: 'agent',
        now: at,
      });
    } catch (err) {
      this.deps.logger.error({ err, callId: offer.call.id, seatId }, 'screen-pop assembly failed; offering with call facts only');
      return this.factsOnly(seatId, offer, at);
    }
  }

  private factsOnly(seatId: SeatId, offer: OfferFacts, at: number): ScreenPop {
    const c = offer.call;
    return {
      callId: c.id,
      offerId: offer.offerId,
      seatId,
      call: {
        dialledNumber: c.dialledNumber,
        didLabel: c.didLabel,
        callerNumber: c.callerNumber, // the offered seat is the handling seat
        callerDisplayName: c.callerDisplayName,
        callerVerified: c.callerVerified,
        language: c.target.language,
        languageStrength: c.target.languageStrength,
        desk: c.target.desk,
        deskName: this.deps.config.desks.find((d) => d.id === c.target.desk)?.name ?? c.target.desk,
        priority: c.target.priority,
        waitSeconds: Math.max(0, Math.round((at - c.arrivedAt) / 1000)),
        reasons: c.target.reasons,
        contactMode: offer.contactMode,
      },
      caller: null,
      firstContact: false,
      contacts: [],
      tickets: [],
      flags: [],
      workOrderHistoryUnavailable: true,
      missing: ['history', 'tickets'],
      ...(transferNote(c, this.deps.config) ? { transferredFrom: transferNote(c, this.deps.config) } : {}),
    };
  }
}
