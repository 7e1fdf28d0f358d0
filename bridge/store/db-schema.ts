/**
 * Table shapes as kysely sees them. Times are epoch milliseconds (BIGINT in both back ends; the
 * PostgreSQL pool parses int8 to number, see open-store.ts). JSON columns are TEXT so both back ends
 * store them the same way. Booleans are 0/1 integers for the same reason.
 */
import type { Generated } from 'kysely';

export interface CallersTable {
  number: string;
  preferred_language: string | null;
  /** 'agent' (corrected during a call) or 'learned'; null when nothing is known. */
  language_source: string | null;
  language_set_at: number | null;
  language_set_by: string | null;
  /** JSON array of strings: enterprise, deputy, repeat-complainant … */
  tags: string;
  first_seen: number;
  last_seen: number;
}

export interface ContactsTable {
  call_id: string;
  caller: string;
  /** 0 when the identity did not come from a trusted trunk: kept for the record, never used as that number's history. */
  caller_verified: number;
  arrived_at: number;
  answered_at: number | null;
  ended_at: number | null;
  dialled_number: string;
  language: string | null;
  desk: string | null;
  seat_id: string | null;
  /** in-progress | handled | abandoned | transferred-out | unanswered */
  outcome: string;
  /** office | home */
  contact_mode: string | null;
  recording_ref: string | null;
  category: string | null;
  disposition: string | null;
  note: string | null;
  /** When the seat finished wrap-up (wrap-up time = this − ended_at). */
  wrap_up_done_at: number | null;
  /** Times the call went back into the queue to another desk or language seat. */
  transfers: number;
  /** 110 | 119 | 120 when the call was transferred or conferenced to an emergency service. */
  linkage: string | null;
}

export interface ContactEventsTable {
  id: Generated<number>;
  call_id: string;
  at: number;
  kind: string;
  seat_id: string | null;
  /** JSON object */
  detail: string;
}

export interface TicketsTable {
  /** Work-order number in the 12345 system. */
  number: string;
  caller: string;
  category: string;
  place: string | null;
  /** registered | dispatched | in-progress | replied | reopened | closed */
  status: string;
  /** 1 = repeat complaint (历史遗留) */
  repeat_complaint: number;
  created_at: number;
  due_at: number | null;
  updated_at: number;
}

export interface TicketSatisfactionTable {
  id: Generated<number>;
  ticket_number: string;
  at: number;
  /** satisfied | basically-satisfied | dissatisfied */
  result: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  actor: string;
  action: string;
  /** JSON object */
  detail: string;
}

/** Writes the write-behind queue committed, by op id (replay after a crash skips them). */
export interface WriteOpsTable {
  op_id: string;
  kind: string;
  applied_at: number;
}

export interface StoreDatabase {
  callers: CallersTable;
  contacts: ContactsTable;
  contact_events: ContactEventsTable;
  tickets: TicketsTable;
  ticket_satisfaction: TicketSatisfactionTable;
  audit_log: AuditLogTable;
  write_ops: WriteOpsTable;
}

/** Ticket statuses that count as closed (everything else is open). */
export const CLOSED_TICKET_STATUSES = ['closed'] as const;
