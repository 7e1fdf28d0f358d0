/**
 * PostgreSQL limits (issue 9): a server that accepts and never answers, or a closed port, fails
 * openStore within the connect timeout with host:port and the limit in the message; a statement past
 * store.postgres.statementTimeoutMs is cancelled. The last case needs the PostgreSQL at DATABASE_URL
 * (default postgres://postgres@127.0.0.1:5432/test).
 */
import { strict as assert } from 'node:assert';
import net from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { dropPgSchema, openStore, pgEndpoint, StoreUnavailableError } from '../../../bridge/store/open-store.js';
import { freePort } from '../../support/temp-redis.js';

const PG_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A TCP listener that takes connections and never says a word. */
async function silentServer(): Promise<{ port: number; accepted: () => number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const srv = net.createServer((s) => {
    accepted++;
    sockets.add(s);
    s.on('error', () => undefined);
  });
  await new Promise<void>((ok) => srv.listen(0, '127.0.0.1', ok));
  return {
    port: (srv.address() as net.AddressInfo).port,
    accepted: () => accepted,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((ok) => srv.close(() => ok()));
    },
  };
}

describe('openStore: PostgreSQL limits', function () {
  this.timeout(20_000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-pg-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a server that accepts and never answers: StoreUnavailableError naming host:port and the connect timeout', async () => {
    const silent = await silentServer();
    try {
      await assert.rejects(
        openStore({ dataDir: dir, databaseUrl: `postgres://postgres:hunter2@127.0.0.1:${silent.port}/test`, postgres: { connectTimeoutMs: 400 } }),
        (err: Error) => {
          assert.ok(err instanceof StoreUnavailableError, String(err));
          assert.equal(err.message, `PostgreSQL at 127.0.0.1:${silent.port} did not answer within 400 ms (store.postgres.connectTimeoutMs)`);
          return true;
        },
      );
      assert.equal(silent.accepted(), 1, 'it did connect: the silence, not a refusal, was the problem');
    } finally {
      await silent.close();
    }
  });

  it('a closed port: StoreUnavailableError naming host:port and why', async () => {
    const port = await freePort();
    await assert.rejects(openStore({ dataDir: dir, databaseUrl: `postgres://postgres@127.0.0.1:${port}/test` }), (err: Error) => {
      assert.ok(err instanceof StoreUnavailableError);
      assert.match(err.message, new RegExp(`^PostgreSQL at 127\\.0\\.0\\.1:${port}: connection failed \\(.*ECONNREFUSED.*; connect timeout 5000 ms\\)$`));
      return true;
    });
  });

  it('a server that answers but refuses the connection: its reason, not "unreachable"', async () => {
    await assert.rejects(openStore({ dataDir: dir, databaseUrl: PG_URL.replace(/\/[^/]*$/, '/no_such_database_here') }), (err: Error) => {
      assert.ok(err instanceof StoreUnavailableError);
      assert.match(err.message, /: connection failed \(database "no_such_database_here" does not exist; connect timeout 5000 ms\)$/);
      return true;
    });
  });

  it('names host:port without credentials, with the default port when none is given', () => {
    assert.equal(pgEndpoint('postgres://u:secret@db.example:6543/x'), 'db.example:6543');
    assert.equal(pgEndpoint('postgresql://db.example/x'), 'db.example:5432');
  });

  it("a store in the database's public schema opens when another schema there holds its own migration tables", async () => {
    // A database of its own, so its public schema starts empty (tests elsewhere keep schemas in `test`).
    const name = `hotline_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = Object.assign(new URL(PG_URL), { pathname: `/${name}` }).toString();
    try {
      // e.g. a second centre, or a benchmark's copy, in a schema of the same database
      const other = await openStore({ dataDir: dir, databaseUrl: url, pgSchema: 'other_centre' });
      await other.close();
      const store = await openStore({ dataDir: dir, databaseUrl: url });
      try {
        assert.equal(await store.isEmpty(), true);
      } finally {
        await store.close();
      }
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });

  it('a statement past statementTimeoutMs is cancelled; migrations are not held to it', async () => {
    const schema = `t_limits_${randomBytes(6).toString('hex')}`;
    const store = await openStore({ dataDir: dir, databaseUrl: PG_URL, pgSchema: schema, postgres: { statementTimeoutMs: 200 } });
    try {
      await assert.rejects(sql`select pg_sleep(2)`.execute(store.db), /statement timeout/);
      // The pool is still usable afterwards.
      assert.equal(await store.isEmpty(), true);
    } finally {
      await store.close();
      await dropPgSchema(PG_URL, schema);
    }
  });
});
