import assert from 'node:assert/strict';
import { noLeaks, startRig, until, type Rig } from './rig.js';

describe('drachtio adapter: the caller gives up', function () {
  describe('early-media mode (answer only when a seat answers)', function () {
    let rig: Rig;
    beforeEach(async () => {
      rig = await startRig({ answerCaller: 'seat-answer' });
    });
    afterEach(async () => {
      await rig.stop();
    });

    it('CANCEL while queued: 487 to the caller, zero live channels', async () => {
      const { caller, call } = await rig.arrive();
      const early = await caller.waitFor(183);
      assert.match(early.body, /m=audio/, 'music reaches the caller as early media');
      await rig.tel.playQueueMusic(call.callId, 'zh');
      await until(() => rig.fs.live().some((c) => c.playing === '/music/zh.wav'), 'music');
      caller.cancel();
      assert.equal((await caller.final()).status, 487);
      const ended = await rig.event('call-ended');
      assert.equal(ended.reason, 'caller-hangup');
      await noLeaks(rig);
    });

    it('CANCEL while a seat rings: the seat phone stops ringing (no ghost), no leaked channel', async () => {
      const seat = rig.seat('5001@10.1.0.51', { kind: 'no-answer' });
      const { caller, call } = await rig.arrive();
      await caller.waitFor(183);
      const offerId = await rig.offerTo(call, seat, { ringTimeoutMs: 10_000 });
      await rig.event('seat-ringing', (e) => e.offerId === offerId);
      assert.equal(seat.ringing, true);
      caller.cancel();
      await rig.event('call-ended');
      await until(() => !seat.ringing, 'seat phone stopped ringing');
      await noLeaks(rig);
      assert.ok(!rig.events.some((e) => e.type === 'seat-failed'), 'ringing stops silently; call-ended says it all');
    });

    it('seat answers: the caller gets 200 only then, and is bridged', async () => {
      const seat = rig.seat('5002@10.1.0.52', { kind: 'answer', answerAfterMs: 20 });
      const { caller, call } = await rig.arrive();
      await caller.waitFor(183);
      assert.equal(caller.finalResponse, undefined, 'not answered while waiting');
      await rig.offerTo(call, seat);
      await rig.event('seat-answered');
      assert.equal((await caller.final()).status, 200);
      await caller.bye();
      await noLeaks(rig);
    });

    it('CANCEL during anchoring (before FreeSWITCH answered) releases the endpoint', async () => {
      const caller = rig.call();
      // CANCEL as soon as the INVITE is out: the adapter is still creating the caller endpoint.
      await rig.event('call-arrived');
      caller.cancel();
      await rig.event('call-ended');
      await noLeaks(rig);
    });
  });

  describe('answer-on-arrival mode', function () {
    let rig: Rig;
    beforeEach(async () => {
      rig = await startRig();
    });
    afterEach(async () => {
      await rig.stop();
    });

    it('CANCEL racing the answer never leaks a channel (the connectCaller leak)', async () => {
      for (let i = 0; i < 10; i++) {
        const caller = rig.call();
        await rig.event('call-arrived', (e) => !rig.events.some((x) => x.type === 'call-ended' && x.callId === e.call.callId));
        try {
          caller.cancel();
        } catch {
          await caller.bye(); // the 200 won the race
        }
        await caller.final();
        await until(() => rig.events.filter((e) => e.type === 'call-ended').length === i + 1, `call ${i} ended`);
      }
      await noLeaks(rig);
    });

    it('BYE while a seat rings: the phone is CANCELled and nothing leaks', async () => {
      const seat = rig.seat('5003@10.1.0.53', { kind: 'no-answer' });
      const { caller, call } = await rig.arrive();
      await caller.final();
      await rig.offerTo(call, seat, { ringTimeoutMs: 10_000 });
      await rig.event('seat-ringing');
      await caller.bye();
      await rig.event('call-ended');
      await until(() => !seat.ringing, 'seat phone stopped ringing');
      await noLeaks(rig);
    });
  });
});
