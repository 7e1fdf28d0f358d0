/**
 * Desk schedules: a desk staffed only in some months and/or hours (tourism in peak season, lawyers in
 * office hours) hands its calls to its `fallbackDesk` outside them, then that desk's fallback, and so on;
 * the default desk ends the chain. Local time is the centre's time zone (Asia/Shanghai unless told).
 */
import type { DeskConfig, HotlineConfig } from '../config/schema.js';
import type { DeskId, RoutingReason } from '../domain/types.js';
import { deskLabel } from './routing-clues.js';

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, month: 'numeric', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Month (1–12) and minute of the day in `timeZone`. */
export function localTime(now: number, timeZone = DEFAULT_TIME_ZONE): { month: number; minuteOfDay: number } {
  let month = 0;
  let hour = 0;
  let minute = 0;
  for (const p of formatter(timeZone).formatToParts(now)) {
    if (p.type === 'month') month = Number(p.value);
    else if (p.type === 'hour') hour = Number(p.value) % 24;
    else if (p.type === 'minute') minute = Number(p.value);
  }
  return { month, minuteOfDay: hour * 60 + minute };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether `desk` takes calls at `now`. "22:00-06:00" spans midnight; equal ends mean all day. */
export function isDeskOpen(desk: Pick<DeskConfig, 'schedule'>, now: number, timeZone = DEFAULT_TIME_ZONE): boolean {
  const s = desk.schedule;
  if (!s || (!s.months && !s.hours)) return true;
  const t = localTime(now, timeZone);
  if (s.months && !s.months.includes(t.month)) return false;
  if (!s.hours) return true;
  const [from, to] = s.hours.split('-') as [string, string];
  const start = toMinutes(from);
  const end = toMinutes(to);
  if (start === end) return true;
  return start < end ? t.minuteOfDay >= start && t.minuteOfDay < end : t.minuteOfDay >= start || t.minuteOfDay < end;
}

/** The schedule as digits for the desktop to word: `months` "5–10" (or "1、3、5"), `hours` "08:00-22:00". */
function scheduleParams(desk: Pick<DeskConfig, 'schedule'>): { months?: string; hours?: string } {
  const s = desk.schedule;
  const out: { months?: string; hours?: string } = {};
  if (s?.months) {
    const m = [...s.months].sort((a, b) => a - b);
    const contiguous = m.every((x, i) => i === 0 || x === m[i - 1]! + 1);
    out.months = contiguous && m.length > 2 ? `${m[0]}–${m[m.length - 1]}` : m.join(',');
  }
  if (s?.hours) out.hours = s.hours;
  return out;
}

/** "5–10月 08:00-22:00" for the reason text. */
export function describeSchedule(desk: Pick<DeskConfig, 'schedule'>): string {
  const s = desk.schedule;
  if (!s) return '全天';
  const parts: string[] = [];
  if (s.months) {
    const m = [...s.months].sort((a, b) => a - b);
    const contiguous = m.every((x, i) => i === 0 || x === m[i - 1]! + 1);
    parts.push(contiguous && m.length > 2 ? `${m[0]}–${m[m.length - 1]}月` : `${m.join('、')}月`);
  }
  if (s.hours) parts.push(s.hours);
  return parts.join(' ');
}

/**
 * The desk that actually takes the call: `desk` if open, else along the fallback chain. Each hop adds a
 * reason. A chain that loops or ends at a closed desk without fallback lands on the default desk.
 */
export function applySchedule(
  config: HotlineConfig,
  desk: DeskId,
  now: number,
  timeZone = DEFAULT_TIME_ZONE,
): { desk: DeskId; reasons: RoutingReason[] } {
  const reasons: RoutingReason[] = [];
  const visited = new Set<DeskId>();
  let current = desk;
  for (;;) {
    const d = config.desks.find((x) => x.id === current);
    if (!d || isDeskOpen(d, now, timeZone)) return { desk: current, reasons };
    visited.add(current);
    const next = d.fallbackDesk && !visited.has(d.fallbackDesk) ? d.fallbackDesk : config.defaultDesk;
    reasons.push({
      source: 'schedule',
      text: `${deskLabel(config, current)}非服务时段（${describeSchedule(d)}）→ 转${deskLabel(config, next)}`,
      key: 'deskClosed',
      params: { desk: current, toDesk: next, ...scheduleParams(d) },
    });
    if (visited.has(next)) return { desk: next, reasons }; // the default desk itself is closed: it still takes the call
    current = next;
  }
}
