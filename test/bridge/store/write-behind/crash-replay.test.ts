/**
 * kill -9 while the journal holds writes the store has not taken: the real product (child process, lab
 * mode) records calls while another connection holds its SQLite file, so the events wait in the journal;
 * the process is killed; the next start replays the journal — every event and audit entry is in the
 * store, none twice.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { JOURNAL_FILE, SQLITE_FILE } from '../../../../bridge/store/open-store.js';
import { ProductProcess, api, loginAs, tempDataDir } from '../../../support/product-process.js';

interface JournalLine {
  id: string;
  kind: string;
  payload: { callId?: string; kind?: string; at: number; actor?: string; action?: string };
}

function journalLines(file: string): JournalLine[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as JournalLine];
      } catch {
        return []; // the line being written right now
      }
    });
}

async function until(check: () => boolean, what: string, limitMs = 30_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > limitMs) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('kill -9 while the write-behind journal holds unwritten events', function () {
  this.timeout(180_000);
  const tmp = tempDataDir('hotline-crash-');
  let product: ProductProcess | undefined;
  after(async () => {
    if (product?.pid) {
      product.kill('SIGKILL');
      await product.exit;
    }
    tmp.remove();
  });

  it('replays them at the next start: all in the store, none twice', async () => {
    const config = { store: { seedContacts: 100 } };
    product = new ProductProcess({ dataDir: tmp.dir, config, env: { DATABASE_URL: '' } });
    const url = await product.start();
    const { token } = await loginAs(url, 'lead1');
    const storeDir = path.join(tmp.dir, 'store');
    const journal = path.join(storeDir, JOURNAL_FILE);

    // Another connection takes the file: the bridge's writes fail and wait in the journal.
    const other = new Database(path.join(storeDir, SQLITE_FILE));
    other.pragma('busy_timeout = 5000');
    other.exec('BEGIN EXCLUSIVE');
    other.prepare("insert into audit_log (at, actor, action, detail) values (0, 'other', 'lock-holder', '{}')").run();
    const callIds: string[] = [];
    try {
      for (let i = 0; i < 6; i++) {
        const r = await api<{ callId: string }>(url, token, 'POST', '/api/lab/calls', { callerNumber: `1390000000${i}`, dialledNumber: '12345', talkSeconds: 1 });
        assert.equal(r.status, 201);
        callIds.push(r.body.callId);
      }
      // Wrong passwords until the account is locked out: an audit entry.
      for (let i = 0; i < 7; i++) {
        await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'S10', password: 'wrong' }) });
      }
      // Wait until every call's arrival and the lock-out are in the journal (fsync'd), then crash.
      await until(() => {
        const lines = journalLines(journal);
        const arrived = new Set(lines.filter((l) => l.kind === 'call-event' && l.payload.kind === 'arrived').map((l) => l.payload.callId));
        return callIds.every((id) => arrived.has(id)) && lines.some((l) => l.kind === 'audit' && l.payload.action === 'login-locked-out');
      }, 'the arrivals and the audit entry are spooled to the journal');
      product.kill('SIGKILL');
      await product.exit;
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    const spooled = journalLines(journal);
    assert.ok(spooled.length >= callIds.length, `journal holds ${spooled.length} writes`);

    product = new ProductProcess({ dataDir: tmp.dir, config, env: { DATABASE_URL: '' } });
    await product.start();
    assert.ok(product.records().some((r) => r.msg === 'replaying writes spooled before the last stop'), product.tail());
    await until(() => readFileSync(journal, 'utf8') === '', 'the journal is replayed and truncated');

    const db = new Database(path.join(storeDir, SQLITE_FILE), { readonly: true });
    try {
      const applied = db.prepare('select count(*) as n from write_ops where op_id = ?');
      const events = db.prepare('select count(*) as n from contact_events where call_id = ? and kind = ? and at = ?');
      const audits = db.prepare('select count(*) as n from audit_log where at = ? and actor = ? and action = ?');
      const ids = new Set<string>();
      for (const l of spooled) {
        if (ids.has(l.id)) continue;
        ids.add(l.id);
        assert.equal((applied.get(l.id) as { n: number }).n, 1, `op ${l.id} committed`);
        if (l.kind === 'call-event') assert.equal((events.get(l.payload.callId, l.payload.kind, l.payload.at) as { n: number }).n, 1, `${l.payload.callId} ${l.payload.kind} stored once`);
        if (l.kind === 'audit') assert.equal((audits.get(l.payload.at, l.payload.actor, l.payload.action) as { n: number }).n, 1, `audit ${l.payload.action} stored once`);
      }
      const contacts = db.prepare(`select count(*) as n from contacts where call_id in (${callIds.map(() => '?').join(',')}) and language is not null and desk is not null`).get(...callIds) as { n: number };
      assert.equal(contacts.n, callIds.length, 'every call has its contact row, with language and desk');
      assert.equal((db.prepare("select count(*) as n from audit_log where actor = 'other'").get() as { n: number }).n, 0);
    } finally {
      db.close();
    }
  });
});
