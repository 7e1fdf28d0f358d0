/**
 * Issue 9: another connection holds the SQLite file (BEGIN EXCLUSIVE) while lab calls arrive at 10/s.
 * The lock lasts LOCK_MS (default 5 s, twenty busy-timeout periods of the store's worker; the issue's
 * figure is 10 s — `LOCK_MS=10000` runs that): every call is routed (with history: routing reads on its own
 * connection, which a writer's lock does not hold; on the number plan where history did not come in
 * time), the event loop is never blocked for anything near the lock period, health is
 * degraded during the lock and ok after, and afterwards every event, contact and audit entry is stored.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { HISTORY_UNAVAILABLE, assertAllStored, startFaultRig, until, type FaultRig } from '../store-fault-rig.js';

const LOCK_MS = Number(process.env.LOCK_MS ?? 5000);
const RATE = 10;

describe('SQLite store locked by another connection', function () {
  this.timeout(LOCK_MS * 3 + 60_000);
  let dir: string;
  let rig: FaultRig;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-locked-'));
    rig = await startFaultRig(dir);
  });
  after(async () => {
    await rig?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps routing every call without blocking the event loop, says degraded, and loses no write', async () => {
    // Calls before the lock: recorded normally.
    await rig.placeCalls(5, RATE);
    await rig.bridge.store.writes.flush();
    assert.equal(rig.bridge.store.health().ok, true, JSON.stringify(rig.bridge.store.health()));

    const other = new Database(rig.sqliteFile);
    other.pragma('busy_timeout = 5000');
    other.exec('BEGIN EXCLUSIVE');
    // Make it a real write lock (a pending write of its own).
    other.prepare("insert into audit_log (at, actor, action, detail) values (0, 'other', 'lock-holder', '{}')").run();
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const healthSeen: string[][] = [];
    const watch = setInterval(() => {
      const h = rig.bridge.store.health();
      if (!h.ok) healthSeen.push(h.reasons);
    }, 100);
    const firstLocked = rig.placed.length;
    const started = Date.now();
    try {
      await rig.placeCalls(Math.round((LOCK_MS / 1000) * RATE), RATE);
      const left = LOCK_MS - (Date.now() - started);
      if (left > 0) await new Promise((r) => setTimeout(r, left));
    } finally {
      clearInterval(watch);
      other.exec('ROLLBACK');
      other.close();
      loop.disable();
    }
    const maxBlockMs = loop.max / 1e6;
    const lockedCalls = rig.placed.slice(firstLocked);

    // The loop was never blocked for anything close to the lock (the old bridge froze for all of it).
    assert.ok(maxBlockMs < LOCK_MS / 10, `event loop blocked up to ${maxBlockMs.toFixed(0)} ms during a ${LOCK_MS} ms lock`);

    // Every call arrived and was routed; where history did not come in time, on the number plan (12333 → social-security).
    const arrived = new Map(rig.events.filter((e) => e.kind === 'arrived').map((e) => [e.call.id, e.call.target]));
    assert.deepEqual(rig.placed.filter((id) => !arrived.has(id)), [], 'every call was routed');
    const withoutHistory = lockedCalls.filter((id) => arrived.get(id)!.reasons.some((r) => r.text === HISTORY_UNAVAILABLE));
    for (const id of withoutHistory) assert.equal(arrived.get(id)!.desk, 'social-security');
    // Routing reads on a connection of its own (WAL readers are not held by a writer's lock): the lock
    // that stalls every write does not keep callers' history from routing.
    assert.ok(withoutHistory.length < lockedCalls.length, `history reached routing during the lock (${withoutHistory.length} of ${lockedCalls.length} without)`);

    // Health said so during the lock…
    assert.ok(healthSeen.some((r) => r.some((x) => /writes failing/.test(x))), `health degraded with the write failures during the lock: ${JSON.stringify(healthSeen.slice(-1))}`);
    // …and is ok again after it, without a restart.
    await until(() => rig.bridge.store.health().ok, 'store health is ok again');
    await rig.bridge.store.writes.flush();
    const counts = await assertAllStored(rig);
    assert.ok(counts.events > lockedCalls.length * 2, `events of the locked period stored (${counts.events})`);
    // The lock holder's own write was rolled back; nothing else touched the table.
    const holder = await sql<{ n: number }>`select count(*) as n from audit_log where actor = 'other'`.execute(rig.bridge.store.db);
    assert.equal(Number(holder.rows[0]!.n), 0);
    process.stdout.write(`      lock ${LOCK_MS} ms: ${lockedCalls.length} calls, ${withoutHistory.length} routed without history, loop max ${maxBlockMs.toFixed(1)} ms, stored ${JSON.stringify(counts)}\n`);
  });
});
