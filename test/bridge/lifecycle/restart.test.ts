/**
 * The real product in a child process (lab switch, SQLite in a temp folder) killed with SIGKILL and
 * started again on the same folder, and stopped with SIGTERM while a call is live (issue 8).
 */
import { strict as assert } from 'node:assert';
import path from 'node:path';
import { io as connectClient, type Socket } from 'socket.io-client';
import { openStore } from '../../../bridge/store/open-store.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../bridge/hub/events.js';
import type { SeatView, WallboardView } from '../../../bridge/calls/call-center-api.js';
import { ProductProcess, api, loginAs, tempDataDir, until } from '../../support/product-process.js';

type Desktop = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Three Mandarin seats on the general desk: few enough that staged calls wait. */
const SEATS = [
  { id: 'S01', name: '叶尔兰', languages: ['zh', 'kk'], desks: ['general'], officeContact: 'sip:1001@127.0.0.1:5070', homeContact: 'sip:2001@127.0.0.1:5071' },
  { id: 'S02', name: '古丽娜尔', languages: ['zh'], desks: ['general'], officeContact: 'sip:1002@127.0.0.1:5070', homeContact: 'sip:2002@127.0.0.1:5071' },
  { id: 'S03', name: '买买提', languages: ['zh', 'ug'], desks: ['general'], officeContact: 'sip:1003@127.0.0.1:5070', homeContact: 'sip:2003@127.0.0.1:5071' },
];
const CONFIG = {
  seatsFile: undefined,
  seats: SEATS,
  store: { seedContacts: 0 },
  telephony: { lab: { seatAnswerDelayMs: { min: 50, max: 100 }, noAnswerProbability: 0 } },
};

async function desktop(url: string, token: string): Promise<Desktop> {
  const s: Desktop = connectClient(url, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
  await new Promise<void>((ok, fail) => {
    s.once('connect', () => ok());
    s.once('connect_error', fail);
  });
  return s;
}

async function command<T>(s: Desktop, name: string, payload: unknown): Promise<T> {
  const ack = (await (s as unknown as Socket).timeout(10_000).emitWithAck(name, payload)) as { ok: boolean; result?: T; error?: { message: string } };
  if (!ack.ok) throw new Error(`${name}: ${ack.error?.message}`);
  return ack.result as T;
}


function stage(url: string, token: string, n: number, extra: Record<string, unknown> = {}) {
  return Promise.all(
    Array.from({ length: n }, (_, i) =>
      api<{ callId: string }>(url, token, 'POST', '/api/lab/calls', { callerNumber: `1390000${String(1000 + i)}`, dialledNumber: '12345', patienceSeconds: 3600, talkSeconds: 3600, ...extra }),
    ),
  );
}

describe('the product survives kill -9 and drains on SIGTERM (child process, lab, SQLite)', function () {
  this.timeout(120_000);
  const tmp = tempDataDir();
  const procs: ProductProcess[] = [];
  const sockets: Desktop[] = [];
  const start = async () => {
    const p = new ProductProcess({ dataDir: tmp.dir, config: CONFIG, env: { DATABASE_URL: undefined, REDIS_URL: undefined } });
    procs.push(p);
    await p.start();
    return p;
  };
  after(() => {
    for (const s of sockets) s.disconnect();
    for (const p of procs) p.kill('SIGKILL');
    tmp.remove();
  });

  it('comes back after kill -9 with the mode, overrides, Not Ready seats, sessions, audit trail and today\'s figures; open contacts are interrupted', async () => {
    const first = await start();
    const { token } = await loginAs(first.url, 'lead1');
    const lead = await desktop(first.url, token);
    sockets.push(lead);
    await command(lead, 'lead:centre-mode', { mode: 'home', presetId: 'typhoon', reason: '台风摩羯' });
    await command(lead, 'lead:seat-mode', { seatId: 'S01', mode: 'office', reason: '留守办公室' });
    await command(lead, 'lead:force-state', { seatId: 'S03', state: 'not-ready', reason: 'meal' });
    const staged = await stage(first.url, token, 4);
    assert.deepEqual(staged.map((r) => r.status), [201, 201, 201, 201]);
    // Two seats take two calls; two wait.
    const before = await until('two talking and two waiting', async () => {
      const w = (await api<WallboardView>(first.url, token, 'GET', '/api/wallboard')).body;
      const waiting = w.waiting.reduce((n, g) => n + g.count, 0);
      const talking = (await api<SeatView[]>(first.url, token, 'GET', '/api/seats')).body.filter((s) => s.state === 'on-call').length;
      return waiting === 2 && talking === 2 && w;
    });
    assert.equal(before.arrivedToday, 4);

    first.kill('SIGKILL');
    assert.equal((await first.exit)!.signal, 'SIGKILL');

    const second = await start();
    const restored = await second.waitForLog('saying what was restored', (r) => typeof r.restored === 'string');
    assert.match(String(restored?.restored), /^centre mode home \(typhoon\) since \d\d:\d\d by lead1; 1 seat override\(s\); 1 seat\(s\) not ready$/);
    await second.waitForLog('counting the interrupted contacts', (r) => r.interrupted === 4);

    // The lead's token from before the crash still works: no one was logged out.
    const wallboard = await api<WallboardView>(second.url, token, 'GET', '/api/wallboard');
    assert.equal(wallboard.status, 200);
    assert.equal(wallboard.body.centreMode, 'home');
    assert.equal(wallboard.body.arrivedToday, 4, "today's figures come from the store");
    // The service level counts settled calls: the two answered before the kill are still today's and the shift's.
    const today = wallboard.body.service.windows.today;
    assert.deepEqual([today.arrived, today.answered, today.answeredWithin], [2, 2, 2]);
    assert.deepEqual(
      [today.arrived, today.answered],
      [before.service.windows.today.arrived, before.service.windows.today.answered],
      'the restart keeps what the wallboard showed',
    );
    assert.equal(wallboard.body.service.windows.shift.answered, before.service.windows.shift.answered);
    const seats = (await api<SeatView[]>(second.url, token, 'GET', '/api/seats')).body;
    const seat = (id: string) => seats.find((s) => s.id === id)!;
    assert.equal(seat('S01').modeOverride, 'office');
    assert.equal(seat('S01').contactMode, 'office');
    assert.equal(seat('S02').contactMode, 'home');
    assert.equal(seat('S03').state, 'not-ready');
    assert.equal(seat('S03').notReadyReason, 'meal');

    // The audit panel reads the store, newest first.
    const lead2 = await desktop(second.url, token);
    sockets.push(lead2);
    const page = await command<{ entries: { action: string; actor: string; detail: Record<string, unknown> }[] }>(lead2, 'lead:audit', { limit: 50 });
    const actions = page.entries.map((e) => e.action);
    assert.equal(actions[0], 'contacts-interrupted');
    assert.equal(page.entries[0]!.detail.count, 4);
    for (const a of ['centre-mode', 'seat-mode-override', 'force-seat-state']) assert.ok(actions.includes(a), `audit has ${a}: ${actions.join(', ')}`);

    // A clean stop now: nothing live, exit 0.
    second.kill('SIGTERM');
    assert.equal((await second.exit)!.code, 0);
    const store = await openStore({ dataDir: path.join(tmp.dir, 'store') });
    try {
      const open = await store.db.selectFrom('contacts').select('call_id').where('ended_at', 'is', null).execute();
      assert.deepEqual(open, [], 'no record stays in progress');
      const interrupted = await store.db.selectFrom('contacts').select('outcome').where('outcome', '=', 'interrupted').execute();
      assert.equal(interrupted.length, 4);
    } finally {
      await store.close();
    }
  });

  it('SIGTERM drains: the live call finishes, a new call is refused, the drain shows on the wallboard, exit 0', async () => {
    const p = await start();
    const { token } = await loginAs(p.url, 'lead1');
    await command(await desktop(p.url, token).then((s) => (sockets.push(s), s)), 'lead:force-state', { seatId: 'S03', state: 'available' });
    const [placed] = await stage(p.url, token, 1, { talkSeconds: 4 });
    const callId = placed!.body.callId;
    await until('the call is talking', async () => (await api<{ state: string }>(p.url, token, 'GET', `/api/calls/${callId}`)).body?.state === 'connected');

    p.kill('SIGTERM');
    const drain = await until('the wallboard shows the drain', async () => (await api<WallboardView>(p.url, token, 'GET', '/api/wallboard')).body.drain);
    assert.ok(drain!.until > drain!.since);
    const refused = await stage(p.url, token, 1);
    assert.equal(refused[0]!.status, 503, 'no new calls while draining');
    assert.equal((await api<{ state: string }>(p.url, token, 'GET', `/api/calls/${callId}`)).body.state, 'connected', 'the live call goes on');

    const exit = await p.exit!;
    assert.equal(exit.code, 0);
    await p.waitForLog('saying the drain completed', (r) => r.msg === 'drain complete: no live calls');
    const store = await openStore({ dataDir: path.join(tmp.dir, 'store') });
    try {
      const c = await store.contact(callId);
      assert.equal(c?.outcome, 'handled', 'the call ended normally, not interrupted');
      assert.ok(c?.endedAt);
      assert.deepEqual(await store.db.selectFrom('contacts').select('call_id').where('ended_at', 'is', null).execute(), []);
    } finally {
      await store.close();
    }
  });
});
