/**
 * Writes every call event into the store as it happens (contacts + contact_events), saves agents'
 * language corrections on the caller, and appends audit events to audit_log.
 *
 * Every write goes through the store's durable write-behind queue (store.writes): the recorder never
 * waits for the store, events land in the order they happened, and a store that is locked, read-only or
 * down loses nothing (the queue retries and spools to its journal). A write refused as bad input is
 * logged and never thrown back into the call centre's emit loop. `flush()` waits for the queue to drain
 * (tests; shutdown with a deadline, after which the rest waits in the journal).
 *
 * Outcome of a contact row:
 *   in-progress ──answered──► handled ──transferred-out──► transferred-out
 *        │                                   (ended keeps it)
 *        ├──abandoned──► abandoned
 *        └──ended (never answered)──► unanswered
 */
import pino from 'pino';
import { z } from 'zod';
import { LANGUAGES, maskNumber } from '../domain/types.js';
import { CallState, type CallCenter, type CallCenterEvent, type CallView } from '../calls/call-center-api.js';
import type { CallEventWrite, ContactPatch, Store } from '../store/store-api.js';

type CallEvent = Extract<CallCenterEvent, { type: 'call' }>;

const languageDetail = z.object({ language: z.enum(LANGUAGES) });
const dispositions = z.enum(['resolved', 'ticket-created', 'transferred', 'linked', 'callback', 'no-action']);
const wrapUpDetail = z.discriminatedUnion('auto', [
  z.object({ auto: z.literal(false), disposition: dispositions, category: z.string().min(1).max(64).optional(), note: z.string().max(4000).optional() }),
  // Wrap-up time ran out (or a lead cut it short): whatever the agent had typed is kept, under disposition auto-closed.
  z.object({
    auto: z.literal(true),
    disposition: z.literal('auto-closed'),
    category: z.string().min(1).max(64).optional(),
    note: z.string().max(4000).optional(),
    typed: z.boolean(),
    attended: z.boolean().optional(),
    /** The desk's wrap-up is 0 s: there was no time to type. */
    instant: z.boolean().optional(),
    /** Ended before its time by someone else (a lead forced the seat available): the agent did not let it run out. */
    cutShort: z.boolean().optional(),
  }),
]);
/**
 * The recording named in an answered event's detail (`recordingRef`, else `recording`: 1–500 characters),
 * if any. Checked by hand: most answers name none, and a zod union that fails builds three ZodErrors
 * (stack traces) per call on the call path.
 */
function recordingRefOf(detail: Record<string, unknown> | undefined): string | undefined {
  for (const key of ['recordingRef', 'recording'] as const) {
    const v = detail?.[key];
    if (typeof v === 'string' && v.length >= 1 && v.length <= 500) return v;
  }
  return undefined;
}

/** Facts remembered per live call so that events carrying only a call id (withdrawn offers) can be written. */
interface CallMemo {
  caller: string;
  callerVerified: boolean;
  dialledNumber: string;
  arrivedAt: number;
  transferredOut: boolean;
}

export class CallRecorder {
  private readonly memo = new Map<string, CallMemo>();
  private readonly logger: pino.Logger;
  private unsubscribe: (() => void) | undefined;
  /** Writes the queue refused as bad input (visible for tests; store trouble is the queue's to count). */
  failures = 0;

  /** With `callCenter` the recorder subscribes at once; otherwise call `attach` later. */
  constructor(private readonly opts: { store: Store; callCenter?: Pick<CallCenter, 'on'>; logger?: pino.Logger }) {
    this.logger = (opts.logger ?? pino({ level: 'silent' })).child({ component: 'call-recorder' });
    if (opts.callCenter) this.attach(opts.callCenter);
  }

  /** Subscribes to the call centre; returns the unsubscribe function (also called by `stop`). */
  attach(callCenter: Pick<CallCenter, 'on'>): () => void {
    this.unsubscribe?.();
    this.unsubscribe = callCenter.on((e) => this.handle(e));
    return () => this.stop();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /**
   * Resolves when every write queued so far has committed; with `timeoutMs`, at the latest then (what
   * is left is spooled to the journal and committed after the next start). True when drained.
   */
  flush(opts: { timeoutMs?: number } = {}): Promise<boolean> {
    return this.opts.store.writes.flush(opts);
  }

  /** Entry point for one event; public so composition roots can feed events from elsewhere. */
  handle(e: CallCenterEvent): void {
    try {
      if (e.type === 'call') this.onCall(e);
      else if (e.type === 'offer-withdrawn') this.onWithdrawn(e);
      else if (e.type === 'audit') {
        this.write(this.logger, 'audit', e.entry);
      }
    } catch (err) {
      // Never throw into the call centre's emit loop.
      this.failures++;
      this.logger.error({ err }, 'could not record event');
    }
  }

  private write(log: pino.Logger, kind: string, payload: unknown): void {
    try {
      this.opts.store.writes.enqueue(kind, payload);
    } catch (err) {
      this.failures++;
      log.error({ err, kind }, 'write refused');
    }
  }

  private onCall(e: CallEvent): void {
    const call = e.call;
    const memo: CallMemo = this.memo.get(call.id) ?? {
      caller: call.callerNumber,
      callerVerified: call.callerVerified,
      dialledNumber: call.dialledNumber,
      arrivedAt: call.arrivedAt,
      transferredOut: false,
    };
    if (e.kind === 'transferred-out') memo.transferredOut = true;
    this.memo.set(call.id, memo);
    const log = this.logger.child({ callId: call.id, caller: maskNumber(call.callerNumber) });
    const seatId = e.seatId ?? call.seatId ?? null;
    const { patch, detail } = this.describe(e, memo, seatId, log);
    const write: CallEventWrite = {
      callId: call.id,
      caller: memo.caller,
      callerVerified: memo.callerVerified,
      dialledNumber: memo.dialledNumber,
      arrivedAt: memo.arrivedAt,
      at: e.at,
      kind: e.kind,
      seatId,
      detail,
      patch,
    };
    this.write(log, 'call-event', write);

    if (e.kind === 'language-corrected') {
      const parsed = languageDetail.safeParse(e.detail);
      if (!parsed.success) log.warn({ detail: e.detail }, 'language correction without a valid language');
      else if (!memo.callerVerified) log.info('language correction not saved: caller identity is unverified');
      else {
        const language = parsed.data.language;
        this.write(log, 'caller-language', { number: memo.caller, language, source: 'agent', at: e.at, ...(seatId ? { by: seatId } : {}) });
        log.info({ language, seatId }, 'caller language corrected');
      }
    }
    if (e.kind === 'ended' || e.kind === 'abandoned' || e.kind === 'wrap-up-done') this.memo.delete(call.id);
  }

  private onWithdrawn(e: Extract<CallCenterEvent, { type: 'offer-withdrawn' }>): void {
    const memo = this.memo.get(e.callId);
    if (!memo) return; // the call's record is already closed; the missed/answered event says what happened
    const log = this.logger.child({ callId: e.callId, caller: maskNumber(memo.caller) });
    const write: CallEventWrite = {
      callId: e.callId,
      caller: memo.caller,
      callerVerified: memo.callerVerified,
      dialledNumber: memo.dialledNumber,
      arrivedAt: memo.arrivedAt,
      at: e.at, kind: 'offer-withdrawn', seatId: e.seatId, detail: { offerId: e.offerId, reason: e.reason }, patch: {} };
    this.write(log, 'call-event', write);
  }

  /** What an event changes on the contact row and what is kept in its event detail. */
  private describe(e: CallEvent, memo: CallMemo, seatId: string | null, log: pino.Logger): { patch: ContactPatch; detail: Record<string, unknown> } {
    const call: CallView = e.call;
    const detail: Record<string, unknown> = { ...(e.detail ?? {}), state: call.state };
    const routed: ContactPatch = { language: call.target.language, desk: call.target.desk };
    switch (e.kind) {
      case 'arrived':
        return {
          patch: routed,
          detail: { ...detail, priority: call.target.priority, languageStrength: call.target.languageStrength, reasons: call.target.reasons.map((r) => r.text), callerVerified: call.callerVerified },
        };
      case 'queued':
        return { patch: routed, detail: { ...detail, expansionLevel: call.expansionLevel } };
      case 'requeued':
        // Transfer to another desk / language seat: re-routed, no seat until the next answer.
        return { patch: { ...routed, seatId: null, transfers: call.transfers }, detail: { ...detail, transfers: call.transfers } };
      case 'offered':
      case 'ringing':
        return { patch: {}, detail: { ...detail, contactMode: call.contactMode } };
      case 'answered': {
        const recordingRef = recordingRefOf(e.detail);
        return {
          patch: { answeredAt: call.answeredAt ?? e.at, seatId, contactMode: call.contactMode ?? null, outcome: 'handled', ...(recordingRef ? { recordingRef } : {}) },
          detail: { ...detail, contactMode: call.contactMode },
        };
      }
      case 'adopted':
        // Taken over by this bridge after the one that had it stopped: the row is live again.
        return {
          patch: {
            ...routed,
            ...(call.seatId ? { seatId: call.seatId, contactMode: call.contactMode ?? null } : {}),
            ...(call.answeredAt !== undefined ? { answeredAt: call.answeredAt, outcome: 'handled' } : {}),
          },
          detail: { ...detail, priority: call.target.priority },
        };
      case 'transferred-out': {
        const linkage = emergencyLinkage(e.detail?.destination);
        return { patch: { outcome: 'transferred-out', ...(linkage ? { linkage } : {}) }, detail };
      }
      case 'conferenced': {
        const linkage = emergencyLinkage(call.conferenceWith ?? e.detail?.with);
        return { patch: linkage ? { linkage } : {}, detail: { ...detail, conferenceWith: call.conferenceWith } };
      }
      case 'language-corrected': {
        const parsed = languageDetail.safeParse(e.detail);
        return { patch: parsed.success ? { language: parsed.data.language } : {}, detail };
      }
      case 'abandoned':
        return { patch: { endedAt: call.endedAt ?? e.at, outcome: 'abandoned' }, detail };
      case 'ended':
        return { patch: { endedAt: call.endedAt ?? e.at, outcome: memo.transferredOut ? 'transferred-out' : endOutcome(call) }, detail };
      case 'wrap-up-done': {
        const parsed = wrapUpDetail.safeParse(e.detail);
        if (!parsed.success) {
          log.warn({ issues: parsed.error.issues.map((i) => i.message) }, 'wrap-up without a valid disposition');
          return { patch: {}, detail };
        }
        const w = parsed.data;
        // Simulated lab seats never type, nor can anyone at a desk with 0 s wrap-up; a person who let
        // wrap-up time run out with nothing typed is worth a word.
        if (w.auto && !w.typed && w.attended && !w.instant && !w.cutShort) log.warn({ seatId: e.seatId }, 'wrap-up ran out with nothing typed');
        return { patch: { disposition: w.disposition, category: w.category ?? null, note: w.note ?? null, wrapUpDoneAt: e.at }, detail };
      }
      default:
        // missed, rejected, held, resumed: the event is the record.
        return { patch: {}, detail };
    }
  }
}

/** 110 / 119 / 120 when a transfer or conference went to an emergency service (reports count these linkages). */
function emergencyLinkage(destination: unknown): string | null {
  return destination === '110' || destination === '119' || destination === '120' ? destination : null;
}

function endOutcome(call: CallView): string {
  if (call.state === CallState.Abandoned) return 'abandoned';
  if (call.state === CallState.Transferred) return 'transferred-out';
  return call.answeredAt != null ? 'handled' : 'unanswered';
}
