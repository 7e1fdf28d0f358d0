/**
 * SIP and media races that once ended the whole bridge process (issue: "unable to find dialog for
 * dialog id provided", ENODIALOG, unhandled) must cost at most one call — and usually nothing.
 */
import assert from 'node:assert/strict';
import { FreeswitchDouble } from '../../../fixtures/doubles/freeswitch-double.js';
import { inCall } from '../../../telephony/drachtio/call-scope.js';
import { isLastResortListener } from '../../../telephony/drachtio/last-resort.js';
import { noLeaks, startRig, until, type Rig } from './rig.js';

/** Unhandled rejections and exceptions the process sees while a test runs. */
function watchProcess(): { seen: unknown[]; stop(): void } {
  const seen: unknown[] = [];
  const onRejection = (r: unknown) => seen.push(r);
  process.on('unhandledRejection', onRejection);
  return { seen, stop: () => process.off('unhandledRejection', onRejection) };
}

/**
 * Leaves the last resort alone on `unhandledRejection`, as in production (mocha's own listener would
 * turn the rejection into a test failure before the adapter's listener runs). Returns the restorer.
 */
function aloneWithTheLastResort(): () => void {
  const others = process.listeners('unhandledRejection').filter((l) => !isLastResortListener(l));
  for (const l of others) process.off('unhandledRejection', l);
  return () => {
    for (const l of others) process.on('unhandledRejection', l);
  };
}

describe('drachtio adapter: SIP races never end the process', function () {
  let rig: Rig;
  beforeEach(async () => {
    rig = await startRig();
  });
  afterEach(async () => {
    await rig.stop();
  });

  it('a seat channel FreeSWITCH answers after the deadline is hung up on a dialog drachtio already dropped: no unhandled ENODIALOG, the offer fails cleanly', async () => {
    const watch = watchProcess();
    try {
      const seat = rig.seat('8101@10.1.0.81', { kind: 'answer', answerAfterMs: 10 });
      const { caller, call } = await rig.arrive();
      await rig.event('call-arrived');
      await until(() => rig.fs.liveChannels() === 1, 'caller anchored');
      // FreeSWITCH answers the seat endpoint's INVITE after the command deadline, and drachtio-server
      // loses that dialog before the adapter's BYE for it.
      rig.fs.failEndpoints('late-answer');
      rig.drachtio.dropDialogUnder('BYE', (d) => d.party instanceof FreeswitchDouble);
      const offerId = await rig.offerTo(call, seat, { ringTimeoutMs: 20_000 });
      const failed = await rig.event('seat-failed', (e) => e.offerId === offerId);
      assert.equal(failed.reason, 'switch-failure', "FreeSWITCH never gave a usable endpoint: not the seat phone's doing");
      await until(() => rig.drachtio.noDialogReplies === 1, 'the BYE refused with "unable to find dialog"');
      await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(watch.seen, [], 'no unhandled rejection reached the process');
      assert.equal(rig.tel.health().counters.unhandledFaults, 0);
      assert.ok(!rig.events.some((e) => e.type === 'call-ended'), 'the caller is still there');
      assert.ok(rig.logs.some((l) => /dialog drachtio no longer has/.test(l)), 'the refused BYE is logged');
      await caller.bye();
      await rig.event('call-ended');
      // The leftover FreeSWITCH channel (its dialog is gone) is found by the reconciler.
      await rig.tel.reconcileChannels();
      await noLeaks(rig);
    } finally {
      watch.stop();
    }
  });

  it('a BYE to a seat whose dialog drachtio just dropped (the BYEs crossed) is harmless', async () => {
    const watch = watchProcess();
    try {
      const seat = rig.seat('8102@10.1.0.82', { kind: 'answer', answerAfterMs: 10 });
      const { caller, call } = await rig.arrive();
      await rig.offerTo(call, seat);
      await rig.event('seat-answered');
      rig.drachtio.dropDialogUnder('BYE', (d) => d.party === seat);
      await caller.bye();
      assert.equal((await rig.event('call-ended')).reason, 'caller-hangup');
      await until(() => rig.drachtio.noDialogReplies === 1, 'the seat BYE refused');
      await noLeaks(rig);
      assert.deepEqual(watch.seen, []);
      assert.equal(rig.tel.health().counters.unhandledFaults, 0);
    } finally {
      watch.stop();
    }
  });

  it('last resort: an error nothing caught inside one call is logged with its id and counted, and ends only that call', async () => {
    const seatA = rig.seat('8103@10.1.0.83', { kind: 'answer', answerAfterMs: 5 });
    const seatB = rig.seat('8104@10.1.0.84', { kind: 'answer', answerAfterMs: 5 });
    const a = await rig.arrive({ number: '13800000001' });
    const b = await rig.arrive({ number: '13800000002' });
    await rig.offerTo(a.call, seatA);
    await rig.offerTo(b.call, seatB);
    await rig.event('seat-answered', (e) => e.callId === a.call.callId);
    await rig.event('seat-answered', (e) => e.callId === b.call.callId);

    // Work of call A rejects and nobody handles it (as the library's own promises did).
    const restore = aloneWithTheLastResort();
    let ended;
    try {
      inCall({ callId: a.call.callId, owner: rig.tel }, () => {
        void Promise.reject(new Error('boom inside call A'));
      });
      ended = await rig.event('call-ended', (e) => e.callId === a.call.callId);
    } finally {
      restore();
    }
    assert.equal(ended.reason, 'media-failure');
    await until(() => seatA.byeReceived && a.caller.byeReceived, 'call A torn down on both sides');
    assert.equal(rig.tel.health().counters.unhandledFaults, 1);
    assert.ok(rig.logs.some((l) => l.includes(a.call.callId) && l.includes('boom inside call A') && /tearing down this call only/.test(l)));

    // Call B never noticed.
    assert.ok(!rig.events.some((e) => e.type === 'call-ended' && e.callId === b.call.callId));
    await rig.tel.hold(b.call.callId, 'zh');
    await rig.tel.resume(b.call.callId);
    await b.caller.bye();
    await rig.event('call-ended', (e) => e.callId === b.call.callId);
    await noLeaks(rig);
  });

  it('last resort: a library error outside any call (ENODIALOG) is counted, nothing is torn down', async () => {
    const seat = rig.seat('8105@10.1.0.85', { kind: 'answer', answerAfterMs: 5 });
    const { caller, call } = await rig.arrive();
    await rig.offerTo(call, seat);
    await rig.event('seat-answered');
    const restore = aloneWithTheLastResort();
    try {
      void Promise.reject(Object.assign(new Error('Server error: unable to find dialog for dialog id provided'), { code: 'ENODIALOG' }));
      await until(() => rig.tel.health().counters.unhandledFaults === 1, 'counted');
    } finally {
      restore();
    }
    assert.ok(!rig.events.some((e) => e.type === 'call-ended'));
    await caller.bye();
    await noLeaks(rig);
  });
});
