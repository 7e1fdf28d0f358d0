import { strict as assert } from 'node:assert';
import pino from 'pino';
import { ManualClock } from '../../../telephony/lab/manual-clock.js';
import { ShutdownDrain, type DrainTarget } from '../../../bridge/lifecycle/shutdown-drain.js';

/** A bridge with some live calls; ending a call tells the drain, as the call centre's 'ended' events do. */
function fakeTarget(live: number) {
  const listeners = new Set<() => void>();
  const seen: string[] = [];
  const target: DrainTarget & { endOne(): void; seen: string[]; listeners: Set<() => void> } = {
    seen,
    listeners,
    liveCalls: () => live,
    begin: (until) => void seen.push(`begin until ${until}`),
    endRemaining: async (reason) => {
      seen.push(`end ${live} call(s): ${reason}`);
      live = 0;
    },
    onCallEnded: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    endOne() {
      live--;
      for (const l of [...listeners]) l();
    },
  };
  return target;
}

describe('shutdown drain', () => {
  const logger = pino({ level: 'silent' });

  it('serves live calls to their end, then finishes with no timer left and no subscription', async () => {
    const clock = new ManualClock();
    const target = fakeTarget(2);
    const drain = new ShutdownDrain({ target, clock, windowMs: 300_000, logger });
    drain.signal('SIGTERM');
    assert.equal(drain.draining, true);
    assert.deepEqual(target.seen, [`begin until ${clock.now() + 300_000}`]);
    target.endOne();
    await clock.advance(60_000);
    target.endOne();
    assert.equal(await drain.done, 'drained');
    assert.equal(clock.pending(), 0, 'the window timer is gone');
    assert.equal(target.listeners.size, 0);
    await clock.advance(600_000);
    assert.deepEqual(target.seen.length, 1, 'nothing fires after the drain');
  });

  it('ends the remaining calls when the window passes', async () => {
    const clock = new ManualClock();
    const target = fakeTarget(3);
    const drain = new ShutdownDrain({ target, clock, windowMs: 300_000, logger });
    drain.signal('SIGTERM');
    await clock.advance(299_999);
    assert.equal(target.seen.length, 1);
    await clock.advance(1);
    assert.equal(await drain.done, 'window-passed');
    assert.match(target.seen[1]!, /end 3 call\(s\): bridge shutting down: drain window passed/);
    assert.equal(clock.pending(), 0);
  });

  it('a second signal ends the drain at once', async () => {
    const clock = new ManualClock();
    const target = fakeTarget(1);
    const drain = new ShutdownDrain({ target, clock, windowMs: 300_000, logger });
    drain.signal('SIGTERM');
    drain.signal('SIGINT');
    assert.equal(await drain.done, 'second-signal');
    assert.match(target.seen[1]!, /SIGINT received twice/);
    assert.equal(clock.pending(), 0);
  });

  it('with no live calls it is over at once', async () => {
    const clock = new ManualClock();
    const drain = new ShutdownDrain({ target: fakeTarget(0), clock, windowMs: 300_000, logger });
    drain.signal('SIGTERM');
    assert.equal(await drain.done, 'drained');
    assert.equal(clock.pending(), 0);
  });
});
