/**
 * Store health tells the truth: a write backlog past the threshold and missed lookup deadlines make it
 * degraded with the reason; it is ok again once they are gone, without a restart. ok === no reasons.
 */
import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import { sqliteBackend } from './store-backends.js';

describe('store health', function () {
  this.timeout(30_000);
  const backend = sqliteBackend();
  afterEach(() => backend.cleanup());

  it('names missed lookup deadlines once they repeat, and forgets them after a quiet window', async () => {
    const store = await backend.open({ health: { windowMs: 10_000, missesToDegrade: 3 } });
    const clock = sinon.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    try {
      store.noteDeadlineMiss('routing', 50);
      store.noteDeadlineMiss('routing', 50);
      assert.equal(store.health().ok, true, 'one or two slow lookups on a busy machine are not a fault');
      store.noteDeadlineMiss('routing', 50);
      const h = store.health();
      assert.equal(h.ok, false);
      assert.equal(h.reasons.length, 1);
      assert.match(h.reasons[0]!, /^routing lookups missed their 50 ms deadline 3 time\(s\)/);
      clock.tick(10_001);
      assert.deepEqual(store.health().reasons, []);
      assert.equal(store.health().ok, true);
    } finally {
      clock.restore();
    }
  });

  it('names a write backlog past the threshold while it lasts', async () => {
    let release: () => void = () => {};
    let gate: Promise<void> | undefined;
    const store = await backend.open({ health: { backlogDepth: 3 }, beforeStatement: () => gate });
    gate = new Promise<void>((r) => (release = r));
    for (let i = 0; i < 3; i++) store.writes.enqueue('audit', { at: i, actor: 'a', action: 'b', detail: {} });
    const h = store.health();
    assert.equal(h.ok, false);
    assert.deepEqual(h.queue.depth, 3);
    assert.match(h.reasons.join(' '), /write backlog: 3 pending/);
    gate = undefined;
    release();
    await store.writes.flush();
    assert.deepEqual(store.health(), { ok: true, backend: 'sqlite', reasons: [], queue: { depth: 0, oldestAgeMs: 0, failures: 0 } });
  });
});
