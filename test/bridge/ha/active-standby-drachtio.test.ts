/**
 * Active/standby on the real adapter (issue 8): two bridge processes on PostgreSQL + Redis in drachtio
 * mode, against the protocol doubles running as a process of their own (fixtures/doubles/run-doubles.ts),
 * so the calls outlive the active bridge. Two calls talk and two wait; kill -9 of the active bridge; the
 * standby takes over: the talking calls stay on their seats, the waiting ones are offered in their
 * original order, and the store counts every call once.
 */
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { io as connectClient, type Socket } from 'socket.io-client';
import { hashPassword } from '../../../bridge/auth/password-hash.js';
import { dropPgSchema, openStore } from '../../../bridge/store/open-store.js';
import type { ClientToServerEvents, ServerToClientEvents, SnapshotPayload } from '../../../bridge/hub/events.js';
import type { CallView, SeatView } from '../../../bridge/calls/call-center-api.js';
import { ProductProcess, api, loginAs, tempDataDir, until } from '../../support/product-process.js';

type Desktop = Socket<ServerToClientEvents, ClientToServerEvents>;
const DATABASE_URL = process.env.DATABASE_URL;
const REDIS_URL = process.env.REDIS_URL_TEST;
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SECRET = 'ha-doubles-secret-7f2c';
const ESL = 'ha-doubles-esl-19ab';
const PASSWORD = 'ha-desk-pass-3141';
const PHONES = { D01: '1001@10.1.0.11', D02: '1002@10.1.0.12' } as const;


(DATABASE_URL && REDIS_URL ? describe : describe.skip)('active/standby on the real adapter: kill -9 while calls wait and talk (doubles as a process)', function () {
  this.timeout(180_000);
  const schema = `hadr_${randomBytes(4).toString('hex')}`;
  const dirs = [tempDataDir('hotline-hadr-a-'), tempDataDir('hotline-hadr-b-')];
  let doubles: ChildProcess | undefined;
  const procs: ProductProcess[] = [];
  const sockets: Desktop[] = [];

  after(async () => {
    for (const s of sockets) s.disconnect();
    for (const p of procs) p.kill('SIGKILL');
    await Promise.all(procs.map((p) => p.exit));
    if (doubles && doubles.exitCode === null) {
      doubles.kill('SIGTERM');
      await once(doubles, 'exit');
    }
    for (const d of dirs) d.remove();
    await dropPgSchema(DATABASE_URL!, schema);
  });

  it('the standby adopts the calls: talking ones stay on their seats, waiting ones are offered in arrival order, none counted twice', async () => {
    doubles = spawn(process.execPath, ['--import=tsx', path.join(repoRoot, 'fixtures/doubles/run-doubles.ts'), '--seat', PHONES.D01, '--seat', PHONES.D02], {
      cwd: repoRoot,
      env: { ...process.env, DRACHTIO_SECRET: SECRET, FREESWITCH_ESL_PASSWORD: ESL },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const firstLine = await new Promise<string>((ok, fail) => {
      const rl = createInterface({ input: doubles!.stdout! });
      rl.on('line', (l) => l.startsWith('{') && ok(l));
      doubles!.once('exit', () => fail(new Error('run-doubles exited')));
    });
    const ready = JSON.parse(firstLine) as { drachtio: { host: string; port: number }; freeswitch: { host: string; port: number }; control: string };
    const control = async <T = any>(method: string, route: string, body?: unknown): Promise<T> => {
      const res = await fetch(`${ready.control}${route}`, { method, headers: { 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
      assert.ok(res.ok, `${method} ${route} → ${res.status}`);
      return (await res.json()) as T;
    };

    const hash = await hashPassword(PASSWORD, { N: 1024, r: 8, p: 1 });
    const config = {
      seatsFile: undefined,
      seats: [
        { id: 'D01', name: '叶尔兰', languages: ['zh'], desks: ['general'], officeContact: `sip:${PHONES.D01}`, passwordHash: hash },
        { id: 'D02', name: '古丽娜尔', languages: ['zh'], desks: ['general'], officeContact: `sip:${PHONES.D02}`, passwordHash: hash },
      ],
      users: [{ id: 'lead1', name: '王丽', role: 'lead', passwordHash: hash }],
      trustedTrunks: [{ name: 'carrier-sbc', addresses: ['10.20.0.0/24'] }],
      telephony: { freeswitch: { listenAddress: '127.0.0.1' }, outboundGateway: 'sip:{number}@10.9.9.9:5060' },
      store: { databaseUrl: DATABASE_URL, pgSchema: schema, seedContacts: 0 },
      hub: { redisUrl: REDIS_URL, redisPrefix: `${schema}:` },
      ha: { takeoverSeconds: 2 },
    };
    const env = {
      DATABASE_URL: undefined,
      REDIS_URL: undefined,
      TELEPHONY_MODE: 'drachtio',
      DRACHTIO_HOST: ready.drachtio.host,
      DRACHTIO_PORT: String(ready.drachtio.port),
      DRACHTIO_SECRET: SECRET,
      FREESWITCH_ESL_HOST: ready.freeswitch.host,
      FREESWITCH_ESL_PORT: String(ready.freeswitch.port),
      FREESWITCH_ESL_PASSWORD: ESL,
    };
    const a = new ProductProcess({ dataDir: dirs[0]!.dir, config, env });
    const b = new ProductProcess({ dataDir: dirs[1]!.dir, config, env });
    procs.push(a, b);
    await a.start();
    await until('A active', async () => ((await (await fetch(`${a.url}/healthz`)).json()) as { role: string }).role === 'active');
    await b.start();
    await b.waitForLog('saying it is standby', (r) => /STANDBY/.test(String(r.msg)));

    // The lead watches from the standby.
    const { token } = await loginAs(b.url, 'lead1', PASSWORD);
    const lead: Desktop = connectClient(b.url, { auth: { token }, transports: ['websocket'], forceNew: true });
    sockets.push(lead);
    const snapshots: SnapshotPayload[] = [];
    lead.on('snapshot', (s) => snapshots.push(s));
    await until('the lead snapshot through the standby', async () => snapshots.length > 0);

    // The agents' desktops are on the standby too; they log their seats in and go available.
    for (const seatId of ['D01', 'D02']) {
      const { token: t } = await loginAs(b.url, seatId, PASSWORD);
      const desk: Desktop = connectClient(b.url, { auth: { token: t }, transports: ['websocket'], forceNew: true });
      sockets.push(desk);
      await new Promise<void>((ok) => desk.once('snapshot', () => ok()));
      const r = await desk.timeout(10_000).emitWithAck('seat:available', {});
      assert.equal(r.ok, true, JSON.stringify(r));
    }
    const seats = () => api<SeatView[]>(b.url, token, 'GET', '/api/seats').then((r) => r.body);
    const calls = () => api<CallView[]>(b.url, token, 'GET', '/api/calls').then((r) => r.body);
    // Two callers reach the two desk phones, which the agents answer; two more wait, in a known order.
    for (const seatId of ['D01', 'D02'] as const) {
      await control('POST', '/callers', { count: 1, number: seatId === 'D01' ? '13900005001' : '13900005002' });
      await until(`${seatId} ringing`, async () => (await seats()).find((s) => s.state === 'reserved'));
      const ringing = (await seats()).find((s) => s.state === 'reserved')!;
      const aor = PHONES[ringing.id as keyof typeof PHONES];
      // The seat is reserved before its INVITE reaches the desk phone: lift the handset once it rings.
      await until(`${aor} ringing`, async () => (await control<{ aor: string; ringing: boolean }[]>('GET', '/seats')).find((p) => p.aor === aor)?.ringing);
      await control('POST', `/seats/${aor}/answer`);
      await until(`${ringing.id} talking`, async () => (await seats()).find((s) => s.id === ringing.id)?.state === 'on-call');
    }
    await control('POST', '/callers', { count: 1, number: '13900005003' });
    await new Promise((r) => setTimeout(r, 300));
    await control('POST', '/callers', { count: 1, number: '13900005004' });
    const waitingBefore = await until('two waiting', async () => {
      const w = (await calls()).filter((c) => c.state === 'queued');
      return w.length === 2 && w;
    });
    const order = [...waitingBefore].sort((x, y) => x.arrivedAt - y.arrivedAt).map((c) => c.id);
    const talkingBefore = Object.fromEntries((await seats()).map((s) => [s.id, s.callId]));
    // The bridge writes a call's take-over notes on FreeSWITCH moments after the desktops see it queued
    // or talking (they go without holding up the call); a crash in between is the "died while routing"
    // case. This test is about calls that wait and talk: the kill comes once all their notes are there.
    type Channel = { callId: string | null; notes: string[] };
    const noted = (chs: Channel[], callId: string, notes: string[]) => chs.some((c) => c.callId === callId && notes.every((n) => c.notes.includes(n)));
    await until('every call noted on FreeSWITCH', async () => {
      const chs = await control<Channel[]>('GET', '/channels');
      return order.every((id) => noted(chs, id, ['hotline_caller', 'hotline_facts', 'hotline_state'])) && Object.values(talkingBefore).every((id) => noted(chs, id!, ['hotline_caller', 'hotline_facts', 'hotline_seat']));
    });

    const before = snapshots.length;
    a.kill('SIGKILL');
    await until('B active', async () => ((await (await fetch(`${b.url}/healthz`)).json()) as { role: string }).role === 'active');
    await b.waitForLog('reporting the adoption', (r) => typeof r.adopted === 'object');
    await until('a snapshot after the take-over', async () => snapshots.length > before);

    // Talking calls are still on their seats; waiting ones wait with their first arrival time.
    const after = await seats();
    for (const id of ['D01', 'D02']) {
      const s = after.find((x) => x.id === id)!;
      assert.equal(s.state, 'on-call', `${id} still talking`);
      assert.equal(s.callId, talkingBefore[id], `${id} on the same call`);
    }
    const waitingAfter = (await calls()).filter((c) => c.state === 'queued');
    assert.deepEqual(waitingAfter.map((c) => c.id).sort(), [...order].sort());
    for (const c of waitingAfter) assert.equal(c.arrivedAt, waitingBefore.find((w) => w.id === c.id)!.arrivedAt, 'original arrival time kept');

    // D01's agent hangs up; the lead forces D01 available, which ends its wrap-up at once, and D01 is
    // offered the caller who has waited longest.
    await control('POST', `/seats/${PHONES.D01}/hangup`);
    const lead2: Desktop = lead;
    await until('D01 wrapping up', async () => (await seats()).find((s) => s.id === 'D01')?.state === 'wrap-up');
    const ack = await lead2.timeout(10_000).emitWithAck('lead:force-state', { seatId: 'D01', state: 'available' });
    assert.equal(ack.ok, true, JSON.stringify(ack));
    const offered = await until('D01 offered the next call', async () => {
      const s = (await seats()).find((x) => x.id === 'D01');
      return s?.state === 'reserved' && s.callId;
    });
    assert.equal(offered, order[0], 'the caller who waited longest comes first');

    // The store: every call once; none interrupted (the take-over kept them all).
    const store = await openStore({ dataDir: dirs[1]!.dir, databaseUrl: DATABASE_URL, pgSchema: schema });
    try {
      const rows = await store.db.selectFrom('contacts').select(['call_id', 'outcome', 'answered_at', 'ended_at']).execute();
      assert.equal(rows.length, 4, 'arrived');
      assert.equal(new Set(rows.map((r) => r.call_id)).size, 4);
      assert.equal(rows.filter((r) => r.outcome === 'interrupted').length, 0);
      const answered = rows.filter((r) => r.answered_at !== null).length;
      const open = rows.filter((r) => r.ended_at === null).length;
      assert.equal(answered, 2);
      assert.equal(open, 4 - rows.filter((r) => r.ended_at !== null).length);
    } finally {
      await store.close();
    }
  });
});
