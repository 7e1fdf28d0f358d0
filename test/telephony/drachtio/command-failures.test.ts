/**
 * Every command answers: success, or a TelephonyCommandError with a code, within the command
 * deadline — never a silent "done" for something FreeSWITCH refused, never a wait without end. The
 * FreeSWITCH double answers -ERR ("error") or stops answering on that channel's socket ("hang").
 */
import assert from 'node:assert/strict';
import { TelephonyCommandError, type TelephonyFailureCode } from '../../../telephony/telephony-port.js';
import type { EmulatedCaller } from '../../../fixtures/doubles/emulated-caller.js';
import type { InboundCall } from '../../../telephony/telephony-port.js';
import { noLeaks, startRig, until, type Rig } from './rig.js';

function failsWith(code: TelephonyFailureCode) {
  return (err: unknown) => {
    assert.ok(err instanceof TelephonyCommandError, `a TelephonyCommandError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    return true;
  };
}

describe('drachtio adapter: FreeSWITCH refuses or never answers a command', function () {
  let rig: Rig;
  let n = 0;
  beforeEach(async () => {
    rig = await startRig();
  });
  afterEach(async () => {
    await rig.stop();
  });

  async function connected(): Promise<{ caller: EmulatedCaller; call: InboundCall }> {
    const seat = rig.seat(`86${String(++n).padStart(2, '0')}@10.1.1.${n}`, { kind: 'answer', answerAfterMs: 5 });
    const c = await rig.arrive();
    await rig.offerTo(c.call, seat);
    await rig.event('seat-answered', (e) => e.callId === c.call.callId);
    return c;
  }
  const callerChannel = () => rig.fs.live().find((c) => c.recordings.length > 0);
  const bridged = () => Boolean(callerChannel()?.bridgedWith);

  async function endedByTimeout(call: InboundCall): Promise<void> {
    assert.equal((await rig.event('call-ended', (e) => e.callId === call.callId)).reason, 'media-failure');
    await noLeaks(rig);
  }

  it('hold refused (-ERR): media-error, the call stays connected and bridged', async () => {
    const { caller, call } = await connected();
    rig.fs.inject({ match: /^(bg)?api uuid_transfer/, mode: 'error' });
    await assert.rejects(rig.tel.hold(call.callId, 'zh'), failsWith('media-error'));
    assert.ok(bridged(), 'caller still talks to the seat');
    assert.equal(rig.tel.health().counters.commandFailures['media-error'], 1);
    await rig.tel.hold(call.callId, 'zh'); // the next try works
    await until(() => !bridged(), 'held');
    await caller.bye();
    await noLeaks(rig);
  });

  it('hold never answered: timeout within the deadline, the call is ended cleanly (its state was unknown)', async () => {
    const { call } = await connected();
    rig.fs.inject({ match: /^(bg)?api uuid_transfer/, mode: 'hang' });
    await assert.rejects(rig.tel.hold(call.callId, 'zh'), failsWith('timeout'));
    await endedByTimeout(call);
  });

  it('resume refused: media-error, the caller stays held on music', async () => {
    const { caller, call } = await connected();
    await rig.tel.hold(call.callId, 'zh');
    await until(() => callerChannel()?.playing === '/music/zh.wav', 'music');
    rig.fs.inject({ match: /^(bg)?api uuid_bridge/, mode: 'error' });
    await assert.rejects(rig.tel.resume(call.callId), failsWith('media-error'));
    assert.ok(!bridged());
    assert.equal(callerChannel()?.playing, '/music/zh.wav');
    await rig.tel.resume(call.callId);
    await until(bridged, 'resumed on the second try');
    await caller.bye();
    await noLeaks(rig);
  });

  it('resume never answered: timeout, call ended', async () => {
    const { call } = await connected();
    await rig.tel.hold(call.callId, 'zh');
    rig.fs.inject({ match: /^(bg)?api uuid_bridge/, mode: 'hang' });
    await assert.rejects(rig.tel.resume(call.callId), failsWith('timeout'));
    await endedByTimeout(call);
  });

  it('release of the seat refused: media-error, the seat stays attached and bridged', async () => {
    const { caller, call } = await connected();
    rig.fs.inject({ match: /^(bg)?api uuid_transfer/, mode: 'error' });
    await assert.rejects(rig.tel.releaseSeat(call.callId, 'kk'), failsWith('media-error'));
    assert.ok(bridged());
    assert.equal(rig.fs.liveChannels(), 2);
    await caller.bye();
    await noLeaks(rig);
  });

  it('release of the seat never answered: timeout, call ended, nothing leaked', async () => {
    const { call } = await connected();
    rig.fs.inject({ match: /^(bg)?api uuid_transfer/, mode: 'hang' });
    await assert.rejects(rig.tel.releaseSeat(call.callId, 'kk'), failsWith('timeout'));
    await endedByTimeout(call);
  });

  it('transfer out: FreeSWITCH refuses to bridge the caller to 110 → third-party-failed, the 110 leg is hung up, caller and seat talk again', async () => {
    const { caller, call } = await connected();
    rig.fs.inject({ match: /^(bg)?api uuid_bridge/, mode: 'error' });
    await rig.tel.transferOut(call.callId, '110');
    const failed = await rig.event('third-party-failed');
    assert.equal(failed.destination, '110');
    await until(() => rig.gateway.byeReceived, 'the 110 leg hung up');
    await until(() => rig.fs.liveChannels() === 2 && bridged(), 'caller bridged to the seat again');
    assert.ok(!rig.events.some((e) => e.type === 'call-ended'));
    await caller.bye();
    await noLeaks(rig);
  });

  it('transfer out: FreeSWITCH never answers the bridge → the call is ended, the 110 leg too', async () => {
    const { call } = await connected();
    rig.fs.inject({ match: /^(bg)?api uuid_bridge/, mode: 'hang' });
    await rig.tel.transferOut(call.callId, '110');
    await endedByTimeout(call);
    assert.ok(rig.gateway.byeReceived, 'the 110 leg was not left behind');
  });

  it('transfer out: no endpoint for the new leg (FreeSWITCH silent) → timeout, call ended', async () => {
    const { call } = await connected();
    rig.fs.failEndpoints('no-answer');
    await assert.rejects(rig.tel.transferOut(call.callId, '119'), failsWith('timeout'));
    await endedByTimeout(call);
  });

  it('three-way: the third party never joins → third-party-failed, caller and seat bridged again', async () => {
    const { caller, call } = await connected();
    // The conference app on the third party's channel is refused: fsmrf's join then never resolves.
    rig.fs.inject({ match: (what, ch) => /^(bg)?api uuid_transfer/.test(what) && what.includes(' conference:') && Boolean(ch?.remoteSdp.includes('s=gateway')), mode: 'error' });
    await rig.tel.conference(call.callId, '057112345');
    await rig.event('third-party-failed');
    await until(() => rig.gateway.byeReceived, 'interpreter leg hung up');
    await until(() => rig.fs.liveChannels() === 2 && bridged(), 'caller and seat bridged again');
    await caller.bye();
    await noLeaks(rig);
  });

  it('three-way: FreeSWITCH stops answering the caller channel while joining → call ended, no leg left', async () => {
    const { call } = await connected();
    rig.fs.inject({ match: /^(bg)?api uuid_transfer/, mode: 'hang' });
    await rig.tel.conference(call.callId, '057112345');
    await endedByTimeout(call);
  });

  it('hang-up never waits behind a stuck command: the held command resolves (the call is over), everything is released', async () => {
    const { call } = await connected();
    rig.fs.inject({ match: /^(bg)?api uuid_transfer/, mode: 'hang' });
    const holding = rig.tel.hold(call.callId, 'zh');
    await new Promise((r) => setTimeout(r, 50));
    await rig.tel.hangup(call.callId, 'seat-hangup');
    assert.equal((await rig.event('call-ended')).reason, 'seat-hangup');
    await holding; // a command on a call that ended resolves without effect
    await noLeaks(rig);
  });

  it('queue music refused: media-error; the call goes on', async () => {
    const { caller, call } = await rig.arrive();
    await until(() => rig.fs.liveChannels() === 1, 'anchored');
    rig.fs.inject({ match: /^(bg)?api uuid_break/, mode: 'error' });
    await assert.rejects(rig.tel.playQueueMusic(call.callId, 'zh'), failsWith('media-error'));
    await rig.tel.playQueueMusic(call.callId, 'zh');
    await until(() => callerChannel()?.playing === '/music/zh.wav', 'music on the second try');
    await caller.bye();
    await noLeaks(rig);
  });

  it('commands that make no sense fail invalid-state; bad input fails invalid-input; nothing is sent', async () => {
    const { caller, call } = await rig.arrive();
    await until(() => rig.logs.some((l) => l.includes(call.callId) && l.includes('caller anchored')), 'anchored');
    await assert.rejects(rig.tel.hold(call.callId, 'zh'), failsWith('invalid-state'));
    await assert.rejects(rig.tel.resume(call.callId), failsWith('invalid-state'));
    await assert.rejects(rig.tel.transferOut(call.callId, '110'), failsWith('invalid-state'));
    await assert.rejects(rig.tel.conference(call.callId, '110'), failsWith('invalid-state'));
    await assert.rejects(rig.tel.offer(call.callId, { offerId: '', seatId: 'x', contact: 'sip:x@y', ringTimeoutMs: 1000, callerIdNumber: '', callerDisplayName: '' }), failsWith('invalid-input'));
    await rig.tel.releaseSeat(call.callId, 'zh'); // already waiting: nothing to do
    assert.equal(rig.gateway.invites.length, 0);
    await caller.bye();
    await noLeaks(rig);
  });
});
