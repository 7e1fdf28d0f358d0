/**
 * What one desktop knows, folded from the hub's snapshot and live events by a pure reducer (tested
 * without a socket). The snapshot replaces everything it carries: after a reconnect that was not
 * recovered, the desktop shows exactly what the bridge holds — a pending offer included.
 */
import type {
  AuditEntry,
  CallView,
  CentreMode,
  DeskOption,
  DesktopUser,
  DrainState,
  LabStaging,
  LineOption,
  PresetOption,
  RegionOption,
  ScreenPop,
  SeatView,
  SupervisedPayload,
  SupervisionView,
  WallboardView,
} from '../api/types.js';

export interface PendingOffer {
  offerId: string;
  callId: string;
  pop: ScreenPop;
  ringTimeoutMs: number;
  /** Local epoch ms when the offer reached this desktop (the ring countdown runs from here). */
  receivedAt: number;
}

export interface CentreModeState {
  mode: CentreMode;
  preset: string | null;
  reason: string;
  since: number;
}

export interface DesktopState {
  connection: 'connecting' | 'connected' | 'reconnecting';
  user: DesktopUser;
  /** The agent's own seat (absent for leads without a seat). */
  seat?: SeatView;
  centre: CentreModeState;
  offer?: PendingOffer;
  /** The agent's current call (connected / held), or the one being wrapped up. */
  call?: CallView;
  /** Pops by call id, so the pop stays beside the live call and the wrap-up. */
  pops: Record<string, ScreenPop>;
  desks: DeskOption[];
  presets: PresetOption[];
  /** Dialled numbers and regions with their names in each UI language (routing reasons, the pop). */
  lines: LineOption[];
  regions: RegionOption[];
  notReadyReasons: string[];
  // lead view
  wallboard?: WallboardView;
  seats: SeatView[];
  audit: AuditEntry[];
  /** Text for the aria-live region (changes on each offer). */
  announcement: string;
  /** The bridge is shutting down: no new calls, live ones finish. */
  drain?: DrainState;
  /** Lab mode (leads): what a call can be staged with; absent outside the lab. */
  lab?: LabStaging;
  /** Leads: calls not ended, the list a lead picks a call to supervise from. */
  liveCalls: CallView[];
  /** Leads: supervisions under way. */
  supervisions: SupervisionView[];
  /** Agents: leads on this seat's call that the centre shows ("a lead is listening"). */
  supervised: SupervisedPayload[];
}

export interface SnapshotData {
  user?: DesktopUser;
  seat?: SeatView | null;
  centre?: CentreModeState;
  offer?: Omit<PendingOffer, 'receivedAt'> | null;
  call?: CallView | null;
  /** The pop of `call`, so a desktop reloaded mid-call still shows who is on the line. */
  callPop?: ScreenPop | null;
  desks?: DeskOption[];
  presets?: PresetOption[];
  lines?: LineOption[];
  regions?: RegionOption[];
  notReadyReasons?: string[];
  wallboard?: WallboardView | null;
  seats?: SeatView[];
  audit?: AuditEntry[];
  drain?: DrainState | null;
  lab?: LabStaging | null;
  liveCalls?: CallView[];
  supervisions?: SupervisionView[];
  supervised?: SupervisedPayload[];
}

export type DesktopAction =
  | { type: 'connection'; connection: DesktopState['connection'] }
  | { type: 'snapshot'; data: SnapshotData; now: number }
  | { type: 'seat'; seat: SeatView }
  | { type: 'call'; call: CallView }
  | { type: 'offer'; offer: Omit<PendingOffer, 'receivedAt'>; now: number; announcement: string }
  | { type: 'offer-withdrawn'; offerId: string }
  /** The pop of a call this seat's phone answered before the pop was ready. */
  | { type: 'call-pop'; callId: string; pop: ScreenPop }
  | { type: 'announce'; announcement: string }
  | { type: 'centre-mode'; centre: CentreModeState }
  | { type: 'wallboard'; wallboard: WallboardView }
  | { type: 'audit'; entry: AuditEntry }
  | { type: 'drain'; drain: DrainState }
  | { type: 'supervision'; supervision: SupervisionView }
  | { type: 'supervised'; supervised: SupervisedPayload };

const OVER: ReadonlySet<string> = new Set(['ended', 'abandoned', 'transferred']);

/** Leads keep the live-calls list from call events: a call leaves it once it is over. */
function upsertLiveCall(calls: CallView[], c: CallView): CallView[] {
  const rest = calls.filter((x) => x.id !== c.id);
  return OVER.has(c.state) ? rest : [...rest, c].sort((a, b) => a.arrivedAt - b.arrivedAt);
}

const AUDIT_KEEP = 200;
const DEFAULT_REASONS = ['break', 'meal', 'training', 'missed-offer'];

export function initialState(user: DesktopUser): DesktopState {
  return {
    connection: 'connecting',
    user,
    centre: { mode: 'office', preset: null, reason: '', since: 0 },
    pops: {},
    desks: [],
    presets: [],
    lines: [],
    regions: [],
    notReadyReasons: DEFAULT_REASONS,
    seats: [],
    audit: [],
    announcement: '',
    liveCalls: [],
    supervisions: [],
    supervised: [],
  };
}

function upsertSeat(seats: SeatView[], seat: SeatView): SeatView[] {
  const i = seats.findIndex((s) => s.id === seat.id);
  if (i < 0) return [...seats, seat].sort((a, b) => a.id.localeCompare(b.id));
  const next = seats.slice();
  next[i] = seat;
  return next;
}

/** Keep only pops of calls this desktop still cares about (the offer, the call, its wrap-up). */
function prunePops(pops: Record<string, ScreenPop>, keep: (string | undefined)[]): Record<string, ScreenPop> {
  const ids = new Set(keep.filter((x): x is string => !!x));
  return Object.fromEntries(Object.entries(pops).filter(([id]) => ids.has(id)));
}

export function desktopReducer(state: DesktopState, action: DesktopAction): DesktopState {
  switch (action.type) {
    case 'connection':
      return { ...state, connection: action.connection };
    case 'snapshot': {
      const d = action.data;
      const seat = d.seat === null ? undefined : (d.seat ?? state.seat);
      const offer = d.offer ? { ...d.offer, receivedAt: state.offer?.offerId === d.offer.offerId ? state.offer.receivedAt : action.now } : undefined;
      const call = d.call === null ? undefined : (d.call ?? undefined);
      const pops = {
        ...state.pops,
        ...(d.callPop && call && d.callPop.callId === call.id ? { [call.id]: d.callPop } : {}),
        ...(offer ? { [offer.callId]: offer.pop } : {}),
      };
      return {
        ...state,
        connection: 'connected',
        user: d.user ?? state.user,
        seat,
        centre: d.centre ?? state.centre,
        offer,
        call,
        pops: prunePops(pops, [offer?.callId, call?.id, seat?.callId]),
        desks: d.desks ?? state.desks,
        presets: d.presets ?? state.presets,
        lines: d.lines ?? state.lines,
        regions: d.regions ?? state.regions,
        notReadyReasons: d.notReadyReasons?.length ? d.notReadyReasons : state.notReadyReasons,
        wallboard: d.wallboard === null ? undefined : (d.wallboard ?? state.wallboard),
        seats: d.seats ?? state.seats,
        audit: d.audit ? d.audit.slice(-AUDIT_KEEP) : state.audit,
        // A snapshot from a bridge that is not draining (a restarted one) clears the banner.
        drain: d.drain === undefined ? state.drain : (d.drain ?? undefined),
        lab: d.lab === undefined ? state.lab : (d.lab ?? undefined),
        liveCalls: d.liveCalls ?? state.liveCalls,
        supervisions: d.supervisions ?? state.supervisions,
        supervised: d.supervised ?? state.supervised,
      };
    }
    case 'seat': {
      const mine = state.seat && action.seat.id === state.seat.id;
      const seat = mine ? action.seat : state.seat;
      // A seat that holds no call (wrap-up done, call handed on) shows none.
      const call = mine && !action.seat.callId ? undefined : state.call;
      return {
        ...state,
        seat,
        call,
        pops: mine ? prunePops(state.pops, [state.offer?.callId, call?.id, action.seat.callId]) : state.pops,
        seats: state.seats.length || !mine ? upsertSeat(state.seats, action.seat) : state.seats,
      };
    }
    case 'call': {
      const c = action.call;
      // An answered (or lost) call ends its offer on this desktop.
      const offer = state.offer?.callId === c.id && c.state !== 'offering' ? undefined : state.offer;
      const mineNow = !!state.seat && c.seatId === state.seat.id && (c.state === 'connected' || c.state === 'held');
      const wasMine = state.call?.id === c.id;
      // A call that left my seat (ended, handed out, or re-queued to another desk) stays for the wrap-up.
      const call = mineNow || wasMine ? c : state.call;
      const lead = state.user.role === 'lead' || state.user.role === 'admin';
      const liveCalls = lead ? upsertLiveCall(state.liveCalls, c) : state.liveCalls;
      // The banner goes with the call it was about.
      const supervised = OVER.has(c.state) ? state.supervised.filter((s) => s.callId !== c.id) : state.supervised;
      return offer === state.offer && call === state.call && liveCalls === state.liveCalls && supervised === state.supervised
        ? state
        : { ...state, offer, call, liveCalls, supervised };
    }
    case 'offer': {
      const offer = { ...action.offer, receivedAt: action.now };
      return { ...state, offer, pops: { ...state.pops, [offer.callId]: offer.pop }, announcement: action.announcement };
    }
    case 'offer-withdrawn':
      return state.offer?.offerId === action.offerId ? { ...state, offer: undefined } : state;
    case 'call-pop':
      return { ...state, pops: { ...state.pops, [action.callId]: action.pop } };
    case 'announce':
      return { ...state, announcement: action.announcement };
    case 'centre-mode':
      return { ...state, centre: action.centre };
    case 'wallboard':
      return { ...state, wallboard: action.wallboard };
    case 'audit':
      return { ...state, audit: [...state.audit, action.entry].slice(-AUDIT_KEEP) };
    case 'drain':
      return { ...state, drain: action.drain };
    case 'supervision': {
      const v = action.supervision;
      const rest = state.supervisions.filter((s) => s.id !== v.id);
      return { ...state, supervisions: v.state === 'ended' ? rest : [...rest, v] };
    }
    case 'supervised': {
      const p = action.supervised;
      const rest = state.supervised.filter((s) => s.supervisionId !== p.supervisionId);
      return { ...state, supervised: p.active ? [...rest, p] : rest };
    }
    default:
      return state;
  }
}
