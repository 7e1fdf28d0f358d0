/**
 * One contract for every place sessions are kept: memory, the store (SQLite always, PostgreSQL when
 * DATABASE_URL is set) and Redis (REDIS_URL_TEST / REDIS_URL, else 127.0.0.1:6379; a random key prefix).
 */
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { createClient } from 'redis';
import { MemorySessionBackend, type SessionBackend, type SessionRecord } from '../../../bridge/auth/session-backend.js';
import { RedisSessionBackend } from '../../../bridge/auth/redis-sessions.js';
import { backends as storeBackends } from '../store/store-backends.js';

export const REDIS_URL = process.env.REDIS_URL_TEST ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
// Now-ish: Redis expires its keys on the real clock (retention after the session's expiry).
const T = Date.now();

const rec = (id: string, over: Partial<SessionRecord> = {}): SessionRecord => ({
  id,
  tokenDigest: `d-${id}-${'0'.repeat(40)}`,
  userId: 'A01',
  ip: '10.0.0.1',
  createdAt: T,
  expiresAt: T + 3600_000,
  endedAt: null,
  endReason: null,
  ...over,
});

interface Kind {
  name: string;
  open(): Promise<SessionBackend>;
  cleanup(): Promise<void>;
}

const kinds: Kind[] = [{ name: 'memory', open: async () => new MemorySessionBackend(), cleanup: async () => {} }];
for (const b of storeBackends()) kinds.push({ name: `store (${b.name})`, open: async () => (await b.open()).sessions, cleanup: () => b.cleanup() });
{
  const prefix = `hotline-test:${randomBytes(6).toString('hex')}:`;
  const opened: RedisSessionBackend[] = [];
  kinds.push({
    name: 'redis',
    async open() {
      const b = await RedisSessionBackend.open({ url: REDIS_URL, prefix, logger: pino({ level: 'silent' }) });
      opened.push(b);
      return b;
    },
    async cleanup() {
      for (const b of opened.splice(0)) await b.close();
      const c = createClient({ url: REDIS_URL });
      await c.connect();
      for await (const k of c.scanIterator({ MATCH: `${prefix}*` })) await c.del(k);
      await c.disconnect();
    },
  });
}

for (const kind of kinds) {
  describe(`session back end: ${kind.name}`, function () {
    this.timeout(20_000);
    let b: SessionBackend;
    beforeEach(async () => (b = await kind.open()));
    afterEach(() => kind.cleanup());

    it('finds a session by token digest and by id; unknown ones are null', async () => {
      await b.insert(rec('s1'));
      assert.deepEqual(await b.byDigest(rec('s1').tokenDigest), rec('s1'));
      assert.deepEqual(await b.byId('s1'), rec('s1'));
      assert.equal(await b.byDigest('nope'), null);
      assert.equal(await b.byId('nope'), null);
    });

    it('ends a session once, keeping why; live lists only sessions neither ended nor expired', async () => {
      await b.insert(rec('s1'));
      await b.insert(rec('s2', { userId: 'lead1' }));
      await b.insert(rec('s3', { expiresAt: T + 10 }));
      assert.equal(await b.end('s1', 'revoked', T + 5), true);
      assert.equal(await b.end('s1', 'logout', T + 6), false, 'a second end changes nothing');
      assert.equal(await b.end('missing', 'logout', T + 6), false);
      const ended = await b.byId('s1');
      assert.equal(ended?.endedAt, T + 5);
      assert.equal(ended?.endReason, 'revoked');
      assert.deepEqual((await b.live(T + 20)).map((r) => r.id), ['s2']);
    });

    it('prune removes what ended or expired before the cut-off, nothing else', async () => {
      await b.insert(rec('old', { expiresAt: T + 100 }));
      await b.insert(rec('ended', { expiresAt: T + 3600_000 }));
      await b.insert(rec('live', { expiresAt: T + 3600_000 }));
      await b.end('ended', 'logout', T + 50);
      await b.prune(T + 200);
      assert.deepEqual((await b.live(T + 300)).map((r) => r.id), ['live']);
      assert.ok(await b.byId('live'));
      if (kind.name !== 'redis') {
        // Redis lets records expire by themselves (PEXPIREAT); the others delete them here.
        assert.equal(await b.byId('old'), null);
        assert.equal(await b.byId('ended'), null);
      }
    });
  });
}

describe('session back end: redis notices between processes', function () {
  this.timeout(20_000);
  const prefix = `hotline-test:${randomBytes(6).toString('hex')}:`;
  const log = pino({ level: 'silent' });
  let a: RedisSessionBackend;
  let b: RedisSessionBackend;
  before(async () => {
    a = await RedisSessionBackend.open({ url: REDIS_URL, prefix, logger: log });
    b = await RedisSessionBackend.open({ url: REDIS_URL, prefix, logger: log });
  });
  after(async () => {
    await a.close();
    await b.close();
    const c = createClient({ url: REDIS_URL });
    await c.connect();
    for await (const k of c.scanIterator({ MATCH: `${prefix}*` })) await c.del(k);
    await c.disconnect();
  });

  it('an end on one process is heard by the other, not echoed to itself', async () => {
    const heardA: string[] = [];
    const heardB = new Promise<string>((ok) => b.onRemoteEnd((n) => ok(`${n.id}:${n.userId}:${n.reason}:${n.tokenDigest}`)));
    a.onRemoteEnd((n) => heardA.push(n.id));
    await a.insert(rec('x1'));
    assert.deepEqual(await b.byId('x1'), rec('x1'), 'both see one session');
    assert.equal(await a.end('x1', 'revoked', T + 1), true);
    assert.equal(await heardB, `x1:A01:revoked:${rec('x1').tokenDigest}`);
    assert.deepEqual(heardA, []);
  });
});
