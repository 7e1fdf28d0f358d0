/**
 * The worker thread that owns the SQLite connection (see worker-dialect.ts). Plain JavaScript on purpose:
 * worker threads do not inherit tsx's loader, so this file must run as is under `node` and `tsx` alike.
 *
 * Protocol (one message in, one message out, in order):
 *   in  { id, sql, params }            out { id, rows } for a statement that returns rows,
 *                                          { id, rows: [], changes, lastInsertRowid } otherwise,
 *                                          { id, error: { message, code } } when SQLite refused it
 *   in  { id, close: true }            out { id, closed: true } once the connection is closed
 * At start it posts { ready: true } or { initError: { message, code } }.
 *
 * A statement that waits for another connection's lock blocks only this thread, for at most the busy
 * timeout; the bridge's event loop keeps running.
 */
import { accessSync, constants } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { file, busyTimeoutMs } = workerData;
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

function errorOf(err) {
  return { message: err instanceof Error ? err.message : String(err), code: err?.code };
}

try {
  db = open();
  parentPort.postMessage({ ready: true });
} catch (err) {
  parentPort.postMessage({ initError: errorOf(err) });
}

parentPort.on('message', (msg) => {
  if (msg.close) {
    try {
      db?.close();
    } catch {
      /* closing anyway */
    }
    parentPort.postMessage({ id: msg.id, closed: true });
    parentPort.close();
    return;
  }
  try {
    const stmt = prepare(msg.sql);
    if (stmt.reader) {
      parentPort.postMessage({ id: msg.id, rows: stmt.all(msg.params) });
    } else {
      const r = stmt.run(msg.params);
      parentPort.postMessage({ id: msg.id, rows: [], changes: r.changes, lastInsertRowid: r.lastInsertRowid });
    }
  } catch (err) {
    parentPort.postMessage({ id: msg.id, error: errorOf(err) });
    try {
      reopenIfWritableAgain(err);
    } catch {
      /* the next statement reports it */
    }
  }
});
