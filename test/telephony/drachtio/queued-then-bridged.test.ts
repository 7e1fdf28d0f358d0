import assert from 'node:assert/strict';
import { noLeaks, startRig, until, type Rig } from './rig.js';

describe('drachtio adapter: queued call', function () {
  let rig: Rig;
  beforeEach(async () => {
    rig = await startRig();
  });
  afterEach(async () => {
    await rig.stop();
  });

  it('plays hold music in the caller language while queued, then bridges when a seat frees', async () => {
    const { caller, call } = await rig.arrive();
    assert.equal((await caller.final()).status, 200);
    await rig.tel.playQueueMusic(call.callId, 'kk');
    const callerCh = () => rig.fs.live().find((c) => c.recordings.length > 0);
    await until(() => callerCh()?.playing === '/music/kk.wav', 'Kazakh hold music');

    // The queue changes the language announcement: the music follows.
    await rig.tel.playQueueMusic(call.callId, 'en');
    await until(() => callerCh()?.playing === '/music/en.wav', 'English hold music');

    const seat = rig.seat('2001@10.1.0.21', { kind: 'answer', answerAfterMs: 20 });
    const offerId = await rig.offerTo(call, seat);
    // From what the caller heard, in order: the ring lasts only until the seat answers (20 ms here).
    await until(() => (callerCh()?.played ?? []).some((f) => /tone_stream/.test(f.file)), 'ringback while the seat rings');
    await rig.event('seat-answered', (e) => e.offerId === offerId);
    const ch = callerCh();
    assert.ok(ch);
    assert.equal(ch.playing, undefined, 'bridge cut the music');
    assert.ok(ch.bridgedWith, 'caller bridged to the seat');

    await caller.bye();
    await rig.event('call-ended');
    await noLeaks(rig);
  });

  it('a caller hanging up while queued leaves nothing behind', async () => {
    const { caller, call } = await rig.arrive();
    await caller.final();
    await rig.tel.playQueueMusic(call.callId, 'zh');
    await until(() => rig.fs.live().some((c) => c.playing === '/music/zh.wav'), 'music');
    await caller.bye();
    const ended = await rig.event('call-ended');
    assert.equal(ended.reason, 'caller-hangup');
    await noLeaks(rig);
    // Commands on the ended call are harmless no-ops.
    await rig.tel.playQueueMusic(call.callId, 'zh');
    await rig.tel.hold(call.callId, 'zh');
    await rig.tel.hangup(call.callId, 'bridge-hangup');
    assert.equal(rig.events.filter((e) => e.type === 'call-ended').length, 1);
  });
});
