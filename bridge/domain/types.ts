/**
 * Domain vocabulary shared by routing, ACD, home-seat mode, history and the hub.
 * Pure types and constants: no I/O.
 */

/** The seat languages a 12345 centre staffs (ISO 639-1). */
export const LANGUAGES = ['zh', 'kk', 'ug', 'en', 'ja', 'ko', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];
export const isLanguage = (x: unknown): x is Language => typeof x === 'string' && (LANGUAGES as readonly string[]).includes(x);

export type DeskId = string;
export type SeatId = string;

export type LanguageStrength = 'required' | 'preferred';

/** Where a piece of the routing decision came from; precedence: explicit > history > region. */
export type RoutingSource = 'number-plan' | 'sip-hint' | 'history' | 'region' | 'schedule' | 'emergency' | 'default';

export interface RoutingReason {
  source: RoutingSource;
  /** Human-readable Chinese (logs, the store, older desktops), e.g. "拨打 12333 → 社保专席". */
  text: string;
  /**
   * The same reason for the desktop to word in its UI language: a catalogue key under `routing.` and
   * its parameters. By convention `desk`/`toDesk` are desk ids, `language` a language code, `did` a
   * dialled number (its line name looked up), `areaCode` a region, `seatLanguage` + `strength` a seat
   * requirement; anything else is shown as given. Absent: the desktop shows `text`.
   */
  key?: RoutingReasonKey;
  params?: Record<string, string | number>;
}

export type RoutingReasonKey =
  | 'didUnknown'
  | 'didLine'
  | 'didLanguage'
  | 'didDesk'
  | 'historyLanguage'
  | 'historyCorrected'
  | 'historyLastCall'
  | 'historyRecentCalls'
  | 'historyLearned'
  | 'historyTag'
  | 'historyRepeat'
  | 'historyUnverified'
  | 'historyUnavailable'
  | 'region'
  | 'regionCentre'
  | 'hintLanguage'
  | 'acceptLanguage'
  | 'hintDesk'
  | 'noLanguageClue'
  | 'defaultDesk'
  | 'deskClosed'
  | 'emergencyLine'
  | 'emergencyHint'
  | 'emergencyDesk'
  | 'transferDesk'
  | 'transferLanguage'
  | 'languageCorrected'
  | 'takenOver'
  | 'routingFailed'
  | 'routingPending';

/** What the bridge decided a call needs. */
export interface RoutingTarget {
  language: Language;
  languageStrength: LanguageStrength;
  desk: DeskId;
  /** Higher is served first. 0 = normal; emergency linkage uses the configured emergency priority. */
  priority: number;
  reasons: RoutingReason[];
}

export type DeskStrategy = 'longest-idle' | 'round-robin' | 'least-talk-time' | 'fewest-calls';

/**
 * A widening of the eligible seats after a call has waited `afterSeconds`:
 * - `any-desk`: any seat that speaks the call's language, whatever its desks;
 * - `interpreter`: additionally any seat flagged `interpreter`, whatever its languages and desks;
 * - `any-seat`: any available seat.
 */
export type ExpansionWiden = 'any-desk' | 'interpreter' | 'any-seat';
export interface ExpansionStep {
  afterSeconds: number;
  widen: ExpansionWiden;
}

export type CentreMode = 'office' | 'home';
/** Which of a seat's contacts an offer rings. */
export type ContactMode = 'office' | 'home';

/** Seat as configured (static facts; live state lives in the ACD). */
export interface SeatSpec {
  id: SeatId;
  name: string;
  languages: Language[];
  desks: DeskId[];
  officeContact: string;
  homeContact?: string;
  /** Can interpret for callers of languages it does not list (used by `interpreter` expansion). */
  interpreter?: boolean;
}

export interface DeskSpec {
  id: DeskId;
  name: string;
  strategy: DeskStrategy;
  ringTimeoutSeconds: number;
  homeRingTimeoutSeconds: number;
  wrapUpSeconds: number;
  expansion: ExpansionStep[];
  /** Emergency-linkage desk: kept reserved by surge presets. */
  emergency?: boolean;
}

/** Masking lives with telephony (which may not import the bridge) and serves both. */
export { maskNumber } from '../../telephony/mask-number.js';
