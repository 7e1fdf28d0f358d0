import assert from 'node:assert/strict';
import { noLeaks, startRig, until, type Rig } from './rig.js';

describe('drachtio adapter: hold and resume', function () {
  let rig: Rig;
  beforeEach(async () => {
    rig = await startRig();
  });
  afterEach(async () => {
    await rig.stop();
  });

  it('hold unbridges and plays music in the caller language; resume re-bridges; the seat leg stays up', async () => {
    const seat = rig.seat('6001@10.1.0.61', { kind: 'answer', answerAfterMs: 10 });
    const { caller, call } = await rig.arrive();
    await rig.offerTo(call, seat);
    await rig.event('seat-answered');
    const callerCh = () => rig.fs.live().find((c) => c.recordings.length > 0);
    const seatCh = () => rig.fs.live().find((c) => c.recordings.length === 0);

    await rig.tel.hold(call.callId, 'kk');
    assert.equal(callerCh()?.bridgedWith, undefined, 'unbridged');
    await until(() => callerCh()?.playing === '/music/kk.wav', 'hold music in Kazakh');
    assert.ok(seat.connected && !seat.byeReceived, 'seat leg still up');
    assert.equal(rig.fs.liveChannels(), 2);

    await rig.tel.hold(call.callId, 'kk'); // a second click is harmless
    await rig.tel.resume(call.callId);
    assert.equal(callerCh()?.bridgedWith, seatCh()?.uuid, 're-bridged');
    assert.equal(callerCh()?.playing, undefined, 'music stopped');
    await rig.tel.resume(call.callId); // resume when not held: no effect

    await caller.bye();
    await rig.event('call-ended');
    await noLeaks(rig);
  });

  it('the caller hanging up while on hold ends everything', async () => {
    const seat = rig.seat('6002@10.1.0.62', { kind: 'answer', answerAfterMs: 10 });
    const { caller, call } = await rig.arrive();
    await rig.offerTo(call, seat);
    await rig.event('seat-answered');
    await rig.tel.hold(call.callId, 'zh');
    await caller.bye();
    assert.equal((await rig.event('call-ended')).reason, 'caller-hangup');
    await until(() => seat.byeReceived, 'seat released');
    await noLeaks(rig);
  });
});
