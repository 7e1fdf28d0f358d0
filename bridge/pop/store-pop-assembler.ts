/**
 * Builds the screen-pop (DESIGN §6) from the store and, when configured, an external work-order system:
 * call facts with routing reasons, caller profile and tags, the last N contacts, open tickets (overdue
 * marked), flags. The store's part is at most five queries; the work-order system is asked at the same
 * time and never waited for longer than its timeout. Unverified identities open no history. Every
 * history view goes to the audit log with the caller masked.
 *
 * The store is never waited on longer than `store.popDeadlineMs`: past it the pop goes out with what
 * arrived and `missing` names the rest; the late answer is dropped (the pop already sent is never
 * changed behind the agent's back) and the miss is counted for /healthz.
 */
import pino from 'pino';
import type { HotlineConfig } from '../config/schema.js';
import { systemClock, type Clock } from '../domain/clock.js';
import { isLanguage, maskNumber } from '../domain/types.js';
import type { PopPart, ScreenPop, ScreenPopAssembler, ScreenPopContact, ScreenPopTicket } from '../history/history-ports.js';
import { WorkOrderClient, type ExternalTicket, type WorkOrderSource } from '../history/work-order-client.js';
import type { CallerPopData, PopTicketRow, Store } from '../store/store-api.js';
import type { DeadlineMisses } from './deadline-misses.js';
import { popFlags } from './pop-flags.js';
import { transferNote } from './transfer-note.js';

type AssembleInput = Parameters<ScreenPopAssembler['assemble']>[0];

export interface StorePopAssemblerOptions {
  store: Store;
  config: HotlineConfig;
  /** Defaults to an HTTP client when config.history.externalWorkOrders is set. */
  workOrders?: WorkOrderSource;
  logger?: pino.Logger;
  /** Times the store deadline (tests drive it by hand). */
  clock?: Clock;
  /** Store reads past the deadline are counted here (for /healthz). */
  misses?: DeadlineMisses;
}

/** A promise's outcome, or 'late' when the deadline came first. */
type Outcome<T> = { ok: true; value: T } | { ok: false; err: unknown } | 'late';

function within<T>(p: Promise<T>, ms: number, clock: Clock): Promise<Outcome<T>> {
  return new Promise((resolve) => {
    const timer = clock.setTimeout(() => resolve('late'), ms);
    p.then(
      (value) => {
        timer.cancel();
        resolve({ ok: true, value });
      },
      (err: unknown) => {
        timer.cancel();
        resolve({ ok: false, err });
      },
    );
  });
}

const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Display names are caller-controlled text: strip control and bidi-override characters, cap the length. */
function sanitizeDisplayName(s: string): string {
  return s.replace(CONTROL_CHARS, '').trim().slice(0, 64);
}

export class StorePopAssembler implements ScreenPopAssembler {
  private readonly store: Store;
  private readonly config: HotlineConfig;
  private readonly workOrders: WorkOrderSource | undefined;
  private readonly mode: 'instead' | 'beside';
  private readonly logger: pino.Logger;
  private readonly clock: Clock;
  private readonly misses: DeadlineMisses | undefined;

  constructor(opts: StorePopAssemblerOptions) {
    this.store = opts.store;
    this.config = opts.config;
    this.clock = opts.clock ?? systemClock;
    this.misses = opts.misses;
    this.logger = (opts.logger ?? pino({ level: 'silent' })).child({ component: 'screen-pop' });
    const ext = opts.config.history.externalWorkOrders;
    this.mode = ext?.mode ?? 'beside';
    this.workOrders = opts.workOrders ?? (ext ? new WorkOrderClient({ baseUrl: ext.baseUrl, timeoutMs: ext.timeoutMs, logger: this.logger }) : undefined);
  }

  async assemble(input: AssembleInput): Promise<ScreenPop> {
    const { call, now } = input;
    const log = this.logger.child({ callId: call.id, caller: maskNumber(call.callerNumber), seatId: input.seatId });
    const role = input.viewerRole ?? 'agent';
    const fullNumber = input.viewer === input.seatId || role === 'lead' || role === 'admin';
    const desk = this.config.desks.find((d) => d.id === call.target.desk);
    const didLabel = call.didLabel || this.config.numberPlan.find((e) => e.did === call.dialledNumber)?.label || call.dialledNumber;

    const pop: ScreenPop = {
      callId: call.id,
      offerId: input.offerId,
      seatId: input.seatId,
      call: {
        dialledNumber: call.dialledNumber,
        didLabel,
        callerNumber: fullNumber ? call.callerNumber : maskNumber(call.callerNumber),
        callerDisplayName: sanitizeDisplayName(call.callerDisplayName),
        callerVerified: call.callerVerified,
        language: call.target.language,
        languageStrength: call.target.languageStrength,
        desk: call.target.desk,
        deskName: desk?.name ?? call.target.desk,
        priority: call.target.priority,
        waitSeconds: Math.max(0, Math.floor((now - call.arrivedAt) / 1000)),
        reasons: call.target.reasons,
        contactMode: input.contactMode,
      },
      caller: null,
      firstContact: false,
      contacts: [],
      tickets: [],
      flags: [],
      workOrderHistoryUnavailable: false,
      missing: [],
    };
    const transferred = transferNote(call, this.config);
    if (transferred) pop.transferredFrom = transferred;

    if (!call.callerVerified) {
      // A spoofable identity must not open the real owner's history.
      pop.historyWithheld = 'unverified-caller';
      log.info('history withheld: caller identity unverified');
      return pop;
    }

    // The view is audit-logged before the pop goes out; the write runs alongside the reads (on PostgreSQL
    // its commit is the slowest step).
    const audited = this.store
      .appendAudit({
        at: now,
        actor: input.viewer,
        action: 'history-view',
        detail: { callId: call.id, offerId: input.offerId, seatId: input.seatId, viewerRole: role, caller: maskNumber(call.callerNumber) },
      })
      .catch((err: unknown) => log.error({ err }, 'could not audit-log the history view'));
    const hist = this.config.history;
    const external = this.workOrders
      ? this.workOrders.ticketsFor(call.callerNumber).then(
          (list) => ({ ok: true as const, list }),
          () => ({ ok: false as const }),
        )
      : undefined;
    const deadlineMs = this.config.store.popDeadlineMs;
    const started = this.clock.now();
    const read = this.store.popData(call.callerNumber, {
      now,
      excludeCallId: call.id,
      recentContacts: hist.recentContacts,
      repeatDays: hist.repeatCaller.days,
      sameMatterDays: hist.sameMatter.days,
    });
    const stored = await within(read, deadlineMs, this.clock);
    let data: CallerPopData | undefined;
    if (stored === 'late') {
      this.misses?.miss();
      log.warn({ deadlineMs }, 'store history lookup missed the pop deadline: pop goes out without history');
      // Only noted: the late answer must not change a pop the agent already has.
      read.then(
        () => log.info({ afterMs: this.clock.now() - started }, 'late store history answer dropped'),
        (err: unknown) => log.error({ err }, 'store history lookup failed after the pop deadline'),
      );
    } else if (!stored.ok) log.error({ err: stored.err }, 'store history lookup failed: pop goes out without history');
    else data = stored.value;
    const ext = external ? await external : undefined;

    const missing: PopPart[] = [];
    if (!data) {
      missing.push('history');
      // In 'instead' mode the store's tickets would not be shown anyway.
      if (!(ext && this.mode === 'instead')) missing.push('tickets');
    }
    if (ext && !ext.ok) missing.push('work-orders');
    pop.missing = missing;

    const storeTickets = (data?.openTickets ?? []).map((t) => fromStore(t, now));
    let tickets = storeTickets;
    if (ext && !ext.ok) pop.workOrderHistoryUnavailable = true;
    else if (ext) {
      const open = ext.list.filter((t) => t.status !== 'closed').map((t) => fromExternal(t, now));
      if (this.mode === 'instead') tickets = open;
      else {
        // The work-order system is the record of truth for a ticket both sides know.
        const known = new Set(open.map((t) => t.number));
        tickets = [...open, ...storeTickets.filter((t) => !known.has(t.number))];
      }
    }

    pop.contacts = (data?.contacts ?? []).map(
      (c): ScreenPopContact => ({
        at: c.arrivedAt,
        dialledNumber: c.dialledNumber,
        language: isLanguage(c.language) ? c.language : null,
        desk: c.desk,
        seatId: c.seatId,
        outcome: c.outcome,
        category: c.category,
        contactMode: c.contactMode === 'office' || c.contactMode === 'home' ? c.contactMode : null,
      }),
    );
    pop.tickets = tickets;
    // Without the store's counts, the tickets that did arrive still raise 催办/督办.
    pop.flags = popFlags(hist, data ?? { categoryCounts: [], sameMatter: [] }, tickets);
    // A transferred call is this caller's contact already under way, never a "first contact".
    pop.firstContact = data !== undefined && !data.hasPriorContacts && tickets.length === 0 && !transferred;
    const caller = data?.caller;
    const known = caller && (!pop.firstContact || caller.tags.length > 0 || caller.preferredLanguage !== null);
    pop.caller = known ? { preferredLanguage: caller.preferredLanguage, tags: caller.tags, firstContact: pop.firstContact } : null;

    // The view is recorded before the pop goes out when the store keeps up; a slow store gets the rest of
    // the deadline, then the write goes on by itself (its failure is logged above).
    const left = deadlineMs - (this.clock.now() - started);
    if (left > 0 && (await within(audited, left, this.clock)) === 'late') log.warn('history-view audit entry still being written when the pop went out');
    return pop;
  }
}

function fromStore(t: PopTicketRow, now: number): ScreenPopTicket {
  return { number: t.number, category: t.category, place: t.place, status: t.status, dueAt: t.dueAt, overdue: t.dueAt !== null && t.dueAt < now, dissatisfiedCount: t.dissatisfied, source: 'store' };
}

function fromExternal(t: ExternalTicket, now: number): ScreenPopTicket {
  return {
    number: t.number,
    category: t.category,
    place: t.place,
    status: t.status,
    dueAt: t.dueAt,
    overdue: t.dueAt !== null && t.dueAt < now,
    dissatisfiedCount: t.dissatisfiedCount,
    source: 'work-order-system',
  };
}
