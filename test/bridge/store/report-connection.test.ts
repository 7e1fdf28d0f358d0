/**
 * Reports read on their own connection: a report that takes long (a year of a big centre takes seconds)
 * must not queue the call path's reads — routing's history lookup has a 50 ms deadline, and a caller
 * routed past it loses their language and their history.
 */
import { strict as assert } from 'node:assert';
import { sqliteBackend } from './store-backends.js';

const REPORT = { from: 0, to: Date.now(), groupBy: 'day' as const, answeredWithinMs: 15_000, utcOffsetMinutes: 480, shifts: [], repeatCallerCount: 3, sameMatterCallers: 3 };

describe('store: reports on their own connection (SQLite)', function () {
  this.timeout(30_000);
  const backend = sqliteBackend();
  after(() => backend.cleanup());

  it('a report still counting does not hold a routing lookup or a pop read', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let reportStarted = false;
    // Holds the report's statement on its connection, as a long count would.
    const store = await backend.open({
      beforeStatement: async (sql) => {
        if (!/materialized/i.test(sql)) return;
        reportStarted = true;
        await gate;
      },
    });
    const report = store.periodReport(REPORT);
    while (!reportStarted) await new Promise((r) => setTimeout(r, 5));
    let reportDone = false;
    void report.then(() => (reportDone = true));
    const facts = await store.history.routingFacts('13800001111');
    const pop = await store.popData('13800001111', { now: Date.now(), excludeCallId: '', recentContacts: 5, repeatDays: 30, sameMatterDays: 3 });
    assert.deepEqual(facts.tags, []);
    assert.deepEqual(pop.contacts, []);
    assert.equal(reportDone, false, 'the report was still counting meanwhile');
    release();
    const { total } = await report;
    assert.equal(total.arrived, 0);
  });
});
