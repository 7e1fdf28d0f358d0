/**
 * Builds the screen-pop (DESIGN §6) from the store and, when configured, an external work-order system:
 * call facts with routing reasons, caller profile and tags, the last N contacts, open tickets (overdue
 * marked), flags. The store's part is at most five queries; the work-order system is asked at the same
 * time and never waited for longer than its timeout. Unverified identities open no history. Every
 * history view goes to the audit log with the caller masked.
 */
import pino from 'pino';
import type { HotlineConfig } from '../config/schema.js';
import { isLanguage, maskNumber } from '../domain/types.js';
import type { ScreenPop, ScreenPopAssembler, ScreenPopContact, ScreenPopTicket } from '../history/history-ports.js';
import { WorkOrderClient, type ExternalTicket, type WorkOrderSource } from '../history/work-order-client.js';
import type { CallerPopData, PopTicketRow, Store } from '../store/store-api.js';
import { popFlags } from './pop-flags.js';

type AssembleInput = Parameters<ScreenPopAssembler['assemble']>[0];

export interface StorePopAssemblerOptions {
  store: Store;
  config: HotlineConfig;
  /** Defaults to an HTTP client when config.history.externalWorkOrders is set. */
  workOrders?: WorkOrderSource;
  logger?: pino.Logger;
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

  constructor(opts: StorePopAssemblerOptions) {
    this.store = opts.store;
    this.config = opts.config;
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
    };

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
    let data: CallerPopData | undefined;
    try {
      data = await this.store.popData(call.callerNumber, {
        now,
        excludeCallId: call.id,
        recentContacts: hist.recentContacts,
        repeatDays: hist.repeatCaller.days,
        sameMatterDays: hist.sameMatter.days,
      });
    } catch (err) {
      log.error({ err }, 'store history lookup failed: pop goes out without history');
    }
    const ext = external ? await external : undefined;

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
    pop.flags = data ? popFlags(hist, data, tickets) : [];
    pop.firstContact = data !== undefined && !data.hasPriorContacts && tickets.length === 0;
    const caller = data?.caller;
    const known = caller && (!pop.firstContact || caller.tags.length > 0 || caller.preferredLanguage !== null);
    pop.caller = known ? { preferredLanguage: caller.preferredLanguage, tags: caller.tags, firstContact: pop.firstContact } : null;

    await audited;
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
