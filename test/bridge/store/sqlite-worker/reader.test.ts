/**
 * The call path's reader (routing's history lookup, the pop): its statements go to the SQLite thread
 * pipelined, not one round trip after another, so a lookup never waits a turn of the bridge's event
 * loop for each lookup ahead of it; and the reader changes nothing.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { SqliteWorkerError, WorkerSqliteDialect } from '../../../../bridge/store/sqlite-worker/worker-dialect.js';

interface Db {
  callers: { number: string; language: string };
}

describe('SQLite thread: the reader', function () {
  let dir: string;
  let file: string;
  const opened: Kysely<Db>[] = [];
  /** Statements that reached the point of being posted, and the gate each waits at. */
  let gate: Promise<void>;
  let openGate: () => void;
  let reached: string[];
  let holding: boolean;

  const connect = async (reader: boolean) => {
    const dialect = new WorkerSqliteDialect({
      file,
      busyTimeoutMs: 250,
      reader,
      // Holds every statement on the bridge's side until the test opens the gate.
      beforeStatement: (text) => {
        if (!holding) return;
        reached.push(text);
        return gate;
      },
    });
    const db = new Kysely<Db>({ dialect });
    opened.push(db);
    // The thread is up before the statements under test are held.
    await sql`select 1`.execute(db);
    holding = true;
    return { db, dialect };
  };
  /** Long enough for every statement that is free to go to reach the gate (a closed gate holds the rest whatever the wait). */
  const settle = () => new Promise((r) => setTimeout(r, 100));

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-reader-'));
    file = path.join(dir, 'r.sqlite');
    const setup = new Database(file);
    setup.pragma('journal_mode = WAL');
    setup.exec('create table callers (number text primary key, language text not null)');
    const insert = setup.prepare('insert into callers values (?, ?)');
    for (let i = 0; i < 20; i++) insert.run(`1390000${String(i).padStart(4, '0')}`, i % 2 ? 'kk' : 'ug');
    setup.close();
    reached = [];
    holding = false;
    gate = new Promise((resolve) => (openGate = resolve));
  });
  afterEach(async () => {
    openGate();
    for (const db of opened.splice(0)) await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const lookups = (db: Kysely<Db>) =>
    Array.from({ length: 20 }, (_, i) => db.selectFrom('callers').select('language').where('number', '=', `1390000${String(i).padStart(4, '0')}`).executeTakeFirst());

  it('twenty callers’ lookups are all on their way at once, and each gets its own answer', async () => {
    const { db } = await connect(true);
    const answers = lookups(db);
    await settle();
    assert.equal(reached.length, 20, 'no lookup waited for the one before it');
    openGate();
    const rows = await Promise.all(answers);
    assert.deepEqual(
      rows.map((r) => r?.language),
      Array.from({ length: 20 }, (_, i) => (i % 2 ? 'kk' : 'ug')),
    );
  });

  it('lookups issued together travel to the thread as one message, a failing one among them answered with its own error', async () => {
    openGate();
    const { db, dialect } = await connect(true);
    const before = dialect.messagesPosted;
    const answers = lookups(db);
    const broken = sql`select * from no_such_table`.execute(db);
    const more = lookups(db).slice(0, 3);
    await assert.rejects(broken, /no such table/);
    const rows = await Promise.all([...answers, ...more]);
    assert.equal(dialect.messagesPosted - before, 1, 'one message for the twenty-four statements');
    assert.deepEqual(
      rows.map((r) => r?.language),
      [...Array.from({ length: 20 }, (_, i) => (i % 2 ? 'kk' : 'ug')), 'ug', 'kk', 'ug'],
    );
  });

  it('the writer’s connection still hands statements over one at a time (its transactions own it)', async () => {
    const { db } = await connect(false);
    const answers = lookups(db);
    await settle();
    assert.equal(reached.length, 1);
    openGate();
    assert.equal((await Promise.all(answers)).length, 20);
  });

  it('a statement that holds the thread: the lookups sent behind it wait, then each gets its own answer, none lost', async () => {
    openGate();
    const { db } = await connect(true);
    // A slow statement (a year's report on a busy disk): about a million rows counted on the thread.
    const slow = sql<{ n: number }>`with recursive c(x) as (select 1 union all select x + 1 from c where x < 1000000) select count(*) as n from c`.execute(db);
    const answers = lookups(db);
    const first = await Promise.race([slow.then(() => 'slow'), Promise.all(answers).then(() => 'lookups')]);
    assert.equal(first, 'slow', 'the thread runs statements in the order sent');
    assert.equal((await slow).rows[0]?.n, 1_000_000);
    assert.deepEqual(
      (await Promise.all(answers)).map((r) => r?.language),
      Array.from({ length: 20 }, (_, i) => (i % 2 ? 'kk' : 'ug')),
    );
  });

  it('the thread dies with lookups in flight: each fails at once with SQLITE_WORKER_GONE, none hangs, and the next lookup gets a new thread', async () => {
    openGate();
    const { db, dialect } = await connect(true);
    const worker = (dialect as unknown as { driver: { link: { worker?: { terminate(): Promise<number> } } } }).driver.link.worker;
    assert.ok(worker, 'the thread is up');
    // The thread is busy with a slow statement, the lookups wait behind it: a crash takes them all.
    const slow = sql`with recursive c(x) as (select 1 union all select x + 1 from c where x < 5000000) select count(*) as n from c`.execute(db);
    const answers = [slow, ...lookups(db)].map((p) => p.then(() => 'answered', (err: unknown) => (err instanceof SqliteWorkerError ? err.code : String(err))));
    await new Promise((r) => setTimeout(r, 20));
    await worker.terminate();
    assert.deepEqual(new Set(await Promise.all(answers)), new Set(['SQLITE_WORKER_GONE']));
    const after = await db.selectFrom('callers').select('language').where('number', '=', '13900000003').executeTakeFirst();
    assert.equal(after?.language, 'kk', 'a new thread answers');
  });

  it('refuses to write, to open a transaction or to run a write script, and keeps serving reads', async () => {
    openGate();
    const { db, dialect } = await connect(true);
    await assert.rejects(db.insertInto('callers').values({ number: '110', language: 'zh' }).execute(), /readonly|query_only|attempt to write/i);
    await assert.rejects(
      db.transaction().execute(async (trx) => trx.selectFrom('callers').selectAll().execute()),
      (err: unknown) => err instanceof SqliteWorkerError && err.code === 'SQLITE_READER',
    );
    await assert.rejects(dialect.runScript([]), (err: unknown) => err instanceof SqliteWorkerError && err.code === 'SQLITE_READER');
    const n = await sql<{ n: number }>`select count(*) as n from callers`.execute(db);
    assert.equal(n.rows[0]?.n, 20, 'nothing was written and the reader still answers');
  });
});
