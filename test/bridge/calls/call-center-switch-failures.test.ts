/**
 * The call centre on the real drachtio adapter and the protocol doubles, with FreeSWITCH refusing a
 * command or never answering it: the agent is told (a CommandError the hub passes to the desktop),
 * the core and the switch agree on the call's state, the call is never left half-held, and no leg is
 * left behind.
 */
import assert from 'node:assert/strict';
import pino from 'pino';
import { CallState, CommandError, SeatState } from '../../../bridge/calls/call-center-api.js';
import { CallCenterService } from '../../../bridge/calls/call-center.js';
import { systemClock } from '../../../bridge/domain/clock.js';
import type { SeatPhone } from '../../../fixtures/doubles/seat-phone.js';
import { noLeaks, startRig, until, type Rig } from '../../telephony/drachtio/rig.js';
import { target, testConfig } from './call-center-fixture.js';

function failsWith(code: string, message: RegExp) {
  return (err: unknown) => {
    assert.ok(err instanceof CommandError, String(err));
    assert.equal(err.code, code, err.message);
    assert.match(err.message, message);
    return true;
  };
}

describe('call centre on the real adapter: FreeSWITCH refuses or never answers', function () {
  let rig: Rig;
  let cc: CallCenterService;
  let phone: SeatPhone;
  let other: SeatPhone;

  beforeEach(async () => {
    rig = await startRig();
    phone = rig.seat('zh1@10.6.0.1', { kind: 'answer', answerAfterMs: 5 });
    other = rig.seat('kk1@10.6.0.2', { kind: 'answer', answerAfterMs: 5 });
    const config = testConfig({
      seats: [
        { id: 'zh1', name: '王', languages: ['zh'], desks: ['general'], officeContact: phone.uri },
        { id: 'kk1', name: '阿', languages: ['kk', 'zh'], desks: ['general'], officeContact: other.uri },
      ],
    });
    config.telephony.commandTimeoutMs = 600; // as the rig's adapter
    cc = new CallCenterService({
      config,
      telephony: rig.tel,
      route: async (c) => ({ target: target({ language: c.callerNumber.endsWith('9') ? 'kk' : 'zh' }), didLabel: '12345 热线' }),
      clock: systemClock,
      logger: pino({ level: 'silent' }),
    });
  });
  afterEach(async () => {
    cc.close();
    await rig.stop();
  });

  /** A caller connected to zh1. */
  async function connected() {
    cc.login('zh1');
    const { caller, call } = await rig.arrive();
    await until(() => cc.call(call.callId)?.state === CallState.Connected, 'connected to zh1');
    return { caller, callId: call.callId };
  }
  const callerChannel = () => rig.fs.live().find((c) => c.recordings.length > 0);
  const bridged = () => Boolean(callerChannel()?.bridgedWith);

  it('hold refused: the agent is told, the call stays connected on both sides; the next try works', async () => {
    const { caller, callId } = await connected();
    rig.fs.inject({ match: /^(bg)?api uuid_transfer/, mode: 'error' });
    await assert.rejects(cc.hold('zh1', callId), failsWith('switch-failed', /could not hold the call .*as it was/));
    assert.equal(cc.call(callId)?.state, CallState.Connected);
    assert.ok(bridged());
    await cc.hold('zh1', callId);
    assert.equal(cc.call(callId)?.state, CallState.Held);
    assert.ok(!bridged());
    await caller.bye();
    await noLeaks(rig);
  });

  it('hold never answered: the agent is told the call was ended; the seat wraps up; nothing is left', async () => {
    const { callId } = await connected();
    rig.fs.inject({ match: /^(bg)?api uuid_transfer/, mode: 'hang' });
    await assert.rejects(cc.hold('zh1', callId), failsWith('switch-failed', /did not answer in time.*call was ended/));
    await until(() => cc.call(callId)?.state === CallState.Ended, 'call closed');
    assert.equal(cc.seat('zh1')?.state, SeatState.WrapUp);
    await noLeaks(rig);
  });

  it('resume refused: the call stays held (music), not half-held', async () => {
    const { caller, callId } = await connected();
    await cc.hold('zh1', callId);
    rig.fs.inject({ match: /^(bg)?api uuid_bridge/, mode: 'error' });
    await assert.rejects(cc.resume('zh1', callId), failsWith('switch-failed', /take the call off hold/));
    assert.equal(cc.call(callId)?.state, CallState.Held);
    assert.ok(!bridged());
    await until(() => callerChannel()?.playing === '/music/zh.wav', 'caller on hold music');
    await caller.bye();
    await noLeaks(rig);
  });

  it('resume never answered: call ended, seat wraps up, nothing left', async () => {
    const { callId } = await connected();
    await cc.hold('zh1', callId);
    rig.fs.inject({ match: /^(bg)?api uuid_bridge/, mode: 'hang' });
    await assert.rejects(cc.resume('zh1', callId), failsWith('switch-failed', /did not answer in time/));
    await until(() => cc.call(callId)?.state === CallState.Ended, 'call closed');
    await noLeaks(rig);
  });

  it('transfer to the Kazakh seat refused (the seat cannot be released): the agent keeps the caller', async () => {
    const { caller, callId } = await connected();
    cc.login('kk1');
    rig.fs.inject({ match: /^(bg)?api uuid_transfer/, mode: 'error' });
    await assert.rejects(cc.transfer('zh1', callId, { kind: 'language', language: 'kk' }), failsWith('switch-failed', /hand the call back to the queue/));
    assert.equal(cc.call(callId)?.state, CallState.Connected);
    assert.equal(cc.call(callId)?.seatId, 'zh1');
    assert.ok(!other.invites.length, 'the Kazakh seat was not rung');
    await cc.transfer('zh1', callId, { kind: 'language', language: 'kk' });
    await until(() => cc.call(callId)?.state === CallState.Connected && cc.call(callId)?.seatId === 'kk1', 'with the Kazakh seat');
    assert.ok(phone.byeReceived);
    await caller.bye();
    await noLeaks(rig);
  });

  it('transfer out refused by FreeSWITCH: third-party-failed, the 110 leg hung up, caller and agent talk again', async () => {
    const { caller, callId } = await connected();
    rig.fs.inject({ match: /^(bg)?api uuid_bridge/, mode: 'error' });
    await cc.transfer('zh1', callId, { kind: 'external', number: '110' });
    await until(() => rig.gateway.byeReceived, '110 leg hung up');
    await until(() => bridged() && rig.fs.liveChannels() === 2, 'caller back with the agent');
    assert.equal(cc.call(callId)?.state, CallState.Connected);
    await until(() => rig.events.some((e) => e.type === 'third-party-failed'), 'third-party-failed');
    await caller.bye();
    await noLeaks(rig);
  });

  it('transfer out with no endpoint for the new leg (FreeSWITCH silent): the agent is told, the call was ended, nothing left', async () => {
    const { callId } = await connected();
    rig.fs.failEndpoints('no-answer');
    await assert.rejects(cc.transfer('zh1', callId, { kind: 'external', number: '119' }), failsWith('switch-failed', /did not answer in time/));
    await until(() => cc.call(callId)?.state === CallState.Ended, 'call closed');
    await noLeaks(rig);
  });

  it('three-way: the interpreter cannot be joined → the call goes on between caller and agent, their bridge restored', async () => {
    const { caller, callId } = await connected();
    rig.fs.inject({ match: (what, ch) => /^(bg)?api uuid_transfer/.test(what) && what.includes(' conference:') && Boolean(ch?.remoteSdp.includes('s=gateway')), mode: 'error' });
    await cc.conference('zh1', callId, '057112345');
    await until(() => rig.events.some((e) => e.type === 'third-party-failed'), 'third-party-failed');
    await until(() => bridged() && rig.fs.liveChannels() === 2, 'caller and agent bridged again');
    assert.equal(cc.call(callId)?.state, CallState.Connected);
    await caller.bye();
    await noLeaks(rig);
  });

  it('hang-up while a hold is stuck: the hang-up goes through at once and releases everything', async () => {
    const { callId } = await connected();
    rig.fs.inject({ match: /^(bg)?api uuid_transfer/, mode: 'hang' });
    const holding = cc.hold('zh1', callId).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    await cc.hangup('zh1', callId);
    assert.equal(cc.seat('zh1')?.state, SeatState.WrapUp);
    await until(() => phone.byeReceived, 'seat phone hung up');
    await noLeaks(rig);
    assert.equal(await holding, undefined, 'the hold resolves: the call it was for is over');
    await until(() => cc.commandsInFlight() === 0, 'no command chain left');
  });

  it('the agent rejects just as the phone answers: whoever wins, the core and the switch agree and no phone is left in dead air', async () => {
    phone.reset({ kind: 'manual' });
    cc.login('zh1');
    const { caller, call } = await rig.arrive();
    await until(() => cc.seat('zh1')?.state === SeatState.Reserved && phone.ringing, 'zh1 ringing');
    phone.pickUp();
    await cc.rejectOffer('zh1', call.callId).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 300));
    const state = cc.call(call.callId)?.state;
    if (state === CallState.Connected) {
      assert.equal(cc.call(call.callId)?.seatId, 'zh1');
      assert.ok(phone.connected && bridged(), 'connected on the switch too');
    } else {
      assert.ok(phone.byeReceived, 'the phone that answered was hung up again');
      assert.ok(!bridged());
      assert.equal(rig.fs.liveChannels(), 1, 'only the caller is left on the switch');
    }
    await caller.bye();
    await noLeaks(rig);
  });
});
