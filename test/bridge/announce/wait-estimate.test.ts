import assert from 'node:assert/strict';
import { MIN_SPAN_MS, RecentAnswers, expectedWaitSeconds } from '../../../bridge/announce/wait-estimate.js';

const MIN = 60_000;
const w = { windowMs: 15 * MIN, minAnswers: 3 };

describe('expected wait from the recent service rate', () => {
  const now = 100 * MIN;

  it('is the place divided by the answers per minute since the oldest recent answer', () => {
    // 6 answers in the last 6 minutes: one a minute, so the third in line waits about 3 minutes.
    const answers = [94, 95, 96, 97, 98, 99].map((m) => m * MIN);
    assert.equal(expectedWaitSeconds(3, answers, now, w), 180);
    assert.equal(expectedWaitSeconds(1, answers, now, w), 60);
    assert.equal(expectedWaitSeconds(12, answers, now, w), 720);
  });

  it('slows down when answers stopped coming (the time since the last answer counts)', () => {
    const brisk = expectedWaitSeconds(2, [97, 98, 99].map((m) => m * MIN), now, w)!;
    const stalled = expectedWaitSeconds(2, [87, 88, 89].map((m) => m * MIN), now, w)!;
    assert.ok(stalled > brisk * 3, `${stalled} vs ${brisk}`);
  });

  it('forgets answers older than the window, and gives no estimate from too few', () => {
    assert.equal(expectedWaitSeconds(1, [80, 81, 82, 99].map((m) => m * MIN), now, w), null, 'one answer inside the window');
    assert.equal(expectedWaitSeconds(1, [], now, w), null);
    assert.notEqual(expectedWaitSeconds(1, [97, 98, 99].map((m) => m * MIN), now, w), null);
  });

  it('never measures a rate over less than a minute (a burst of answers promises no instant service)', () => {
    const burst = [now - 3000, now - 2000, now - 1000];
    assert.equal(expectedWaitSeconds(3, burst, now, w), (3 / (3 / MIN_SPAN_MS)) / 1000);
  });

  it('has no answer for a place that is not one', () => {
    assert.equal(expectedWaitSeconds(0, [97, 98, 99].map((m) => m * MIN), now, w), null);
  });
});

describe('RecentAnswers', () => {
  it('keeps each group apart and drops what left the window', () => {
    const r = new RecentAnswers(10 * MIN);
    r.record('kk|general', 1 * MIN);
    r.record('kk|general', 5 * MIN);
    r.record('zh|general', 5 * MIN);
    assert.deepEqual(r.times('kk|general', 12 * MIN), [5 * MIN]);
    assert.deepEqual(r.times('zh|general', 12 * MIN), [5 * MIN]);
    assert.deepEqual(r.times('ru|general', 12 * MIN), []);
    assert.deepEqual(r.times('kk|general', 16 * MIN), []);
  });

  it('keeps at most its cap per group (the newest)', () => {
    const r = new RecentAnswers(60 * MIN, 3);
    for (let i = 1; i <= 5; i++) r.record('g', i * 1000);
    assert.deepEqual(r.times('g', 6000), [3000, 4000, 5000]);
  });
});
