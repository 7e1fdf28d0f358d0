/**
 * Ports between the domain core and caller history. Routing reads through `CallerHistorySource`;
 * the pop is assembled by a `ScreenPopAssembler`; the call recorder writes through `ContactRecorder`.
 * Implementations: in-memory (routing tests), the kysely store (SQLite default, PostgreSQL scale-out).
 */
import type { DeskId, Language, RoutingReason, SeatId } from '../domain/types.js';
import type { CallView, ContactMode, TransferTarget } from '../calls/call-center-api.js';

/** What routing needs to know about a caller, fetched once per call before routing. */
export interface CallerRoutingFacts {
  /** Preferred language: an agent's correction, or learned from past calls. */
  language?: Language;
  /** How it was learned, for the reason text ("agent corrected to Kazakh on 11-02", "last 3 calls in Kazakh"). */
  languageReason?: string;
  /** The same, for the desktop to word in its UI language (`routing.<key>`; see RoutingReason). */
  languageReasonKey?: { key: 'historyCorrected' | 'historyLastCall' | 'historyRecentCalls' | 'historyLearned'; params?: Record<string, string | number> };
  /** Tags such as enterprise, deputy, repeat-complainant. */
  tags: string[];
  /** Open repeat complaint (历史遗留) tickets. */
  openRepeatComplaints: number;
}

export interface CallerHistorySource {
  /** Must not throw for unknown callers: returns `{ tags: [], openRepeatComplaints: 0 }`. */
  routingFacts(callerNumber: string): Promise<CallerRoutingFacts>;
}

export interface ScreenPopContact {
  at: number;
  dialledNumber: string;
  language: Language | null;
  desk: DeskId | null;
  seatId: string | null;
  outcome: string;
  category: string | null;
  contactMode: ContactMode | null;
}

export interface ScreenPopTicket {
  number: string;
  category: string;
  place: string | null;
  status: string;
  dueAt: number | null;
  overdue: boolean;
  dissatisfiedCount: number;
  source: 'store' | 'work-order-system';
}

export type ScreenPopFlag =
  | { kind: 'repeat-caller'; category: string; count: number; days: number } // 一人多次
  | { kind: 'same-matter'; category: string; place: string; callers: number; days: number } // 一事多人
  | { kind: 'urged'; ticket: string; dissatisfied: number } // 催办
  | { kind: 'supervised'; ticket: string; dissatisfied: number }; // 督办

/** history: past contacts, caller profile and flags; tickets: the store's open tickets; work-orders: the external system's. */
export type PopPart = 'history' | 'tickets' | 'work-orders';

export interface ScreenPop {
  callId: string;
  offerId: string;
  seatId: string;
  call: {
    dialledNumber: string;
    didLabel: string;
    /** Full number for the handling seat and leads, masked for anyone else. */
    callerNumber: string;
    callerDisplayName: string;
    callerVerified: boolean;
    language: Language;
    languageStrength: 'required' | 'preferred';
    desk: DeskId;
    deskName: string;
    priority: number;
    waitSeconds: number;
    reasons: RoutingReason[];
    contactMode: ContactMode;
  };
  /** null for unknown or unverified callers. */
  caller: { preferredLanguage: Language | null; tags: string[]; firstContact: boolean } | null;
  firstContact: boolean;
  contacts: ScreenPopContact[];
  tickets: ScreenPopTicket[];
  flags: ScreenPopFlag[];
  /** Set when the external work-order system timed out or failed. */
  workOrderHistoryUnavailable: boolean;
  /**
   * Parts that did not arrive in time (store past `store.popDeadlineMs`, work-order system past its
   * timeout) or failed: the pop shows the rest and says what is missing. Empty when complete.
   */
  missing: PopPart[];
  /** Why history is not shown (unverified identity). */
  historyWithheld?: 'unverified-caller';
  /** Set when an agent transferred this call back into the queue: by whom, and to which desk or language. */
  transferredFrom?: { seatId: SeatId; seatName: string; to: Exclude<TransferTarget, { kind: 'external' }>; at: number };
}

export interface ScreenPopAssembler {
  /**
   * viewer: who is looking (audit-logged). viewerRole (default 'agent'): the full caller number goes only to
   * the handling seat (viewer === seatId) and to leads/admins; anyone else gets it masked.
   */
  assemble(input: {
    call: CallView;
    offerId: string;
    seatId: string;
    contactMode: ContactMode;
    viewer: string;
    now: number;
    viewerRole?: 'agent' | 'lead' | 'admin';
  }): Promise<ScreenPop>;
}
