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

type Counts = WhyWaiting['eligible'];
const zero = (): Counts => ({ total: 0, loggedIn: 0, free: 0, notReady: 0 });

function count(c: Counts, s: Readonly<AcdSeat>): void {
  c.total++;
  if (s.state === SeatState.Offline) return;
  c.loggedIn++;
  if (s.state === SeatState.NotReady) c.notReady++;
  else if (s.state === SeatState.Available && s.contactMode !== null && !s.removing) c.free++;
}

/** Seats by bucket key, with each key's counts kept alongside. */
class SeatIndex {
  private readonly byKey = new Map<string, { seats: Readonly<AcdSeat>[]; counts: Counts }>();
  /** Speakers of each language: configured, and how many are logged in. */
  readonly speakers = new Map<string, { configured: number; loggedIn: number }>();

  constructor(seats: Iterable<Readonly<AcdSeat>>) {
    for (const s of seats) {
      for (const k of s.keys) {
        let e = this.byKey.get(k);
        if (!e) this.byKey.set(k, (e = { seats: [], counts: zero() }));
        e.seats.push(s);
        count(e.counts, s);
      }
      for (const l of s.spec.languages) {
        let sp = this.speakers.get(l);
        if (!sp) this.speakers.set(l, (sp = { configured: 0, loggedIn: 0 }));
        sp.configured++;
        if (s.state !== SeatState.Offline) sp.loggedIn++;
      }
    }
  }

  /**
   * Counts of the seats under any of `keys`, each seat once. The largest bucket is taken whole from its
   * counts; only the smaller ones are walked (a widened call's `*|*` holds every seat, its own desk few).
   */
  union(keys: readonly string[]): Counts {
    const buckets = [...new Set(keys)].map((k) => ({ k, e: this.byKey.get(k) })).filter((b) => b.e).sort((a, b) => b.e!.seats.length - a.e!.seats.length);
    const first = buckets[0];
    if (!first) return zero();
    const c = { ...first.e!.counts };
    for (let i = 1; i < buckets.length; i++) {
      const seen = buckets.slice(0, i).map((b) => b.k);
      for (const s of buckets[i]!.e!.seats) if (!seen.some((k) => s.keys.includes(k))) count(c, s);
    }
    return c;
  }
}

/** Reasons keyed `language|desk`, like the wallboard's waiting groups. */
export function whyWaiting(input: WhyWaitingInput): Map<string, WhyWaiting> {
  const index = new SeatIndex(input.seats);

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
    const eligible = index.union(callBucketKeys(t, head.expansionLevel, steps, input.surge));
    const step = steps[head.expansionLevel];
    let next: NextWidening | null = null;
    if (step) {
      // A step only ever adds keys, so what it adds is the difference of the two unions.
      const widened = index.union(callBucketKeys(t, head.expansionLevel + 1, steps, input.surge));
      next = {
        at: nextExpansionAt(steps, head.queuedSince, head.expansionLevel)!,
        afterSeconds: step.afterSeconds,
        widen: step.widen,
        seats: widened.total - eligible.total,
        free: widened.free - eligible.free,
      };
    }
    const handedOverFrom = scheduled ? [...input.closedDesks].filter(([, to]) => to === t.desk).map(([from]) => from) : [];
    out.set(key, { reason: reasonFor(t, input, eligible, next, index), eligible, next, handedOverFrom });
  }
  return out;
}

function reasonFor(t: RoutingTarget, input: WhyWaitingInput, eligible: Counts, next: NextWidening | null, index: SeatIndex): WaitReason {
  const fallback = input.closedDesks.get(t.desk);
  if (fallback !== undefined && fallback !== t.desk) return { kind: 'desk-closed', fallbackDesk: fallback };
  if (next && next.free > 0) return { kind: 'widening' };
  if (eligible.loggedIn > 0) return { kind: 'all-busy', busy: eligible.loggedIn - eligible.free - eligible.notReady, notReady: eligible.notReady };
  if (t.languageStrength === 'required') {
    const speaks = index.speakers.get(t.language);
    if (!speaks?.loggedIn) return { kind: 'no-speaker', language: t.language, configured: speaks?.configured ?? 0 };
  }
  if (next) return { kind: 'widening' };
  return { kind: 'no-seat' };
}
