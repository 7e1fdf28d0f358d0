import assert from 'node:assert/strict';
import { noLeaks, startRig, until, type Rig } from './rig.js';

describe('drachtio adapter: FreeSWITCH ends a channel on its own', function () {
  let rig: Rig;
  beforeEach(async () => {
    rig = await startRig();
  });
  afterEach(async () => {
    await rig.stop();
  });

  it('caller channel killed by an RTP timeout: call-ended media-failure, caller and seat released', async () => {
    const seat = rig.seat('m1@10.1.2.1', { kind: 'answer', answerAfterMs: 5 });
    const { caller, call } = await rig.arrive();
    await rig.offerTo(call, seat);
    await rig.event('seat-answered');
    const callerCh = rig.fs.live().find((c) => c.recordings.length > 0);
    assert.ok(callerCh);
    rig.fs.hangup(callerCh, 'MEDIA_TIMEOUT', true);
    const ended = await rig.event('call-ended');
    assert.equal(ended.reason, 'media-failure');
    await caller.waitForBye();
    await until(() => seat.byeReceived, 'seat phone released');
    await noLeaks(rig);
  });

  it('a waiting caller whose channel dies is not left in the queue', async () => {
    const { caller, call } = await rig.arrive();
    await caller.final();
    await rig.tel.playQueueMusic(call.callId, 'zh');
    await until(() => rig.fs.liveChannels() === 1 && rig.fs.live()[0]?.playing !== undefined, 'waiting with music');
    rig.fs.hangup(rig.fs.live()[0]!, 'MEDIA_TIMEOUT', true);
    assert.equal((await rig.event('call-ended')).reason, 'media-failure');
    await caller.waitForBye();
    await noLeaks(rig);
  });
});
