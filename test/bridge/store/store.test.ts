import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { sql } from 'kysely';
import { backends, pgMissingNote, untilCommitted } from './store-backends.js';
import type { CallEventWrite, Store } from '../../../bridge/store/store-api.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 10, 20, 2, 0, 0); // 2025-11-20 10:00 in China

function ev(callId: string, caller: string, kind: string, at: number, patch: CallEventWrite['patch'] = {}, extra: Partial<CallEventWrite> = {}): CallEventWrite {
  return { callId, caller, dialledNumber: '12345', arrivedAt: extra.arrivedAt ?? at, at, kind, patch, ...extra };
}

/** A complete handled call in the given language (arrived → answered → ended). */
async function handledCall(store: Store, callId: string, caller: string, at: number, language: string, category: string | null = null) {
  await store.writeCallEvent(ev(callId, caller, 'arrived', at, { language, desk: 'general' }));
  await store.writeCallEvent(ev(callId, caller, 'answered', at + 5000, { answeredAt: at + 5000, seatId: 'S01', outcome: 'handled', contactMode: 'office' }, { arrivedAt: at, seatId: 'S01' }));
  await store.writeCallEvent(ev(callId, caller, 'ended', at + 60000, { endedAt: at + 60000, category }, { arrivedAt: at }));
}

if (!process.env.DATABASE_URL) describe('store on postgres', () => it.skip(pgMissingNote));

for (const backend of backends()) {
  describe(`store on ${backend.name}`, function () {
    this.timeout(30000);
    let store: Store;
    beforeEach(async () => {
      store = await backend.open();
    });
    afterEach(() => backend.cleanup());

    it('is created and migrated on first open, empty, and keeps data across reopen', async () => {
      assert.equal(await store.isEmpty(), true);
      if (backend.name === 'sqlite') {
        const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(store.db);
        assert.equal(mode.rows[0]?.journal_mode, 'wal');
      }
      await handledCall(store, 'c1', '13800001111', NOW, 'zh');
      await store.close();
      store = await backend.reopen();
      assert.equal(await store.isEmpty(), false);
      assert.equal((await store.contact('c1'))?.outcome, 'handled');
    });

    it('records a call as it happens: contact row created on first event, patched, events in order', async () => {
      await store.writeCallEvent(ev('c1', '13800001111', 'arrived', NOW, { language: 'kk', desk: 'general' }, { detail: { reasons: ['DID 12345'] } }));
      let c = await store.contact('c1');
      assert.equal(c?.outcome, 'in-progress');
      assert.equal(c?.language, 'kk');
      assert.equal(c?.answeredAt, null);
      assert.equal((await store.caller('13800001111'))?.firstSeen, NOW);
      await store.writeCallEvent(ev('c1', '13800001111', 'answered', NOW + 7000, { answeredAt: NOW + 7000, seatId: 'S07', outcome: 'handled', contactMode: 'home' }, { arrivedAt: NOW, seatId: 'S07' }));
      await store.writeCallEvent(ev('c1', '13800001111', 'wrap-up-done', NOW + 90000, { disposition: 'resolved', category: 'noise', note: '楼上装修噪音' }, { arrivedAt: NOW, seatId: 'S07' }));
      c = await store.contact('c1');
      assert.deepEqual(
        { answeredAt: c?.answeredAt, seatId: c?.seatId, contactMode: c?.contactMode, category: c?.category, disposition: c?.disposition, note: c?.note, arrivedAt: c?.arrivedAt },
        { answeredAt: NOW + 7000, seatId: 'S07', contactMode: 'home', category: 'noise', disposition: 'resolved', note: '楼上装修噪音', arrivedAt: NOW },
      );
      const events = await store.contactEvents('c1');
      assert.deepEqual(events.map((e) => e.kind), ['arrived', 'answered', 'wrap-up-done']);
      assert.deepEqual(events[0]?.detail, { reasons: ['DID 12345'] });
      assert.equal(events[1]?.seatId, 'S07');
    });

    it('tells routing nothing (and does not throw) for an unknown caller', async () => {
      assert.deepEqual(await store.history.routingFacts('13999999999'), { tags: [], openRepeatComplaints: 0 });
    });

    it('learns the language from the latest handled calls, ignoring unanswered ones', async () => {
      await handledCall(store, 'a', '15800002222', NOW - 3 * DAY, 'zh');
      await handledCall(store, 'b', '15800002222', NOW - 2 * DAY, 'kk');
      await handledCall(store, 'c', '15800002222', NOW - DAY, 'kk');
      // an abandoned call in Mandarin after them does not count
      await store.writeCallEvent(ev('d', '15800002222', 'arrived', NOW - 1000, { language: 'zh' }));
      await store.writeCallEvent(ev('d', '15800002222', 'abandoned', NOW - 500, { endedAt: NOW - 500, outcome: 'abandoned' }, { arrivedAt: NOW - 1000 }));
      const facts = await store.history.routingFacts('15800002222');
      assert.equal(facts.language, 'kk');
      assert.equal(facts.languageReason, '近2次来电使用哈萨克语');
    });

    it('needs languageFromCalls agreeing calls before it decides', async () => {
      const strict = await backend.open({ languageFromCalls: 3 });
      await handledCall(strict, 'a', '15800003333', NOW - 2 * DAY, 'ru');
      await handledCall(strict, 'b', '15800003333', NOW - DAY, 'ru');
      assert.equal((await strict.history.routingFacts('15800003333')).language, undefined);
      await handledCall(strict, 'c', '15800003333', NOW - 1000, 'ru');
      assert.equal((await strict.history.routingFacts('15800003333')).language, 'ru');
    });

    it("an agent's correction beats learned language and survives later calls", async () => {
      await handledCall(store, 'a', '13800004444', NOW - DAY, 'zh');
      await store.setPreferredLanguage('13800004444', 'ug', { source: 'agent', by: 'S03', at: NOW });
      const facts = await store.history.routingFacts('13800004444');
      assert.equal(facts.language, 'ug');
      assert.equal(facts.languageReason, '座席 S03 于 11-20 更正为维吾尔语');
      await handledCall(store, 'b', '13800004444', NOW + 1000, 'zh');
      assert.equal((await store.history.routingFacts('13800004444')).language, 'ug');
      const row = await store.caller('13800004444');
      assert.equal(row?.languageSource, 'agent');
      assert.equal(row?.languageSetBy, 'S03');
    });

    it('gives tags and counts open repeat complaints only', async () => {
      await store.setCallerTags('13700005555', ['repeat-complainant', 'deputy', 'deputy'], NOW);
      await store.upsertTicket({ number: 'WO1', caller: '13700005555', category: 'housing', status: 'in-progress', repeatComplaint: true, createdAt: NOW - 40 * DAY });
      await store.upsertTicket({ number: 'WO2', caller: '13700005555', category: 'housing', status: 'closed', repeatComplaint: true, createdAt: NOW - 90 * DAY });
      await store.upsertTicket({ number: 'WO3', caller: '13700005555', category: 'noise', status: 'registered', createdAt: NOW - DAY });
      const facts = await store.history.routingFacts('13700005555');
      assert.deepEqual(facts.tags, ['repeat-complainant', 'deputy']);
      assert.equal(facts.openRepeatComplaints, 1);
      await store.upsertTicket({ number: 'WO1', caller: '13700005555', category: 'housing', status: 'closed', repeatComplaint: true, createdAt: NOW - 40 * DAY, updatedAt: NOW });
      assert.equal((await store.history.routingFacts('13700005555')).openRepeatComplaints, 0);
    });

    it('fetches a caller’s pop data in at most five queries, current call excluded', async () => {
      const me = '13600006666';
      for (let i = 0; i < 12; i++) await handledCall(store, `h${i}`, me, NOW - (i + 1) * DAY, 'zh', i < 6 ? 'noise' : 'housing');
      await store.writeCallEvent(ev('now', me, 'arrived', NOW, { language: 'zh' }));
      await store.upsertTicket({ number: 'T1', caller: me, category: 'noise', place: '海口市龙华区金贸街道', status: 'in-progress', createdAt: NOW - DAY, dueAt: NOW - 1000 });
      await store.upsertTicket({ number: 'T2', caller: me, category: 'housing', place: '海口市美兰区', status: 'closed', createdAt: NOW - 20 * DAY });
      await store.addSatisfaction('T1', 'dissatisfied', NOW - 10 * DAY);
      await store.addSatisfaction('T1', 'dissatisfied', NOW - 5 * DAY);
      await store.addSatisfaction('T1', 'satisfied', NOW - 4 * DAY);
      for (const [i, n] of ['13100000001', '13100000002', '13100000002', '13100000003'].entries())
        await store.upsertTicket({ number: `N${i}`, caller: n, category: 'noise', place: '海口市龙华区金贸街道', status: 'registered', createdAt: NOW - DAY });
      await store.upsertTicket({ number: 'OLD', caller: '13100000009', category: 'noise', place: '海口市龙华区金贸街道', status: 'closed', createdAt: NOW - 10 * DAY });

      const data = await store.popData(me, { now: NOW, excludeCallId: 'now', recentContacts: 10, repeatDays: 7, sameMatterDays: 3 });
      assert.ok(data.queries <= 5);
      assert.equal(data.contacts.length, 10);
      assert.equal(data.contacts[0]?.callId, 'h0');
      assert.ok(data.contacts.every((c) => c.callId !== 'now'));
      assert.equal(data.hasPriorContacts, true);
      // contacts 1..7 days ago: h0..h5 noise (1–6 days), h6 housing (7 days)
      const counts = Object.fromEntries(data.categoryCounts.map((c) => [c.category, c.count]));
      assert.deepEqual(counts, { noise: 6, housing: 1 });
      assert.deepEqual(data.openTickets.map((t) => [t.number, t.dissatisfied, t.dueAt]), [['T1', 2, NOW - 1000]]);
      // me + three distinct others in 3 days; the 10-day-old ticket is out of the window
      assert.deepEqual(data.sameMatter, [{ category: 'noise', place: '海口市龙华区金贸街道', callers: 4 }]);
    });

    it('keeps calls from an unverified identity on record without making them that number’s history', async () => {
      const victim = '13800007777';
      await handledCall(store, 'real', victim, NOW - DAY, 'zh');
      await store.writeCallEvent(ev('spoof', victim, 'arrived', NOW - 3600_000, { language: 'ru' }, { callerVerified: false }));
      await store.writeCallEvent(ev('spoof', victim, 'answered', NOW - 3500_000, { answeredAt: NOW - 3500_000, outcome: 'handled', category: 'noise' }, { arrivedAt: NOW - 3600_000, callerVerified: false }));
      assert.equal((await store.contact('spoof'))?.callerVerified, false);
      assert.equal((await store.history.routingFacts(victim)).language, 'zh');
      const data = await store.popData(victim, { now: NOW, recentContacts: 10, repeatDays: 30, sameMatterDays: 3 });
      assert.deepEqual(data.contacts.map((c) => c.callId), ['real']);
      assert.deepEqual(data.categoryCounts, []);
      // a spoofed number that never called for real gets no caller profile
      await store.writeCallEvent(ev('spoof2', '13800008888', 'arrived', NOW, {}, { callerVerified: false }));
      assert.equal(await store.caller('13800008888'), null);
    });

    it('answers an unknown number with one query and no history', async () => {
      const data = await store.popData('13900000000', { now: NOW, recentContacts: 10, repeatDays: 30, sameMatterDays: 3 });
      assert.equal(data.caller, null);
      assert.equal(data.queries, 1);
      assert.equal(data.hasPriorContacts, false);
    });

    it('reports health without personal data and samples known caller numbers', async () => {
      assert.deepEqual(store.health(), { ok: true, backend: backend.name, reasons: [], queue: { depth: 0, oldestAgeMs: 0, failures: 0 } });
      for (const n of ['13800000001', '13800000002', '13800000003']) await handledCall(store, `s${n}`, n, NOW, 'zh');
      const sample = await store.sampleCallerNumbers(2);
      assert.equal(sample.length, 2);
      assert.ok(sample.every((n) => ['13800000001', '13800000002', '13800000003'].includes(n)));
      assert.equal((await store.sampleCallerNumbers(10)).length, 3);
      await store.close();
      assert.equal(store.health().ok, false);
    });

    it('appends to the audit log and lists newest first, filtered', async () => {
      await store.appendAudit({ at: NOW, actor: 'lead1', action: 'centre-mode', detail: { mode: 'home', reason: '台风' } });
      await store.appendAudit({ at: NOW + 1, actor: 'S01', action: 'history-view', detail: { caller: '138****1111' } });
      await store.appendAudit({ at: NOW + 2, actor: 'S02', action: 'history-view', detail: { caller: '138****2222' } });
      await untilCommitted(store);
      const all = (await store.listAudit({ limit: 10 })).entries;
      assert.deepEqual(all.map((a) => a.actor), ['S02', 'S01', 'lead1']);
      assert.deepEqual(all[2]?.detail, { mode: 'home', reason: '台风' });
      assert.equal(all[2]?.at, NOW);
      assert.deepEqual(((await store.listAudit({ limit: 10, action: 'history-view', actor: 'S01' })).entries).map((a) => a.detail.caller), ['138****1111']);
      assert.equal(((await store.listAudit({ limit: 1 })).entries).length, 1);
    });
  });
}

describe('store file location', () => {
  it('puts the SQLite file in the data folder, creating the folder', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { openStore, SQLITE_FILE } = await import('../../../bridge/store/index.js');
    const base = mkdtempSync(path.join(os.tmpdir(), 'hotline-loc-'));
    const dir = path.join(base, 'nested', 'data');
    const s = await openStore({ dataDir: dir });
    try {
      assert.ok(existsSync(path.join(dir, SQLITE_FILE)));
    } finally {
      await s.close();
      rmSync(base, { recursive: true, force: true });
    }
  });
});
