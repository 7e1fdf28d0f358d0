/**
 * The write-behind queue: a store that refuses writes and becomes writable again loses nothing and its
 * health recovers; a journal left by a crash is replayed without writing anything twice; a write the
 * store refuses for its own sake is kept aside and does not stall the others; bad input is refused.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { JOURNAL_FILE } from '../../../../bridge/store/open-store.js';
import type { Store } from '../../../../bridge/store/store-api.js';
import { backends, pgMissingNote, sqliteBackend } from '../store-backends.js';
import { assertAllStored, startFaultRig, until, type FaultRig } from '../store-fault-rig.js';

const T0 = 1_763_600_000_000;
const audit = (i: number) => ({ at: T0 + i, actor: 'lead1', action: 'test-entry', detail: { i } });

async function auditCount(store: Store): Promise<number> {
  const r = await sql<{ n: number }>`select count(*) as n from audit_log where action = 'test-entry'`.execute(store.db);
  return Number(r.rows[0]!.n);
}

describe('write-behind queue: a store that refuses writes, then takes them again', function () {
  this.timeout(60_000);
  let dir: string;
  let rig: FaultRig;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-readonly-'));
    rig = await startFaultRig(dir, { writeBehind: { retryMaxMs: 200 } });
  });
  after(async () => {
    await rig?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every write in order through the refusal, says degraded, and recovers without a restart', async () => {
    await rig.placeCalls(3, 10);
    await rig.bridge.store.writes.flush();
    // The store's own connection turns read-only (what a read-only file does to SQLite, also as root).
    await sql`pragma query_only = 1`.execute(rig.bridge.store.db);
    await rig.placeCalls(20, 10);
    await until(() => rig.bridge.store.health().reasons.some((r) => /writes failing.*readonly/i.test(r)), 'health names the failing writes');
    const during = rig.bridge.store.health();
    assert.equal(during.ok, false);
    assert.ok(during.queue.depth > 0 && during.queue.failures > 0, JSON.stringify(during.queue));
    // Meanwhile the pending writes are safe in the journal.
    const journal = path.join(dir, 'store', JOURNAL_FILE);
    await until(() => existsSync(journal) && readFileSync(journal, 'utf8').trim().split('\n').length >= during.queue.depth - 5, 'pending writes are in the journal');

    await sql`pragma query_only = 0`.execute(rig.bridge.store.db);
    await rig.bridge.store.writes.flush();
    await until(() => rig.bridge.store.health().ok, 'store health is ok again');
    const counts = await assertAllStored(rig);
    assert.equal(counts.contacts, 23);
    assert.equal(readFileSync(journal, 'utf8'), '', 'the journal is truncated once everything committed');
  });
});

if (!process.env.DATABASE_URL) describe('write-behind queue on postgres', () => it.skip(pgMissingNote));

for (const backend of backends()) {
  describe(`write-behind queue on ${backend.name}`, function () {
    this.timeout(30_000);
    let dataDir: string;
    beforeEach(() => {
      dataDir = mkdtempSync(path.join(os.tmpdir(), 'hotline-wb-'));
    });
    afterEach(async () => {
      await backend.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('replays a journal left by a crash at start, skipping what had already committed', async () => {
      let store = await backend.open({ dataDir });
      const committed = [0, 1, 2].map((i) => ({ id: store.writes.enqueue('audit', audit(i)), i }));
      await store.writes.flush();
      assert.equal(await auditCount(store), 3);
      await store.close();
      // As if the process died after those commits but before the journal was truncated, with two more pending.
      const lines = [
        ...committed.map(({ id, i }) => ({ id, kind: 'audit', at: T0 + i, payload: audit(i) })),
        { id: 'crash-op-3', kind: 'audit', at: T0 + 3, payload: audit(3) },
        { id: 'crash-op-4', kind: 'audit', at: T0 + 4, payload: audit(4) },
        { id: 'crash-op-4', kind: 'audit', at: T0 + 4, payload: audit(4) },
      ];
      const journal = path.join(dataDir, JOURNAL_FILE);
      writeFileSync(journal, lines.map((l) => JSON.stringify(l)).join('\n') + '\n{"id":"torn');
      store = await backend.reopen({ dataDir });
      await store.writes.flush();
      assert.equal(await auditCount(store), 5, 'each write once');
      const { entries } = await store.listAudit({ limit: 10, action: 'test-entry' });
      assert.deepEqual(entries.map((e) => e.detail.i).reverse(), [0, 1, 2, 3, 4], 'in order');
      assert.equal(readFileSync(journal, 'utf8'), '');
      assert.match(readFileSync(path.join(dataDir, 'write-behind.refused.jsonl'), 'utf8'), /unreadableJournalLine.*torn/, 'the torn line is kept aside');
      // A second start replays nothing.
      await store.close();
      store = await backend.reopen({ dataDir });
      await store.writes.flush();
      assert.equal(await auditCount(store), 5);
    });

    it('keeps aside a write the store refuses for its own sake, and the writes behind it still commit', async () => {
      const store = await backend.open({
        dataDir,
        writeBehind: { retryBaseMs: 1, retryMaxMs: 5 },
        writeOps: (r) =>
          r.register<{ n: number }>({
            kind: 'always-wrong',
            parse: (p) => p as { n: number },
            apply: async (trx) => {
              await sql`insert into no_such_table values (1)`.execute(trx);
            },
          }),
      });
      store.writes.enqueue('audit', audit(0));
      store.writes.enqueue('always-wrong', { n: 1 });
      store.writes.enqueue('audit', audit(1));
      await store.writes.flush();
      assert.equal(await auditCount(store), 2);
      const s = store.writes.stats();
      assert.equal(s.refused, 1);
      assert.equal(s.depth, 0);
      const refused = readFileSync(path.join(dataDir, 'write-behind.refused.jsonl'), 'utf8');
      assert.match(refused, /"kind":"always-wrong".*no_such_table/);
      assert.equal(store.health().ok, true, 'a write set aside is logged and counted, not a lasting fault');
    });

    it("writes a call makes moments apart share one transaction; one write alone still commits within the gather window", async () => {
      const store = await backend.open({ dataDir, writeBehind: { gatherMs: 40 } });
      for (let i = 0; i < 6; i++) store.writes.enqueue('audit', audit(i));
      await until(() => store.writes.stats().depth === 0, 'the six writes committed');
      assert.equal(store.writes.stats().transactions, 1, 'one transaction for the six');
      store.writes.enqueue('audit', audit(6));
      await until(() => store.writes.stats().depth === 0, 'a lone write committed without a flush');
      assert.equal(store.writes.stats().transactions, 2);
      assert.equal(await auditCount(store), 7);
      await store.close();
    });

    it('a write somebody waits for (the pop\'s history-view audit entry) is not held back to gather others', async () => {
      // A gather window longer than the test may run: the wait only ends if the write skips it.
      const store = await backend.open({ dataDir, writeBehind: { gatherMs: 60_000, spoolAfterMs: 120_000 } });
      store.writes.enqueue('audit', audit(0));
      await store.appendAudit(audit(1));
      assert.equal(await auditCount(store), 2, 'the write waiting in the window went with it');
      assert.equal(store.writes.stats().transactions, 1);
      await store.close();
    });

    it('refuses bad input at once with the reason, and queues nothing', async () => {
      const store = await backend.open({ dataDir });
      assert.throws(() => store.writes.enqueue('audit', { at: 'yesterday', actor: 'x', action: 'y', detail: {} }), /at/);
      assert.throws(() => store.writes.enqueue('no-such-kind', {}), /unknown write kind "no-such-kind"/);
      assert.equal(store.writes.stats().depth, 0);
    });
  });
}

describe('write-behind queue at close', function () {
  this.timeout(30_000);
  const backend = sqliteBackend();
  after(() => backend.cleanup());

  it('leaves what the store did not take in the journal, and the next start commits it', async () => {
    let store = await backend.open({ closeTimeoutMs: 300, writeBehind: { retryMaxMs: 50 } });
    await sql`pragma query_only = 1`.execute(store.db);
    for (let i = 0; i < 4; i++) store.writes.enqueue('audit', audit(i));
    await store.close();
    store = await backend.reopen();
    await store.writes.flush();
    assert.equal(await auditCount(store), 4);
  });

  it('a flush still waiting on a store that takes nothing hears "not drained" when the bridge closes, instead of hanging', async () => {
    const store = await backend.open({ closeTimeoutMs: 300, writeBehind: { retryMaxMs: 50 } });
    await sql`pragma query_only = 1`.execute(store.db);
    store.writes.enqueue('audit', audit(10));
    const waiting = store.writes.flush();
    let heard: boolean | undefined;
    void waiting.then((v) => (heard = v));
    await store.close();
    await until(() => heard !== undefined, 'the flush caller is told');
    assert.equal(heard, false);
    const again = await backend.reopen();
    await again.writes.flush();
    assert.equal(await auditCount(again), 1, 'the write waited in the journal and the next start committed it');
  });
});
