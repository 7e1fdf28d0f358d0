/**
 * Issue 8 item 2 through the whole product: a bridge restart (close + startBridge on the same data)
 * logs no one out — on SQLite, on PostgreSQL (DATABASE_URL) and, with REDIS_URL, across two bridge
 * processes sharing one Redis. And issue 9: a burst of parallel logins through REST ends in a lock-out
 * that the store's audit trail shows.
 */
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createClient } from 'redis';
import { io as connectClient, type Socket } from 'socket.io-client';
import { startBridge, type StartedBridge } from '../../bridge/main.js';
import { dropPgSchema } from '../../bridge/store/index.js';

const quiet = pino({ level: 'silent' });
const REDIS_URL = process.env.REDIS_URL_TEST ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const baseEnv = (extra: Record<string, string | undefined> = {}) => ({
  LOG_LEVEL: 'silent',
  HOTLINE_CONFIG: undefined,
  DATABASE_URL: undefined,
  REDIS_URL: undefined,
  ...extra,
});

async function start(dataDir: string, env: Record<string, string | undefined>, pgSchema?: string): Promise<StartedBridge> {
  return startBridge({ env, port: 0, host: '127.0.0.1', dataDir, labArrivalsPerMinute: 0, logger: quiet, ...(pgSchema ? { pgSchema } : {}) });
}

async function login(b: StartedBridge, userId: string): Promise<string> {
  const res = await fetch(`${b.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId, password: 'hotline-lab' }) });
  assert.equal(res.status, 200);
  return ((await res.json()) as { token: string }).token;
}

const me = (b: StartedBridge, token: string) => fetch(`${b.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });

/** A desktop socket; resolves with its snapshot's user id, or rejects with the handshake refusal. */
function desktop(b: StartedBridge, token: string): Promise<{ socket: Socket; userId: string }> {
  const socket = connectClient(b.url, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
  return new Promise((ok, fail) => {
    socket.once('snapshot', (s: { user: { id: string } }) => ok({ socket, userId: s.user.id }));
    socket.once('connect_error', (e) => {
      socket.disconnect();
      fail(e);
    });
  });
}

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`product: a restart keeps sessions (${kind})`, function () {
    this.timeout(60_000);
    const url = process.env.DATABASE_URL;
    let dataDir: string;
    let schema: string | undefined;
    let env: Record<string, string | undefined>;
    let bridge: StartedBridge | undefined;

    before(async function () {
      if (kind === 'postgres' && !url) return this.skip();
      dataDir = mkdtempSync(join(tmpdir(), 'hotline-sessions-'));
      env = baseEnv();
      if (kind === 'postgres') {
        // A schema of its own: other test runs share the database.
        schema = `t_sessions_${randomBytes(6).toString('hex')}`;
        env = baseEnv({ DATABASE_URL: url });
      }
    });
    after(async () => {
      await bridge?.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      if (schema && url) await dropPgSchema(url, schema);
    });

    it('the same token works after close + start on the same store, REST and socket; a revoked one says why', async () => {
      bridge = await start(dataDir, env, schema);
      assert.equal(bridge.store.dialect, kind);
      const agent = await login(bridge, 'S01');
      const lead = await login(bridge, 'lead1');
      const leaving = await login(bridge, 'S02');
      const revokedAgent = await login(bridge, 'S03');
      await fetch(`${bridge.url}/api/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${leaving}` } });
      const list = (await (await fetch(`${bridge.url}/api/sessions`, { headers: { authorization: `Bearer ${lead}` } })).json()) as { id: string; user: { id: string } }[];
      const s03 = list.find((s) => s.user.id === 'S03')!;
      assert.equal((await fetch(`${bridge.url}/api/sessions/${s03.id}/revoke`, { method: 'POST', headers: { authorization: `Bearer ${lead}` } })).status, 204);
      await bridge.close();

      bridge = await start(dataDir, env, schema);
      const res = await me(bridge, agent);
      assert.equal(res.status, 200, 'still logged in after the restart');
      assert.equal(((await res.json()) as { user: { id: string } }).user.id, 'S01');
      const d = await desktop(bridge, agent);
      assert.equal(d.userId, 'S01', 'the desktop reconnects and gets its snapshot');
      d.socket.disconnect();

      const out = await me(bridge, leaving);
      assert.equal(out.status, 401);
      assert.equal(((await out.json()) as { reason: string }).reason, 'logout');
      const gone = await desktop(bridge, revokedAgent).then(
        () => assert.fail('a revoked session connected'),
        (e: Error & { data?: { reason?: string } }) => e,
      );
      assert.equal(gone.data?.reason, 'revoked');
      const audit = (await bridge.store.listAudit({ limit: 10, action: 'session-revoked' })).entries;
      assert.deepEqual(audit.map((e) => [e.actor, e.detail.userId]), [['lead1', 'S03']]);
    });
  });
}

describe('product: 100 parallel logins through REST', function () {
  this.timeout(60_000);
  let bridge: StartedBridge;
  let dataDir: string;
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hotline-burst-'));
    bridge = await start(dataDir, baseEnv());
  });
  after(async () => {
    await bridge?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('wrong passwords then the right one: 429, and the lock-out is in the store\'s audit trail', async () => {
    const post = (password: string) =>
      fetch(`${bridge.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'S05', password }) });
    const statuses = (await Promise.all(Array.from({ length: 100 }, (_, i) => post(`wrong-${i}`)))).map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 401).length, 5);
    assert.equal(statuses.filter((s) => s === 429).length, 95);
    const right = await post('hotline-lab');
    assert.equal(right.status, 429);
    assert.ok(Number(right.headers.get('retry-after')) > 0);
    const audit = (await bridge.store.listAudit({ limit: 10, action: 'login-locked-out' })).entries;
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.detail.userId, 'S05');
    assert.equal(audit[0]!.detail.scope, 'user');
  });
});

describe('product: sessions shared through Redis by two bridge processes', function () {
  this.timeout(60_000);
  const prefix = `hotline-test:${randomBytes(6).toString('hex')}:`;
  const dirs: string[] = [];
  let a: StartedBridge;
  let b: StartedBridge;
  const env = baseEnv({ REDIS_URL, HOTLINE_REDIS_PREFIX: prefix });

  before(async () => {
    for (let i = 0; i < 2; i++) dirs.push(mkdtempSync(join(tmpdir(), 'hotline-redis-')));
    a = await start(dirs[0]!, env);
    b = await start(dirs[1]!, env);
  });
  after(async () => {
    await a?.close();
    await b?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    const c = createClient({ url: REDIS_URL });
    await c.connect();
    for await (const k of c.scanIterator({ MATCH: `${prefix}*` })) await c.del(k);
    await c.disconnect();
  });

  it('a token from A works on B, survives A\'s restart, and a revocation on A ends it on B at once', async () => {
    const agent = await login(a, 'S01');
    const lead = await login(a, 'lead1');
    assert.equal((await me(b, agent)).status, 200, 'B knows a session made on A');
    const onB = await desktop(b, agent);
    assert.equal(onB.userId, 'S01');

    await a.close();
    a = await start(dirs[0]!, env);
    assert.equal((await me(a, agent)).status, 200, 'A restarted and still knows it');

    const told = new Promise<string>((ok) => onB.socket.once('session-revoked', (p: { reason: string }) => ok(p.reason)));
    const list = (await (await fetch(`${a.url}/api/sessions`, { headers: { authorization: `Bearer ${lead}` } })).json()) as { id: string; user: { id: string } }[];
    const id = list.find((s) => s.user.id === 'S01')!.id;
    assert.equal((await fetch(`${a.url}/api/sessions/${id}/revoke`, { method: 'POST', headers: { authorization: `Bearer ${lead}` } })).status, 204);
    assert.equal(await told, 'revoked', 'the desktop on B is told');
    // B had the session cached (the /me above): the notice from A evicted it.
    const after = await me(b, agent);
    assert.equal(after.status, 401);
    assert.equal(((await after.json()) as { reason: string }).reason, 'revoked');
  });
});
