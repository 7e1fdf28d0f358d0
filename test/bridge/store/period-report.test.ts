/**
 * Reports from the store: hand-computed figures on a small scripted set (a shift crossing midnight, a
 * peak group overlapping the day shift, 一人多次, 一事多人, an unverified caller), on every back end; and
 * the same synthetic month giving identical figures on SQLite and PostgreSQL.
 */
import { strict as assert } from 'node:assert';
import { backends, pgMissingNote, postgresBackend, sqliteBackend } from './store-backends.js';
import type { CallEventWrite, ReportQuery, Store } from '../../../bridge/store/store-api.js';
import { REPORT_GROUPS } from '../../../bridge/store/report-queries.js';
import { seedHistory } from '../../../fixtures/history/index.js';

/** Epoch ms of a local (UTC+8) wall-clock time in November 2025. */
const local = (day: number, h: number, m = 0) => Date.UTC(2025, 10, day, h - 8, m);
const S = 1000;

interface Scripted {
  id: string;
  caller: string;
  at: number;
  line?: string;
  desk?: string;
  language?: string;
  verified?: boolean;
  /** Seconds to answer, or to hang up when `abandoned`. */
  wait: number;
  abandoned?: boolean;
  seat?: string;
  talk?: number;
  wrap?: number;
  category?: string;
  transfers?: number;
  linkage?: '110' | '119' | '120';
}

async function writeContact(store: Store, c: Scripted): Promise<void> {
  const base = { callId: c.id, caller: c.caller, dialledNumber: c.line ?? '12345', arrivedAt: c.at, callerVerified: c.verified ?? true };
  const ev = (kind: string, at: number, patch: CallEventWrite['patch'], seatId?: string) => store.writeCallEvent({ ...base, kind, at, patch, ...(seatId ? { seatId } : {}) });
  await ev('arrived', c.at, { language: c.language ?? 'zh', desk: c.desk ?? 'general' });
  if (c.abandoned) return ev('abandoned', c.at + c.wait * S, { endedAt: c.at + c.wait * S, outcome: 'abandoned' });
  const answered = c.at + c.wait * S;
  const ended = answered + (c.talk ?? 60) * S;
  await ev('answered', answered, { answeredAt: answered, seatId: c.seat ?? 'S01', outcome: 'handled', contactMode: 'office' }, c.seat);
  if (c.transfers) await ev('requeued', answered + S, { transfers: c.transfers });
  if (c.linkage) await ev('transferred-out', ended, { outcome: 'transferred-out', linkage: c.linkage });
  await ev('ended', ended, { endedAt: ended });
  if (c.wrap !== undefined) await ev('wrap-up-done', ended + c.wrap * S, { wrapUpDoneAt: ended + c.wrap * S, category: c.category ?? null, disposition: 'resolved' });
  else if (c.category) await ev('ended', ended, { category: c.category });
}

const SCRIPT: Scripted[] = [
  { id: 'A', caller: '13900000001', at: local(20, 9), wait: 10, seat: 'S01', talk: 100, wrap: 20, category: 'noise' },
  { id: 'B', caller: '13900000001', at: local(20, 10, 30), wait: 20, seat: 'S02', talk: 200, wrap: 40, category: 'noise' },
  { id: 'C', caller: '13900000001', at: local(20, 23, 30), wait: 5, seat: 'S01', talk: 60, category: 'noise', transfers: 1 },
  { id: 'D', caller: '13900000002', at: local(21, 1), wait: 30, abandoned: true, line: '12345110', desk: 'emergency' },
  { id: 'E', caller: '13900000003', at: local(21, 2), wait: 15, seat: 'S03', talk: 120, wrap: 10, line: '12345110', desk: 'emergency', language: 'kk', category: 'public-safety', linkage: '110' },
  { id: 'F', caller: '13900000004', at: local(20, 14), wait: 8, seat: 'S02', talk: 300, wrap: 30, line: '12333', desk: 'social-security', category: 'housing' },
  // Same number, but not from a trusted trunk: counted as a call, never as that number's 一人多次.
  { id: 'G', caller: '13900000001', at: local(20, 15), wait: 12, seat: 'S01', talk: 50, category: 'noise', verified: false },
  // Outside the period: counted nowhere.
  { id: 'H', caller: '13900000001', at: local(22, 0, 1), wait: 3, seat: 'S01', talk: 30, category: 'noise' },
];

const QUERY: Omit<ReportQuery, 'groupBy'> = {
  from: local(20, 0),
  to: local(22, 0),
  answeredWithinMs: 15_000,
  utcOffsetMinutes: 480,
  shifts: [
    { id: 'day', hours: '08:00-16:00' },
    { id: 'night', hours: '22:00-08:00' },
    { id: 'peak', hours: '10:00-12:00' },
  ],
  repeatCallerCount: 3,
  sameMatterCallers: 2,
};

async function scriptedStore(store: Store): Promise<void> {
  for (const c of SCRIPT) await writeContact(store, c);
  const t = (number: string, caller: string, category: string, place: string, day: number) =>
    store.upsertTicket({ number, caller, category, place, status: 'dispatched', createdAt: local(day, 12) });
  // Two callers about the same housing estate: 一事多人 (threshold 2) for caller …04's housing call.
  await t('WO1', '13900000004', 'housing', '幸福小区', 20);
  await t('WO2', '13900000009', 'housing', '幸福小区', 21);
  // One caller alone about a place: not a matter of many.
  await t('WO3', '13900000001', 'noise', '建设路', 20);
}

if (!process.env.DATABASE_URL) describe('period report on postgres', () => it.skip(pgMissingNote));

for (const backend of backends()) {
  describe(`period report on ${backend.name}`, function () {
    this.timeout(60_000);
    let store: Store;
    before(async () => {
      store = await backend.open();
      await scriptedStore(store);
    });
    after(() => backend.cleanup());

    it('totals the period as counted by hand', async () => {
      const { total } = await store.periodReport({ ...QUERY, groupBy: 'shift' });
      assert.deepEqual(total, {
        arrived: 7,
        answered: 6,
        answeredInTime: 5, // A 10 s, C 5 s, E 15 s (the threshold itself counts), F 8 s, G 12 s; B took 20 s
        abandoned: 1,
        avgWaitSeconds: 14.3, // (10+20+5+30+15+8+12)/7, the abandoned caller's 30 s included
        avgTalkSeconds: 138.3, // (100+200+60+120+300+50)/6
        avgWrapUpSeconds: 25, // (20+40+10+30)/4: C and G never finished wrap-up
        transfers: 2, // C back into the queue, E out to 110
        linkage110: 1,
        linkage119: 0,
        linkage120: 0,
        repeatCaller: 3, // A, B, C: …01 about noise three times (G is unverified)
        sameMatter: 1, // F: …04's housing matter shared with …09
      });
    });

    it('per shift: the night shift spans midnight, the peak group overlaps the day shift', async () => {
      const { rows } = await store.periodReport({ ...QUERY, groupBy: 'shift' });
      const by = Object.fromEntries(rows.map((r) => [r.key, r]));
      assert.deepEqual(rows.map((r) => r.key), ['day', 'night', 'peak']);
      assert.deepEqual(
        { ...by.day },
        { key: 'day', arrived: 4, answered: 4, answeredInTime: 3, abandoned: 0, avgWaitSeconds: 12.5, avgTalkSeconds: 162.5, avgWrapUpSeconds: 30, transfers: 0, linkage110: 0, linkage119: 0, linkage120: 0, repeatCaller: 2, sameMatter: 1 },
      );
      assert.deepEqual(
        { ...by.night },
        { key: 'night', arrived: 3, answered: 2, answeredInTime: 2, abandoned: 1, avgWaitSeconds: 16.7, avgTalkSeconds: 90, avgWrapUpSeconds: 10, transfers: 2, linkage110: 1, linkage119: 0, linkage120: 0, repeatCaller: 1, sameMatter: 0 },
      );
      assert.equal(by.peak?.arrived, 1);
      assert.equal(by.peak?.answeredInTime, 0);
      assert.equal(by.peak?.repeatCaller, 1);
    });

    it('per day (local dates), line, language, desk and seat', async () => {
      const keyed = async (groupBy: ReportQuery['groupBy']) =>
        Object.fromEntries((await store.periodReport({ ...QUERY, groupBy })).rows.map((r) => [r.key, r.arrived]));
      assert.deepEqual(await keyed('day'), { '2025-11-20': 5, '2025-11-21': 2 });
      assert.deepEqual(await keyed('line'), { '12333': 1, '12345': 4, '12345110': 2 });
      assert.deepEqual(await keyed('language'), { kk: 1, zh: 6 });
      assert.deepEqual(await keyed('desk'), { emergency: 2, general: 4, 'social-security': 1 });
      assert.deepEqual(await keyed('seat'), { '': 1, S01: 3, S02: 2, S03: 1 });
      const seats = (await store.periodReport({ ...QUERY, groupBy: 'seat' })).rows;
      assert.equal(seats.find((r) => r.key === 'S01')?.repeatCaller, 2, 'A and C (G is unverified)');
    });

    it('lists open urgent tickets for the hand-over: overdue first', async () => {
      await store.upsertTicket({ number: 'WO9', caller: '13900000005', category: 'utilities', place: null, status: 'in-progress', createdAt: local(10, 9), dueAt: local(15, 9) });
      await store.upsertTicket({ number: 'WO8', caller: '13900000006', category: 'utilities', place: null, status: 'closed', createdAt: local(10, 9), dueAt: local(15, 9) });
      const urgent = await store.urgentTickets({ now: local(21, 12), urgeAfter: 2, limit: 10 });
      assert.deepEqual(urgent.map((t) => [t.number, t.overdue]), [['WO9', true]]);
    });
  });
}

describe('period report: SQLite and PostgreSQL agree on a synthetic month', function () {
  this.timeout(300_000);
  const url = process.env.DATABASE_URL;
  if (!url) {
    it.skip(pgMissingNote);
    return;
  }
  const lite = sqliteBackend();
  const pg = postgresBackend(url);
  const now = Date.UTC(2025, 10, 30, 16); // end of 2025-11-30 local
  let a: Store;
  let b: Store;
  before(async () => {
    [a, b] = await Promise.all([lite.open(), pg.open()]);
    const opts = { contacts: 6_000, days: 30, seed: 4242, now, demoCallers: false };
    await Promise.all([seedHistory(a, opts), seedHistory(b, opts)]);
  });
  after(async () => {
    await lite.cleanup();
    await pg.cleanup();
  });

  for (const groupBy of REPORT_GROUPS) {
    it(`gives identical figures per ${groupBy}`, async () => {
      const q: ReportQuery = { ...QUERY, groupBy, from: now - 30 * 86_400_000, to: now, repeatCallerCount: 2, sameMatterCallers: 2 };
      const [x, y] = await Promise.all([a.periodReport(q), b.periodReport(q)]);
      assert.ok(x.total.arrived > 5000, `the month has its contacts (${x.total.arrived})`);
      assert.ok(x.total.repeatCaller > 0 && x.total.sameMatter > 0 && x.total.linkage110 + x.total.linkage119 + x.total.linkage120 > 0, 'every figure is exercised');
      assert.deepEqual(y, x);
    });
  }
});
