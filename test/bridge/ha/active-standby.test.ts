/**
 * Two real bridge processes on one PostgreSQL store and one Redis (issue 8 item 5), lab telephony:
 * one is active, the other standby serving its desktop through the active one; kill -9 the active one
 * and the standby takes over with the centre's decisions, and the store accounts for every call once.
 * (Calls that live on in the switch across a take-over are the real adapter's part:
 * test/bridge/ha/takeover-*.test.ts against the protocol doubles.)
 */
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { io as connectClient, type Socket } from 'socket.io-client';
import { dropPgSchema, openStore } from '../../../bridge/store/open-store.js';
import type { ClientToServerEvents, ServerToClientEvents, SnapshotPayload } from '../../../bridge/hub/events.js';
import type { SeatView, WallboardView } from '../../../bridge/calls/call-center-api.js';
import { ProductProcess, api, loginAs, tempDataDir, until } from '../../support/product-process.js';

type Desktop = Socket<ServerToClientEvents, ClientToServerEvents>;
const DATABASE_URL = process.env.DATABASE_URL;
const REDIS_URL = process.env.REDIS_URL_TEST;

const SEATS = [
  { id: 'S01', name: '叶尔兰', languages: ['zh', 'kk'], desks: ['general'], officeContact: 'sip:1001@127.0.0.1:5070', homeContact: 'sip:2001@127.0.0.1:5071' },
  { id: 'S02', name: '古丽娜尔', languages: ['zh'], desks: ['general'], officeContact: 'sip:1002@127.0.0.1:5070', homeContact: 'sip:2002@127.0.0.1:5071' },
];


const health = async (url: string) => (await (await fetch(`${url}/healthz`)).json()) as { role?: string; status: string };

(DATABASE_URL && REDIS_URL ? describe : describe.skip)('active/standby bridges on PostgreSQL + Redis (two processes, kill -9)', function () {
  this.timeout(180_000);
  const schema = `ha_${randomBytes(4).toString('hex')}`;
  const tmpA = tempDataDir('hotline-ha-a-');
  const tmpB = tempDataDir('hotline-ha-b-');
  const config = {
    seatsFile: undefined,
    seats: SEATS,
    store: { databaseUrl: DATABASE_URL, pgSchema: schema, seedContacts: 0 },
    hub: { redisUrl: REDIS_URL, redisPrefix: `${schema}:` },
    ha: { takeoverSeconds: 2 },
    telephony: { lab: { seatAnswerDelayMs: { min: 50, max: 100 }, noAnswerProbability: 0 } },
  };
  const a = new ProductProcess({ dataDir: tmpA.dir, config, env: { DATABASE_URL: undefined } });
  const b = new ProductProcess({ dataDir: tmpB.dir, config, env: { DATABASE_URL: undefined } });
  const sockets: Desktop[] = [];
  after(async () => {
    for (const s of sockets) s.disconnect();
    a.kill('SIGKILL');
    b.kill('SIGKILL');
    await Promise.all([a.exit, b.exit]);
    tmpA.remove();
    tmpB.remove();
    await dropPgSchema(DATABASE_URL!, schema);
  });

  it('one is active, the other standby; the standby serves its desktop and takes over after kill -9', async () => {
    await a.start();
    await until('A active', async () => (await health(a.url)).role === 'active');
    await b.start();
    assert.equal((await health(b.url)).role, 'standby');
    await b.waitForLog('saying it is standby', (r) => /STANDBY/.test(String(r.msg)));

    // The lead works on the standby: login, snapshot and commands go through the active bridge.
    const { token } = await loginAs(b.url, 'lead1');
    const lead: Desktop = connectClient(b.url, { auth: { token }, transports: ['websocket'], forceNew: true });
    sockets.push(lead);
    const snapshots: SnapshotPayload[] = [];
    lead.on('snapshot', (s) => snapshots.push(s));
    await until('a snapshot through the standby', async () => snapshots.length > 0);
    const ack = await lead.timeout(10_000).emitWithAck('lead:centre-mode', { mode: 'home', presetId: 'typhoon', reason: '台风摩羯' });
    assert.equal(ack.ok, true, JSON.stringify(ack));

    // Calls arrive at the active bridge (the standby places none: 503).
    const refused = await api(b.url, token, 'POST', '/api/lab/calls', { callerNumber: '13900001000', dialledNumber: '12345' });
    assert.equal(refused.status, 503);
    for (let i = 0; i < 4; i++) {
      const r = await api(a.url, token, 'POST', '/api/lab/calls', { callerNumber: `1390000100${i}`, dialledNumber: '12345', patienceSeconds: 3600, talkSeconds: 3600 });
      assert.equal(r.status, 201);
    }
    // REST reads on the standby are the active bridge's picture: two talking, two waiting.
    await until('two talking and two waiting, seen through the standby', async () => {
      const w = await api<WallboardView>(b.url, token, 'GET', '/api/wallboard');
      const seats = await api<SeatView[]>(b.url, token, 'GET', '/api/seats');
      return w.status === 200 && w.body.waiting.reduce((n, g) => n + g.count, 0) === 2 && seats.body.filter((s) => s.state === 'on-call').length === 2;
    });

    // The active bridge writes behind (a durable local queue): wait until PostgreSQL has what it wrote,
    // else the kill also tests how far a loaded machine let the queue lag (what is still in A's local
    // journal reaches the store when A restarts, not through B).
    const peek = await openStore({ dataDir: tmpB.dir, databaseUrl: DATABASE_URL, pgSchema: schema });
    try {
      await until('the four contacts in PostgreSQL, two answered', async () => {
        const rows = await peek.db.selectFrom('contacts').select(['answered_at']).execute();
        return rows.length === 4 && rows.filter((r) => r.answered_at !== null).length === 2;
      });
    } finally {
      await peek.close();
    }
    const before = snapshots.length;
    const killedAt = performance.now();
    a.kill('SIGKILL');
    await until('B active', async () => (await health(b.url)).role === 'active');
    const tookMs = performance.now() - killedAt;
    // The desktop on the former standby is told at once: a fresh snapshot from its own bridge now.
    const after = await until('a snapshot after the take-over', async () => snapshots.length > before && snapshots.at(-1));
    assert.equal(after.centre.mode, 'home', 'the centre is still in typhoon home mode');
    process.stdout.write(`      take-over observed after ${Math.round(tookMs)} ms (ha.takeoverSeconds 2)\n`);

    // The lab's calls died with the process: every one of them is accounted for exactly once.
    await b.waitForLog('closing the interrupted contacts', (r) => r.interrupted === 4);
    const store = await openStore({ dataDir: tmpB.dir, databaseUrl: DATABASE_URL, pgSchema: schema });
    try {
      const rows = await store.db.selectFrom('contacts').select(['call_id', 'outcome', 'answered_at', 'ended_at']).execute();
      assert.equal(rows.length, 4, 'arrived');
      const answered = rows.filter((r) => r.answered_at !== null).length;
      const interrupted = rows.filter((r) => r.outcome === 'interrupted').length;
      const abandoned = rows.filter((r) => r.outcome === 'abandoned').length;
      const waiting = rows.filter((r) => r.ended_at === null).length;
      assert.equal(answered, 2);
      assert.equal(interrupted, 4, 'answered and waiting calls alike were interrupted by the crash');
      assert.equal(abandoned + waiting, 0);
      const audit = await store.listAudit({ limit: 10, action: 'contacts-interrupted' });
      assert.equal(audit.entries.length, 1);
    } finally {
      await store.close();
    }

    // The new active bridge takes calls.
    const r = await api<{ callId: string }>(b.url, token, 'POST', '/api/lab/calls', { callerNumber: '13900002000', dialledNumber: '12345', talkSeconds: 3600 });
    assert.equal(r.status, 201);
  });
});
