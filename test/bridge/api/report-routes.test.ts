/**
 * Reports, hand-over and the audit export over HTTP (issue 11): the real express app, real auth and a
 * real SQLite store. Leads and admins only; CSV in the requester's language, with a BOM and inert
 * formula cells.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Registry } from 'prom-client';
import { createAuth } from '../../../bridge/auth/index.js';
import { requireRole } from '../../../bridge/auth/require-role.js';
import { answerQuery } from '../../../bridge/hub/hub-backend.js';
import { createHttpApp } from '../../../bridge/api/http-app.js';
import { SeatState } from '../../../bridge/calls/call-center-api.js';
import { configSchema } from '../../../bridge/config/schema.js';
import { openStore, type Store } from '../../../bridge/store/index.js';
// Written directly (the rows the write-behind queue writes), so the entries are there when the test reads.
import { writeAuditEntry } from '../../../bridge/store/write-statements.js';
import { Rig } from '../calls/call-center-fixture.js';
import { hubConfig } from '../hub/support/hub-config.js';

/** Local (UTC+8) wall-clock time in November 2025. */
const local = (day: number, h: number, m = 0) => Date.UTC(2025, 10, day, h - 8, m);

describe('report, hand-over and audit routes', function () {
  this.timeout(30_000);
  let server: Server;
  let base: string;
  let dir: string;
  let store: Store;
  let rig: Rig;
  let lead: string;
  let agent: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hotline-reports-'));
    store = await openStore({ dataDir: dir });
    const config = configSchema.parse({
      ...hubConfig(),
      seatGroups: [{ id: 'day-team', name: '白班组', seats: ['A01'] }],
      shifts: [
        { id: 'day', name: '白班', hours: '08:00-20:00', groups: ['day-team'] },
        { id: 'night', name: '夜班', hours: '20:00-08:00' },
      ],
    });
    rig = new Rig({ config });
    rig.cc.forceSeatState('lead1', 'A02', SeatState.NotReady, 'meal');
    const call = (id: string, at: number, wait: number, answered: boolean) => {
      const base = { callId: id, caller: '13900000001', dialledNumber: '12345', arrivedAt: at };
      return (async () => {
        await store.writeCallEvent({ ...base, at, kind: 'arrived', patch: { language: 'zh', desk: 'general' } });
        if (answered) await store.writeCallEvent({ ...base, at: at + wait, kind: 'answered', seatId: 'A01', patch: { answeredAt: at + wait, seatId: 'A01', outcome: 'handled' } });
        else await store.writeCallEvent({ ...base, at: at + wait, kind: 'abandoned', patch: { endedAt: at + wait, outcome: 'abandoned' } });
      })();
    };
    await call('c1', local(20, 9), 10_000, true);
    await call('c2', local(20, 21), 25_000, true);
    await call('c3', local(20, 22), 40_000, false);
    await store.upsertTicket({ number: 'WO1', caller: '13912345678', category: 'housing', place: '幸福小区', status: 'in-progress', createdAt: local(1, 9), dueAt: local(5, 9) });
    await writeAuditEntry(store.db, { at: local(20, 10), actor: 'lead1', action: 'centre-mode', detail: { mode: 'home', preset: 'typhoon', reason: '台风红色预警', seatsAffected: 2 } });
    // Whatever someone typed as a user id at the login form becomes the actor of a lock-out entry.
    await writeAuditEntry(store.db, { at: local(20, 11), actor: '=HYPERLINK("http://x")', action: 'login-locked-out', detail: { scope: 'user', userId: '=HYPERLINK("http://x")', ip: '127.0.0.1', retryAfterSeconds: 300 } });

    const auth = createAuth(config, { labMode: true, seedHashParams: { N: 1024, r: 8, p: 1 } });
    const app = createHttpApp({
      auth,
      guard: (...roles) => requireRole(auth, ...roles),
      reads: { query: async (q) => answerQuery(rig.cc, q) },
      health: { telephony: () => ({ ok: true, mode: 'lab' }) as never, store: () => ({ ok: true, backend: 'sqlite' }) },
      registry: new Registry(),
      startedAt: Date.now(),
      reports: { store, config },
      distDir: dir,
      logger: pino({ level: 'silent' }),
    });
    server = createServer(app);
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const login = async (userId: string) =>
      ((await (await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId, password: 'hotline-lab' }) })).json()) as { token: string }).token;
    lead = await login('lead1');
    agent = await login('A01');
  });
  after(async () => {
    await new Promise<void>((ok) => server.close(() => ok()));
    rig.cc.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (path: string, token?: string) => fetch(base + path, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  const PERIOD = 'from=2025-11-20&to=2025-11-20';

  it('refuses agents (403) and anonymous callers (401) on reports, hand-over and the audit export', async () => {
    for (const path of [`/api/reports?${PERIOD}`, `/api/reports?${PERIOD}&format=csv`, '/api/handover', '/api/audit', '/api/audit?format=csv']) {
      assert.equal((await get(path, agent)).status, 403, path);
      assert.equal((await get(path)).status, 401, path);
    }
  });

  it('gives a lead the day by shift, the night shift running past midnight', async () => {
    const res = await get(`/api/reports?${PERIOD}&groupBy=shift`, lead);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { answerWithinSeconds: number; rows: { key: string; label: string; arrived: number; answeredInTime: number; abandoned: number }[]; total: { arrived: number; answeredInTime: number } };
    assert.equal(body.answerWithinSeconds, 15);
    assert.deepEqual(body.rows.map((r) => [r.label, r.arrived, r.answeredInTime, r.abandoned]), [['白班', 1, 1, 0], ['夜班', 2, 0, 1]]);
    assert.deepEqual([body.total.arrived, body.total.answeredInTime], [3, 1]);
    const slower = (await (await get(`/api/reports?${PERIOD}&groupBy=shift&answerWithin=30`, lead)).json()) as { total: { answeredInTime: number } };
    assert.equal(slower.total.answeredInTime, 2, 'the threshold is a parameter');
  });

  it('downloads the report as CSV: BOM, Chinese headers by default, English on request', async () => {
    const res = await get(`/api/reports?${PERIOD}&groupBy=shift&format=csv`, lead);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/csv; charset=utf-8/);
    assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="report-shift-2025-11-20-2025-11-20\.csv"/);
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    assert.equal(lines[0], '班次,来电量,接通量,15 秒内接通,放弃量,平均等待（秒）,平均通话（秒）,平均话后处理（秒）,转接,110 联动,119 联动,120 联动,一人多次,一事多人');
    assert.equal(lines[1], '白班,1,1,1,0,10,,,0,0,0,0,0,0');
    assert.equal(lines[3], '合计,3,2,1,1,25,,,0,0,0,0,0,0');
    const en = Buffer.from(await (await get(`/api/reports?${PERIOD}&groupBy=shift&format=csv&lang=en`, lead)).arrayBuffer()).toString('utf8');
    assert.match(en, /^\uFEFFShift,Arrived,Answered,Answered within 15 s,Abandoned,/);
  });

  it('rejects a bad period with a clear 400', async () => {
    const res = await get('/api/reports?from=2025-11-20&to=2025-11-19', lead);
    assert.equal(res.status, 400);
    assert.match(((await res.json()) as { message: string }).message, /after/);
    assert.equal((await get('/api/reports?groupBy=caller', lead)).status, 400);
  });

  it('hands over: centre mode, seats in Not Ready, overdue work orders with masked callers', async () => {
    const body = (await (await get('/api/handover', lead)).json()) as {
      centreMode: string;
      waitingTotal: number;
      notReady: { id: string; name: string; reason: string }[];
      urgent: { number: string; caller: string; overdue: boolean }[];
    };
    assert.equal(body.centreMode, 'office');
    assert.equal(body.waitingTotal, 0);
    assert.deepEqual(body.notReady.map((s) => [s.id, s.name, s.reason]), [['A02', '阿依古丽', 'meal']]);
    assert.deepEqual(body.urgent.map((u) => [u.number, u.overdue]), [['WO1', true]]);
    assert.doesNotMatch(body.urgent[0]!.caller, /13912345678/);
  });

  it('filters the audit trail by actor, action and time, with names', async () => {
    const byLead = (await (await get('/api/audit?actor=lead1', lead)).json()) as { entries: { actor: string; actorName?: string }[] };
    assert.deepEqual(byLead.entries.map((e) => [e.actor, e.actorName]), [['lead1', '王丽']]);
    const locks = (await (await get('/api/audit?action=login-locked-out', lead)).json()) as { entries: unknown[] };
    assert.equal(locks.entries.length, 1);
    const morning = (await (await get(`/api/audit?from=${local(20, 9)}&to=${local(20, 10, 30)}`, lead)).json()) as { entries: { action: string }[] };
    assert.deepEqual(morning.entries.map((e) => e.action), ['centre-mode']);
  });

  it('exports the audit trail as sentences in CSV, formula cells inert', async () => {
    const bytes = Buffer.from(await (await get('/api/audit?format=csv', lead)).arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    assert.equal(lines[0], '时间,操作人,操作,记录');
    assert.equal(lines[1], `2025-11-20 11:00:00,"'=HYPERLINK(""http://x"")",登录锁定（多次密码错误）,"账号 =HYPERLINK(""http://x"") 因多次密码错误被锁定 300 秒（来自 127.0.0.1）"`);
    assert.equal(lines[2], '2025-11-20 10:00:00,王丽,切换中心模式,王丽 将中心切换为居家坐席（台风应急预案）：影响 2 个坐席，原因：台风红色预警');
    const en = await (await get('/api/audit?format=csv&lang=en&action=centre-mode', lead)).text();
    assert.equal(en.split('\r\n')[1], '2025-11-20 10:00:00,王丽,Centre mode switched,"王丽 switched the centre to Home seats (台风应急 preset): 2 seats, reason: 台风红色预警"');
  });
});
