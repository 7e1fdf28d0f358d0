import assert from 'node:assert/strict';
import { noLeaks, startRig, until, type Rig } from './rig.js';

describe('drachtio adapter: seat does not connect', function () {
  let rig: Rig;
  beforeEach(async () => {
    rig = await startRig();
  });
  afterEach(async () => {
    await rig.stop();
  });

  it('no answer within the ring timeout → seat-failed no-answer, then a re-offer to another seat connects', async () => {
    const sleepy = rig.seat('3001@10.1.0.31', { kind: 'no-answer' });
    const awake = rig.seat('3002@10.1.0.32', { kind: 'answer', answerAfterMs: 10 });
    const { caller, call } = await rig.arrive();
    await rig.tel.playQueueMusic(call.callId, 'zh');
    const first = await rig.offerTo(call, sleepy, { ringTimeoutMs: 150 });
    await rig.event('seat-ringing', (e) => e.offerId === first);
    const failed = await rig.event('seat-failed', (e) => e.offerId === first);
    assert.equal(failed.reason, 'no-answer');
    assert.equal(sleepy.ringing, false, 'the unanswered phone stopped ringing (CANCEL sent)');
    await until(() => rig.fs.liveChannels() === 1, 'seat endpoint destroyed, caller kept');
    await until(() => rig.fs.live()[0]?.playing === '/music/zh.wav', 'caller back on music');

    const second = await rig.offerTo(call, awake);
    await rig.event('seat-answered', (e) => e.offerId === second);
    assert.equal(rig.fs.liveChannels(), 2);
    await caller.bye();
    await rig.event('call-ended');
    await noLeaks(rig);
  });

  it('busy seat (486) → seat-failed busy with the SIP status; the caller keeps waiting', async () => {
    const busy = rig.seat('3003@10.1.0.33', { kind: 'reject', status: 486 });
    const { caller, call } = await rig.arrive();
    await rig.tel.playQueueMusic(call.callId, 'zh');
    const offerId = await rig.offerTo(call, busy);
    const failed = await rig.event('seat-failed', (e) => e.offerId === offerId);
    assert.equal(failed.reason, 'busy');
    assert.equal(failed.sipStatus, 486);
    await until(() => rig.fs.liveChannels() === 1, 'seat endpoint destroyed');
    assert.ok(!rig.events.some((e) => e.type === 'call-ended'), 'call still alive');
    assert.ok(!caller.byeReceived);
    await caller.bye();
    await noLeaks(rig);
  });

  it('maps 480, 603 and 404 and unknown contacts to their reasons', async () => {
    const cases: Array<[number, string]> = [
      [480, 'no-answer'],
      [603, 'rejected'],
      [404, 'unreachable'],
    ];
    const { caller, call } = await rig.arrive();
    for (const [status, reason] of cases) {
      const seat = rig.seat(`40${status}@10.1.0.40`, { kind: 'reject', status });
      const offerId = await rig.offerTo(call, seat);
      const failed = await rig.event('seat-failed', (e) => e.offerId === offerId);
      assert.equal(failed.reason, reason, `status ${status}`);
      assert.equal(failed.sipStatus, status);
    }
    const bogus = await rig.offerTo(call, rig.seat('bogus@10.1.0.41'), { contact: 'sip:x@y\r\nX-Evil: 1' });
    assert.equal((await rig.event('seat-failed', (e) => e.offerId === bogus)).reason, 'unreachable');
    await caller.bye();
    await noLeaks(rig);
  });

  it('cancelOffer stops the ringing phone and reports cancelled', async () => {
    const seat = rig.seat('3004@10.1.0.34', { kind: 'no-answer' });
    const { caller, call } = await rig.arrive();
    const offerId = await rig.offerTo(call, seat, { ringTimeoutMs: 10_000 });
    await rig.event('seat-ringing', (e) => e.offerId === offerId);
    await rig.tel.cancelOffer(call.callId, offerId);
    const failed = await rig.event('seat-failed', (e) => e.offerId === offerId);
    assert.equal(failed.reason, 'cancelled');
    assert.equal(seat.ringing, false);
    await caller.bye();
    await noLeaks(rig);
  });
});
