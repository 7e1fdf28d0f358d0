/**
 * Why a waiting group (language × desk) is not being served, from the ACD's live state: the group's desk
 * is closed (its new calls go to the fallback), a widening step will let free seats take it, every
 * eligible seat is busy, or no seat that speaks the language is logged in (or exists). Each answer also
 * says which seats the next widening step adds and when. Pure: state and time are passed in.
 *
 * Cost: one pass over the seats to index them by bucket key, then per group a union over a handful of
 * keys — no scan of waiting calls beyond the one that groups them.
 */
import type { DeskId, DeskSpec, ExpansionWiden, Language, RoutingTarget } from '../domain/types.js';
import type { AcdSeat, AcdSurge } from './acd-types.js';
import { callBucketKeys } from './eligibility.js';
import { nextExpansionAt } from './expansion.js';
import { SeatState } from './seat-state.js';

/** What the next widening step of the group's longest-waiting call adds. */
export interface NextWidening {
  /** Epoch ms the step falls due for the group's longest-waiting call. */
  at: number;
  /** The desk's step: widen after this many seconds in the queue (shown as m:ss). */
  afterSeconds: number;
  widen: ExpansionWiden;
  /** Seats the step makes eligible that are not eligible now … */
  seats: number;
  /** … of which logged in and free now. */
  free: number;
}

export type WaitReason =
  /** The desk is outside its schedule: new calls go to `fallbackDesk`; these queued before it closed. */
  | { kind: 'desk-closed'; fallbackDesk: DeskId }
  /** The next widening step would let free seats take the calls: they wait for it. */
  | { kind: 'widening' }
  /** Eligible seats are logged in, none free: `busy` ringing, talking or wrapping up, `notReady` on a break. */
  | { kind: 'all-busy'; busy: number; notReady: number }
  /** No seat that speaks the required language is logged in; `configured` 0 = none at all. */
  | { kind: 'no-speaker'; language: Language; configured: number }
  /** No eligible seat is logged in (e.g. the desk is unstaffed) and no widening is left. */
  | { kind: 'no-seat' };

export interface WhyWaiting {
  reason: WaitReason;
  /** Eligible seats now: logged in and free (0 while they wait, unless a free seat has nothing to ring). */
  eligible: { total: number; loggedIn: number; free: number; notReady: number };
  next: NextWidening | null;
  /** Closed desks whose calls were handed to this group's desk (the calls carry a schedule reason). */
  handedOverFrom: DeskId[];
}

export interface WaitingCallFacts {
  target: RoutingTarget;
  queuedSince: number;
  expansionLevel: number;
}

export interface WhyWaitingInput {
  /** Waiting calls, any order. */
  calls: Iterable<Readonly<WaitingCallFacts>>;
  seats: Iterable<Readonly<AcdSeat>>;
  desk: (id: DeskId) => Pick<DeskSpec, 'expansion'>;
  surge: AcdSurge | null;
  /** Desks outside their schedule now → where their calls go. */
  closedDesks: ReadonlyMap<DeskId, DeskId>;
  now: number;
}

const loggedIn = (s: Readonly<AcdSeat>) => s.state !== SeatState.Offline;
const free = (s: Readonly<AcdSeat>) => s.state === SeatState.Available && s.contactMode !== null && !s.removing;

/** Reasons keyed `language|desk`, like the wallboard's waiting groups. */
export function whyWaiting(input: WhyWaitingInput): Map<string, WhyWaiting> {
  const byKey = new Map<string, Readonly<AcdSeat>[]>();
  const seats = [...input.seats];
  for (const s of seats)
    for (const k of s.keys) {
      let list = byKey.get(k);
      if (!list) byKey.set(k, (list = []));
      list.push(s);
    }
  const union = (keys: readonly string[]) => {
    const set = new Set<Readonly<AcdSeat>>();
    for (const k of keys) for (const s of byKey.get(k) ?? []) set.add(s);
    return set;
  };

  // The group's longest-waiting call (earliest in the queue) decides: it is the next to widen.
  const heads = new Map<string, { head: Readonly<WaitingCallFacts>; scheduled: boolean }>();
  for (const c of input.calls) {
    const key = `${c.target.language}|${c.target.desk}`;
    const scheduled = c.target.reasons.some((r) => r.source === 'schedule');
    const g = heads.get(key);
    if (!g) heads.set(key, { head: c, scheduled });
    else {
      if (c.queuedSince < g.head.queuedSince) g.head = c;
      g.scheduled ||= scheduled;
    }
  }

  const out = new Map<string, WhyWaiting>();
  for (const [key, { head, scheduled }] of heads) {
    const t = head.target;
    const steps = input.desk(t.desk).expansion;
    const now = [...union(callBucketKeys(t, head.expansionLevel, steps, input.surge))];
    const eligible = {
      total: now.length,
      loggedIn: now.filter(loggedIn).length,
      free: now.filter(free).length,
      notReady: now.filter((s) => s.state === SeatState.NotReady).length,
    };
    const step = steps[head.expansionLevel];
    let next: NextWidening | null = null;
    if (step) {
      const current = new Set(now);
      const added = [...union(callBucketKeys(t, head.expansionLevel + 1, steps, input.surge))].filter((s) => !current.has(s));
      next = {
        at: nextExpansionAt(steps, head.queuedSince, head.expansionLevel)!,
        afterSeconds: step.afterSeconds,
        widen: step.widen,
        seats: added.length,
        free: added.filter(free).length,
      };
    }
    const handedOverFrom = scheduled ? [...input.closedDesks].filter(([, to]) => to === t.desk).map(([from]) => from) : [];
    out.set(key, { reason: reasonFor(t, input, eligible, next, seats), eligible, next, handedOverFrom });
  }
  return out;
}

function reasonFor(
  t: RoutingTarget,
  input: WhyWaitingInput,
  eligible: WhyWaiting['eligible'],
  next: NextWidening | null,
  seats: readonly Readonly<AcdSeat>[],
): WaitReason {
  const fallback = input.closedDesks.get(t.desk);
  if (fallback !== undefined && fallback !== t.desk) return { kind: 'desk-closed', fallbackDesk: fallback };
  if (next && next.free > 0) return { kind: 'widening' };
  if (eligible.loggedIn > 0) return { kind: 'all-busy', busy: eligible.loggedIn - eligible.free - eligible.notReady, notReady: eligible.notReady };
  if (t.languageStrength === 'required') {
    const speaks = seats.filter((s) => s.spec.languages.includes(t.language));
    if (!speaks.some(loggedIn)) return { kind: 'no-speaker', language: t.language, configured: speaks.length };
  }
  if (next) return { kind: 'widening' };
  return { kind: 'no-seat' };
}
