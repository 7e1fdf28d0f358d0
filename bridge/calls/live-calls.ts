/**
 * What the coordinator knows about each call beyond the ACD's queue facts: the caller, the number-plan
 * label, the offer ringing now, transfers, and a per-call pino logger carrying the call id (number masked).
 * Closed calls stay viewable for a while (GET /api/calls/:id after the call).
 */
import type { Logger } from 'pino';
import type { InboundCall, OfferId } from '../../telephony/telephony-port.js';
import type { Acd } from '../acd/acd.js';
import type { RoutingTarget, SeatId } from '../domain/types.js';
import { maskNumber } from '../domain/types.js';
import { CallState, type CallView, type ContactMode, type TransferFact } from './call-center-api.js';

export interface PendingOffer {
  offerId: OfferId;
  seatId: SeatId;
  contact: string;
  contactMode: ContactMode;
  ringTimeoutMs: number;
}

export interface CallRecord {
  inbound: InboundCall;
  didLabel: string;
  /** Undefined while routing is in progress. */
  target?: RoutingTarget;
  log: Logger;
  answeredAt?: number;
  endedAt?: number;
  closedState?: CallState;
  lastSeatId?: SeatId;
  lastContactMode?: ContactMode;
  offer?: PendingOffer;
  transfers: number;
  conferenceWith?: string;
  /** Destination of a transfer out awaiting the telephony's confirmation. */
  pendingTransferOut?: string;
  lastTransfer?: TransferFact;
  endReason?: string;
  /** The caller hung up while routing was still running. */
  endedWhileRouting?: boolean;
}

const KEEP_CLOSED = 2000;

export class LiveCalls {
  private readonly live = new Map<string, CallRecord>();
  private readonly closed = new Map<string, CallRecord>();
  private offerSeq = 0;

  constructor(
    private readonly logger: Logger,
    private readonly acd: Acd,
    private readonly routingPlaceholder: () => RoutingTarget,
  ) {}

  open(inbound: InboundCall): CallRecord {
    const rec: CallRecord = {
      inbound,
      didLabel: inbound.dialledNumber,
      log: this.logger.child({ callId: inbound.callId, caller: maskNumber(inbound.callerNumber), did: inbound.dialledNumber }),
      transfers: 0,
    };
    this.live.set(inbound.callId, rec);
    return rec;
  }

  get(callId: string): CallRecord | undefined {
    return this.live.get(callId) ?? this.closed.get(callId);
  }

  get liveCount(): number {
    return this.live.size;
  }

  liveRecords(): IterableIterator<CallRecord> {
    return this.live.values();
  }

  nextOfferId(callId: string): OfferId {
    return `${callId}~o${++this.offerSeq}`;
  }

  close(callId: string, state: CallState, at: number): CallRecord | undefined {
    const rec = this.live.get(callId);
    if (!rec) return undefined;
    rec.closedState = state;
    rec.endedAt = at;
    rec.offer = undefined;
    this.live.delete(callId);
    this.closed.set(callId, rec);
    if (this.closed.size > KEEP_CLOSED) this.closed.delete(this.closed.keys().next().value!);
    return rec;
  }

  view(callId: string): CallView | undefined {
    const rec = this.get(callId);
    if (!rec) return undefined;
    const q = this.acd.call(callId);
    const view: CallView = {
      id: callId,
      state: q?.state ?? rec.closedState ?? CallState.Arrived,
      callerNumber: rec.inbound.callerNumber,
      callerDisplayName: rec.inbound.callerDisplayName,
      callerVerified: rec.inbound.callerVerified,
      dialledNumber: rec.inbound.dialledNumber,
      didLabel: rec.didLabel,
      target: q?.target ?? rec.target ?? this.routingPlaceholder(),
      arrivedAt: q?.arrivedAt ?? rec.inbound.arrivedAt,
      expansionLevel: q?.expansionLevel ?? 0,
      transfers: rec.transfers,
    };
    if (rec.answeredAt !== undefined) view.answeredAt = rec.answeredAt;
    if (rec.endedAt !== undefined) view.endedAt = rec.endedAt;
    const seatId = q ? q.seatId : rec.lastSeatId;
    if (seatId) view.seatId = seatId;
    const contactMode = q ? q.contactMode : rec.lastContactMode;
    if (contactMode) view.contactMode = contactMode;
    if (rec.conferenceWith) view.conferenceWith = rec.conferenceWith;
    if (rec.lastTransfer) view.lastTransfer = rec.lastTransfer;
    return view;
  }
}
