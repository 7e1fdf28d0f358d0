import assert from 'node:assert/strict';
import { getHeader } from '../../../fixtures/doubles/sip-message.js';
import { TelephonyCommandError } from '../../../telephony/telephony-port.js';
import { GATEWAY, noLeaks, startRig, until, type Rig } from './rig.js';

describe('drachtio adapter: transfers and three-way', function () {
  let rig: Rig;
  beforeEach(async () => {
    rig = await startRig();
  });
  afterEach(async () => {
    await rig.stop();
  });

  it('transfer to a language seat: releaseSeat keeps the caller on music, a new offer connects the Kazakh seat', async () => {
    const mandarin = rig.seat('7001@10.1.0.71', { kind: 'answer', answerAfterMs: 10 });
    const kazakh = rig.seat('7002@10.1.0.72', { kind: 'answer', answerAfterMs: 10 });
    const { caller, call } = await rig.arrive();
    const first = await rig.offerTo(call, mandarin);
    await rig.event('seat-answered', (e) => e.offerId === first);

    await rig.tel.releaseSeat(call.callId, 'kk');
    await until(() => mandarin.byeReceived, 'first seat hung up');
    await until(() => rig.fs.liveChannels() === 1, 'only the caller endpoint left');
    await until(() => rig.fs.live()[0]?.playing === '/music/kk.wav', 'Kazakh music while re-queued');
    assert.ok(!rig.events.some((e) => e.type === 'call-ended'), 'the call goes on');
    assert.ok(!caller.byeReceived);

    const second = await rig.offerTo(call, kazakh);
    await rig.event('seat-answered', (e) => e.offerId === second);
    assert.equal(rig.fs.liveChannels(), 2);
    await kazakh.hangUp();
    assert.equal((await rig.event('call-ended')).reason, 'seat-hangup');
    await noLeaks(rig);
  });

  it('transfer out to 110: new leg through the gateway, caller bridged to it, seat released', async () => {
    const seat = rig.seat('7003@10.1.0.73', { kind: 'answer', answerAfterMs: 10 });
    const { caller, call } = await rig.arrive({ number: '13900001111' });
    await rig.offerTo(call, seat);
    await rig.event('seat-answered');

    await rig.tel.transferOut(call.callId, '110');
    const ended = await rig.event('call-ended');
    assert.equal(ended.reason, 'transferred-out');
    const invite = rig.gateway.invites[0];
    assert.ok(invite, 'gateway got the INVITE');
    assert.equal(invite.uri, `sip:110@${GATEWAY}`);
    assert.match(getHeader(invite, 'From') ?? '', /13900001111/, 'police see the caller number');
    await until(() => seat.byeReceived, 'seat released');
    const live = rig.fs.live();
    assert.equal(live.length, 2, 'caller + 110 leg');
    assert.equal(live[0]?.bridgedWith, live[1]?.uuid, 'caller talks to 110');
    assert.ok(!caller.byeReceived);

    // The citizen finishes with the police: everything is released, no second call-ended.
    await caller.bye();
    await until(() => rig.gateway.byeReceived, '110 leg released');
    await noLeaks(rig);
    assert.equal(rig.events.filter((e) => e.type === 'call-ended').length, 1);
  });

  it('transfer out that fails leaves the call as it was (third-party-failed)', async () => {
    const seat = rig.seat('7004@10.1.0.74', { kind: 'answer', answerAfterMs: 10 });
    rig.gateway.reset({ kind: 'reject', status: 503 });
    const { caller, call } = await rig.arrive();
    await rig.offerTo(call, seat);
    await rig.event('seat-answered');
    await rig.tel.transferOut(call.callId, '119');
    const failed = await rig.event('third-party-failed');
    assert.equal(failed.destination, '119');
    assert.equal(failed.sipStatus, 503);
    await until(() => rig.fs.liveChannels() === 2, 'the failed leg endpoint released');
    const live = rig.fs.live();
    assert.equal(live.length, 2);
    assert.equal(live[0]?.bridgedWith, live[1]?.uuid, 'caller still with the seat');
    await assert.rejects(rig.tel.transferOut(call.callId, '110\r\nX-Injected: yes'), (err: unknown) => {
      assert.ok(err instanceof TelephonyCommandError);
      assert.equal(err.code, 'invalid-input');
      return true;
    });
    assert.ok(!rig.drachtio.sentByApp.some((m) => m.headers.some(([n]) => n === 'X-Injected')));
    assert.equal(rig.fs.liveChannels(), 2, 'nothing dialled for a bad destination');
    await caller.bye();
    await noLeaks(rig);
  });

  it('three-way: caller, seat and interpreter meet in a conference; hold takes only the caller out', async () => {
    const seat = rig.seat('7005@10.1.0.75', { kind: 'answer', answerAfterMs: 10 });
    const { caller, call } = await rig.arrive();
    await rig.offerTo(call, seat);
    await rig.event('seat-answered');
    await rig.tel.conference(call.callId, '057112345');
    const members = () => rig.fs.live().filter((c) => c.conference);
    await until(() => members().length === 3, 'three conference members');
    const name = members()[0]?.conference?.name;
    assert.ok(members().every((c) => c.conference?.name === name));

    await rig.tel.hold(call.callId, 'zh');
    await until(() => members().length === 2, 'caller left the conference');
    await until(() => rig.fs.live().some((c) => c.playing === '/music/zh.wav'), 'caller hears music');
    await rig.tel.resume(call.callId);
    await until(() => members().length === 3, 'caller back in the three-way');

    await rig.gateway.hangUp(); // the interpreter leaves
    await until(() => rig.fs.liveChannels() === 2, 'interpreter leg released');
    assert.ok(!rig.events.some((e) => e.type === 'call-ended'));
    await caller.bye();
    await rig.event('call-ended');
    await noLeaks(rig);
  });

  it('three-way: the agent drops the third party (BYE to it); caller and seat stay together', async () => {
    const seat = rig.seat('7006@10.1.0.76', { kind: 'answer', answerAfterMs: 10 });
    const { caller, call } = await rig.arrive();
    await rig.offerTo(call, seat);
    await rig.event('seat-answered');
    await rig.tel.conference(call.callId, '057112345');
    await until(() => rig.fs.live().filter((c) => c.conference).length === 3, 'three conference members');
    await rig.tel.dropThirdParty(call.callId, '057112345');
    await until(() => rig.gateway.byeReceived, 'the third party got a BYE');
    await until(() => rig.fs.liveChannels() === 2, 'third-party endpoint released');
    assert.ok(!seat.byeReceived, 'the seat stays');
    assert.ok(!rig.events.some((e) => e.type === 'call-ended'));
    await caller.bye();
    await rig.event('call-ended');
    await noLeaks(rig);
  });
});
