/** Shutdown without hanging up on people: drain refuses new calls and lets live ones finish. */
import assert from 'node:assert/strict';
import { getHeader } from '../../../fixtures/doubles/sip-message.js';
import { noLeaks, startRig, until, type Rig } from './rig.js';

describe('drachtio adapter: drain, then stop', function () {
  let rig: Rig;
  beforeEach(async () => {
    rig = await startRig({ drainRetryAfterSec: 45 });
  });
  afterEach(async () => {
    await rig.stop();
  });

  it('draining refuses new INVITEs with 503 + Retry-After; the live call goes on to its natural end', async () => {
    const seat = rig.seat('8701@10.1.0.171', { kind: 'answer', answerAfterMs: 5 });
    const { caller, call } = await rig.arrive();
    await rig.offerTo(call, seat);
    await rig.event('seat-answered');

    rig.tel.drain();
    rig.tel.drain(); // idempotent
    const h = rig.tel.health();
    assert.equal(h.draining, true);
    assert.equal(h.liveCalls, 1);
    assert.match(h.detail, /draining/);

    const refused = (await rig.call().final());
    assert.equal(refused.status, 503);
    assert.equal(getHeader(refused, 'Retry-After'), '45');
    assert.equal(rig.events.filter((e) => e.type === 'call-arrived').length, 1, 'no new call reached the bridge');

    await rig.tel.hold(call.callId, 'zh');
    await rig.tel.resume(call.callId);
    await caller.bye();
    assert.equal((await rig.event('call-ended')).reason, 'caller-hangup');
    await until(() => rig.tel.health().liveCalls === 0, 'drained');
    await noLeaks(rig);
  });

  it('stop() after the drain window ends what is still live, with a logged reason', async () => {
    const seat = rig.seat('8702@10.1.0.172', { kind: 'answer', answerAfterMs: 5 });
    const { caller, call } = await rig.arrive();
    await rig.offerTo(call, seat);
    await rig.event('seat-answered');
    rig.tel.drain();
    await rig.tel.stop();
    assert.equal((await rig.event('call-ended')).reason, 'bridge-hangup');
    await until(() => caller.byeReceived && seat.byeReceived, 'both phones hung up');
    assert.ok(rig.logs.some((l) => /ended by the bridge shutting down/.test(l) && l.includes(call.callId)));
  });
});
