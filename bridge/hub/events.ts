/**
 * The ONE event contract between the socket.io hub and the agent desktop (SPA).
 *
 * - Types are shared by `Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>`
 *   and the SPA's `Socket<ServerToClientEvents, ClientToServerEvents>` (the SPA imports them type-only).
 * - Every client→server payload has a zod schema here (`commandSchemas`): the hub validates each message
 *   before anything else sees it, because a browser is a trust boundary.
 * - Every command carries an acknowledgement: `{ ok: true, result }` or `{ ok: false, error: { code, message } }`.
 *   A refused command is answered to the one socket that asked; nobody else is disturbed.
 *
 * Imports from the domain are type-only so the SPA bundle never pulls server code.
 */
import { z } from 'zod';
import type {
  AuditEntry,
  CallEventKind,
  CallView,
  ContactMode,
  PreflightReport,
  SeatView,
  SupervisionContact,
  SupervisionView,
  TransferTarget,
  WallboardView,
  DrainState,
  WrapUpInput,
} from '../calls/call-center-api.js';
import type { ScreenPop } from '../history/history-ports.js';
import type { HubQuery } from './hub-backend.js';
import type { CentreMode, DeskId, Language, SeatId } from '../domain/types.js';

// ---------------------------------------------------------------- people

export type Role = 'agent' | 'lead' | 'admin';

export interface HubUser {
  id: string;
  name: string;
  role: Role;
  /** Agents log in with their seat id: the seat they act for. Leads and admins have none. */
  seatId?: SeatId;
}

// ---------------------------------------------------------------- acknowledgements

export type HubErrorCode =
  | 'invalid-input' // payload failed validation
  | 'forbidden' // role or ownership refused
  | 'not-found'
  | 'invalid-state'
  | 'switch-failed' // the telephony refused the command or did not answer in time
  | 'rate-limited'
  | 'unavailable' // no active bridge answered (a take-over under way): try again shortly
  | 'internal';

export interface HubError {
  code: HubErrorCode;
  message: string;
}

export type AckResult<T> = { ok: true; result: T } | { ok: false; error: HubError };
export type Ack<T = null> = (res: AckResult<T>) => void;

// ---------------------------------------------------------------- server → client payloads

export interface CentreModePayload {
  mode: CentreMode;
  preset: string | null;
  reason: string;
  /** Epoch ms of the switch. */
  since: number;
  /** Who switched (absent in snapshots taken before any switch). */
  by?: string;
}

/** An offer ringing this desktop's seat, with its screen-pop (shown before the agent answers). */
export interface OfferPayload {
  offerId: string;
  callId: string;
  /** Milliseconds the offer still rings from when this payload was sent (less than the full timeout in a snapshot). */
  ringTimeoutMs: number;
  contactMode: ContactMode;
  pop: ScreenPop;
}

/**
 * The pop of an offer this seat's phone answered before the pop was ready (an auto-answer headset, a
 * quick hand): the agent is already talking, so it comes as the call's pop, not as an offer to accept.
 */
export interface CallPopPayload {
  callId: string;
  pop: ScreenPop;
}

export interface OfferWithdrawnPayload {
  offerId: string;
  callId: string;
  reason: string;
}

export interface SeatPayload {
  seat: SeatView;
}

export interface CallPayload {
  kind: CallEventKind;
  at: number;
  call: CallView;
}

export interface AuditPayload {
  entry: AuditEntry;
}

/**
 * To the agent's desktop: a lead is on this seat's call (`active`), or no longer shown. Sent only in the
 * modes the centre setting `supervision.agentSees` allows; the lead view gets the full SupervisionView.
 */
export interface SupervisedPayload {
  supervisionId: string;
  callId: string;
  mode: SupervisionView['mode'];
  leadName: string;
  active: boolean;
}
/** A configured name in the desktop's UI languages (`zh` is the fallback; see bridge/config/local-name.ts). */
export type { LocalNames } from '../config/local-name.js';
import type { LocalNames } from '../config/local-name.js';

export interface DeskOption {
  id: DeskId;
  /** The Chinese name; `names` (when configured) has it in each UI language. */
  name: string;
  names?: LocalNames;
  emergency?: boolean;
}

export interface PresetOption {
  id: string;
  name: string;
  names?: LocalNames;
}

/** A number of the number plan (`label` in the config) by the number dialled. */
export interface LineOption {
  did: string;
  name: string;
  names?: LocalNames;
}

export interface RegionOption {
  areaCode: string;
  name: string;
  names?: LocalNames;
}

export interface LanguageOption {
  code: Language;
  name: string;
  nativeName: string;
}

/**
 * Everything a desktop shows, pushed on every (re)connect that socket.io did not recover: after a dropped
 * network the desktop rebuilds from this alone, pending offer (with its pop) included.
 */
export interface SnapshotPayload {
  user: HubUser;
  /** The agent's own seat; null for leads/admins without a seat. */
  seat: SeatView | null;
  centre: CentreModePayload;
  offer: OfferPayload | null;
  /** The agent's call (offering excluded, connected/held/being wrapped up). */
  call: CallView | null;
  /** The screen-pop of `call` (its handling seat only), so a desktop reloaded mid-call still shows the caller. */
  callPop?: ScreenPop | null;
  desks: DeskOption[];
  presets: PresetOption[];
  languages: LanguageOption[];
  /** Dialled numbers and regions, for the routing reasons and the pop in the desktop's language. */
  lines?: LineOption[];
  regions?: RegionOption[];
  notReadyReasons: string[];
  // leads and admins only
  wallboard?: WallboardView | null;
  seats?: SeatView[];
  audit?: AuditEntry[];
  /** Set while the bridge drains for a shutdown. */
  drain?: DrainState | null;
  /** Lab mode, leads and admins only: what the "stage a call" form offers. */
  lab?: LabStaging | null;
  /** Leads: calls not ended (the live-calls list they pick a call to supervise from). */
  liveCalls?: CallView[];
  /** Leads: supervisions under way. */
  supervisions?: SupervisionView[];
  /** Agents: leads on this seat's call that the desktop shows (see SupervisedPayload). */
  supervised?: SupervisedPayload[];
}

export interface LabStaging {
  /** The demo callers whose seeded history shows the pop's flags (fixtures/history/demo-callers.ts). */
  demoCallers: { id: string; number: string }[];
  dialledNumbers: { did: string; label: string }[];
}

export interface SessionRevokedPayload {
  /** Why the session ended: the desktop shows it on the login form. */
  reason: 'logout' | 'revoked' | 'expired';
}

export interface ServerToClientEvents {
  snapshot: (s: SnapshotPayload) => void;
  offer: (o: OfferPayload) => void;
  'offer-withdrawn': (o: OfferWithdrawnPayload) => void;
  'call-pop': (p: CallPopPayload) => void;
  seat: (s: SeatPayload) => void;
  call: (c: CallPayload) => void;
  'centre-mode': (c: CentreModePayload) => void;
  /** Leads only, throttled (about once a second at most). */
  wallboard: (w: WallboardView) => void;
  /** Leads only. */
  audit: (a: AuditPayload) => void;
  /** Leads only: a supervision started, changed mode or ended. */
  supervision: (s: SupervisionView) => void;
  /** The agent whose call a lead joined, when the centre shows it in that mode. */
  supervised: (s: SupervisedPayload) => void;
  /** The bridge is shutting down: no new calls, live ones finish (everybody). */
  drain: (d: DrainState) => void;
  /** The session was revoked (or expired); the socket is disconnected right after. */
  'session-revoked': (r: SessionRevokedPayload) => void;
}

// ---------------------------------------------------------------- client → server payloads (zod)

/** Kept in step with `LANGUAGES` in bridge/domain/types.ts (checked at compile time below). */
const languageSchema = z.enum(['zh', 'kk', 'ug', 'en', 'ja', 'ko', 'ru']);
type SameAs<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const languagesInStep: SameAs<z.infer<typeof languageSchema>, Language> = true;
void languagesInStep;

const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_.:-]+$/, 'ids are letters, digits and _ . : -');
const deskId = z.string().min(1).max(64).regex(/^[a-z0-9][a-z0-9-]*$/, 'desk ids are kebab-case');
const reason = z.string().trim().min(1).max(200);
const phoneNumber = z.string().regex(/^\+?[0-9]{3,20}$/, 'expected 3–20 digits (optionally a leading +)');
const centreMode = z.enum(['office', 'home']);

export const emptySchema = z.object({}).strict();
export const callIdSchema = z.object({ callId: id }).strict();
export const notReadySchema = z.object({ reason: z.string().regex(/^[a-z-]{1,32}$/, 'reasons are lower-case words') }).strict();

export const transferTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('desk'), desk: deskId }).strict(),
  z.object({ kind: z.literal('language'), language: languageSchema }).strict(),
  z.object({ kind: z.literal('external'), number: phoneNumber }).strict(),
]);
const transferInStep: SameAs<z.infer<typeof transferTargetSchema>, TransferTarget> = true;
void transferInStep;

export const transferSchema = z.object({ callId: id, to: transferTargetSchema }).strict();
export const conferenceSchema = z.object({ callId: id, number: phoneNumber }).strict();
export const languageCorrectionSchema = z.object({ callId: id, language: languageSchema }).strict();
export const wrapUpSchema = z
  .object({
    disposition: z.enum(['resolved', 'ticket-created', 'transferred', 'linked', 'callback', 'no-action']),
    category: z.string().trim().min(1).max(64).optional(),
    note: z.string().max(500).optional(),
  })
  .strict();
export const wrapUpDraftSchema = z
  .object({
    disposition: wrapUpSchema.shape.disposition.optional(),
    category: z.string().trim().max(64).optional(),
    note: z.string().max(500).optional(),
  })
  .strict();
const wrapUpInStep: SameAs<z.infer<typeof wrapUpSchema>['disposition'], WrapUpInput['disposition']> = true;
void wrapUpInStep;

export const forceStateSchema = z
  .object({ seatId: id, state: z.enum(['available', 'not-ready', 'offline']), reason: reason.optional() })
  .strict();
export const centreModeSchema = z
  .object({ mode: centreMode, reason, presetId: z.string().regex(/^[a-z0-9-]{1,64}$/).nullable().optional() })
  .strict();
export const seatModeSchema = z.object({ seatId: id, mode: centreMode.nullable(), reason }).strict();
export const preflightSchema = z.object({ mode: centreMode }).strict();
const supervisionMode = z.enum(['listen', 'whisper', 'barge']);
export const superviseSchema = z
  .object({
    callId: id,
    mode: supervisionMode,
    contact: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('office') }).strict(),
      z.object({ kind: z.literal('home') }).strict(),
      z.object({ kind: z.literal('typed'), number: z.string().trim().regex(/^(\+?[0-9]{3,20}|sips?:[^\s<>"]{3,200})$/, 'expected a phone number or a SIP URI') }).strict(),
    ]),
  })
  .strict();
const supervisionContactInStep: SameAs<z.infer<typeof superviseSchema>['contact'], SupervisionContact> = true;
void supervisionContactInStep;
export const supervisionModeSchema = z.object({ supervisionId: id, mode: supervisionMode }).strict();
export const supervisionLeaveSchema = z.object({ supervisionId: id }).strict();
/** The lead's audit panel: newest first, paged by id (`before` = the oldest id already shown), filtered. */
export const auditQuerySchema = z
  .object({
    limit: z.number().int().min(1).max(500).default(50),
    before: z.number().int().positive().optional(),
    actor: z.string().trim().min(1).max(64).optional(),
    action: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/).optional(),
    from: z.number().int().nonnegative().optional(),
    to: z.number().int().nonnegative().optional(),
  })
  .strict();
export type AuditQuery = z.output<typeof auditQuerySchema>;

/** One page of the audit trail as the store keeps it (each entry with its id, the paging cursor). */
export interface AuditPage {
  entries: (AuditEntry & { id: number })[];
  hasMore: boolean;
}

/** Event name → payload schema. The hub refuses any event not listed here. */
export const commandSchemas = {
  'seat:available': emptySchema,
  'seat:not-ready': notReadySchema,
  'offer:accept': callIdSchema,
  'offer:reject': callIdSchema,
  'call:hold': callIdSchema,
  'call:resume': callIdSchema,
  'call:transfer': transferSchema,
  'call:conference': conferenceSchema,
  'call:drop-third-party': callIdSchema,
  'call:hangup': callIdSchema,
  'call:language': languageCorrectionSchema,
  'seat:wrap-up': wrapUpSchema,
  'seat:wrap-up-draft': wrapUpDraftSchema,
  'lead:force-state': forceStateSchema,
  'lead:centre-mode': centreModeSchema,
  'lead:seat-mode': seatModeSchema,
  'lead:preflight': preflightSchema,
  'lead:audit': auditQuerySchema,
  'lead:supervise': superviseSchema,
  'lead:supervision-mode': supervisionModeSchema,
  'lead:supervision-leave': supervisionLeaveSchema,
} as const;

export type CommandName = keyof typeof commandSchemas;
export type CommandPayload<E extends CommandName> = z.input<(typeof commandSchemas)[E]>;

/** Commands only a shift lead or administrator may send. */
export const LEAD_COMMANDS: readonly CommandName[] = [
  'lead:force-state',
  'lead:centre-mode',
  'lead:seat-mode',
  'lead:preflight',
  'lead:audit',
  'lead:supervise',
  'lead:supervision-mode',
  'lead:supervision-leave',
];

/** What each command's acknowledgement carries on success. */
export interface CommandResults {
  'seat:available': null;
  'seat:not-ready': null;
  'offer:accept': null;
  'offer:reject': null;
  'call:hold': null;
  'call:resume': null;
  'call:transfer': null;
  'call:conference': null;
  'call:drop-third-party': null;
  'call:hangup': null;
  'call:language': null;
  'seat:wrap-up': null;
  'seat:wrap-up-draft': null;
  'lead:force-state': null;
  'lead:centre-mode': null;
  'lead:seat-mode': null;
  'lead:preflight': PreflightReport;
  'lead:audit': AuditPage;
  'lead:supervise': SupervisionView;
  'lead:supervision-mode': null;
  'lead:supervision-leave': null;
}

export type ClientToServerEvents = {
  [E in CommandName]: (payload: CommandPayload<E>, ack: Ack<CommandResults[E]>) => void;
};

/** A desktop's request that a standby bridge hands to the active one (bridge/hub/forwarded-backend.ts). */
export type ForwardedRequestBody =
  | { kind: 'snapshot'; user: HubUser }
  | { kind: 'command'; user: HubUser; name: CommandName; payload: unknown }
  | { kind: 'query'; query: HubQuery };
export type ForwardedRequest = ForwardedRequestBody & { id: string; from: string };

/**
 * Hub-to-hub messages over the adapter (Redis Streams). Room emits and `disconnectSockets` reach every
 * instance by themselves; these let a standby bridge's desktops reach the active bridge's call centre.
 * Every instance hears a request; only the active one answers, addressed to the asking instance.
 */
export interface InterServerEvents {
  'hub:request': (req: ForwardedRequest) => void;
  'hub:reply': (reply: { id: string; to: string; result: unknown }) => void;
  'hub:presence': (req: { seatId: string; socketId: string; attached: boolean; immediate: boolean }) => void;
}

/** Set at the handshake from the verified session; never from anything the client says. */
export interface SocketData {
  user: HubUser;
  sessionId: string;
  /** Epoch ms: the socket is closed when its session expires. */
  expiresAt: number;
}
