/**
 * The embedded SQLite store serves one process: a second bridge on the same data folder refuses to start
 * with a message naming the folder and the holder's pid; a lock left by a process that is gone (kill -9)
 * does not block a restart.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DataDirLockedError, LOCK_FILE } from '../../../bridge/store/data-dir-lock.js';
import { openStore } from '../../../bridge/store/index.js';
import { ProductProcess, tempDataDir } from '../../support/product-process.js';

// The SQLite store is the point here, even where the suite runs with DATABASE_URL set.
const SQLITE_ONLY = { DATABASE_URL: '' };

describe('SQLite data folder lock', function () {
  this.timeout(120_000);
  const tmp = tempDataDir('hotline-lock-');
  after(() => tmp.remove());

  it('refuses a store whose folder a live process holds, and takes over once that process is gone', async () => {
    const dataDir = path.join(tmp.dir, 'unit');
    mkdirSync(dataDir, { recursive: true });
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    const gone = new Promise((r) => holder.once('exit', r));
    try {
      writeFileSync(path.join(dataDir, LOCK_FILE), JSON.stringify({ pid: holder.pid, startedAt: Date.now() }));
      await assert.rejects(openStore({ dataDir }), (err: unknown) => {
        assert.ok(err instanceof DataDirLockedError);
        assert.match(err.message, new RegExp(`${dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*pid ${holder.pid}`));
        return true;
      });
    } finally {
      holder.kill('SIGKILL');
      await gone;
    }
    // The holder died without cleaning up: its lock is stale.
    const store = await openStore({ dataDir });
    await store.close();
  });

  it('a second bridge process on the same folder exits with the message; a restart after kill -9 starts', async () => {
    const first = new ProductProcess({ dataDir: tmp.dir, config: { store: { seedContacts: 50 } }, env: SQLITE_ONLY });
    await first.start();
    const second = new ProductProcess({ dataDir: tmp.dir, config: { store: { seedContacts: 50 } }, env: SQLITE_ONLY });
    await assert.rejects(second.start(), /exited \(code 1/);
    const storeDir = path.join(tmp.dir, 'store');
    assert.ok(
      second.logs.some((l) => l.includes(`the store in ${storeDir} is in use by another bridge process (pid ${first.pid})`)),
      second.tail(),
    );
    first.kill('SIGKILL');
    await first.exit;
    const again = new ProductProcess({ dataDir: tmp.dir, config: { store: { seedContacts: 50 } }, env: SQLITE_ONLY });
    await again.start();
    assert.ok(again.records().some((r) => r.msg === 'store lock left by a process that is gone; taking it over' && r.stalePid === first.pid), again.tail());
    again.kill('SIGTERM');
    await again.exit;
  });
});
