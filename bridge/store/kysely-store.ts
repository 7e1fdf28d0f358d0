/**
 * The store over kysely, identical for SQLite and PostgreSQL. Every call event is one short transaction
 * (contact row created on first sight, patched, event appended), so a crash loses at most the event in flight.
 */
import { sql, type Kysely } from 'kysely';
import type pino from 'pino';
import type { Language } from '../domain/types.js';
import type { AuditEntry } from '../calls/call-center-api.js';
import type { ContactsTable, StoreDatabase } from './db-schema.js';
import type { StoreDialect } from './migrations.js';
import { loadPopData } from './pop-queries.js';
import { StoreHistorySource } from './routing-facts.js';
import { StoreSessionRecords } from './session-queries.js';
import { StoreCentreState } from './centre-state-queries.js';
import { closeInterruptedContacts, contactFigures, type ContactFigures, type ContactFiguresQuery } from './contact-figures.js';
import { listAuditPage, type AuditPageQuery, type StoredAuditPage } from './audit-queries.js';
import { parseDetail, toCallerRow, toContactRow } from './row-mapping.js';
import type {
  CallEventWrite,
  CallerPopData,
  CallerRow,
  ContactEventRow,
  ContactPatch,
  ContactRow,
  LanguageSource,
  PopDataQuery,
  SatisfactionResult,
  Store,
  TicketInput,
} from './store-api.js';

function patchColumns(p: ContactPatch): Partial<ContactsTable> {
  const out: Partial<ContactsTable> = {};
  if (p.answeredAt !== undefined) out.answered_at = p.answeredAt;
  if (p.endedAt !== undefined) out.ended_at = p.endedAt;
  if (p.language !== undefined) out.language = p.language;
  if (p.desk !== undefined) out.desk = p.desk;
  if (p.seatId !== undefined) out.seat_id = p.seatId;
  if (p.outcome !== undefined) out.outcome = p.outcome;
  if (p.contactMode !== undefined) out.contact_mode = p.contactMode;
  if (p.recordingRef !== undefined) out.recording_ref = p.recordingRef;
  if (p.category !== undefined) out.category = p.category;
  if (p.disposition !== undefined) out.disposition = p.disposition;
  if (p.note !== undefined) out.note = p.note;
  return out;
}

export class KyselyStore implements Store {
  readonly history: StoreHistorySource;
  readonly sessions: StoreSessionRecords;
  readonly centreState: StoreCentreState;

  constructor(
    readonly db: Kysely<StoreDatabase>,
    readonly dialect: StoreDialect,
    private readonly logger: pino.Logger,
    opts: { languageFromCalls: number },
    private readonly onClose: () => Promise<void> = async () => {},
  ) {
    this.history = new StoreHistorySource(db, opts);
    this.sessions = new StoreSessionRecords(db);
    this.centreState = new StoreCentreState(db);
  }

  private closed = false;
  private lastError: { at: number; message: string } | undefined;

  /** Back-end trouble reported outside a query (e.g. a dropped idle PostgreSQL connection). */
  noteError(err: Error): void {
    this.lastError = { at: Date.now(), message: err.message };
  }

  health(): { ok: boolean; backend: StoreDialect; lastError?: string } {
    // A connection error is "degraded" for a minute; the pool reconnects on the next query.
    const recent = this.lastError && Date.now() - this.lastError.at < 60_000;
    return { ok: !this.closed && !recent, backend: this.dialect, ...(recent ? { lastError: this.lastError!.message } : {}) };
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
    await this.db.destroy();
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
    const set = { preferred_language: language, language_source: opts.source, language_set_at: opts.at, language_set_by: opts.by ?? null };
    await this.db
      .insertInto('callers')
      .values({ number, tags: '[]', first_seen: opts.at, last_seen: opts.at, ...set })
      .onConflict((oc) => oc.column('number').doUpdateSet(set))
      .execute();
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
    const cols = patchColumns(w.patch);
    await this.db.transaction().execute(async (trx) => {
      const ins = await trx
        .insertInto('contacts')
        .values({
          call_id: w.callId,
          caller: w.caller,
          caller_verified: w.callerVerified === false ? 0 : 1,
          arrived_at: w.arrivedAt,
          dialled_number: w.dialledNumber,
          answered_at: null,
          ended_at: null,
          language: null,
          desk: null,
          seat_id: null,
          outcome: 'in-progress',
          contact_mode: null,
          recording_ref: null,
          category: null,
          disposition: null,
          note: null,
          ...cols,
        })
        .onConflict((oc) => oc.column('call_id').doNothing())
        .executeTakeFirst();
      const created = Number(ins.numInsertedOrUpdatedRows ?? 0n) > 0;
      if (created && w.callerVerified !== false) {
        await trx
          .insertInto('callers')
          .values({ number: w.caller, tags: '[]', first_seen: w.arrivedAt, last_seen: w.at, preferred_language: null, language_source: null, language_set_at: null, language_set_by: null })
          .onConflict((oc) => oc.column('number').doUpdateSet({ last_seen: w.at }))
          .execute();
      } else if (Object.keys(cols).length > 0) {
        await trx.updateTable('contacts').set(cols).where('call_id', '=', w.callId).execute();
      }
      await trx
        .insertInto('contact_events')
        .values({ call_id: w.callId, at: w.at, kind: w.kind, seat_id: w.seatId ?? null, detail: JSON.stringify(w.detail ?? {}) })
        .execute();
    });
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
    return loadPopData(this.db, callerNumber, q);
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    await this.db.insertInto('audit_log').values({ at: entry.at, actor: entry.actor, action: entry.action, detail: JSON.stringify(entry.detail ?? {}) }).execute();
  }

  listAudit(q: AuditPageQuery): Promise<StoredAuditPage> {
    return listAuditPage(this.db, q);
  }

  contactFigures(q: ContactFiguresQuery): Promise<ContactFigures> {
    return contactFigures(this.db, q);
  }

  closeInterruptedContacts(keep: readonly string[] = []): Promise<string[]> {
    return closeInterruptedContacts(this.db, keep);
  }
}
