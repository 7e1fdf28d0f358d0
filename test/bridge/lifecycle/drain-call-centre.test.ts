/**
 * The shutdown drain on the real call centre and lab switch, on a manual clock: live calls go on, new
 * ones are refused, the window ends the rest with a reason, and after close nothing fires any more.
 */
import assert from 'node:assert/strict';
import pino from 'pino';
import { LabSwitch } from '../../../telephony/lab/lab-switch.js';
import { ManualClock, settle } from '../../../telephony/lab/manual-clock.js';
import { CallCenterService } from '../../../bridge/calls/call-center.js';
import { CallState, type CallCenterEvent } from '../../../bridge/calls/call-center-api.js';
import { ShutdownDrain, callCentreDrainTarget } from '../../../bridge/lifecycle/shutdown-drain.js';
import { T0, target, testConfig } from '../calls/call-center-fixture.js';

describe('shutdown drain of the call centre (lab switch, manual clock)', function () {
  this.timeout(20_000);

  it('serves live calls, refuses new ones, ends the rest when the window passes; no timer fires after close', async () => {
    const clock = new ManualClock(T0);
    const quiet = pino({ level: 'silent' });
    const lab = new LabSwitch({ clock, logger: quiet, seed: 3, seatAnswerDelayMs: { min: 500, max: 500 }, noAnswerProbability: 0, talkSeconds: { min: 600, max: 600 } });
    const cc = new CallCenterService({ config: testConfig(), telephony: lab, route: async () => ({ target: target(), didLabel: '12345' }), clock, logger: quiet, autoLoginSeats: true });
    await lab.start();
    const short = lab.placeCall({ callerNumber: '13800001000', dialledNumber: '12345', patienceSeconds: 600, talkSeconds: 20 });
    const long = lab.placeCall({ callerNumber: '13800001001', dialledNumber: '12345', patienceSeconds: 600, talkSeconds: 3000 });
    await settle();
    await clock.advance(1000);
    assert.equal(cc.call(short)?.state, CallState.Connected);
    assert.equal(cc.call(long)?.state, CallState.Connected);

    const drain = new ShutdownDrain({ target: callCentreDrainTarget(cc, lab, quiet), clock, windowMs: 300_000, logger: quiet });
    drain.signal('SIGTERM');
    assert.ok(cc.wallboard().drain, 'the wallboard shows the drain');
    assert.throws(() => lab.placeCall({ callerNumber: '13800001002', dialledNumber: '12345' }), /draining/);
    await clock.advance(30_000);
    assert.equal(cc.call(short)?.state, CallState.Ended, 'a live call finishes normally during the drain');
    assert.equal(cc.call(long)?.state, CallState.Connected);
    await clock.advance(270_000);
    assert.equal(await drain.done, 'window-passed');
    await settle();
    assert.equal(cc.call(long)?.state, CallState.Ended, 'the window ended the last call');
    assert.equal(cc.liveCalls().length, 0);

    cc.close();
    await lab.stop();
    const after: CallCenterEvent[] = [];
    cc.on((e) => after.push(e));
    await clock.advance(24 * 3600_000);
    assert.equal(clock.pending(), 0, 'no timer left: wrap-up, ACD deadlines, lab phones and the drain window are all gone');
    assert.deepEqual(after, [], 'nothing fires after close');
  });
});
