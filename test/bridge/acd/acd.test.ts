import assert from 'node:assert/strict';
import { Acd } from '../../../bridge/acd/acd.js';
import { CallState, SeatState } from '../../../bridge/calls/call-center-api.js';
import { desk, has, kinds, offers, seat, target } from './acd-fixtures.js';

const T0 = 1_700_000_000_000;
const s = (n: number) => T0 + n * 1000;

describe('ACD core', () => {
  it('offers a waiting call to the first seat that becomes available, and only to an eligible one', () => {
    const acd = new Acd({ desks: [desk('general'), desk('social')], seats: [seat('kk1', ['kk'], ['general']), seat('zh1', ['zh'], ['general'])], now: T0 });
    assert.deepEqual(acd.arrive('c1', target('kk', 'general'), T0, T0).map((d) => d.kind), ['waiting']);
    assert.deepEqual(offers(acd.login('zh1', s(1))), []); // zh seat cannot take a required-kk call
    assert.deepEqual(offers(acd.login('kk1', s(2))), ['c1→kk1']);
    assert.equal(acd.seat('kk1')!.state, SeatState.Reserved);
    assert.equal(acd.call('c1')!.state, CallState.Offering);
  });

  it('serves higher priority first, then first arrival (emergency jumps the queue)', () => {
    const acd = new Acd({ desks: [desk('general')], seats: [seat('a', ['zh'], ['general'])], now: T0 });
    acd.arrive('old', target('zh', 'general'), s(0), s(0));
    acd.arrive('newer', target('zh', 'general'), s(5), s(5));
    acd.arrive('emergency', target('zh', 'general', { priority: 100 }), s(9), s(9));
    assert.deepEqual(offers(acd.login('a', s(10))), ['emergency→a']);
    acd.answered('emergency', s(11));
    acd.end('emergency', s(20));
    assert.deepEqual(offers(acd.completeWrapUp('a', s(21))), ['old→a']);
  });

  it('missed offer: the seat goes not-ready (missed-offer) and the call returns to its original place', () => {
    const acd = new Acd({ desks: [desk('general', { ringTimeoutSeconds: 10 })], seats: [seat('a', ['zh'], ['general']), seat('b', ['zh'], ['general'])], now: T0, ringGraceMs: 0 });
    acd.login('a', s(0));
    acd.arrive('first', target('zh', 'general'), s(1), s(1)); // rings a
    acd.arrive('second', target('zh', 'general'), s(2), s(2)); // waits
    assert.equal(acd.nextDeadline(), s(11));
    const ds = acd.tick(s(11));
    has(ds.find((d) => d.kind === 'offer-ended'), { callId: 'first', seatId: 'a', outcome: 'ring-timeout' });
    has(acd.seat('a'), { state: SeatState.NotReady, reason: 'missed-offer', missedOffers: 1 });
    // "first" is back ahead of "second": the next free seat gets it.
    assert.deepEqual(offers(acd.login('b', s(12))), ['first→b']);
  });

  it("an offer the switch failed is not the seat's miss: no count, a 3 s pause, then available again at its place in line", () => {
    const acd = new Acd({ desks: [desk('general')], seats: [seat('a', ['zh'], ['general']), seat('b', ['zh'], ['general'])], now: T0, ringGraceMs: 0 });
    acd.login('a', s(0));
    acd.login('b', s(1));
    acd.arrive('c1', target('zh', 'general'), s(2), s(2)); // rings a (idle longest)
    const ds = acd.offerFailed('c1', 'switch-failed', s(3));
    has(ds.find((d) => d.kind === 'offer-ended'), { callId: 'c1', seatId: 'a', outcome: 'switch-failed' });
    assert.deepEqual(offers(ds), ['c1→b'], 'the call goes on to the next free seat at once');
    has(acd.seat('a'), { state: SeatState.NotReady, reason: 'switch-fault', missedOffers: 0 });
    // A caller who arrives during the pause waits rather than ringing a seat the switch just failed.
    assert.deepEqual(offers(acd.arrive('c2', target('zh', 'general'), s(4), s(4))), []);
    assert.equal(acd.nextDeadline(), s(6));
    assert.deepEqual(offers(acd.tick(s(6))), ['c2→a'], 'back by itself, nobody pressed ready');
  });

  it('a seat pausing after a switch fault: the agent pressing ready or taking a break ends the pause; a break asked while it rang comes first', () => {
    const acd = new Acd({ desks: [desk('general')], seats: [seat('a', ['zh'], ['general'])], now: T0, ringGraceMs: 0, switchFaultRestMs: 5000 });
    acd.login('a', s(0));
    acd.arrive('c1', target('zh', 'general'), s(1), s(1));
    acd.offerFailed('c1', 'switch-failed', s(2));
    acd.setNotReady('a', 'meal', s(3));
    acd.tick(s(7)); // the pause's end finds the seat on its meal break: it stays there
    has(acd.seat('a'), { state: SeatState.NotReady, reason: 'meal' });
    assert.deepEqual(offers(acd.setAvailable('a', s(8))), ['c1→a']);
    acd.setNotReady('a', 'break', s(9)); // asked while ringing: applies when the offer ends
    acd.offerFailed('c1', 'switch-failed', s(10));
    has(acd.seat('a'), { state: SeatState.NotReady, reason: 'break', missedOffers: 0 });
    acd.tick(s(20));
    has(acd.seat('a'), { state: SeatState.NotReady, reason: 'break' });
  });

  it('a ring that times out at the instant a later call widens: the earlier caller gets the free seat', () => {
    // legal widens to any desk at 10 s; "early" rings b for 10 s, "late" waits for a legal kk seat.
    const legal = desk('legal', { ringTimeoutSeconds: 10, expansion: [{ afterSeconds: 10, widen: 'any-desk' }] });
    const acd = new Acd({ desks: [legal, desk('social')], seats: [seat('b', ['zh'], ['legal']), seat('s', ['zh', 'kk'], ['social'])], now: T0, ringGraceMs: 0 });
    acd.login('b', s(0));
    acd.arrive('early', target('zh', 'legal'), s(0), s(0)); // rings b until 10 s
    acd.arrive('late', target('kk', 'legal'), s(0), s(0)); // waits; at 10 s may use the social seat
    acd.login('s', s(1)); // free, but neither call may use a social seat yet
    assert.equal(acd.nextDeadline(), s(10));
    const ds = acd.tick(s(10));
    // Both are due at 10 s: "early" is back in the queue and arrived first, so it takes s.
    assert.deepEqual(offers(ds), ['early→s']);
    has(acd.call('late'), { state: CallState.Queued });
    assert.deepEqual(ds.filter((d) => d.kind === 'waiting'), []); // "early" never showed as waiting again
  });

  it('a missed call is offered elsewhere at once when another seat is free', () => {
    const acd = new Acd({ desks: [desk('general')], seats: [seat('a', ['zh'], ['general']), seat('b', ['zh'], ['general'])], now: T0 });
    acd.login('a', s(0));
    acd.login('b', s(1));
    assert.deepEqual(offers(acd.arrive('c', target('zh', 'general'), s(2), s(2))), ['c→a']);
    assert.deepEqual(offers(acd.offerFailed('c', 'rejected', s(3))), ['c→b']);
  });

  it('abandon while ringing frees the seat with no penalty (keeps its longest-idle place)', () => {
    const acd = new Acd({ desks: [desk('general')], seats: [seat('a', ['zh'], ['general']), seat('b', ['zh'], ['general'])], now: T0 });
    acd.login('a', s(0));
    acd.login('b', s(5));
    acd.arrive('c1', target('zh', 'general'), s(6), s(6)); // a is idle longest
    const ds = acd.abandon('c1', s(7));
    has(ds.find((d) => d.kind === 'offer-ended'), { outcome: 'abandoned' });
    has(ds.find((d) => d.kind === 'call-closed'), { state: CallState.Abandoned });
    has(acd.seat('a'), { state: SeatState.Available, missedOffers: 0, idleSince: s(0) });
    assert.deepEqual(offers(acd.arrive('c2', target('zh', 'general'), s(8), s(8))), ['c2→a']);
  });

  it('abandon while waiting leaves the queue', () => {
    const acd = new Acd({ desks: [desk('general')], seats: [seat('a', ['zh'], ['general'])], now: T0 });
    acd.arrive('c1', target('zh', 'general'), s(0), s(0));
    acd.arrive('c2', target('zh', 'general'), s(1), s(1));
    acd.abandon('c1', s(2));
    assert.equal(acd.waitingCount, 1);
    assert.deepEqual(offers(acd.login('a', s(3))), ['c2→a']);
  });

  it('wrap-up returns to available after wrapUpSeconds, or to not-ready when a break was asked during the call', () => {
    const acd = new Acd({ desks: [desk('general', { wrapUpSeconds: 30 })], seats: [seat('a', ['zh'], ['general'])], now: T0 });
    acd.login('a', s(0));
    acd.arrive('c1', target('zh', 'general'), s(1), s(1));
    acd.answered('c1', s(2));
    acd.end('c1', s(62));
    has(acd.seat('a'), { state: SeatState.WrapUp, wrapUpEndsAt: s(92), talkTimeMs: 60_000, callsHandled: 1 });
    assert.equal(acd.nextDeadline(), s(92));
    acd.tick(s(92));
    assert.equal(acd.seat('a')!.state, SeatState.Available);

    acd.arrive('c2', target('zh', 'general'), s(100), s(100));
    acd.answered('c2', s(101));
    acd.setNotReady('a', 'meal', s(110));
    assert.equal(acd.seat('a')!.state, SeatState.OnCall);
    acd.end('c2', s(120));
    acd.tick(s(150));
    has(acd.seat('a'), { state: SeatState.NotReady, reason: 'meal' });
  });

  it('expands at the configured seconds: any-desk, then interpreter, then any seat', () => {
    const acd = new Acd({
      desks: [
        desk('legal', { expansion: [{ afterSeconds: 30, widen: 'any-desk' }, { afterSeconds: 60, widen: 'interpreter' }, { afterSeconds: 90, widen: 'any-seat' }] }),
        desk('general'),
      ],
      seats: [seat('ug-general', ['ug'], ['general']), seat('interp', ['zh'], ['general'], { interpreter: true }), seat('zh', ['zh'], ['general'])],
      now: T0,
    });
    acd.login('zh', s(0));
    acd.arrive('c', target('ug', 'legal'), s(0), s(0));
    assert.equal(acd.nextDeadline(), s(30));
    assert.deepEqual(offers(acd.tick(s(29))), []);
    acd.login('interp', s(29));
    assert.deepEqual(offers(acd.tick(s(30))), []); // any-desk: no ug seat free yet
    assert.equal(acd.call('c')!.expansionLevel, 1);
    assert.deepEqual(offers(acd.tick(s(60))), ['c→interp']);
  });

  it('any-seat expansion serves a call nobody speaks after its configured wait', () => {
    const acd = new Acd({ desks: [desk('general', { expansion: [{ afterSeconds: 45, widen: 'any-seat' }] })], seats: [seat('zh', ['zh'], ['general'])], now: T0 });
    acd.login('zh', s(0));
    acd.arrive('ko', target('ko', 'general'), s(0), s(0));
    assert.deepEqual(offers(acd.tick(s(44))), []);
    assert.deepEqual(offers(acd.tick(s(45))), ['ko→zh']);
  });

  it('a preferred-language call takes a kk seat if one is free but never waits for one', () => {
    const acd = new Acd({ desks: [desk('general')], seats: [seat('zh', ['zh'], ['general']), seat('kk', ['kk', 'zh'], ['general'])], now: T0 });
    acd.login('zh', s(0));
    acd.login('kk', s(5)); // zh idles longer, but the kk seat fits better
    assert.deepEqual(offers(acd.arrive('altay1', target('kk', 'general', { languageStrength: 'preferred' }), s(6), s(6))), ['altay1→kk']);
    assert.deepEqual(offers(acd.arrive('altay2', target('kk', 'general', { languageStrength: 'preferred' }), s(7), s(7))), ['altay2→zh']);
  });

  it('transfer back into the queue keeps the original arrival time', () => {
    const acd = new Acd({ desks: [desk('general'), desk('legal')], seats: [seat('a', ['zh'], ['general']), seat('l', ['zh'], ['legal'])], now: T0 });
    acd.login('a', s(0));
    acd.arrive('early', target('zh', 'general'), s(1), s(1));
    acd.answered('early', s(2));
    acd.arrive('later', target('zh', 'legal'), s(3), s(3));
    acd.requeue('early', target('zh', 'legal'), s(10));
    assert.equal(acd.seat('a')!.state, SeatState.WrapUp);
    assert.deepEqual(offers(acd.login('l', s(11))), ['early→l']);
    assert.equal(acd.call('early')!.arrivedAt, s(1));
  });

  it('a transferred call rings another seat, not the one that transferred it, even when that one frees first', () => {
    const acd = new Acd({ desks: [desk('general', { wrapUpSeconds: 0 })], seats: [seat('a', ['zh'], ['general']), seat('b', ['zh'], ['general'])], now: T0 });
    acd.login('a', s(0));
    acd.login('b', s(1));
    acd.arrive('busy', target('zh', 'general'), s(2), s(2)); // a
    acd.arrive('c', target('zh', 'general'), s(3), s(3)); // b
    acd.answered('busy', s(4));
    acd.answered('c', s(4));
    // b hands the call to the language line it already is on (a re-route): with no wrap-up b is free at
    // once, a is still talking — the call waits for a rather than ringing b again.
    assert.deepEqual(offers(acd.requeue('c', target('zh', 'general'), s(10), 'b')), []);
    assert.equal(acd.seat('b')!.state, SeatState.Available);
    assert.equal(acd.call('c')!.state, CallState.Queued);
    assert.deepEqual(offers(acd.end('busy', s(20))), ['c→a'], 'the freed seat a takes it');
  });

  it('a transferred call comes back to its transferring seat when no other seat can take it, also once the others leave', () => {
    const acd = new Acd({ desks: [desk('general', { wrapUpSeconds: 0 })], seats: [seat('a', ['zh'], ['general']), seat('b', ['zh'], ['general'])], now: T0 });
    acd.login('b', s(0));
    acd.arrive('c', target('zh', 'general'), s(1), s(1));
    acd.answered('c', s(2));
    // b is the only seat at work: it gets the call back rather than the caller waiting for nobody.
    assert.deepEqual(offers(acd.requeue('c', target('zh', 'general'), s(3), 'b')), ['c→b']);
    acd.answered('c', s(4));
    acd.login('a', s(5));
    acd.arrive('d', target('zh', 'general'), s(7), s(7)); // rings a
    acd.answered('d', s(8));
    assert.deepEqual(offers(acd.requeue('c', target('zh', 'general'), s(9), 'b')), [], 'a is talking: the call waits for a');
    assert.deepEqual(offers(acd.setOffline('a', s(10))), [], 'a finishes its call first');
    assert.deepEqual(offers(acd.end('d', s(11))), ['c→b'], 'a logged out after its call: nobody else is left, b takes the call back');
  });

  it('surge preset: folded desks are served by the target desk; reserved desk seats serve only their desk', () => {
    const acd = new Acd({
      desks: [desk('general'), desk('tourism'), desk('emergency', { emergency: true })],
      seats: [seat('g', ['zh'], ['general']), seat('e', ['zh'], ['emergency', 'general'])],
      now: T0,
    });
    acd.arrive('tour', target('zh', 'tourism'), s(0), s(0));
    acd.login('e', s(1)); // no preset: e does not sit on tourism
    assert.equal(acd.waitingCount, 1);
    acd.setNotReady('e', 'break', s(2));
    assert.deepEqual(offers(acd.setSurge({ id: 'typhoon', foldDesks: ['tourism'], intoDesk: 'general', reserveDesks: ['emergency'] }, s(3))), []);
    assert.deepEqual(offers(acd.setAvailable('e', s(4))), []); // reserved for emergency calls only
    assert.deepEqual(offers(acd.login('g', s(5))), ['tour→g']);
    assert.deepEqual(offers(acd.arrive('gen', target('zh', 'general'), s(6), s(6))), []);
    assert.deepEqual(offers(acd.arrive('emg', target('zh', 'emergency', { priority: 100 }), s(7), s(7))), ['emg→e']);
  });

  it('a seat with nothing to ring (home mode, no home contact) is skipped, not offered', () => {
    const acd = new Acd({ desks: [desk('general')], seats: [seat('a', ['zh'], ['general']), seat('b', ['zh'], ['general'])], now: T0 });
    acd.login('a', s(0));
    acd.login('b', s(1));
    acd.setContactMode('a', null, s(2));
    acd.setContactMode('b', 'home', s(2));
    const ds = acd.arrive('c', target('zh', 'general'), s(3), s(3));
    has(ds.find((d) => d.kind === 'offer'), { seatId: 'b', contactMode: 'home', ringTimeoutMs: 30_000 });
  });

  it('removing a ringing seat puts the call back; removing a talking seat waits for its wrap-up', () => {
    const acd = new Acd({ desks: [desk('general')], seats: [seat('a', ['zh'], ['general']), seat('b', ['zh'], ['general'])], now: T0 });
    acd.login('a', s(0));
    acd.arrive('c', target('zh', 'general'), s(1), s(1));
    acd.removeSeat('a', s(2));
    assert.equal(acd.seat('a'), undefined);
    assert.equal(acd.call('c')!.state, CallState.Queued);
    acd.login('b', s(3));
    acd.answered('c', s(4));
    acd.removeSeat('b', s(5));
    assert.equal(acd.seat('b')!.state, SeatState.OnCall);
    acd.end('c', s(6));
    acd.completeWrapUp('b', s(7));
    assert.equal(acd.seat('b'), undefined);
  });

  it('a seat to be removed that logs out during its wrap-up leaves then, rather than lingering unusable', () => {
    const acd = new Acd({ desks: [desk('general')], seats: [seat('a', ['zh'], ['general'])], now: T0 });
    acd.login('a', s(0));
    acd.arrive('c', target('zh', 'general'), s(1), s(1));
    acd.answered('c', s(2));
    acd.end('c', s(3)); // 10 s wrap-up
    acd.removeSeat('a', s(4));
    assert.deepEqual(kinds(acd.setOffline('a', s(5))), ['seat-removed']);
    assert.equal(acd.seat('a'), undefined);
    // Added back, it is an ordinary seat again: it logs in and takes calls.
    acd.addSeat(seat('a', ['zh'], ['general']), s(6));
    acd.arrive('d', target('zh', 'general'), s(7), s(7));
    assert.deepEqual(offers(acd.login('a', s(8))), ['d→a']);
  });

  it('a seat with 0 s wrap-up that transfers a call serves the longest waiting caller next, the transferred one included', () => {
    const acd = new Acd({ desks: [desk('social', { wrapUpSeconds: 0 }), desk('emergency')], seats: [seat('a', ['zh'], ['social', 'emergency'])], now: T0 });
    acd.arrive('first', target('zh', 'social'), s(0), s(0));
    acd.login('a', s(0));
    acd.answered('first', s(1));
    acd.arrive('second', target('zh', 'emergency'), s(2), s(2));
    // Back into the social queue: it arrived before "second", so the freed seat rings it again, as it would
    // after a timed wrap-up (nobody else can take it).
    assert.deepEqual(offers(acd.requeue('first', target('zh', 'social'), s(3))), ['first→a']);
    has(acd.call('second'), { state: CallState.Queued });
  });

  it('logout while ringing puts the call back and the seat goes offline', () => {
    const acd = new Acd({ desks: [desk('general')], seats: [seat('a', ['zh'], ['general'])], now: T0 });
    acd.login('a', s(0));
    acd.arrive('c', target('zh', 'general'), s(1), s(1));
    const ds = acd.setOffline('a', s(2));
    has(ds.find((d) => d.kind === 'offer-ended'), { outcome: 'seat-offline' });
    assert.equal(acd.seat('a')!.state, SeatState.Offline);
    assert.equal(acd.call('c')!.state, CallState.Queued);
  });
});
