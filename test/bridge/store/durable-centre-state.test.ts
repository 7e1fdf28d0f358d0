/**
 * What a restart needs from the store (issue 8): the centre's decisions, the audit trail page by page,
 * today's figures, and the crash recovery of contacts left open — on SQLite and PostgreSQL alike.
 */
import { strict as assert } from 'node:assert';
import { backends, pgMissingNote } from './store-backends.js';
import type { CallEventWrite, Store } from '../../../bridge/store/store-api.js';

const NOW = Date.UTC(2026, 6, 20, 6, 0, 0);

function ev(callId: string, kind: string, at: number, patch: CallEventWrite['patch'] = {}, arrivedAt = at): CallEventWrite {
  return { callId, caller: '13800001111', dialledNumber: '12345', arrivedAt, at, kind, patch };
}

if (!process.env.DATABASE_URL) describe('durable centre state on postgres', () => it.skip(pgMissingNote));

for (const backend of backends()) {
  describe(`durable centre state on ${backend.name}`, function () {
    this.timeout(30000);
    let store: Store;
    beforeEach(async () => {
      store = await backend.open();
    });
    afterEach(() => backend.cleanup());

    it('keeps the centre mode, overrides and chosen seat states across a reopen; a cleared override is gone', async () => {
      assert.deepEqual(await store.centreState.load(), { centre: null, overrides: [], seats: [] });
      await store.centreState.saveCentreMode({ mode: 'office', preset: null, reason: 'morning', by: 'lead1', since: NOW - 1000 });
      await store.centreState.saveCentreMode({ mode: 'home', preset: 'typhoon', reason: '台风摩羯', by: 'lead1', since: NOW });
      await store.centreState.saveSeatOverride('S01', { mode: 'office', reason: 'on site', by: 'lead1', at: NOW });
      await store.centreState.saveSeatOverride('S02', { mode: 'office', reason: 'on site', by: 'lead1', at: NOW });
      await store.centreState.saveSeatOverride('S02', null);
      await store.centreState.saveSeatState({ seatId: 'S03', state: 'available', reason: null, since: NOW - 5 });
      await store.centreState.saveSeatState({ seatId: 'S03', state: 'not-ready', reason: 'meal', since: NOW });
      await store.close();
      store = await backend.reopen();
      assert.deepEqual(await store.centreState.load(), {
        centre: { mode: 'home', preset: 'typhoon', reason: '台风摩羯', by: 'lead1', since: NOW },
        overrides: [{ seatId: 'S01', mode: 'office', reason: 'on site', by: 'lead1', at: NOW }],
        seats: [{ seatId: 'S03', state: 'not-ready', reason: 'meal', since: NOW }],
      });
    });

    it('pages the audit trail newest first by id, filtered by actor, action and time', async () => {
      for (let i = 0; i < 7; i++) await store.appendAudit({ at: NOW + i, actor: i % 2 ? 'lead1' : 'admin', action: i < 5 ? 'seat-mode-override' : 'centre-mode', detail: { i } });
      const first = await store.listAudit({ limit: 3 });
      assert.deepEqual(first.entries.map((e) => e.detail.i), [6, 5, 4]);
      assert.equal(first.hasMore, true);
      const second = await store.listAudit({ limit: 3, before: first.entries.at(-1)!.id });
      assert.deepEqual(second.entries.map((e) => e.detail.i), [3, 2, 1]);
      const last = await store.listAudit({ limit: 3, before: second.entries.at(-1)!.id });
      assert.deepEqual(last.entries.map((e) => e.detail.i), [0]);
      assert.equal(last.hasMore, false);
      assert.deepEqual((await store.listAudit({ limit: 10, actor: 'lead1', action: 'seat-mode-override' })).entries.map((e) => e.detail.i), [3, 1]);
      assert.deepEqual((await store.listAudit({ limit: 10, from: NOW + 2, to: NOW + 4 })).entries.map((e) => e.detail.i), [4, 3, 2]);
    });

    it("counts today's arrived, answered (in time) and abandoned contacts, and hands over the settled ones", async () => {
      await store.writeCallEvent(ev('y1', 'arrived', NOW - 86_400_000)); // yesterday
      await store.writeCallEvent(ev('a1', 'arrived', NOW));
      await store.writeCallEvent(ev('a1', 'answered', NOW + 5_000, { answeredAt: NOW + 5_000, outcome: 'handled' }, NOW));
      await store.writeCallEvent(ev('a2', 'arrived', NOW + 10));
      await store.writeCallEvent(ev('a2', 'answered', NOW + 60_000, { answeredAt: NOW + 60_000, outcome: 'handled' }, NOW + 10));
      await store.writeCallEvent(ev('a3', 'arrived', NOW + 20));
      await store.writeCallEvent(ev('a3', 'abandoned', NOW + 9_000, { endedAt: NOW + 9_000, outcome: 'abandoned' }, NOW + 20));
      await store.writeCallEvent(ev('a4', 'arrived', NOW + 30));
      const f = await store.contactFigures({ from: NOW - 1000, to: NOW + 3_600_000, answeredWithinMs: 20_000 });
      assert.deepEqual(f, { arrived: 4, answered: 2, answeredInTime: 1, abandoned: 1 });
      // The service level's priming: settled contacts only (a4 still waits), oldest first, with their waits.
      await store.writeCallEvent(ev('a1', 'queued', NOW + 1, { language: 'kk', desk: 'social' }, NOW));
      const settled = await store.settledContacts({ from: NOW - 1000, to: NOW + 3_600_000 });
      assert.deepEqual(settled, [
        { arrivedAt: NOW, waitMs: 5_000, answered: true, abandoned: false, line: '12345', language: 'kk', desk: 'social' },
        { arrivedAt: NOW + 10, waitMs: 59_990, answered: true, abandoned: false, line: '12345', language: 'unknown', desk: 'unknown' },
        { arrivedAt: NOW + 20, waitMs: 8_980, answered: false, abandoned: true, line: '12345', language: 'unknown', desk: 'unknown' },
      ]);
    });

    it('closes every open contact as interrupted at its last event, except the calls kept alive', async () => {
      await store.writeCallEvent(ev('w1', 'arrived', NOW));
      await store.writeCallEvent(ev('w1', 'queued', NOW + 400, {}, NOW));
      await store.writeCallEvent(ev('t1', 'arrived', NOW));
      await store.writeCallEvent(ev('t1', 'answered', NOW + 3_000, { answeredAt: NOW + 3_000, outcome: 'handled' }, NOW));
      await store.writeCallEvent(ev('k1', 'arrived', NOW));
      await store.writeCallEvent(ev('d1', 'arrived', NOW));
      await store.writeCallEvent(ev('d1', 'ended', NOW + 50, { endedAt: NOW + 50, outcome: 'abandoned' }, NOW));
      const closed = await store.closeInterruptedContacts(['k1']);
      assert.deepEqual(closed.sort(), ['t1', 'w1']);
      const w1 = await store.contact('w1');
      assert.equal(w1?.outcome, 'interrupted');
      assert.equal(w1?.endedAt, NOW + 400);
      assert.equal((await store.contact('t1'))?.endedAt, NOW + 3_000);
      assert.equal((await store.contact('k1'))?.endedAt, null);
      assert.equal((await store.contact('d1'))?.outcome, 'abandoned');
      assert.deepEqual(await store.closeInterruptedContacts(['k1']), [], 'nothing is closed twice');
    });
  });
}
