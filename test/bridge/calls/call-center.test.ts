import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import { CallState, CommandError, SeatState } from '../../../bridge/calls/call-center-api.js';
import { CallCenterService } from '../../../bridge/calls/call-center.js';
import { inbound } from './fake-telephony.js';
import { TelephonyCommandError } from '../../../telephony/telephony-port.js';
import { Rig, settle, T0, target, testConfig } from './call-center-fixture.js';

const rejectsWith = (code: string) => (e: unknown) => e instanceof CommandError && e.code === code;

describe('CallCenterService', () => {
  it('seats start offline; a call waits with music in its language, then rings the first seat to log in', async () => {
    const r = new Rig();
    assert.ok(r.cc.seats().every((s) => s.state === SeatState.Offline));
    const id = await r.arrive({}, target({ language: 'kk', languageStrength: 'required' }));
    assert.deepEqual(r.tel.names(id), ['playQueueMusic']);
    assert.deepEqual(r.tel.commands[0]!.args, ['kk']);
    assert.equal(r.cc.call(id)!.state, CallState.Queued);
    assert.equal(r.cc.call(id)!.didLabel, '12345 热线');
    r.cc.login('zh1'); // does not speak kk
    assert.equal(r.tel.lastOffer(id), undefined);
    r.cc.login('kk1');
    await settle();
    const offer = r.tel.lastOffer(id)!;
    assert.equal(offer.seatId, 'kk1');
    assert.equal(offer.contact, 'sip:kk1@office');
    assert.equal(offer.ringTimeoutMs, 10_000);
    assert.equal(offer.callerIdNumber, '13812341234');
    assert.equal(r.tel.attended.get('kk1'), true);
    assert.deepEqual(r.callKinds(id), ['arrived', 'queued', 'offered']);
    const pop = r.events.find((e) => e.type === 'offer');
    assert.ok(pop && pop.type === 'offer' && pop.seatId === 'kk1' && pop.call.id === id && pop.ringTimeoutMs === 10_000);
    assert.deepEqual(r.cc.pendingOffer('kk1')?.offerId, offer.offerId);
  });

  it('lab mode: seats start available; accept in the desktop answers the simulated phone; the answer connects', async () => {
    const r = new Rig({ autoLoginSeats: true });
    assert.ok(r.cc.seats().every((s) => s.state === SeatState.Available));
    const id = await r.arrive();
    assert.deepEqual(r.tel.names(id), ['offer']); // a free seat: ringback, no music
    const seatId = r.tel.lastOffer(id)!.seatId;
    await r.cc.acceptOffer(seatId, id);
    assert.deepEqual(r.tel.names(id), ['offer', 'answerSeatPhone']);
    r.answer(id);
    assert.equal(r.cc.call(id)!.state, CallState.Connected);
    assert.equal(r.cc.call(id)!.seatId, seatId);
    assert.equal(r.cc.seat(seatId)!.state, SeatState.OnCall);
    assert.equal(r.cc.seat(seatId)!.callsHandled, 1);
    assert.deepEqual(r.callKinds(id), ['arrived', 'offered', 'answered']);
  });

  /** zh1 and then em1 log in; a call rings zh1 (idle longest). */
  async function ringsFirstOfTwo() {
    const r = new Rig();
    r.cc.login('zh1');
    await r.clock.advance(1000);
    r.cc.login('em1');
    const id = await r.arrive();
    const first = r.tel.lastOffer(id)!;
    assert.equal(first.seatId, 'zh1');
    return { r, id, first };
  }

  it('ring timeout on the clock: offer withdrawn, seat not-ready (missed-offer), call offered to the next seat', async () => {
    const { r, id, first } = await ringsFirstOfTwo();
    await r.clock.advance(10_000 + 999); // ring timeout 10 s + 1 s grace for the telephony's own report
    assert.equal(r.cc.seat('zh1')!.state, SeatState.Reserved);
    await r.clock.advance(1);
    assert.deepEqual(r.cc.seat('zh1')!.state, SeatState.NotReady);
    assert.equal(r.cc.seat('zh1')!.notReadyReason, 'missed-offer');
    assert.equal(r.cc.seat('zh1')!.missedOffers, 1);
    assert.ok(r.tel.commands.some((c) => c.cmd === 'cancelOffer' && c.args[0] === first.offerId));
    assert.ok(r.events.some((e) => e.type === 'offer-withdrawn' && e.offerId === first.offerId && e.reason === 'ring-timeout'));
    assert.equal(r.tel.lastOffer(id)!.seatId, 'em1');
    assert.deepEqual(r.callKinds(id), ['arrived', 'offered', 'missed', 'offered']);
  });

  it("the switch failing an offer is not the agent's miss: the call rings the next seat, the seat pauses 3 s and is back by itself", async () => {
    const { r, id, first } = await ringsFirstOfTwo();
    r.tel.emit({ type: 'seat-failed', callId: id, offerId: first.offerId, reason: 'switch-failure', sipStatus: 503 });
    assert.equal(r.tel.lastOffer(id)!.seatId, 'em1');
    const zh1 = r.cc.seat('zh1')!;
    assert.deepEqual([zh1.state, zh1.notReadyReason, zh1.missedOffers], [SeatState.NotReady, 'switch-fault', 0]);
    assert.ok(!r.tel.commands.some((c) => c.cmd === 'cancelOffer'), 'nothing to withdraw: the switch already gave the offer up');
    assert.deepEqual(r.callKinds(id), ['arrived', 'offered', 'offer-failed', 'offered'], 'recorded, but not as a miss');
    await r.clock.advance(3000);
    assert.equal(r.cc.seat('zh1')!.state, SeatState.Available, 'nobody had to press ready');
  });

  it('telephony no-answer and agent reject both send the call back; a late answer of a withdrawn offer is ignored', async () => {
    const r = new Rig();
    r.cc.login('zh1');
    const id = await r.arrive();
    const o1 = r.offerIdFor(id);
    r.tel.emit({ type: 'seat-failed', callId: id, offerId: o1, reason: 'no-answer', sipStatus: 408 });
    assert.equal(r.cc.call(id)!.state, CallState.Queued);
    assert.ok(!r.tel.names(id).includes('cancelOffer')); // already over on the switch
    r.cc.login('kk1');
    await settle();
    const o2 = r.offerIdFor(id);
    await r.cc.rejectOffer('kk1', id);
    await settle();
    assert.equal(r.cc.seat('kk1')!.notReadyReason, 'missed-offer');
    assert.ok(r.tel.commands.some((c) => c.cmd === 'cancelOffer' && c.args[0] === o2));
    assert.ok(r.callKinds(id).includes('rejected'));
    r.tel.emit({ type: 'seat-answered', callId: id, offerId: o2 });
    assert.equal(r.cc.call(id)!.state, CallState.Queued);
  });

  it('a withdrawn offer whose crossed answer the switch cannot undo: the call is ended rather than left with an unseen seat', async () => {
    const r = new Rig();
    r.cc.login('zh1');
    const id = await r.arrive();
    r.tel.failing.set('cancelOffer', new TelephonyCommandError('media-error', 'cancelOffer', '-ERR uuid_transfer', id));
    await r.cc.rejectOffer('zh1', id);
    await settle();
    assert.ok(r.tel.names(id).includes('hangup'), 'the call is hung up on the switch');
    assert.deepEqual(r.tel.commands.find((c) => c.cmd === 'hangup')?.args, ['bridge-hangup']);
  });

  it('a switch failure reaches the agent as a switch-failed CommandError; a timeout says the call was ended', async () => {
    const r = new Rig();
    r.cc.login('zh1');
    const id = await r.arrive();
    r.answer(id);
    r.tel.failing.set('hold', new TelephonyCommandError('media-error', 'hold', '-ERR no such channel', id));
    await assert.rejects(r.cc.hold('zh1', id), (e: unknown) => e instanceof CommandError && e.code === 'switch-failed' && /-ERR no such channel.*as it was/.test(e.message));
    assert.equal(r.cc.call(id)!.state, CallState.Connected);
    r.tel.failing.set('hold', new TelephonyCommandError('timeout', 'hold', 'no answer', id));
    await assert.rejects(r.cc.hold('zh1', id), (e: unknown) => e instanceof CommandError && /did not answer in time.*ended/.test(e.message));
    r.tel.failing.set('transferOut', new TelephonyCommandError('not-connected', 'transferOut', 'FreeSWITCH is unreachable', id));
    await assert.rejects(r.cc.transfer('zh1', id, { kind: 'external', number: '110' }), (e: unknown) => e instanceof CommandError && /unreachable/.test(e.message));
    assert.equal(r.cc.call(id)!.state, CallState.Connected, 'no transfer pending after the refusal');
  });

  it('abandon while ringing frees the seat without penalty and counts as abandoned', async () => {
    const r = new Rig();
    r.cc.login('zh1');
    const id = await r.arrive();
    r.tel.emit({ type: 'call-ended', callId: id, reason: 'caller-hangup' });
    assert.equal(r.cc.seat('zh1')!.state, SeatState.Available);
    assert.equal(r.cc.seat('zh1')!.missedOffers, 0);
    assert.equal(r.cc.call(id)!.state, CallState.Abandoned);
    assert.ok(r.events.some((e) => e.type === 'offer-withdrawn' && e.reason === 'abandoned'));
    assert.equal(r.cc.wallboard().abandonedToday, 1);
    assert.equal(r.cc.liveCalls().length, 0);
  });

  it('a caller who hangs up while routing runs is recorded as abandoned and never queued', async () => {
    let release!: () => void;
    const gate = new Promise<void>((ok) => (release = ok));
    const r = new Rig({ route: async () => (await gate, { target: target(), didLabel: '12345' }) });
    const call = inbound({ arrivedAt: T0 });
    r.tel.emit({ type: 'call-arrived', call });
    r.tel.emit({ type: 'call-ended', callId: call.callId, reason: 'caller-hangup' });
    release();
    await settle();
    assert.equal(r.cc.call(call.callId)!.state, CallState.Abandoned);
    assert.deepEqual(r.tel.names(call.callId), []);
  });

  it('a routing failure sends the call to the default desk: never lost', async () => {
    const r = new Rig({ route: async () => { throw new Error('history store down'); } });
    r.cc.login('zh1');
    const id = await r.arrive();
    assert.equal(r.cc.call(id)!.target.desk, 'general');
    assert.equal(r.tel.lastOffer(id)!.seatId, 'zh1');
  });

  it('only the seat holding a call may act on it; wrong states are refused', async () => {
    const r = new Rig();
    r.cc.login('zh1');
    r.cc.login('kk1');
    const id = await r.arrive();
    const holder = r.tel.lastOffer(id)!.seatId;
    const other = holder === 'zh1' ? 'kk1' : 'zh1';
    await assert.rejects(r.cc.acceptOffer(other, id), rejectsWith('forbidden'));
    await assert.rejects(r.cc.hold(holder, id), rejectsWith('invalid-state'));
    await assert.rejects(r.cc.hold(holder, 'nope'), rejectsWith('not-found'));
    await assert.rejects(r.cc.hangup('ghost', id), rejectsWith('not-found'));
    r.answer(id);
    await assert.rejects(r.cc.hangup(other, id), rejectsWith('forbidden'));
    assert.throws(() => r.cc.correctLanguage(other, id, 'kk'), rejectsWith('forbidden'));
    assert.throws(() => r.cc.completeWrapUp(holder, { disposition: 'resolved' }), rejectsWith('invalid-state'));
  });

  it('hold and resume play music in the caller language and emit events', async () => {
    const r = new Rig({ autoLoginSeats: true });
    const id = await r.arrive({}, target({ language: 'kk' }));
    const seat = r.tel.lastOffer(id)!.seatId;
    r.answer(id);
    await r.cc.hold(seat, id);
    assert.equal(r.cc.call(id)!.state, CallState.Held);
    await r.cc.resume(seat, id);
    assert.equal(r.cc.call(id)!.state, CallState.Connected);
    assert.deepEqual(r.tel.commands.filter((c) => c.cmd === 'hold').map((c) => c.args), [['kk']]);
    assert.deepEqual(r.callKinds(id).slice(-2), ['held', 'resumed']);
  });

  it('transfer to a desk releases the seat and requeues the call with its first arrival time', async () => {
    const r = new Rig();
    r.cc.login('zh1');
    const id = await r.arrive();
    const arrivedAt = r.cc.call(id)!.arrivedAt;
    r.answer(id);
    await r.clock.advance(60_000);
    await r.cc.transfer('zh1', id, { kind: 'desk', desk: 'social' });
    assert.ok(r.tel.names(id).includes('releaseSeat'));
    assert.equal(r.cc.seat('zh1')!.state, SeatState.WrapUp);
    assert.equal(r.cc.call(id)!.state, CallState.Queued);
    assert.equal(r.cc.call(id)!.transfers, 1);
    assert.deepEqual(r.cc.call(id)!.lastTransfer, { by: 'zh1', to: { kind: 'desk', desk: 'social' }, at: r.clock.now() }, 'the re-offer can say who transferred it and where to');
    r.cc.login('so1');
    await settle();
    assert.equal(r.tel.lastOffer(id)!.seatId, 'so1');
    assert.equal(r.cc.call(id)!.arrivedAt, arrivedAt);
    assert.ok(r.callKinds(id).includes('requeued'));
    await assert.rejects(r.cc.transfer('so1', id, { kind: 'desk', desk: 'nowhere' }), rejectsWith('invalid-state'));
  });

  it('transfer out completes on the switch confirmation; a failed third party leaves the call as it was', async () => {
    const r = new Rig({ autoLoginSeats: true });
    const id = await r.arrive();
    const seat = r.tel.lastOffer(id)!.seatId;
    r.answer(id);
    await assert.rejects(r.cc.transfer(seat, id, { kind: 'external', number: 'abc' }), rejectsWith('invalid-input'));
    await r.cc.transfer(seat, id, { kind: 'external', number: '120' });
    assert.equal(r.cc.call(id)!.state, CallState.Connected);
    r.tel.emit({ type: 'third-party-failed', callId: id, destination: '120', sipStatus: 503 });
    assert.equal(r.cc.call(id)!.state, CallState.Connected);
    await r.cc.transfer(seat, id, { kind: 'external', number: '110' });
    r.tel.emit({ type: 'call-ended', callId: id, reason: 'transferred-out' });
    assert.equal(r.cc.call(id)!.state, CallState.Transferred);
    assert.equal(r.cc.seat(seat)!.state, SeatState.WrapUp);
    const ev = r.events.find((e) => e.type === 'call' && e.kind === 'transferred-out');
    assert.deepEqual(ev?.type === 'call' && ev.detail, { destination: '110' });
    assert.deepEqual(r.cc.call(id)!.lastTransfer?.to, { kind: 'external', number: '110' }, 'the wrap-up can default to "linked"');
  });

  it('three-way: the agent drops the third party and stays with the caller', async () => {
    const r = new Rig({ autoLoginSeats: true });
    const id = await r.arrive();
    const seat = r.tel.lastOffer(id)!.seatId;
    r.answer(id);
    await assert.rejects(r.cc.dropThirdParty(seat, id), rejectsWith('invalid-state'));
    await r.cc.conference(seat, id, '057112345');
    assert.equal(r.cc.call(id)!.conferenceWith, '057112345');
    await assert.rejects(r.cc.dropThirdParty('someone-else', id));
    await r.cc.dropThirdParty(seat, id);
    assert.deepEqual(r.tel.commands.filter((c) => c.cmd === 'dropThirdParty').map((c) => c.args), [['057112345']]);
    assert.equal(r.cc.call(id)!.conferenceWith, undefined);
    assert.equal(r.cc.call(id)!.state, CallState.Connected, 'the caller stays with the agent');
    assert.equal(r.cc.seat(seat)!.state, SeatState.OnCall);
  });

  it('hang-up → wrap-up → completeWrapUp emits the disposition and returns the seat to available', async () => {
    const r = new Rig();
    r.cc.login('zh1');
    const id = await r.arrive();
    r.answer(id);
    await r.cc.hangup('zh1', id);
    assert.ok(r.tel.names(id).includes('hangup'));
    assert.equal(r.cc.call(id)!.state, CallState.Ended);
    const seat = r.cc.seat('zh1')!;
    assert.equal(seat.state, SeatState.WrapUp);
    assert.equal(seat.callId, id);
    assert.equal(seat.wrapUpEndsAt, r.clock.now() + 20_000);
    assert.throws(() => r.cc.completeWrapUp('zh1', { disposition: 'maybe' as 'resolved' }), rejectsWith('invalid-input'));
    r.cc.completeWrapUp('zh1', { disposition: 'ticket-created', category: '供水', note: '停水三天' });
    assert.equal(r.cc.seat('zh1')!.state, SeatState.Available);
    const done = r.events.find((e) => e.type === 'call' && e.kind === 'wrap-up-done');
    assert.ok(done && done.type === 'call' && done.seatId === 'zh1');
    assert.deepEqual(done.detail, { disposition: 'ticket-created', category: '供水', note: '停水三天', auto: false, attended: true });
  });

  it("telephony first: the seat's INVITE is asked for before anyone hears of the call, and the events keep their order", async () => {
    // zh1 wraps up for 0 s, as the real-stack bench's desk: a freed seat takes the next caller at once.
    const config = testConfig();
    config.desks.find((d) => d.id === 'general')!.wrapUpSeconds = 0;
    const r = new Rig({ config });
    const heard: { what: string; offersSent: number }[] = [];
    const offersSent = () => r.tel.names().filter((n) => n === 'offer').length;
    r.cc.on((e) => heard.push({ what: e.type === 'call' ? e.kind : e.type, offersSent: offersSent() }));
    r.cc.login('zh1');
    const first = await r.arrive({ callerNumber: '13800000001' });
    const arrived = heard.find((h) => h.what === 'arrived')!;
    assert.equal(arrived.offersSent, 1, "the offer's INVITE was asked for before 'arrived' reached any listener");
    assert.deepEqual(r.callKinds(first), ['arrived', 'offered'], 'events still in the order things happened');
    r.answer(first);
    const second = await r.arrive({ callerNumber: '13800000002' });
    assert.equal(r.cc.call(second)!.state, CallState.Queued);
    heard.length = 0;
    // The seat hangs up: the next caller's offer goes before the first call's end is told to anyone.
    r.tel.emit({ type: 'call-ended', callId: first, reason: 'seat-hangup' });
    assert.equal(r.tel.lastOffer(second)?.seatId, 'zh1');
    const ended = heard.find((h) => h.what === 'ended')!;
    assert.equal(ended.offersSent, 2);
    assert.deepEqual(r.callKinds(first).filter((k) => k === 'ended' || k === 'wrap-up-done').sort(), ['ended', 'wrap-up-done']);
    assert.deepEqual(r.callKinds(second), ['arrived', 'queued', 'offered']);
  });

  it('wrap-up ends by itself after wrapUpSeconds; a break asked during the call applies after it', async () => {
    const r = new Rig();
    r.cc.login('zh1');
    const id = await r.arrive();
    r.answer(id);
    r.cc.setNotReady('zh1', 'meal');
    assert.equal(r.cc.seat('zh1')!.state, SeatState.OnCall);
    r.tel.emit({ type: 'call-ended', callId: id, reason: 'caller-hangup' });
    assert.equal(r.cc.seat('zh1')!.state, SeatState.WrapUp);
    await r.clock.advance(20_000);
    assert.equal(r.cc.seat('zh1')!.state, SeatState.NotReady);
    assert.equal(r.cc.seat('zh1')!.notReadyReason, 'meal');
    assert.throws(() => r.cc.setNotReady('zh1', 'nap'), rejectsWith('invalid-input'));
  });

  it('correctLanguage updates the live call and emits language-corrected', async () => {
    const r = new Rig({ autoLoginSeats: true });
    const id = await r.arrive();
    const seat = r.tel.lastOffer(id)!.seatId;
    r.answer(id);
    r.cc.correctLanguage(seat, id, 'kk');
    assert.equal(r.cc.call(id)!.target.language, 'kk');
    const ev = r.events.find((e) => e.type === 'call' && e.kind === 'language-corrected');
    assert.deepEqual(ev?.type === 'call' && ev.detail, { language: 'kk' });
  });

  it('emergency calls jump the queue', async () => {
    const r = new Rig();
    const normal = await r.arrive({ callerNumber: '13800000001' });
    await r.clock.advance(5000);
    const urgent = await r.arrive({ callerNumber: '13800000002' }, target({ priority: 100 }));
    r.cc.login('zh1');
    assert.equal(r.tel.lastOffer(urgent)!.seatId, 'zh1');
    assert.equal(r.tel.lastOffer(normal), undefined);
  });

  it('wallboard: waiting by language and desk, longest wait, seats by state, answer rate and the configured (15 s) service level', async () => {
    const r = new Rig();
    const a = await r.arrive({ callerNumber: '13800000001' });
    await r.clock.advance(10_000);
    await r.arrive({ callerNumber: '13800000002' }, target({ desk: 'social' }));
    await r.arrive({ callerNumber: '13800000003' }, target({ desk: 'social' }));
    let wb = r.cc.wallboard();
    assert.equal(wb.waitingTotal, 3);
    assert.equal(wb.longestWaitSeconds, 10);
    assert.deepEqual(wb.waiting.map((g) => [g.language, g.desk, g.count]), [['zh', 'general', 1], ['zh', 'social', 2]]);
    r.cc.login('zh1'); // takes a (waited 10 s): within service level
    r.answer(a);
    await r.clock.advance(25_000);
    r.cc.login('so1'); // takes a social call that waited 25 s
    r.answer(r.cc.seat('so1')!.callId!);
    r.tel.emit({ type: 'call-ended', callId: r.cc.liveCalls().find((c) => c.state === CallState.Queued)!.id, reason: 'caller-hangup' });
    wb = r.cc.wallboard();
    assert.equal(wb.arrivedToday, 3);
    assert.equal(wb.answeredToday, 2);
    assert.equal(wb.abandonedToday, 1);
    assert.ok(Math.abs(wb.answerRate - 2 / 3) < 1e-9);
    assert.ok(Math.abs(wb.serviceLevel - 1 / 3) < 1e-9);
    assert.equal(wb.seatsByState[SeatState.OnCall], 2);
    assert.equal(wb.seatsByState[SeatState.Offline], 2);
  });

  it('logout outside lab mode takes the seat offline and tells the switch the seat is unattended', async () => {
    const r = new Rig();
    r.cc.login('zh1');
    r.cc.logout('zh1');
    assert.equal(r.cc.seat('zh1')!.state, SeatState.Offline);
    assert.equal(r.tel.attended.get('zh1'), false);
    const lab = new Rig({ autoLoginSeats: true });
    lab.cc.login('zh1');
    lab.cc.setNotReady('zh1', 'break');
    lab.cc.logout('zh1');
    assert.equal(lab.cc.seat('zh1')!.state, SeatState.Available); // the simulated phone takes over
  });

  it('a lead can force a seat state; it is audited', async () => {
    const r = new Rig({ autoLoginSeats: true });
    r.cc.forceSeatState('lead1', 'zh1', SeatState.NotReady, 'training');
    assert.equal(r.cc.seat('zh1')!.notReadyReason, 'training');
    const audit = r.events.find((e) => e.type === 'audit');
    assert.ok(audit && audit.type === 'audit' && audit.entry.actor === 'lead1' && audit.entry.action === 'force-seat-state');
  });

  it("a lead forcing a wrapping-up seat available ends its wrap-up now: the next caller rings it, what the agent typed is kept", async () => {
    const r = new Rig();
    r.cc.login('zh1');
    const first = await r.arrive({ callerNumber: '13800000001' });
    r.answer(first);
    const second = await r.arrive({ callerNumber: '13800000002' });
    r.cc.setNotReady('zh1', 'meal'); // asked for during the call; the lead's word comes later and wins
    r.tel.emit({ type: 'call-ended', callId: first, reason: 'caller-hangup' });
    assert.equal(r.cc.seat('zh1')!.state, SeatState.WrapUp);
    r.cc.saveWrapUpDraft('zh1', { note: '路灯不亮' });
    r.cc.forceSeatState('lead1', 'zh1', SeatState.Available);
    assert.equal(r.tel.lastOffer(second)?.seatId, 'zh1', 'offered at once, not after the 20 s wrap-up');
    const done = r.events.find((e) => e.type === 'call' && e.kind === 'wrap-up-done' && e.call.id === first);
    assert.ok(done && done.type === 'call');
    assert.deepEqual(done.detail, { auto: true, disposition: 'auto-closed', note: '路灯不亮', typed: true, attended: true, cutShort: true });
    const audit = r.events.find((e) => e.type === 'audit');
    assert.ok(audit && audit.type === 'audit' && audit.entry.action === 'force-seat-state');
    assert.deepEqual(audit.entry.detail, { seatId: 'zh1', from: SeatState.WrapUp, to: SeatState.Available, reason: null });
  });

  it('logs carry the call id and never the full caller number', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const r = new Rig();
    const cc = new CallCenterService({ config: testConfig(), telephony: r.tel, route: async () => ({ target: target(), didLabel: 'x' }), clock: r.clock, logger: pino({ level: 'info' }, sink) });
    cc.login('zh1');
    const call = inbound({ arrivedAt: T0, callerNumber: '13912345678' });
    r.tel.emit({ type: 'call-arrived', call });
    await settle();
    await cc.transfer('zh1', call.callId, { kind: 'external', number: '13700001111' }).catch(() => undefined);
    const mine = lines.filter((l) => l.includes(call.callId));
    assert.ok(mine.length >= 2, 'per-call lines carry the call id');
    assert.ok(mine.some((l) => l.includes('139****5678')));
    assert.ok(!lines.some((l) => l.includes('13912345678')), 'full number leaked into logs');
    cc.close();
  });
});
