/**
 * The live service level from a scripted morning of lab calls on a manual clock: one Mandarin seat, calls
 * on three lines, a short abandon, a call that arrives before the 08:00 shift change and is answered
 * after it, and abandons that count. Every expected figure is worked out by hand in the comments.
 */
import assert from 'node:assert/strict';
import pino from 'pino';
import { LabSwitch } from '../../../telephony/lab/lab-switch.js';
import { ManualClock, settle } from '../../../telephony/lab/manual-clock.js';
import { CallCenterService } from '../../../bridge/calls/call-center.js';
import { ServiceLevelTracker } from '../../../bridge/calls/service-level-tracker.js';
import { shiftStartAt, type SettledCall } from '../../../bridge/calls/service-level.js';
import type { RoutingTarget } from '../../../bridge/domain/types.js';
import { CENTRE_OFFSET_MS } from '../../../bridge/domain/centre-day.js';
import { Rig, target, testConfig } from './call-center-fixture.js';

/** The centre's wall-clock time (UTC+8) on the test day: shifts and "today" count on it, whatever the server's zone. */
const centre = (day: number, h: number, m: number, s = 0) => Date.UTC(2024, 8, day, h, m, s) - CENTRE_OFFSET_MS;
const at = (h: number, m: number, s = 0) => centre(6, h, m, s);

function config() {
  return testConfig({
    desks: [{ id: 'general', name: '综合', wrapUpSeconds: 0 }],
    numberPlan: [
      { did: '12345', label: '12345 热线' },
      { did: '12328', label: '12328 交通运输' },
      { did: '12333', label: '12333 人社' },
    ],
    seats: [{ id: 'zh1', name: '王', languages: ['zh'], desks: ['general'], officeContact: 'sip:zh1@office' }],
    homeSeat: { presets: [] },
    serviceLevel: { alertMinCalls: 3 },
  });
}

const ROUTES: Record<string, RoutingTarget> = {
  '12345': target(),
  '12328': target(),
  '12333': target({ language: 'kk' }), // nobody speaks Kazakh here: the caller waits until they give up
};

describe('service level: a scripted morning of lab calls', function () {
  this.timeout(20_000);

  it('counts shares, waits and abandons per window, line and language, by arrival across the 08:00 shift change', async () => {
    const clock = new ManualClock(at(7, 50));
    const quiet = pino({ level: 'silent' });
    const lab = new LabSwitch({ clock, logger: quiet, seed: 1, seatAnswerDelayMs: { min: 2000, max: 2000 }, noAnswerProbability: 0, talkSeconds: { min: 60, max: 60 } });
    const cc = new CallCenterService({
      config: config(),
      telephony: lab,
      route: async (c) => ({ target: ROUTES[c.dialledNumber]!, didLabel: c.dialledNumber }),
      clock,
      logger: quiet,
      autoLoginSeats: true,
    });
    await lab.start();
    let n = 0;
    const call = async (when: number, line: string, patienceSeconds: number) => {
      await clock.advance(when - clock.now());
      lab.placeCall({ callerNumber: `1380000${1000 + n++}`, dialledNumber: line, patienceSeconds, talkSeconds: 60 });
      await settle();
    };
    // A 07:50:00 12345, answered 07:50:02 (wait 2 s), talks till 07:51:02.
    await call(at(7, 50), '12345', 600);
    // C 07:59:00 12345, answered 07:59:02 (2 s), talks till 08:00:02.
    await call(at(7, 59), '12345', 600);
    // S 07:59:10 12328, seat busy, hangs up after 3 s: a short abandon.
    await call(at(7, 59, 10), '12328', 3);
    // B 07:59:50 12328, waits for the seat (free 08:00:02), answered 08:00:04: 14 s, arrived in the night shift.
    await call(at(7, 59, 50), '12328', 600);
    await clock.advance(at(8, 0, 10) - clock.now());
    let v = cc.wallboard().service;
    assert.equal(v.shiftStart, '08:00');
    assert.equal(v.windows.shift.arrived, 0, 'B was answered after 08:00 but arrived before: not the day shift’s');
    assert.equal(v.windows.today.answered, 3);
    // K 08:00:30 12333 Kazakh, no Kazakh seat, gives up after 20 s: abandoned (counted).
    await call(at(8, 0, 30), '12333', 20);
    // D 08:00:40 12345, seat free at 08:01:04 (B ends), answered 08:01:06: 26 s, over 15 s.
    await call(at(8, 0, 40), '12345', 600);
    // E 08:01:00 12345, seat busy with D, gives up after 10 s: abandoned (counted).
    await call(at(8, 1), '12345', 10);
    await clock.advance(at(8, 5, 30) - clock.now());
    v = cc.wallboard().service;

    const pick = (f: { arrived: number; answered: number; answeredWithin: number; abandoned: number; shortAbandons: number; averageWaitSeconds: number; longestWaitSeconds: number }) => ({
      arrived: f.arrived, answered: f.answered, within: f.answeredWithin, abandoned: f.abandoned, short: f.shortAbandons, avg: f.averageWaitSeconds, longest: f.longestWaitSeconds,
    });
    // Day shift (since 08:00): K, D, E. Waits 20 + 26 + 10 = 56 / 3.
    assert.deepEqual(pick(v.windows.shift), { arrived: 3, answered: 1, within: 0, abandoned: 2, short: 0, avg: 18.7, longest: 26 });
    assert.equal(v.windows.shift.connectedShare, 1 / 3);
    // Today: A, C, B, K, D, E (+ S apart). Waits 2 + 2 + 14 + 20 + 26 + 10 = 74 / 6.
    assert.deepEqual(pick(v.windows.today), { arrived: 6, answered: 4, within: 3, abandoned: 2, short: 1, avg: 12.3, longest: 26 });
    assert.equal(v.windows.today.answeredWithinShare, 0.5);
    assert.equal(v.windows.today.connectedShare, 4 / 6);
    // The headline tiles show today's shares: they never disagree with the table.
    assert.deepEqual([cc.wallboard().serviceLevel, cc.wallboard().answerRate], [0.5, 4 / 6]);
    // Last 15 minutes (since 07:50:30): A is out. Waits 2 + 14 + 20 + 26 + 10 = 72 / 5.
    assert.deepEqual(pick(v.windows.rolling), { arrived: 5, answered: 3, within: 2, abandoned: 2, short: 1, avg: 14.4, longest: 26 });

    const line = (k: string) => v.windows.today.by.line.find((x) => x.key === k)!;
    assert.deepEqual(pick(line('12345')), { arrived: 4, answered: 3, within: 2, abandoned: 1, short: 0, avg: 10, longest: 26 });
    assert.deepEqual(pick(line('12328')), { arrived: 1, answered: 1, within: 1, abandoned: 0, short: 1, avg: 14, longest: 14 });
    assert.deepEqual(pick(line('12333')), { arrived: 1, answered: 0, within: 0, abandoned: 1, short: 0, avg: 20, longest: 20 });
    assert.deepEqual(v.windows.today.by.language.map((x) => [x.key, x.arrived, x.shortAbandons]), [['zh', 5, 1], ['kk', 1, 0]]);
    assert.deepEqual(v.windows.today.by.desk.map((x) => [x.key, x.arrived]), [['general', 6]]);

    // Every window is below both targets (80 % within 15 s, 95 % connected) with at least 3 calls.
    assert.deepEqual(
      v.alerts.map((a) => `${a.window}:${a.figure}`),
      ['rolling:answered-within', 'rolling:connected', 'shift:answered-within', 'shift:connected', 'today:answered-within', 'today:connected'],
    );
    cc.close();
    await lab.stop();
  });

  it('a call transferred to another desk and answered again counts once', async () => {
    const r = new Rig();
    r.cc.login('zh1');
    const id = await r.arrive();
    r.answer(id);
    await r.clock.advance(60_000);
    await r.cc.transfer('zh1', id, { kind: 'desk', desk: 'social' });
    r.cc.login('so1');
    await settle();
    r.answer(id);
    assert.equal(r.events.filter((e) => e.type === 'call' && e.kind === 'answered').length, 2);
    const today = r.cc.wallboard().service.windows.today;
    assert.deepEqual([today.arrived, today.answered, today.answeredWithin], [1, 1, 1]);
  });

  it('primed from the store, a restarted tracker shows the same figures', () => {
    const cfg = config().serviceLevel;
    const now = at(8, 5, 30);
    const calls: SettledCall[] = [
      { arrivedAt: at(7, 59, 50), waitMs: 14_000, answered: true, abandoned: false, line: '12328', language: 'zh', desk: 'general' },
      { arrivedAt: at(8, 0, 30), waitMs: 20_000, answered: false, abandoned: true, line: '12333', language: 'kk', desk: 'general' },
      { arrivedAt: at(8, 1), waitMs: 4_000, answered: false, abandoned: true, line: '12345', language: 'zh', desk: 'general' },
    ];
    const live = new ServiceLevelTracker(cfg, at(7, 59));
    for (const c of calls) live.settle(c, now);
    const restarted = new ServiceLevelTracker(cfg, now);
    assert.equal(restarted.primeFrom(now), at(0, 0), 'today reaches back furthest');
    restarted.prime(calls, now);
    assert.deepEqual(restarted.view(now), live.view(now));
    assert.equal(restarted.view(now).windows.shift.shortAbandons, 1);
  });

  it('finds the shift a time falls in, reaching into yesterday before the first start', () => {
    assert.deepEqual(shiftStartAt(at(7, 59, 59), ['08:00', '16:00', '00:00']), { at: at(0, 0), start: '00:00' });
    assert.deepEqual(shiftStartAt(at(8, 0), ['08:00', '16:00', '00:00']), { at: at(8, 0), start: '08:00' });
    assert.deepEqual(shiftStartAt(at(6, 0), ['08:00', '20:00']), { at: centre(5, 20, 0), start: '20:00' });
  });
});
