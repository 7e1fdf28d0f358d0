/** CallCenterService driving the real lab switch on a manual clock: calls flow end to end, none lost. */
import assert from 'node:assert/strict';
import pino from 'pino';
import { LabSwitch } from '../../../telephony/lab/lab-switch.js';
import { ManualClock, settle } from '../../../telephony/lab/manual-clock.js';
import { CallCenterService } from '../../../bridge/calls/call-center.js';
import { CallState, SeatState, type CallCenterEvent } from '../../../bridge/calls/call-center-api.js';
import { T0, target, testConfig } from './call-center-fixture.js';

describe('CallCenterService with the lab switch', function () {
  this.timeout(20_000);

  it('simulated seats answer on their own; every call ends answered or abandoned; seats return to available', async () => {
    const clock = new ManualClock(T0);
    const quiet = pino({ level: 'silent' });
    const lab = new LabSwitch({ clock, logger: quiet, seed: 7, seatAnswerDelayMs: { min: 500, max: 3000 }, noAnswerProbability: 0.2, talkSeconds: { min: 20, max: 90 } });
    const cc = new CallCenterService({ config: testConfig(), telephony: lab, route: async () => ({ target: target(), didLabel: '12345' }), clock, logger: quiet, autoLoginSeats: true });
    const events: CallCenterEvent[] = [];
    cc.on((e) => events.push(e));
    await lab.start();
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      ids.push(lab.placeCall({ callerNumber: `1380000${String(1000 + i)}`, dialledNumber: '12345', patienceSeconds: i % 4 === 0 ? 5 : 600, talkSeconds: 30 }));
      await settle();
      await clock.advance(2000);
    }
    for (let i = 0; i < 60; i++) await clock.advance(10_000);
    const ends = ids.map((id) => cc.call(id)?.state);
    assert.ok(ends.every((s) => s === CallState.Ended || s === CallState.Abandoned), `not all calls ended: ${ends.join(',')}`);
    assert.ok(ends.filter((s) => s === CallState.Ended).length >= 6);
    // Seats that missed an offer came back after the lab pause; all are available again after wrap-up.
    assert.ok(events.some((e) => e.type === 'call' && e.kind === 'missed'), 'the scenario should include missed offers');
    assert.deepEqual(cc.seats().map((s) => s.state), cc.seats().map(() => SeatState.Available));
    assert.equal(cc.liveCalls().length, 0);
    const answered = events.filter((e) => e.type === 'call' && e.kind === 'answered').length;
    assert.equal(cc.wallboard().answeredToday, answered);
    cc.close();
    await lab.stop();
  });
});

describe('CallCenterService with the lab switch: a person logging in', function () {
  this.timeout(20_000);

  it('takes over a seat the simulator was talking on: the call goes on at another seat, the person starts free', async () => {
    const clock = new ManualClock(T0);
    const quiet = pino({ level: 'silent' });
    const lab = new LabSwitch({ clock, logger: quiet, seed: 7, seatAnswerDelayMs: { min: 500, max: 500 }, noAnswerProbability: 0, talkSeconds: { min: 600, max: 600 } });
    const cc = new CallCenterService({ config: testConfig(), telephony: lab, route: async () => ({ target: target(), didLabel: '12345' }), clock, logger: quiet, autoLoginSeats: true });
    const events: CallCenterEvent[] = [];
    cc.on((e) => events.push(e));
    await lab.start();
    const id = lab.placeCall({ callerNumber: '13800001000', dialledNumber: '12345', patienceSeconds: 600, talkSeconds: 600 });
    await settle();
    await clock.advance(1000); // the simulated phone answered
    const first = cc.call(id)!.seatId!;
    assert.equal(cc.call(id)!.state, CallState.Connected);
    cc.login(first); // the trainee sits down at that seat
    await clock.advance(1000);
    assert.notEqual(cc.call(id)?.seatId, first, 'the simulated caller went on to another seat');
    assert.equal(lab.seatPhone(first).state, 'idle', 'the phone at the person\u2019s seat is free');
    assert.equal(cc.seat(first)!.state, SeatState.Available, 'no wrap-up of a call the person never took');
    assert.equal(cc.seat(first)!.attended, true);
    assert.equal(lab.call(id)?.state === 'ended', false, 'the caller was never dropped');
    cc.close();
    await lab.stop();
  });
});
