/**
 * Warming the store's read paths before calls are taken: both reads the first caller needs run once,
 * and a store that never answers (or fails) does not hold the bridge's start.
 */
import { strict as assert } from 'node:assert';
import pino from 'pino';
import sinon from 'sinon';
import { warmStoreReads } from '../../../bridge/lifecycle/warm-store-reads.js';

const config = { history: { recentContacts: 5, repeatCaller: { days: 30, threshold: 3 }, sameMatter: { days: 3, threshold: 3 } } } as never;

describe('warm store reads', () => {
  let clock: sinon.SinonFakeTimers | undefined;
  afterEach(() => clock?.restore());

  it('runs the routing lookup and the pop read once each, for a number no caller has', async () => {
    const seen: string[] = [];
    const store = {
      history: { routingFacts: async (n: string) => (seen.push(`routing ${n}`), { tags: [], openRepeatComplaints: 0 }) },
      popData: async (n: string) => (seen.push(`pop ${n}`), {}) as never,
    };
    await warmStoreReads(store as never, config, pino({ level: 'silent' }));
    assert.deepEqual(seen.sort(), ['pop warm-up', 'routing warm-up']);
  });

  it('a store that never answers holds the start for a few seconds only', async () => {
    clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const never = new Promise<never>(() => undefined);
    const store = { history: { routingFacts: () => never }, popData: () => never };
    let done = false;
    const warming = warmStoreReads(store as never, config, pino({ level: 'silent' })).then(() => (done = true));
    await clock.tickAsync(4000);
    assert.equal(done, false, 'still giving the store its chance');
    await clock.tickAsync(1500);
    await warming;
    assert.equal(done, true);
  });

  it('a store that fails the reads does not stop the start', async () => {
    const store = { history: { routingFacts: async () => Promise.reject(new Error('SQLITE_BUSY')) }, popData: async () => ({}) as never };
    await warmStoreReads(store as never, config, pino({ level: 'silent' }));
  });
});
