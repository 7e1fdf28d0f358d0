import assert from 'node:assert/strict';
import { ManualClock } from '../../../telephony/lab/manual-clock.js';

describe('manual clock', () => {
  it('fires due timers in time order (ties in scheduling order) and skips cancelled ones', async () => {
    const clock = new ManualClock(1000);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b@300'), 300);
    clock.setTimeout(() => fired.push('a@100'), 100);
    clock.setTimeout(() => fired.push('c@300'), 300);
    clock.setTimeout(() => fired.push('x'), 200).cancel();
    await clock.advance(299);
    assert.deepEqual(fired, ['a@100']);
    assert.equal(clock.now(), 1299);
    await clock.advance(1);
    assert.deepEqual(fired, ['a@100', 'b@300', 'c@300']);
    assert.equal(clock.pending(), 0);
  });

  it('lets promise reactions to one timer run before the next timer, and fires timers they schedule', async () => {
    const clock = new ManualClock(0);
    const log: string[] = [];
    clock.setTimeout(() => void Promise.resolve().then(() => {
      log.push(`reacted@${clock.now()}`);
      clock.setTimeout(() => log.push(`follow-up@${clock.now()}`), 50);
    }), 100);
    clock.setTimeout(() => log.push(`second@${clock.now()}`), 120);
    await clock.advance(1000);
    assert.deepEqual(log, ['reacted@100', 'second@120', 'follow-up@150']);
    assert.equal(clock.now(), 1000);
  });
});
