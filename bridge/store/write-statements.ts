/**
 * The store's writes as plans (write-plan.ts) compiled on a query layer (the store itself or a
 * transaction), shared by the direct Store methods and the write-behind queue's op kinds, so both write
 * exactly the same rows.
 */
import type { Kysely } from 'kysely';
import type { Language } from '../domain/types.js';
import type { AuditEntry } from '../calls/call-center-api.js';
import type { ContactsTable, StoreDatabase } from './db-schema.js';
import type { CallEventWrite, ContactPatch, LanguageSource } from './store-api.js';
import { runPlan, type PlannedStatement, type WritePlan } from './write-plan.js';

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
  if (p.wrapUpDoneAt !== undefined) out.wrap_up_done_at = p.wrapUpDoneAt;
  if (p.transfers !== undefined) out.transfers = p.transfers;
  if (p.linkage !== undefined) out.linkage = p.linkage;
  return out;
}

/**
 * One call event: contact row created on first sight (and its caller seen), else patched; event
 * appended. Run inside a transaction.
 */
export function callEventPlan(db: Kysely<StoreDatabase>, w: CallEventWrite): WritePlan {
  const cols = patchColumns(w.patch);
  const plan: PlannedStatement[] = [
    {
      query: db
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
          wrap_up_done_at: null,
          transfers: 0,
          linkage: null,
          ...cols,
        })
        .onConflict((oc) => oc.column('call_id').doNothing())
        .compile(),
    },
  ];
  if (w.callerVerified !== false) {
    plan.push({
      only: 'if-first-changed',
      query: db
        .insertInto('callers')
        .values({ number: w.caller, tags: '[]', first_seen: w.arrivedAt, last_seen: w.at, preferred_language: null, language_source: null, language_set_at: null, language_set_by: null })
        .onConflict((oc) => oc.column('number').doUpdateSet({ last_seen: w.at }))
        .compile(),
    });
  }
  // A new row already holds the patch.
  if (Object.keys(cols).length > 0) plan.push({ only: 'unless-first-changed', query: db.updateTable('contacts').set(cols).where('call_id', '=', w.callId).compile() });
  plan.push({
    query: db
      .insertInto('contact_events')
      .values({ call_id: w.callId, at: w.at, kind: w.kind, seat_id: w.seatId ?? null, detail: JSON.stringify(w.detail ?? {}) })
      .compile(),
  });
  return plan;
}

export function writeCallEventRows(trx: Kysely<StoreDatabase>, w: CallEventWrite): Promise<void> {
  return runPlan(trx, callEventPlan(trx, w));
}

export function preferredLanguagePlan(db: Kysely<StoreDatabase>, number: string, language: Language, opts: { source: LanguageSource; by?: string; at: number }): WritePlan {
  const set = { preferred_language: language, language_source: opts.source, language_set_at: opts.at, language_set_by: opts.by ?? null };
  return [
    {
      query: db
        .insertInto('callers')
        .values({ number, tags: '[]', first_seen: opts.at, last_seen: opts.at, ...set })
        .onConflict((oc) => oc.column('number').doUpdateSet(set))
        .compile(),
    },
  ];
}

export function writePreferredLanguage(db: Kysely<StoreDatabase>, number: string, language: Language, opts: { source: LanguageSource; by?: string; at: number }): Promise<void> {
  return runPlan(db, preferredLanguagePlan(db, number, language, opts));
}

export function auditEntryPlan(db: Kysely<StoreDatabase>, entry: AuditEntry): WritePlan {
  return [{ query: db.insertInto('audit_log').values({ at: entry.at, actor: entry.actor, action: entry.action, detail: JSON.stringify(entry.detail ?? {}) }).compile() }];
}

export function writeAuditEntry(db: Kysely<StoreDatabase>, entry: AuditEntry): Promise<void> {
  return runPlan(db, auditEntryPlan(db, entry));
}
