import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import { LeaderLease, lockKey } from '../../../bridge/ha/leader-lease.js';

const url = process.env.DATABASE_URL;

async function sql(text: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await c.query(text, params);
  } finally {
    await c.end();
  }
}

const until = async (cond: () => boolean, ms = 8000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
};

(url ? describe : describe.skip)('leader lease (PostgreSQL)', function () {
  this.timeout(30_000);
  let schema: string;
  const leases: LeaderLease[] = [];
  const make = (instance: string, takeoverMs = 1500) => {
    const l = new LeaderLease({ databaseUrl: url!, pgSchema: schema, takeoverMs, logger: pino({ level: 'silent' }), instance });
    leases.push(l);
    return l;
  };

  beforeEach(async () => {
    schema = `t_ha_${randomBytes(5).toString('hex')}`;
    await sql(`create schema ${schema}`);
  });
  afterEach(async () => {
    for (const l of leases.splice(0)) await l.stop();
    await sql(`drop schema if exists ${schema} cascade`);
  });

  it('exactly one of two bridges is active; the other takes over when the active one lets go, with a higher epoch', async () => {
    const a = make('A');
    const b = make('B');
    assert.equal(await a.start(), 'active');
    assert.equal(await b.start(), 'standby');
    assert.equal((await b.holder())?.instance, 'A');
    const firstEpoch = a.fencingEpoch();
    const promoted = new Promise<number>((r) => b.once('promoted', r));
    await a.stop();
    const epoch = await promoted;
    assert.equal(b.role(), 'active');
    assert.ok(epoch > firstEpoch, 'the fencing token grows at every take-over');
  });

  it('a holder whose session dies (kill -9) is replaced within the take-over time', async () => {
    const a = make('A');
    const b = make('B');
    await a.start();
    await b.start();
    // What a killed process leaves behind: its connection is gone, nothing was released politely.
    const pid = Number((await sql(`select pid from ${schema}.hotline_ha_lease`)).rows[0].pid);
    const demoted = new Promise<string>((r) => a.once('demoted', r));
    await sql('select pg_terminate_backend($1)', [pid]);
    await until(() => b.role() === 'active', 3000);
    assert.match(await demoted, /lease/, 'the old holder fences itself');
    assert.equal(a.role(), 'standby');
  });

  it('a lease that expired while its holder still holds the lock (hung process) is taken over by ending that session', async () => {
    // A "hung" holder: keeps the advisory lock and the lease row, never renews.
    const hung = new pg.Client({ connectionString: url });
    await hung.connect();
    try {
      await hung.query(`create table ${schema}.hotline_ha_lease (name text primary key, holder text not null, pid integer not null, epoch bigint not null, since timestamptz not null, expires_at timestamptz not null)`);
      await hung.query('select pg_advisory_lock($1::bigint)', [lockKey(schema, 'bridge')]);
      await hung.query(`insert into ${schema}.hotline_ha_lease values ('bridge', 'hung', pg_backend_pid(), 7, now(), now() + interval '300 milliseconds')`);
      hung.on('error', () => undefined);
      const b = make('B');
      assert.equal(await b.start(), 'standby');
      await until(() => b.role() === 'active', 5000);
      assert.equal(b.fencingEpoch(), 8);
    } finally {
      await hung.end().catch(() => undefined);
    }
  });

  it('two processes never both think they are active: a lease overwritten behind the holder’s back fences it at the next renewal', async () => {
    const a = make('A', 900);
    await a.start();
    const demoted = new Promise<string>((r) => a.once('demoted', r));
    await sql(`update ${schema}.hotline_ha_lease set holder = 'intruder', epoch = epoch + 1`);
    assert.match(await demoted, /taken over/);
    assert.equal(a.role(), 'standby');
  });
});
