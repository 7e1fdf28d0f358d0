/**
 * A write-behind batch on SQLite goes to the store's thread as one script (write-plan.ts): one message,
 * one transaction, guards that skip writes already applied, steps that run only when the group's first
 * statement did (or did not) create its row, and nothing kept when any statement fails.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { WorkerSqliteDialect, SqliteWorkerError, type WriteScriptGroup } from '../../../../bridge/store/sqlite-worker/worker-dialect.js';

interface Db {
  marks: { op: string };
  items: { id: number; v: string };
  log: { what: string };
}

describe('SQLite thread: write scripts', function () {
  let dir: string;
  let dialect: WorkerSqliteDialect;
  let db: Kysely<Db>;
  const read = () => new Database(path.join(dir, 'w.sqlite'), { readonly: true });

  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-script-'));
    const setup = new Database(path.join(dir, 'w.sqlite'));
    setup.exec('create table marks (op text primary key); create table items (id integer primary key, v text not null); create table log (what text not null)');
    setup.close();
    dialect = new WorkerSqliteDialect({ file: path.join(dir, 'w.sqlite'), busyTimeoutMs: 250 });
    db = new Kysely<Db>({ dialect });
    await sql`select 1`.execute(db); // the thread is up
  });
  afterEach(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  /** One write: mark `op`, create item `id` (or set its value), log which happened. */
  const write = (op: string, id: number, v: string | null): WriteScriptGroup => ({
    guard: db.insertInto('marks').values({ op }).onConflict((oc) => oc.column('op').doNothing()).compile(),
    steps: [
      { query: db.insertInto('items').values({ id, v: v as string }).onConflict((oc) => oc.column('id').doNothing()).compile() },
      { only: 'if-first-changed', query: db.insertInto('log').values({ what: `created ${id}` }).compile() },
      { only: 'unless-first-changed', query: db.updateTable('items').set({ v: v as string }).where('id', '=', id).compile() },
    ],
  });

  it('a batch of writes is one message to the thread, and each step runs as its condition says', async () => {
    const before = dialect.messagesPosted;
    const applied = await dialect.runScript([write('a', 1, 'one'), write('b', 2, 'two'), write('c', 1, 'uno')]);
    assert.equal(dialect.messagesPosted - before, 1, 'one round trip for the whole batch');
    assert.equal(applied, 3);
    const r = read();
    assert.deepEqual(r.prepare('select id, v from items order by id').all(), [{ id: 1, v: 'uno' }, { id: 2, v: 'two' }]);
    assert.deepEqual(r.prepare('select what from log order by rowid').all(), [{ what: 'created 1' }, { what: 'created 2' }], 'the second write to item 1 updated it and logged nothing');
    r.close();
  });

  it('a write whose guard finds it applied already is skipped whole', async () => {
    await dialect.runScript([write('a', 1, 'one')]);
    const applied = await dialect.runScript([write('a', 1, 'changed'), write('d', 4, 'four')]);
    assert.equal(applied, 1);
    const r = read();
    assert.deepEqual(r.prepare('select id, v from items order by id').all(), [{ id: 1, v: 'one' }, { id: 4, v: 'four' }]);
    r.close();
  });

  it('one failing statement keeps nothing of the batch, and says why with SQLite’s code', async () => {
    await assert.rejects(
      dialect.runScript([write('a', 1, 'one'), write('b', 2, null)]),
      (err: unknown) => err instanceof SqliteWorkerError && /NOT NULL/.test(err.message) && err.code === 'SQLITE_CONSTRAINT_NOTNULL',
    );
    const r = read();
    assert.equal((r.prepare('select count(*) as n from marks').get() as { n: number }).n, 0);
    assert.equal((r.prepare('select count(*) as n from items').get() as { n: number }).n, 0);
    r.close();
    // The connection is usable again at once.
    assert.equal(await dialect.runScript([write('a', 1, 'one')]), 1);
  });

  it('waits for a transaction in progress on the same connection instead of interleaving with it', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const trx = db.transaction().execute(async (t) => {
      await t.insertInto('log').values({ what: 'in the transaction' }).execute();
      await held;
      await t.insertInto('log').values({ what: 'still in it' }).execute();
    });
    await new Promise((r) => setTimeout(r, 50));
    const script = dialect.runScript([write('a', 1, 'one')]);
    release();
    await Promise.all([trx, script]);
    const r = read();
    assert.deepEqual(r.prepare('select what from log order by rowid').all().map((x) => (x as { what: string }).what), ['in the transaction', 'still in it', 'created 1']);
    r.close();
  });
});
