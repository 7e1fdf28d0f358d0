/**
 * Period reports (issue 11) straight from the contacts table: one aggregate statement per report, the
 * same SQL on SQLite and PostgreSQL. Sums and counts come back as
 * integers and averages are divided here, so both back ends give the same figures to the digit.
 *
 * 一人多次 and 一事多人 follow the pop's definitions (bridge/pop/pop-flags.ts), with the report's period
 * as the window:
 *   一人多次: a contact whose (verified caller, category) has ≥ repeatCallerCount contacts in the period;
 *   一事多人: a contact whose (caller, category) has a ticket in the period about a (category, place)
 *            that ≥ sameMatterCallers distinct callers raised tickets about in the period.
 * Both are counted in contacts (calls), so a group's figure adds up across groups.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { StoreDatabase } from './db-schema.js';

export const REPORT_GROUPS = ['shift', 'day', 'line', 'language', 'desk', 'seat'] as const;
export type ReportGroupBy = (typeof REPORT_GROUPS)[number];

const DAY_MS = 86_400_000;

export interface ReportShift {
  id: string;
  /** Local "HH:MM-HH:MM"; an end before the start crosses midnight. */
  hours: string;
}

export interface ReportQuery {
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, exclusive. */
  to: number;
  groupBy: ReportGroupBy;
  answeredWithinMs: number;
  /** The centre's offset from UTC (days and shift hours are local). China: +480, no daylight saving. */
  utcOffsetMinutes: number;
  shifts: readonly ReportShift[];
  repeatCallerCount: number;
  sameMatterCallers: number;
}

/** One row's figures; durations in whole seconds rounded to one decimal, averages over the calls that have one. */
export interface ReportFigures {
  arrived: number;
  answered: number;
  answeredInTime: number;
  abandoned: number;
  avgWaitSeconds: number | null;
  avgTalkSeconds: number | null;
  avgWrapUpSeconds: number | null;
  transfers: number;
  linkage110: number;
  linkage119: number;
  linkage120: number;
  repeatCaller: number;
  sameMatter: number;
}

export interface ReportRow extends ReportFigures {
  /** Shift id, local date YYYY-MM-DD, dialled number, language code, desk id or seat id ('' = none). */
  key: string;
}

export interface StoredReport {
  rows: ReportRow[];
  total: ReportFigures;
}

/** Minute-of-day bounds of "HH:MM-HH:MM" (end 24:00 allowed). */
export function shiftMinutes(hours: string): { start: number; end: number } {
  const m = /^(\d\d):(\d\d)-(\d\d):(\d\d)$/.exec(hours);
  if (!m) throw new Error(`bad shift hours "${hours}"`);
  return { start: Number(m[1]) * 60 + Number(m[2]), end: Number(m[3]) * 60 + Number(m[4]) };
}

/** Whether a local minute of the day falls in a shift (start inclusive, end exclusive, across midnight). */
export function inShift(hours: string, minuteOfDay: number): boolean {
  const { start, end } = shiftMinutes(hours);
  return start < end ? minuteOfDay >= start && minuteOfDay < end : minuteOfDay >= start || minuteOfDay < end;
}

function int(n: number, what: string): number {
  if (!Number.isSafeInteger(n)) throw new Error(`${what} must be an integer`);
  return n;
}

interface RawFigures {
  arrived: unknown;
  answered: unknown;
  in_time: unknown;
  abandoned: unknown;
  wait_ms: unknown;
  wait_n: unknown;
  talk_ms: unknown;
  talk_n: unknown;
  wrap_ms: unknown;
  wrap_n: unknown;
  transfers: unknown;
  l110: unknown;
  l119: unknown;
  l120: unknown;
  repeat_caller: unknown;
  same_matter: unknown;
}

const RAW_KEYS = ['arrived', 'answered', 'in_time', 'abandoned', 'wait_ms', 'wait_n', 'talk_ms', 'talk_n', 'wrap_ms', 'wrap_n', 'transfers', 'l110', 'l119', 'l120', 'repeat_caller', 'same_matter'] as const;

function sumRaw(rows: readonly RawFigures[]): RawFigures {
  const out = Object.fromEntries(RAW_KEYS.map((k) => [k, 0])) as Record<(typeof RAW_KEYS)[number], number>;
  for (const r of rows) for (const k of RAW_KEYS) out[k] += Number(r[k] ?? 0);
  return out;
}

const avgSeconds = (totalMs: unknown, n: unknown): number | null => (Number(n) > 0 ? Math.round(Number(totalMs) / Number(n) / 100) / 10 : null);

function figures(r: RawFigures): ReportFigures {
  return {
    arrived: Number(r.arrived),
    answered: Number(r.answered ?? 0),
    answeredInTime: Number(r.in_time ?? 0),
    abandoned: Number(r.abandoned ?? 0),
    avgWaitSeconds: avgSeconds(r.wait_ms, r.wait_n),
    avgTalkSeconds: avgSeconds(r.talk_ms, r.talk_n),
    avgWrapUpSeconds: avgSeconds(r.wrap_ms, r.wrap_n),
    transfers: Number(r.transfers ?? 0),
    linkage110: Number(r.l110 ?? 0),
    linkage119: Number(r.l119 ?? 0),
    linkage120: Number(r.l120 ?? 0),
    repeatCaller: Number(r.repeat_caller ?? 0),
    sameMatter: Number(r.same_matter ?? 0),
  };
}

export async function periodReport(db: Kysely<StoreDatabase>, q: ReportQuery): Promise<StoredReport> {
  const from = int(q.from, 'from');
  const to = int(q.to, 'to');
  const within = int(q.answeredWithinMs, 'answeredWithinMs');
  const offsetMs = int(q.utcOffsetMinutes, 'utcOffsetMinutes') * 60_000;
  const repeatN = int(q.repeatCallerCount, 'repeatCallerCount');
  const matterN = int(q.sameMatterCallers, 'sameMatterCallers');

  // (verified caller, category) pairs with enough contacts in the period: 一人多次. A CTE forced to be
  // materialized, then joined: both back ends build it once and look each contact up in it. (A join on a
  // plain aggregated subquery left SQLite's plan to its statistics: with sampled ones it probed the
  // subquery per contact, 143 s for a month. A window count over the period's contacts avoided that but
  // sorted every contact: a year's report took 13–22 s on SQLite.)
  const repeatPairs = db
    .selectFrom('contacts')
    .select(['caller', 'category'])
    .where('arrived_at', '>=', from)
    .where('arrived_at', '<', to)
    .where('caller_verified', '=', 1)
    .where('category', 'is not', null)
    .groupBy(['caller', 'category'])
    .having(sql<number>`count(*)`, '>=', repeatN);
  // (caller, category) of tickets about a matter enough distinct callers raised in the period: 一事多人.
  const matters = db
    .selectFrom('tickets')
    .select(['category', 'place'])
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .where('place', 'is not', null)
    .groupBy(['category', 'place'])
    .having(sql<number>`count(distinct caller)`, '>=', matterN);
  const matterPairs = db
    .selectFrom('tickets as t')
    .innerJoin(matters.as('m'), (j) => j.onRef('m.category', '=', 't.category').onRef('m.place', '=', 't.place'))
    .select(['t.caller', 't.category'])
    .distinct()
    .where('t.created_at', '>=', from)
    .where('t.created_at', '<', to);

  // Local time as epoch-ms shifted by the centre's offset (integers, inlined: both back ends divide them exactly).
  const localSql = `(c.arrived_at + ${offsetMs})`;
  const local = sql.raw(localSql);
  const base = () =>
    db
      .with((w) => w('rp').materialized(), () => repeatPairs)
      .selectFrom('contacts as c')
      .leftJoin('rp', (j) => j.onRef('rp.caller', '=', 'c.caller').onRef('rp.category', '=', 'c.category'))
      .leftJoin(matterPairs.as('mp'), (j) => j.onRef('mp.caller', '=', 'c.caller').onRef('mp.category', '=', 'c.category'))
      .where('c.arrived_at', '>=', from)
      .where('c.arrived_at', '<', to)
      .select([
        sql<number>`count(*)`.as('arrived'),
        sql<number>`sum(case when c.answered_at is not null then 1 else 0 end)`.as('answered'),
        sql<number>`sum(case when c.answered_at is not null and c.answered_at - c.arrived_at <= ${sql.lit(within)} then 1 else 0 end)`.as('in_time'),
        sql<number>`sum(case when c.outcome = 'abandoned' then 1 else 0 end)`.as('abandoned'),
        // Wait: arrival to answer, or to hang-up for a caller who gave up.
        sql<number>`sum(case when c.answered_at is not null then c.answered_at - c.arrived_at when c.outcome = 'abandoned' and c.ended_at is not null then c.ended_at - c.arrived_at else 0 end)`.as('wait_ms'),
        sql<number>`sum(case when c.answered_at is not null or (c.outcome = 'abandoned' and c.ended_at is not null) then 1 else 0 end)`.as('wait_n'),
        sql<number>`sum(case when c.answered_at is not null and c.ended_at is not null then c.ended_at - c.answered_at else 0 end)`.as('talk_ms'),
        sql<number>`sum(case when c.answered_at is not null and c.ended_at is not null then 1 else 0 end)`.as('talk_n'),
        sql<number>`sum(case when c.wrap_up_done_at is not null and c.ended_at is not null then c.wrap_up_done_at - c.ended_at else 0 end)`.as('wrap_ms'),
        sql<number>`sum(case when c.wrap_up_done_at is not null and c.ended_at is not null then 1 else 0 end)`.as('wrap_n'),
        // Back into the queue (another desk / language) plus handed out of the centre.
        sql<number>`sum(c.transfers + case when c.outcome = 'transferred-out' then 1 else 0 end)`.as('transfers'),
        sql<number>`sum(case when c.linkage = '110' then 1 else 0 end)`.as('l110'),
        sql<number>`sum(case when c.linkage = '119' then 1 else 0 end)`.as('l119'),
        sql<number>`sum(case when c.linkage = '120' then 1 else 0 end)`.as('l120'),
        sql<number>`sum(case when rp.caller is not null and c.caller_verified = 1 then 1 else 0 end)`.as('repeat_caller'),
        sql<number>`sum(case when mp.caller is not null and c.caller_verified = 1 then 1 else 0 end)`.as('same_matter'),
      ]);

  // One statement per report: grouped by the key, or for shifts by the local minute of the day (shifts
  // overlap and cross midnight; each shift then sums its minutes). Totals are sums of the groups, since
  // every figure is carried as an integer sum or count.
  const keyExpr: RawBuilder<string | number> = {
    shift: sql<number>`(${local} % ${sql.lit(DAY_MS)}) / 60000`,
    day: sql<number>`${local} / ${sql.lit(DAY_MS)}`,
    line: sql<string>`c.dialled_number`,
    language: sql<string>`coalesce(c.language, '')`,
    desk: sql<string>`coalesce(c.desk, '')`,
    seat: sql<string>`coalesce(c.seat_id, '')`,
  }[q.groupBy];
  const grouped = (await base().select(keyExpr.as('k')).groupBy(keyExpr).execute()) as unknown as (RawFigures & { k: string | number })[];
  const total = figures(sumRaw(grouped));
  if (q.groupBy === 'shift') {
    const rows = q.shifts.map((s) => ({ key: s.id, ...figures(sumRaw(grouped.filter((g) => inShift(s.hours, Number(g.k))))) }));
    return { rows, total };
  }
  const rows: ReportRow[] = grouped.map((g) => ({
    key: q.groupBy === 'day' ? new Date(Math.floor(Number(g.k)) * DAY_MS).toISOString().slice(0, 10) : String(g.k),
    ...figures(g),
  }));
  rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { rows, total };
}
