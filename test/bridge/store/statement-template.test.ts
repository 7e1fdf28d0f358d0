import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { Kysely, sql, SqliteDialect } from 'kysely';
import { compileTemplate, statementTemplate, type Slots } from '../../../bridge/store/statement-template.js';

interface Db {
  notes: { id: number; author: string; body: string; at: number; edited_at: number | null };
}

describe('statement templates (compiled once, bound per use)', () => {
  let db: Kysely<Db>;

  beforeEach(async () => {
    db = new Kysely<Db>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
    await sql`create table notes (id integer primary key, author text not null, body text not null, at integer not null, edited_at integer)`.execute(db);
  });
  afterEach(() => db.destroy());

  it("writes and reads each use's own values, a slot used twice bound twice, fixed values kept", async () => {
    const insert = statementTemplate(db, 'notes:insert', (v: Slots<'id' | 'author' | 'body' | 'at'>) =>
      db.insertInto('notes').values({ id: v.id, author: v.author, body: v.body, at: v.at, edited_at: v.at }),
    );
    await db.executeQuery(insert.bind({ id: 1, author: 'S01', body: '路灯不亮', at: 100 }));
    await db.executeQuery(insert.bind({ id: 2, author: 'S02', body: "it's \u0000 odd", at: 200 }));
    const byAuthor = statementTemplate(db, 'notes:by-author', (v: Slots<'author'>) => db.selectFrom('notes').selectAll().where('author', '=', v.author).where('edited_at', 'is not', null));
    assert.deepEqual((await db.executeQuery(byAuthor.bind({ author: 'S02' }))).rows, [{ id: 2, author: 'S02', body: "it's \u0000 odd", at: 200, edited_at: 200 }]);
    assert.deepEqual((await db.executeQuery(byAuthor.bind({ author: 'S01' }))).rows.map((r) => r.body), ['路灯不亮']);
  });

  it('builds a template once per query layer and name', () => {
    let builds = 0;
    const build = (v: Slots<'author'>) => {
      builds++;
      return db.selectFrom('notes').select('id').where('author', '=', v.author);
    };
    const a = statementTemplate(db, 'notes:ids', build);
    assert.equal(statementTemplate(db, 'notes:ids', build), a);
    assert.equal(builds, 1);
    // Another layer (here with a schema plugin) writes different SQL, so it gets its own.
    const other = db.withSchema('main');
    const b = statementTemplate(other, 'notes:ids', (v: Slots<'author'>) => other.selectFrom('notes').select('id').where('author', '=', v.author));
    assert.notEqual(b.bind({ author: 'x' }).sql, a.bind({ author: 'x' }).sql);
    assert.match(b.bind({ author: 'x' }).sql, /"main"\."notes"/);
  });

  it('refuses a builder that writes a value into the SQL instead of a parameter', () => {
    assert.throws(
      () => compileTemplate((v: Slots<'author'>) => db.selectFrom('notes').select('id').where('author', '=', sql.lit(v.author))),
      /"author"/,
    );
  });

  it('refuses a use that leaves a slot without a value', () => {
    const t = compileTemplate((v: Slots<'author' | 'at'>) => db.selectFrom('notes').select('id').where('author', '=', v.author).where('at', '>', v.at));
    assert.throws(() => t.bind({ author: 'S01' } as never), /no value for "at"/);
  });

  it('gives every use a query id of its own', () => {
    const t = compileTemplate((v: Slots<'author'>) => db.selectFrom('notes').select('id').where('author', '=', v.author));
    assert.notEqual(t.bind({ author: 'a' }).queryId, t.bind({ author: 'a' }).queryId);
  });
});
