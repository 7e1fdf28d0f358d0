/**
 * The worker thread that owns the SQLite connection (see worker-dialect.ts). Plain JavaScript on purpose:
 * worker threads do not inherit tsx's loader, so this file must run as is under `node` and `tsx` alike.
 *
 * Protocol (one message in, one message out, in order):
 *   in  { id, sql, params }            out { id, rows } for a statement that returns rows,
 *                                          { id, rows: [], changes, lastInsertRowid } otherwise,
 *                                          { id, error: { message, code } } when SQLite refused it
 *   in  { id, script: [{ guard, steps }] }  out { id, rows: [], applied } — writes in one transaction
 *                                          (BEGIN IMMEDIATE … COMMIT; rolled back whole on the first
 *                                          error, which is the reply): per group the guard statement
 *                                          runs first and, if it changed no row, the group is skipped;
 *                                          a step with only 'if-first-changed' / 'unless-first-changed'
 *                                          runs as the group's first step did / did not change a row
 *                                          (worker-dialect.ts WriteScriptGroup, write-plan.ts)
 *   in  { id, close: true }            out { id, closed: true } once the connection is closed
 * At start it posts { ready: true } or { initError: { message, code } }. A reader's connection
 * (workerData.queryOnly) refuses every write.
 *
 * A statement that waits for another connection's lock blocks only this thread, for at most the busy
 * timeout; the bridge's event loop keeps running.
 */
import { accessSync, constants } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { file, busyTimeoutMs, queryOnly } = workerData;
const STATEMENT_CACHE = 256;

/** @type {import('better-sqlite3').Database} */
let db;
/** Prepared statements by SQL text (insertion order = age, for a simple bounded cache). */
let statements = new Map();

function open() {
  const d = new Database(file);
  d.pragma(`busy_timeout = ${Number(busyTimeoutMs) | 0}`);
  d.pragma('journal_mode = WAL');
  // WAL + NORMAL: durable across process crashes, one fsync per checkpoint instead of per write.
  d.pragma('synchronous = NORMAL');
  // A reader's statements arrive pipelined, outside any transaction: SQLite itself refuses a write there.
  if (queryOnly) d.pragma('query_only = ON');
  return d;
}

function prepare(sql) {
  let stmt = statements.get(sql);
  if (stmt) return stmt;
  stmt = db.prepare(sql);
  if (statements.size >= STATEMENT_CACHE) statements.delete(statements.keys().next().value);
  statements.set(sql, stmt);
  return stmt;
}

/** A file opened while it was read-only stays read-only: reopen once it is writable again. */
function reopenIfWritableAgain(err) {
  if (!String(err?.code ?? '').startsWith('SQLITE_READONLY') || !db.readonly) return;
  try {
    accessSync(file, constants.W_OK);
  } catch {
    return;
  }
  try {
    db.close();
  } catch {
    /* already unusable */
  }
  statements = new Map();
  db = open();
}

/** Runs a write script (see the protocol above) in one immediate transaction; returns the groups applied. */
function runScript(groups) {
  let applied = 0;
  const all = db.transaction(() => {
    for (const g of groups) {
      if (prepare(g.guard.sql).run(g.guard.params).changes === 0) continue;
      applied++;
      let firstChanged = false;
      g.steps.forEach((step, i) => {
        if (i > 0 && step.only !== undefined && (step.only === 'if-first-changed') !== firstChanged) return;
        const r = prepare(step.sql).run(step.params);
        if (i === 0) firstChanged = r.changes > 0;
      });
    }
  });
  all.immediate();
  return applied;
}

function errorOf(err) {
  return { message: err instanceof Error ? err.message : String(err), code: err?.code };
}

try {
  db = open();
  parentPort.postMessage({ ready: true });
} catch (err) {
  parentPort.postMessage({ initError: errorOf(err) });
}

/** Runs one message's statement (or script, or close) and gives its reply. */
function handle(msg) {
  if (msg.close) {
    try {
      db?.close();
    } catch {
      /* closing anyway */
    }
    return { id: msg.id, closed: true };
  }
  try {
    if (msg.script) return { id: msg.id, rows: [], applied: runScript(msg.script) };
    const stmt = prepare(msg.sql);
    if (stmt.reader) return { id: msg.id, rows: stmt.all(msg.params) };
    const r = stmt.run(msg.params);
    return { id: msg.id, rows: [], changes: r.changes, lastInsertRowid: r.lastInsertRowid };
  } catch (err) {
    try {
      reopenIfWritableAgain(err);
    } catch {
      /* the next statement reports it */
    }
    return { id: msg.id, error: errorOf(err) };
  }
}

// The bridge sends the statements of one turn of its event loop as a batch; their replies go back as one.
parentPort.on('message', (msg) => {
  const messages = msg.batch ?? [msg];
  const replies = messages.map(handle);
  parentPort.postMessage(msg.batch ? { batch: replies } : replies[0]);
  if (messages.some((m) => m.close)) parentPort.close();
});
