/**
 * The store over kysely, identical for SQLite and PostgreSQL. Every call event is one short transaction
 * (contact row created on first sight, patched, event appended), so a crash loses at most the event in flight.
 */
import { sql, type Kysely } from 'kysely';
import type pino from 'pino';
import type { Language } from '../domain/types.js';
import type { AuditEntry } from '../calls/call-center-api.js';
import type { StoreDatabase } from './db-schema.js';
import { writeCallEventRows, writePreferredLanguage } from './write-statements.js';
import type { StoreDialect } from './migrations.js';
import { loadPopData } from './pop-queries.js';
import { StoreHistorySource } from './routing-facts.js';
import { StoreSessionRecords } from './session-queries.js';
import { StoreCentreState } from './centre-state-queries.js';
import { closeInterruptedContacts, contactFigures, settledContacts, type ContactFigures, type ContactFiguresQuery } from './contact-figures.js';
import { listAuditPage, type AuditPageQuery, type StoredAuditPage } from './audit-queries.js';
import { periodReport, type ReportQuery, type StoredReport } from './report-queries.js';
import { urgentTickets, type OpenTicketsQuery, type UrgentTicketRow } from './handover-queries.js';
import { parseDetail, toCallerRow, toContactRow } from './row-mapping.js';
import type {
  CallEventWrite,
  CallerPopData,
  CallerRow,
  ContactEventRow,
  ContactRow,
  LanguageSource,
  PopDataQuery,
  SatisfactionResult,
  Store,
  StoreHealth,
  TicketInput,
} from './store-api.js';
import type { WriteBehindQueue } from './write-behind/write-behind-queue.js';
import type { SettledCall } from '../calls/service-level.js';

/** When health turns degraded: a write backlog this deep or this old; lookup misses within the window. */
export interface StoreHealthLimits {
  backlogDepth: number;
  backlogAgeMs: number;
  /** Missed lookup deadlines count while they are this close together (ms); the window restarts after a quiet spell. */
  windowMs: number;
  /** Misses within the window that make the store degraded (one slow lookup on a busy machine is not a fault). */
  missesToDegrade: number;
}

export const DEFAULT_HEALTH_LIMITS: StoreHealthLimits = { backlogDepth: 1000, backlogAgeMs: 5000, windowMs: 10_000, missesToDegrade: 3 };

export class KyselyStore implements Store {
  readonly history: StoreHistorySource;
  readonly sessions: StoreSessionRecords;
  readonly centreState: StoreCentreState;

  readonly writes: WriteBehindQueue;
  private readonly healthLimits: StoreHealthLimits;

  constructor(
    readonly db: Kysely<StoreDatabase>,
    readonly dialect: StoreDialect,
    private readonly logger: pino.Logger,
    opts: { languageFromCalls: number; writes: WriteBehindQueue; health?: Partial<StoreHealthLimits>; closeTimeoutMs?: number; reportsDb?: Kysely<StoreDatabase>; callReadsDb?: Kysely<StoreDatabase> },
    private readonly onClose: () => Promise<void> = async () => {},
  ) {
    this.callReadsDb = opts.callReadsDb ?? db;
    this.history = new StoreHistorySource(this.callReadsDb, opts);
    this.sessions = new StoreSessionRecords(db);
    this.centreState = new StoreCentreState(db);
    this.writes = opts.writes;
    this.healthLimits = { ...DEFAULT_HEALTH_LIMITS, ...opts.health };
    this.closeTimeoutMs = opts.closeTimeoutMs ?? 5000;
    this.reportsDb = opts.reportsDb ?? db;
  }

  /** Where reports read: their own connection(s) when the back end has them (open-store.ts), else `db`. */
  private readonly reportsDb: Kysely<StoreDatabase>;
  /** Where the call path reads (routing facts, the pop): a reader of its own on SQLite, else `db`. */
  private readonly callReadsDb: Kysely<StoreDatabase>;

  private readonly closeTimeoutMs: number;
  private readonly deadlineMisses = new Map<string, { count: number; first: number; last: number; deadlineMs: number }>();

  noteDeadlineMiss(what: string, deadlineMs: number): void {
    const now = Date.now();
    const m = this.deadlineMisses.get(what);
    if (!m || now - m.last > this.healthLimits.windowMs) this.deadlineMisses.set(what, { count: 1, first: now, last: now, deadlineMs });
    else {
      m.count++;
      m.last = now;
      m.deadlineMs = deadlineMs;
    }
  }

  private closed = false;
  private lastError: { at: number; message: string } | undefined;

  /** Back-end trouble reported outside a query (e.g. a dropped idle PostgreSQL connection). */
  noteError(err: Error): void {
    this.lastError = { at: Date.now(), message: err.message };
  }

  health(): StoreHealth {
    const now = Date.now();
    const reasons: string[] = [];
    if (this.closed) reasons.push('store closed');
    // A connection error is "degraded" for a minute; the pool reconnects on the next query.
    const recent = this.lastError && now - this.lastError.at < 60_000;
    if (recent) reasons.push(`connection error: ${this.lastError!.message}`);
    const q = this.writes.stats();
    const age = `${(q.oldestAgeMs / 1000).toFixed(1)} s`;
    if (q.consecutiveFailures > 0) reasons.push(`writes failing (${q.consecutiveFailures} attempts in a row: ${q.lastError ?? 'unknown error'}); ${q.depth} pending, oldest ${age}, kept in the journal`);
    else if (q.depth >= this.healthLimits.backlogDepth || q.oldestAgeMs >= this.healthLimits.backlogAgeMs) reasons.push(`write backlog: ${q.depth} pending, oldest ${age}`);
    for (const [what, m] of this.deadlineMisses) {
      if (now - m.last > this.healthLimits.windowMs) this.deadlineMisses.delete(what);
      else if (m.count >= this.healthLimits.missesToDegrade) reasons.push(`${what} lookups missed their ${m.deadlineMs} ms deadline ${m.count} time(s) since ${new Date(m.first).toISOString()}`);
    }
    const lastError = recent ? this.lastError!.message : q.consecutiveFailures > 0 ? q.lastError : undefined;
    return {
      ok: reasons.length === 0,
      backend: this.dialect,
      ...(lastError !== undefined ? { lastError } : {}),
      reasons,
      queue: { depth: q.depth, oldestAgeMs: q.oldestAgeMs, failures: q.failures },
    };
  }

  async sampleCallerNumbers(n: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('callers')
      .select('number')
      .orderBy(sql`random()`)
      .limit(Math.max(0, Math.min(n, 10_000)))
      .execute();
    return rows.map((r) => r.number);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Pending writes get a moment to commit; what is left waits in the journal for the next start.
    await this.writes.close({ timeoutMs: this.closeTimeoutMs }).catch((err: unknown) => this.logger.error({ err }, 'write-behind queue did not close cleanly'));
    await this.db.destroy();
    for (const reader of new Set([this.reportsDb, this.callReadsDb])) {
      if (reader !== this.db) await reader.destroy().catch((err: unknown) => this.logger.warn({ err }, 'a reader connection did not close cleanly'));
    }
    await this.onClose();
    this.logger.debug('store closed');
  }

  async isEmpty(): Promise<boolean> {
    const row = await this.db.selectFrom('contacts').select('call_id').limit(1).executeTakeFirst();
    return !row;
  }

  async caller(number: string): Promise<CallerRow | null> {
    const r = await this.db.selectFrom('callers').selectAll().where('number', '=', number).executeTakeFirst();
    return r ? toCallerRow(r) : null;
  }

  async setPreferredLanguage(number: string, language: Language, opts: { source: LanguageSource; by?: string; at: number }): Promise<void> {
    await writePreferredLanguage(this.db, number, language, opts);
  }

  async setCallerTags(number: string, tags: string[], at: number): Promise<void> {
    const json = JSON.stringify([...new Set(tags)]);
    await this.db
      .insertInto('callers')
      .values({ number, tags: json, first_seen: at, last_seen: at, preferred_language: null, language_source: null, language_set_at: null, language_set_by: null })
      .onConflict((oc) => oc.column('number').doUpdateSet({ tags: json }))
      .execute();
  }

  async writeCallEvent(w: CallEventWrite): Promise<void> {
    await this.db.transaction().execute((trx) => writeCallEventRows(trx, w));
  }

  async contact(callId: string): Promise<ContactRow | null> {
    const r = await this.db.selectFrom('contacts').selectAll().where('call_id', '=', callId).executeTakeFirst();
    return r ? toContactRow(r) : null;
  }

  async contactEvents(callId: string): Promise<ContactEventRow[]> {
    const rows = await this.db.selectFrom('contact_events').selectAll().where('call_id', '=', callId).orderBy('id').execute();
    return rows.map((r) => ({ at: Number(r.at), kind: r.kind, seatId: r.seat_id, detail: parseDetail(r.detail) }));
  }

  async upsertTicket(t: TicketInput): Promise<void> {
    const updatedAt = t.updatedAt ?? t.createdAt;
    await this.db
      .insertInto('tickets')
      .values({
        number: t.number,
        caller: t.caller,
        category: t.category,
        place: t.place ?? null,
        status: t.status,
        repeat_complaint: t.repeatComplaint ? 1 : 0,
        created_at: t.createdAt,
        due_at: t.dueAt ?? null,
        updated_at: updatedAt,
      })
      .onConflict((oc) =>
        oc.column('number').doUpdateSet({ status: t.status, category: t.category, place: t.place ?? null, due_at: t.dueAt ?? null, updated_at: updatedAt, repeat_complaint: t.repeatComplaint ? 1 : 0 }),
      )
      .execute();
  }

  async addSatisfaction(ticketNumber: string, result: SatisfactionResult, at: number): Promise<void> {
    await this.db.insertInto('ticket_satisfaction').values({ ticket_number: ticketNumber, result, at }).execute();
  }

  popData(callerNumber: string, q: PopDataQuery): Promise<CallerPopData> {
    return loadPopData(this.callReadsDb, callerNumber, q);
  }

  /** Through the write-behind queue: resolves once the entry is committed or safe in the journal. */
  async appendAudit(entry: AuditEntry): Promise<void> {
    await this.writes.enqueueDurable('audit', entry);
  }

  listAudit(q: AuditPageQuery): Promise<StoredAuditPage> {
    return listAuditPage(this.db, q);
  }

  contactFigures(q: ContactFiguresQuery): Promise<ContactFigures> {
    return contactFigures(this.db, q);
  }

  settledContacts(q: { from: number; to: number }): Promise<SettledCall[]> {
    return settledContacts(this.db, q);
  }

  periodReport(q: ReportQuery): Promise<StoredReport> {
    return periodReport(this.reportsDb, q);
  }

  urgentTickets(q: OpenTicketsQuery): Promise<UrgentTicketRow[]> {
    return urgentTickets(this.db, q);
  }

  closeInterruptedContacts(keep: readonly string[] = []): Promise<string[]> {
    return closeInterruptedContacts(this.db, keep);
  }
}
