/**
 * Randomised invariants of the ACD core (fast-check): thousands of event sequences — arrivals, answers,
 * misses, rejects, switch failures, abandons, hang-ups, transfers, breaks, logouts, home-mode contact changes, surge presets
 * and time passing — checked after every step against a brute-force restatement of eligibility:
 * - none lost: every call is waiting (and indexed), ringing one seat, connected to one seat, or closed;
 * - no seat holds two calls;
 * - work-conserving: no call waits while an eligible seat sits available;
 * - priorities and arrival order: a seat that got an offer had no better waiting call it could serve;
 * and after a final drain every call ended answered (ended/transferred) or abandoned.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Acd } from '../../../bridge/acd/acd.js';
import type { AcdDecision, AcdSurge } from '../../../bridge/acd/acd-types.js';
import { CallState, SeatState } from '../../../bridge/calls/call-center-api.js';
import type { DeskSpec, ExpansionStep, Language, RoutingTarget, SeatSpec } from '../../../bridge/domain/types.js';
import { desk, target } from './acd-fixtures.js';

const LANGS: Language[] = ['zh', 'kk', 'ru'];
const DESKS: DeskSpec[] = [
  desk('general', { expansion: [{ afterSeconds: 20, widen: 'any-desk' }] }),
  desk('legal', { strategy: 'round-robin', expansion: [{ afterSeconds: 10, widen: 'any-desk' }, { afterSeconds: 30, widen: 'interpreter' }, { afterSeconds: 60, widen: 'any-seat' }] }),
  desk('social', { strategy: 'fewest-calls', wrapUpSeconds: 0 }),
  desk('emergency', { strategy: 'least-talk-time', emergency: true }),
];
const SURGE: AcdSurge = { id: 'typhoon', foldDesks: ['legal', 'social'], intoDesk: 'general', reserveDesks: ['emergency'], wrapUpSeconds: 3 };
const T0 = 1_700_000_000_000;

const seatArb = fc.record({
  languages: fc.subarray(LANGS, { minLength: 1 }),
  desks: fc.subarray(DESKS.map((d) => d.id), { minLength: 1, maxLength: 2 }),
  interpreter: fc.boolean(),
});

const op = fc.oneof(
  { weight: 6, arbitrary: fc.record({ t: fc.constant('arrive' as const), lang: fc.constantFrom(...LANGS), desk: fc.constantFrom(...DESKS.map((d) => d.id)), preferred: fc.boolean(), urgent: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constantFrom('login' as const, 'available' as const, 'break' as const, 'offline' as const, 'wrapped' as const), i: fc.nat() }) },
  { weight: 5, arbitrary: fc.record({ t: fc.constantFrom('answer' as const, 'reject' as const, 'fail' as const, 'switch' as const, 'abandon' as const, 'hangup' as const, 'hold' as const, 'out' as const), i: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('requeue' as const), i: fc.nat(), lang: fc.constantFrom(...LANGS), desk: fc.constantFrom(...DESKS.map((d) => d.id)) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('contact' as const), i: fc.nat(), mode: fc.constantFrom(null, 'office' as const, 'home' as const) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('remove' as const), i: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('surge' as const), on: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 40_000 }) }) },
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

/** Eligibility restated from the documentation, independent of the bucket keys. */
function eligible(seat: SeatSpec, t: RoutingTarget, level: number, steps: readonly ExpansionStep[], surge: AcdSurge | null): boolean {
  const fold = (d: string) => (surge?.foldDesks.includes(d) ? surge.intoDesk : d);
  const reserved = surge ? seat.desks.filter((d) => surge.reserveDesks.includes(d)) : [];
  const seatDesks = reserved.length ? reserved : seat.desks.map(fold);
  const speaks = seat.languages.includes(t.language);
  if (seatDesks.includes(fold(t.desk)) && (speaks || t.languageStrength === 'preferred')) return true;
  if (reserved.length) return false;
  return steps.slice(0, level).some((s) => (s.widen === 'any-desk' ? speaks : s.widen === 'interpreter' ? !!seat.interpreter : true));
}

const rank = (c: { target: RoutingTarget; arrivedAt: number; seq: number }) => [-c.target.priority, c.arrivedAt, c.seq] as const;
const better = (a: readonly number[], b: readonly number[]) => a[0]! < b[0]! || (a[0] === b[0] && (a[1]! < b[1]! || (a[1] === b[1] && a[2]! < b[2]!)));

class Harness {
  readonly acd: Acd;
  now = T0;
  readonly arrived: string[] = [];
  readonly closed = new Map<string, CallState>();
  readonly answeredOnce = new Set<string>();
  private n = 0;

  constructor(readonly specs: SeatSpec[]) {
    this.acd = new Acd({ desks: DESKS, seats: specs, now: T0, ringGraceMs: 0 });
  }

  private live(pred: (s: CallState) => boolean) {
    return [...this.acd.calls()].filter((c) => pred(c.state)).sort((a, b) => a.seq - b.seq);
  }
  private pick<T>(xs: T[], i: number): T | undefined {
    return xs.length ? xs[i % xs.length] : undefined;
  }

  apply(o: Op): void {
    const acd = this.acd;
    const spec = 'i' in o ? this.specs[o.i % this.specs.length]! : undefined;
    const seat = spec && acd.seat(spec.id);
    let ds: AcdDecision[] = [];
    switch (o.t) {
      case 'arrive': {
        const id = `c${this.n++}`;
        this.arrived.push(id);
        const t = target(o.lang, o.desk, { languageStrength: o.preferred ? 'preferred' : 'required', priority: o.urgent ? 100 : 0 });
        ds = acd.arrive(id, t, this.now, this.now);
        break;
      }
      case 'login': ds = seat ? acd.login(seat.spec.id, this.now) : acd.addSeat(spec!, this.now); break;
      case 'available': if (seat) ds = acd.setAvailable(seat.spec.id, this.now); break;
      case 'break': if (seat) ds = acd.setNotReady(seat.spec.id, 'break', this.now); break;
      case 'offline': if (seat) ds = acd.setOffline(seat.spec.id, this.now); break;
      case 'remove': if (seat) ds = acd.removeSeat(seat.spec.id, this.now); break;
      case 'wrapped': if (seat?.state === SeatState.WrapUp) ds = acd.completeWrapUp(seat.spec.id, this.now); break;
      case 'contact': if (seat) ds = acd.setContactMode(seat.spec.id, o.mode, this.now); break;
      case 'surge': ds = acd.setSurge(o.on ? SURGE : null, this.now); break;
      case 'wait': return this.advance(this.now + o.ms);
      default: {
        const ringing = this.live((s) => s === CallState.Offering);
        const talking = this.live((s) => s === CallState.Connected || s === CallState.Held);
        const c = o.t === 'answer' || o.t === 'reject' || o.t === 'fail' || o.t === 'switch' ? this.pick(ringing, o.i) : o.t === 'abandon' ? this.pick(this.live(() => true), o.i) : this.pick(talking, o.i);
        if (!c) break;
        if (o.t === 'answer') { this.answeredOnce.add(c.id); ds = acd.answered(c.id, this.now); }
        else if (o.t === 'reject') ds = acd.offerFailed(c.id, 'rejected', this.now);
        else if (o.t === 'fail') ds = acd.offerFailed(c.id, 'failed', this.now);
        else if (o.t === 'switch') ds = acd.offerFailed(c.id, 'switch-failed', this.now);
        else if (o.t === 'abandon') ds = acd.abandon(c.id, this.now);
        else if (o.t === 'hangup') ds = acd.end(c.id, this.now);
        else if (o.t === 'out') ds = acd.transferredOut(c.id, this.now);
        else if (o.t === 'hold') c.state === CallState.Held ? acd.resume(c.id) : acd.hold(c.id);
        else if (o.t === 'requeue') ds = acd.requeue(c.id, target(o.lang, o.desk), this.now);
      }
    }
    this.check(ds);
  }

  /** Move time forward deadline by deadline, checking after each instant. */
  advance(to: number): void {
    for (let at = this.acd.nextDeadline(); at !== null && at <= to; at = this.acd.nextDeadline()) {
      assert.ok(at >= this.now, 'deadline in the past');
      this.now = at;
      this.check(this.acd.tick(at));
    }
    this.now = to;
  }

  check(ds: AcdDecision[]): void {
    const acd = this.acd;
    for (const d of ds) if (d.kind === 'call-closed') {
      assert.ok(!this.closed.has(d.callId), `${d.callId} closed twice`);
      this.closed.set(d.callId, d.state);
    }
    // none lost, no seat holds two calls
    const holders = new Map<string, string>();
    for (const id of this.arrived) {
      const c = acd.call(id);
      assert.ok(!!c !== this.closed.has(id), `${id} must be live xor closed`);
      if (!c) continue;
      const waiting = [...acd.waitingCalls()].some((w) => w.id === id);
      assert.equal(waiting, c.state === CallState.Queued, `${id} ${c.state} indexed=${waiting}`);
      if (c.state === CallState.Queued) continue;
      const s = acd.seat(c.seatId ?? '');
      assert.ok(s, `${id} (${c.state}) has no seat`);
      assert.equal(s.callId, id);
      assert.equal(s.state, c.state === CallState.Offering ? SeatState.Reserved : SeatState.OnCall);
      assert.ok(!holders.has(s.spec.id), `seat ${s.spec.id} holds two calls`);
      holders.set(s.spec.id, id);
    }
    for (const s of acd.seats()) if (s.state === SeatState.Reserved || s.state === SeatState.OnCall) assert.equal(holders.get(s.spec.id), s.callId);
    // work-conserving, expansion level
    const surge = acd.activeSurge();
    const free = [...acd.seats()].filter((s) => s.state === SeatState.Available && s.contactMode !== null);
    const waiting = [...acd.waitingCalls()];
    for (const c of waiting) {
      const steps = acd.desk(c.target.desk).expansion;
      assert.equal(c.expansionLevel, steps.filter((st) => c.queuedSince + st.afterSeconds * 1000 <= this.now).length, `${c.id} expansion level`);
      for (const s of free) assert.ok(!eligible(s.spec, c.target, c.expansionLevel, steps, surge), `${c.id} waits while ${s.spec.id} is free`);
    }
    // priorities and arrival order
    for (const d of ds) if (d.kind === 'offer') {
      const s = acd.seat(d.seatId);
      const offered = acd.call(d.callId);
      if (!s || !offered || offered.seatId !== d.seatId) continue; // superseded later in the same step
      for (const c of waiting)
        assert.ok(!(better(rank(c), rank(offered)) && eligible(s.spec, c.target, c.expansionLevel, acd.desk(c.target.desk).expansion, surge)),
          `${d.seatId} took ${d.callId} while better ${c.id} waited`);
    }
  }

  /** Everyone back at work, every call played out; leftovers nobody can ever serve are abandoned. */
  drain(): void {
    for (const spec of this.specs) {
      if (this.acd.seat(spec.id)?.state === SeatState.WrapUp) this.check(this.acd.completeWrapUp(spec.id, this.now));
      if (!this.acd.seat(spec.id)) this.check(this.acd.addSeat(spec, this.now));
      this.check(this.acd.setContactMode(spec.id, 'office', this.now));
      this.check(this.acd.setAvailable(spec.id, this.now));
    }
    // Answer every ringing call and hang up every talking one until only waiting calls remain, then jump
    // to the next instant something is due (an expansion step or a wrap-up end): no ring ever times out.
    for (let round = 0; round < 1000; round++) {
      for (const spec of this.specs) // a seat removed while talking left after its wrap-up: bring it back
        if (!this.acd.seat(spec.id)) { this.check(this.acd.addSeat(spec, this.now)); this.check(this.acd.setAvailable(spec.id, this.now)); }
      let busy = true;
      while (busy) {
        busy = false;
        for (const c of [...this.acd.calls()]) {
          if (c.state === CallState.Offering) { this.answeredOnce.add(c.id); this.check(this.acd.answered(c.id, this.now)); busy = true; }
          else if (c.state === CallState.Connected || c.state === CallState.Held) { this.check(this.acd.end(c.id, this.now)); busy = true; }
        }
      }
      // A seat removed while talking may just have left (a 0 s wrap-up ends at once): next round brings it back.
      if (this.specs.some((s) => !this.acd.seat(s.id))) continue;
      const next = this.acd.nextDeadline();
      if (next === null) break;
      this.advance(next);
    }
    const surge = this.acd.activeSurge();
    for (const c of [...this.acd.calls()]) {
      assert.equal(c.state, CallState.Queued);
      const steps = this.acd.desk(c.target.desk).expansion;
      assert.ok(!this.specs.some((s) => eligible(s, c.target, steps.length, steps, surge)), `${c.id} could be served but is stuck`);
      this.check(this.acd.abandon(c.id, this.now));
    }
    for (const id of this.arrived) {
      const end = this.closed.get(id);
      assert.ok(end === CallState.Abandoned || ((end === CallState.Ended || end === CallState.Transferred) && this.answeredOnce.has(id)), `${id} ended ${end}`);
    }
  }
}

describe('ACD invariants (randomised)', function () {
  this.timeout(120_000);

  it('holds over thousands of event sequences', () => {
    const stats = { calls: 0, answered: 0 };
    fc.assert(
      fc.property(fc.array(seatArb, { minLength: 1, maxLength: 6 }), fc.array(op, { minLength: 1, maxLength: 80 }), (seatShapes, ops) => {
        const specs: SeatSpec[] = seatShapes.map((s, i) => ({ id: `s${i}`, name: `s${i}`, officeContact: `sip:s${i}@lab`, homeContact: `sip:s${i}@home`, ...s }));
        const h = new Harness(specs);
        for (const o of ops) h.apply(o);
        h.drain();
        stats.calls += h.arrived.length;
        stats.answered += h.answeredOnce.size;
      }),
      { numRuns: Number(process.env.ACD_FUZZ_RUNS ?? 2500) },
    );
    // The sequences must actually exercise dispatch, not just idle seats.
    assert.ok(stats.answered > stats.calls / 3, `only ${stats.answered} of ${stats.calls} calls answered`);
  });
});
