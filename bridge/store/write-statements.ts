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
import { statementTemplate, type Slots, type StatementTemplate } from './statement-template.js';
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

/** The contact row's columns a new call starts with; a write's patch overrides some. */
const NEW_CONTACT = {
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
} as const;

type CallEventSlot = 'callId' | 'caller' | 'verified' | 'arrivedAt' | 'dialledNumber' | 'at' | 'kind' | 'seatId' | 'detail' | `patch.${keyof ContactsTable}`;

/** The patch's columns as slots (the template's shape is which columns a patch sets). */
function patchSlots(columns: readonly (keyof ContactsTable)[], v: Slots<CallEventSlot>): Partial<ContactsTable> {
  return Object.fromEntries(columns.map((c) => [c, v[`patch.${c}`]]));
}

/**
 * One call event: contact row created on first sight (and its caller seen), else patched; event
 * appended. Run inside a transaction. Its statements are compiled once per shape (which columns the
 * patch sets) and bound to each write's values: statement-template.ts.
 */
export function callEventPlan(db: Kysely<StoreDatabase>, w: CallEventWrite): WritePlan {
  const cols = patchColumns(w.patch);
  const columns = Object.keys(cols).sort() as (keyof ContactsTable)[];
  const shape = columns.join(',');
  const values: Record<string, unknown> = {
    callId: w.callId,
    caller: w.caller,
    verified: w.callerVerified === false ? 0 : 1,
    arrivedAt: w.arrivedAt,
    dialledNumber: w.dialledNumber,
    at: w.at,
    kind: w.kind,
    seatId: w.seatId ?? null,
    detail: JSON.stringify(w.detail ?? {}),
  };
  for (const c of columns) values[`patch.${c}`] = cols[c];
  const bind = (t: StatementTemplate<CallEventSlot>) => t.bind(values as Record<CallEventSlot, unknown>);
  const plan: PlannedStatement[] = [
    {
      query: bind(
        statementTemplate(db, `call-event:contact:${shape}`, (v: Slots<CallEventSlot>) =>
          db
            .insertInto('contacts')
            .values({ call_id: v.callId, caller: v.caller, caller_verified: v.verified, arrived_at: v.arrivedAt, dialled_number: v.dialledNumber, ...NEW_CONTACT, ...patchSlots(columns, v) })
            .onConflict((oc) => oc.column('call_id').doNothing()),
        ),
      ),
    },
  ];
  if (w.callerVerified !== false) {
    plan.push({
      only: 'if-first-changed',
      query: bind(
        statementTemplate(db, 'call-event:caller', (v: Slots<CallEventSlot>) =>
          db
            .insertInto('callers')
            .values({ number: v.caller, tags: '[]', first_seen: v.arrivedAt, last_seen: v.at, preferred_language: null, language_source: null, language_set_at: null, language_set_by: null })
            .onConflict((oc) => oc.column('number').doUpdateSet({ last_seen: v.at })),
        ),
      ),
    });
  }
  // A new row already holds the patch.
  if (columns.length > 0) {
    plan.push({
      only: 'unless-first-changed',
      query: bind(statementTemplate(db, `call-event:patch:${shape}`, (v: Slots<CallEventSlot>) => db.updateTable('contacts').set(patchSlots(columns, v)).where('call_id', '=', v.callId))),
    });
  }
  plan.push({
    query: bind(
      statementTemplate(db, 'call-event:event', (v: Slots<CallEventSlot>) =>
        db.insertInto('contact_events').values({ call_id: v.callId, at: v.at, kind: v.kind, seat_id: v.seatId, detail: v.detail }),
      ),
    ),
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
  const insert = statementTemplate(db, 'audit', (v: Slots<'at' | 'actor' | 'action' | 'detail'>) =>
    db.insertInto('audit_log').values({ at: v.at, actor: v.actor, action: v.action, detail: v.detail }),
  );
  return [{ query: insert.bind({ at: entry.at, actor: entry.actor, action: entry.action, detail: JSON.stringify(entry.detail ?? {}) }) }];
}

export function writeAuditEntry(db: Kysely<StoreDatabase>, entry: AuditEntry): Promise<void> {
  return runPlan(db, auditEntryPlan(db, entry));
}
