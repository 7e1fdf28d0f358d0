/**
 * What the rest of the bridge sees of the store. One implementation (kysely-store.ts) serves both
 * back ends; `openStore` (open-store.ts) picks SQLite or PostgreSQL.
 */
import type { Kysely } from 'kysely';
import type { Language } from '../domain/types.js';
import type { AuditEntry } from '../calls/call-center-api.js';
import type { CallerHistorySource } from '../history/history-ports.js';
import type { StoreDatabase } from './db-schema.js';
import type { StoreDialect } from './migrations.js';
import type { SessionRecords } from './session-queries.js';
import type { CentreStateRecords } from './centre-state-queries.js';
import type { ContactFigures, ContactFiguresQuery } from './contact-figures.js';
import type { SettledCall } from '../calls/service-level.js';
import type { AuditPageQuery, StoredAuditPage } from './audit-queries.js';
import type { ReportQuery, StoredReport } from './report-queries.js';
import type { OpenTicketsQuery, UrgentTicketRow } from './handover-queries.js';
import type { WriteQueue } from './write-behind/write-behind-queue.js';

export type { SessionRecords, SessionRow } from './session-queries.js';
export type { CentreStateRecords } from './centre-state-queries.js';
export type { ContactFigures, ContactFiguresQuery } from './contact-figures.js';
export type { AuditPageQuery, StoredAuditPage } from './audit-queries.js';
export type { ReportQuery, StoredReport, ReportRow, ReportFigures, ReportGroupBy } from './report-queries.js';
export type { OpenTicketsQuery, UrgentTicketRow } from './handover-queries.js';

export type { WriteQueue, WriteQueueStats } from './write-behind/write-behind-queue.js';

/** The store's health for /healthz: no personal data. ok === (reasons.length === 0). */
export interface StoreHealth {
  ok: boolean;
  backend: StoreDialect;
  lastError?: string;
  /** Why it is not ok: writes failing, a write backlog, lookups missing their deadline, a closed store. */
  reasons: string[];
  queue: { depth: number; oldestAgeMs: number; failures: number };
}

export type LanguageSource = 'agent' | 'learned';

/** Fields of a contact row a call event may set (undefined = leave as is). */
export interface ContactPatch {
  answeredAt?: number | null;
  endedAt?: number | null;
  language?: string | null;
  desk?: string | null;
  seatId?: string | null;
  outcome?: string;
  contactMode?: string | null;
  recordingRef?: string | null;
  category?: string | null;
  disposition?: string | null;
  note?: string | null;
  wrapUpDoneAt?: number | null;
  transfers?: number;
  linkage?: string | null;
}

/** One call event as the recorder writes it: the contact row is created on first sight, patched, and the event appended. */
export interface CallEventWrite {
  callId: string;
  caller: string;
  /** false: spoofable identity — the contact is kept but never becomes that number's history (default true). */
  callerVerified?: boolean;
  dialledNumber: string;
  arrivedAt: number;
  at: number;
  kind: string;
  seatId?: string | null;
  detail?: Record<string, unknown>;
  patch: ContactPatch;
}

export interface ContactRow {
  callId: string;
  caller: string;
  callerVerified: boolean;
  arrivedAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  dialledNumber: string;
  language: string | null;
  desk: string | null;
  seatId: string | null;
  outcome: string;
  contactMode: string | null;
  recordingRef: string | null;
  category: string | null;
  disposition: string | null;
  note: string | null;
}

export interface ContactEventRow {
  at: number;
  kind: string;
  seatId: string | null;
  detail: Record<string, unknown>;
}

export interface CallerRow {
  number: string;
  preferredLanguage: Language | null;
  languageSource: LanguageSource | null;
  languageSetAt: number | null;
  languageSetBy: string | null;
  tags: string[];
  firstSeen: number;
  lastSeen: number;
}

export interface TicketInput {
  number: string;
  caller: string;
  category: string;
  place?: string | null;
  status: string;
  repeatComplaint?: boolean;
  createdAt: number;
  dueAt?: number | null;
  updatedAt?: number;
}

export type SatisfactionResult = 'satisfied' | 'basically-satisfied' | 'dissatisfied';

export interface PopTicketRow {
  number: string;
  category: string;
  place: string | null;
  status: string;
  repeatComplaint: boolean;
  createdAt: number;
  dueAt: number | null;
  dissatisfied: number;
}

/** Everything the pop needs from the store for one caller, fetched in at most five queries. */
export interface CallerPopData {
  caller: CallerRow | null;
  /** Most recent first, the current call excluded. */
  contacts: ContactRow[];
  /** Whether the caller has any contact before the current call. */
  hasPriorContacts: boolean;
  /** Categorised contacts per category within `repeatDays` (一人多次 input). */
  categoryCounts: { category: string; count: number }[];
  /** Open tickets, each with its dissatisfied count. */
  openTickets: PopTicketRow[];
  /** Distinct callers per (category, place) of this caller's recent/open tickets within `sameMatterDays` (一事多人 input). */
  sameMatter: { category: string; place: string; callers: number }[];
  /** Queries issued (kept visible so tests and the benchmark can hold the bound). */
  queries: number;
}

export interface PopDataQuery {
  now: number;
  excludeCallId?: string;
  recentContacts: number;
  repeatDays: number;
  sameMatterDays: number;
}

export interface Store {
  readonly dialect: StoreDialect;
  /** The query layer, for the fixtures' bulk inserts and for tests. */
  readonly db: Kysely<StoreDatabase>;
  /** Routing's view of caller history. */
  readonly history: CallerHistorySource;
  /** Desktop sessions (hashed tokens), so a restart logs no one out. */
  readonly sessions: SessionRecords;
  /** Centre mode, per-seat overrides and seats' chosen states, restored at start. */
  readonly centreState: CentreStateRecords;
  close(): Promise<void>;
  /** For /healthz: no personal data. `reasons`: why it is not ok, one short sentence each. */
  health(): StoreHealth;
  /**
   * Durable write-behind queue (issue 9): the recorder and the audit trail write through it and never
   * wait for the store; kinds 'call-event', 'caller-language', 'audit' (and any registered later).
   */
  readonly writes: WriteQueue;
  /** A lookup (routing facts, pop) gave up waiting for the store: health says so for a while. */
  noteDeadlineMiss(what: string, deadlineMs: number): void;
  /** Up to `n` known caller numbers picked at random (the lab's simulated callers reuse real history). */
  sampleCallerNumbers(n: number): Promise<string[]>;
  /** No contacts yet (the lab seeds synthetic history into an empty store). */
  isEmpty(): Promise<boolean>;

  caller(number: string): Promise<CallerRow | null>;
  setPreferredLanguage(number: string, language: Language, opts: { source: LanguageSource; by?: string; at: number }): Promise<void>;
  setCallerTags(number: string, tags: string[], at: number): Promise<void>;

  writeCallEvent(w: CallEventWrite): Promise<void>;
  contact(callId: string): Promise<ContactRow | null>;
  contactEvents(callId: string): Promise<ContactEventRow[]>;

  upsertTicket(t: TicketInput): Promise<void>;
  addSatisfaction(ticketNumber: string, result: SatisfactionResult, at: number): Promise<void>;

  popData(callerNumber: string, q: PopDataQuery): Promise<CallerPopData>;

  appendAudit(entry: AuditEntry): Promise<void>;
  /** Newest first, paged by id (`before` = oldest id already shown), filtered. */
  listAudit(q: AuditPageQuery): Promise<StoredAuditPage>;

  /** Contacts that arrived in [from, to): the wallboard's "today" figures survive a restart. */
  contactFigures(q: ContactFiguresQuery): Promise<ContactFigures>;
  /** Settled contacts that arrived in [from, to), oldest first: the service level survives a restart. */
  settledContacts(q: { from: number; to: number }): Promise<SettledCall[]>;
  /** Figures of the contacts that arrived in [from, to), in total and per group (reports, issue 11). */
  periodReport(q: ReportQuery): Promise<StoredReport>;
  /** Open tickets past their due time or urged by dissatisfied callers (the shift hand-over). */
  urgentTickets(q: OpenTicketsQuery): Promise<UrgentTicketRow[]>;
  /** Crash recovery: every open contact (except `keep`) closed as `interrupted` at its last event; returns their ids. */
  closeInterruptedContacts(keep?: readonly string[]): Promise<string[]>;
}
