/**
 * Every offer ends on the adapter's own clock, whatever the SIP stack does: a seat phone that answers
 * the CANCEL with 200 and never sends 487, or one that went silent, must not hold a FreeSWITCH
 * endpoint (issue: 87 channels leaked in CS_EXECUTE, createUAC never settled).
 */
import assert from 'node:assert/strict';
import { noLeaks, startRig, until, type Rig } from './rig.js';

describe('drachtio adapter: offers end on their own deadline', function () {
  let rig: Rig;
  beforeEach(async () => {
    rig = await startRig();
  });
  afterEach(async () => {
    await rig.stop();
  });

  /** A caller anchored, then FreeSWITCH misbehaves (`fault`) and the call is offered to `phone`. */
  async function offerThroughFault(phone: string, fault: () => void, ringTimeoutMs?: number) {
    const seat = rig.seat(phone, { kind: 'answer', answerAfterMs: 5 });
    const { caller, call } = await rig.arrive();
    await until(() => rig.fs.liveChannels() === 1, 'caller anchored');
    fault();
    const offerId = await rig.offerTo(call, seat, ringTimeoutMs ? { ringTimeoutMs } : undefined);
    return { seat, caller, offerId };
  }

  it('ring timeout, CANCEL answered 200 but never 487: the offer is given up, its endpoint released, seat-failed reported', async () => {
    const lost = rig.seat('8201@10.1.0.91', { kind: 'cancel-no-487' });
    const good = rig.seat('8202@10.1.0.92', { kind: 'answer', answerAfterMs: 5 });
    const { caller, call } = await rig.arrive();
    await rig.tel.playQueueMusic(call.callId, 'zh');
    const first = await rig.offerTo(call, lost, { ringTimeoutMs: 150 });
    await rig.event('seat-ringing', (e) => e.offerId === first);
    const failed = await rig.event('seat-failed', (e) => e.offerId === first);
    assert.equal(failed.reason, 'no-answer');
    assert.equal(lost.cancelsSwallowed, 1, 'the phone took the CANCEL and never sent 487');
    assert.equal(rig.tel.health().counters.offersAbandoned, 1);
    await until(() => rig.fs.liveChannels() === 1 && rig.tel.health().liveChannels === 1, 'only the caller channel left');
    await until(() => rig.fs.live()[0]?.playing === '/music/zh.wav', 'caller back on music');
    assert.ok(rig.logs.some((l) => /never answered the CANCEL/.test(l)));

    const second = await rig.offerTo(call, good);
    await rig.event('seat-answered', (e) => e.offerId === second);
    await caller.bye();
    await rig.event('call-ended');
    await noLeaks(rig);
  });

  it('the bridge cancels an offer to a phone that never answers the CANCEL: seat-failed cancelled all the same', async () => {
    const lost = rig.seat('8203@10.1.0.93', { kind: 'cancel-no-487' });
    const { caller, call } = await rig.arrive();
    const offerId = await rig.offerTo(call, lost, { ringTimeoutMs: 30_000 });
    await rig.event('seat-ringing', (e) => e.offerId === offerId);
    await rig.tel.cancelOffer(call.callId, offerId);
    assert.equal((await rig.event('seat-failed', (e) => e.offerId === offerId)).reason, 'cancelled');
    await until(() => rig.fs.liveChannels() === 1, 'seat endpoint released');
    await caller.bye();
    await noLeaks(rig);
  });

  it('a phone gone silent (no 100, no 180, nothing): the offer still ends at its ring timeout', async () => {
    const silent = rig.seat('8204@10.1.0.94', { kind: 'silent' });
    const { caller, call } = await rig.arrive();
    const offerId = await rig.offerTo(call, silent, { ringTimeoutMs: 150 });
    assert.equal((await rig.event('seat-failed', (e) => e.offerId === offerId)).reason, 'no-answer');
    assert.ok(!rig.events.some((e) => e.type === 'seat-ringing'), 'it never rang');
    await until(() => rig.fs.liveChannels() === 1, 'seat endpoint released');
    await caller.bye();
    await noLeaks(rig);
  });

  it('the caller hangs up while the phone ignores the CANCEL: call-ended, and every channel and dialog goes', async () => {
    const lost = rig.seat('8205@10.1.0.95', { kind: 'cancel-no-487' });
    const { caller, call } = await rig.arrive();
    const offerId = await rig.offerTo(call, lost, { ringTimeoutMs: 30_000 });
    await rig.event('seat-ringing', (e) => e.offerId === offerId);
    await caller.bye();
    assert.equal((await rig.event('call-ended')).reason, 'caller-hangup');
    await noLeaks(rig);
    assert.ok(!rig.events.some((e) => e.type === 'seat-failed'), 'the ringing phone stops silently: call-ended says it all');
  });

  it('a phone that answers just as the ring timeout CANCELs it is hung up again: no seat-answered, no dead air', async () => {
    const late = rig.seat('8206@10.1.0.96', { kind: 'answer-on-cancel' });
    const { caller, call } = await rig.arrive();
    const offerId = await rig.offerTo(call, late, { ringTimeoutMs: 150 });
    assert.equal((await rig.event('seat-failed', (e) => e.offerId === offerId)).reason, 'no-answer');
    await until(() => late.byeReceived, 'the phone that answered got a BYE');
    assert.ok(!rig.events.some((e) => e.type === 'seat-answered'));
    await until(() => rig.fs.liveChannels() === 1, 'seat endpoint released');
    await caller.bye();
    await noLeaks(rig);
  });

  it("FreeSWITCH never answers the seat endpoint INVITE: the offer fails within the command deadline, as the switch's failure", async () => {
    const { seat, caller, offerId } = await offerThroughFault('8207@10.1.0.97', () => rig.fs.failEndpoints('no-answer'), 30_000);
    // Not 'unreachable' (the phone's): the seat never rang, so the agent missed nothing.
    assert.equal((await rig.event('seat-failed', (e) => e.offerId === offerId)).reason, 'switch-failure');
    assert.equal(seat.invites.length, 0, 'no phone rang without an endpoint');
    await caller.bye();
    await noLeaks(rig);
  });

  it("FreeSWITCH at its session limit refuses the seat endpoint (503): the switch's failure, with its status; the caller keeps waiting", async () => {
    const { seat, caller, offerId } = await offerThroughFault('8209@10.1.0.99', () => rig.fs.failEndpoints('reject-503'));
    const failed = await rig.event('seat-failed', (e) => e.offerId === offerId);
    assert.deepEqual([failed.reason, failed.sipStatus], ['switch-failure', 503]);
    assert.equal(seat.invites.length, 0);
    assert.ok(!rig.events.some((e) => e.type === 'call-ended'), 'the caller is still there');
    await caller.bye();
    await noLeaks(rig);
  });

  it("the phone answers but FreeSWITCH does not take its SDP in time: the phone is hung up (no dead air), the switch's failure", async () => {
    // The re-INVITE is answered well past the rig's 600 ms command deadline.
    const { seat, caller, offerId } = await offerThroughFault('8210@10.1.0.100', () => rig.fs.delayReinvites(5_000));
    assert.equal((await rig.event('seat-failed', (e) => e.offerId === offerId)).reason, 'switch-failure');
    await until(() => seat.byeReceived, 'the seat phone was hung up');
    assert.ok(!rig.events.some((e) => e.type === 'seat-answered'));
    await caller.bye();
    await noLeaks(rig);
  });

  it('FreeSWITCH refuses the caller endpoint (488): the caller gets 503, no call is left behind', async () => {
    rig.fs.failEndpoints('reject-488');
    const caller = rig.call();
    const ended = await rig.event('call-ended');
    assert.equal(ended.reason, 'media-failure');
    assert.equal((await caller.final()).status, 503);
    await noLeaks(rig);
  });
});
