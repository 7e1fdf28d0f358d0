/**
 * Service-level figures (GB/T 33358-2016) from settled calls: share answered within the threshold,
 * connected share (answered ÷ arrived), average and longest wait, abandons. Pure: no clock, no I/O.
 *
 * A call belongs to the window its *arrival* falls in (a call that arrives at 07:59:55 and is answered at
 * 08:00:10 counts for the night shift), and counts once its outcome is known (answered, or ended
 * unanswered), so a call still waiting never drags a share down before it is decided. A caller who hangs up
 * within `shortAbandonSeconds` (a misdial, a change of mind) is left out of both shares and counted apart.
 */
import { startOfDay } from '../domain/centre-day.js';
import type { HotlineConfig } from '../config/schema.js';

export type ServiceLevelConfig = HotlineConfig['serviceLevel'];

/** One call whose outcome is known. */
export interface SettledCall {
  arrivedAt: number;
  /** Arrival to answer; for a call never answered, arrival to its end. */
  waitMs: number;
  answered: boolean;
  /** The caller hung up before an agent answered (not: transferred out or ended by the bridge). */
  abandoned: boolean;
  /** Dialled number: 12345, 12328, 12333 … */
  line: string;
  language: string;
  desk: string;
}

export interface Figures {
  /** Settled calls, short abandons excluded. */
  arrived: number;
  answered: number;
  answeredWithin: number;
  /** Abandons, short ones excluded. */
  abandoned: number;
  shortAbandons: number;
  /** answeredWithin ÷ arrived, 0..1; null when no call counted. */
  answeredWithinShare: number | null;
  /** answered ÷ arrived, 0..1; null when no call counted. */
  connectedShare: number | null;
  averageWaitSeconds: number;
  longestWaitSeconds: number;
}

export type BreakdownDimension = 'line' | 'language' | 'desk';
export const DIMENSIONS: readonly BreakdownDimension[] = ['line', 'language', 'desk'];

export interface WindowFigures extends Figures {
  /** Epoch ms the window starts at (inclusive). */
  from: number;
  /** Per line, language and desk, busiest first. */
  by: Record<BreakdownDimension, (Figures & { key: string })[]>;
}

export type ServiceWindow = 'rolling' | 'shift' | 'today';
export type ServiceFigure = 'answered-within' | 'connected';

export interface ServiceLevelAlert {
  figure: ServiceFigure;
  window: ServiceWindow;
  value: number;
  target: number;
}

export interface ServiceLevelView {
  answerWithinSeconds: number;
  shortAbandonSeconds: number;
  windowMinutes: number;
  targets: { answeredWithin: number; connected: number };
  /** The shift's start as configured ("08:00"). */
  shiftStart: string;
  windows: Record<ServiceWindow, WindowFigures>;
  /** Figures below their target (windows with at least `alertMinCalls` calls). */
  alerts: ServiceLevelAlert[];
}

/** Running sums of one window (and one breakdown key); adding a call is O(1). */
export class Tally {
  arrived = 0;
  answered = 0;
  answeredWithin = 0;
  abandoned = 0;
  shortAbandons = 0;
  private waitSumMs = 0;
  private longestMs = 0;

  add(c: SettledCall, cfg: Pick<ServiceLevelConfig, 'answerWithinSeconds' | 'shortAbandonSeconds'>): void {
    if (c.abandoned && !c.answered && c.waitMs < cfg.shortAbandonSeconds * 1000) {
      this.shortAbandons++;
      return;
    }
    this.arrived++;
    if (c.answered) {
      this.answered++;
      if (c.waitMs <= cfg.answerWithinSeconds * 1000) this.answeredWithin++;
    } else if (c.abandoned) this.abandoned++;
    this.waitSumMs += c.waitMs;
    this.longestMs = Math.max(this.longestMs, c.waitMs);
  }

  figures(): Figures {
    const n = this.arrived;
    return {
      arrived: n,
      answered: this.answered,
      answeredWithin: this.answeredWithin,
      abandoned: this.abandoned,
      shortAbandons: this.shortAbandons,
      answeredWithinShare: n ? this.answeredWithin / n : null,
      connectedShare: n ? this.answered / n : null,
      averageWaitSeconds: n ? Math.round(this.waitSumMs / n / 100) / 10 : 0,
      longestWaitSeconds: Math.round(this.longestMs / 1000),
    };
  }
}

/** A window's tallies: the whole and each line, language and desk. */
export class WindowTally {
  readonly total = new Tally();
  private readonly parts: Record<BreakdownDimension, Map<string, Tally>> = { line: new Map(), language: new Map(), desk: new Map() };

  constructor(readonly from: number) {}

  add(c: SettledCall, cfg: ServiceLevelConfig): void {
    this.total.add(c, cfg);
    for (const dim of DIMENSIONS) {
      const key = c[dim];
      let t = this.parts[dim].get(key);
      if (!t) this.parts[dim].set(key, (t = new Tally()));
      t.add(c, cfg);
    }
  }

  figures(): WindowFigures {
    const by = {} as WindowFigures['by'];
    for (const dim of DIMENSIONS)
      by[dim] = [...this.parts[dim]]
        .map(([key, t]) => ({ key, ...t.figures() }))
        .sort((a, b) => b.arrived + b.shortAbandons - (a.arrived + a.shortAbandons) || a.key.localeCompare(b.key));
    return { from: this.from, ...this.total.figures(), by };
  }
}

/** Figures of the calls among `calls` that arrived in [from, to). */
export function windowFigures(calls: Iterable<SettledCall>, from: number, to: number, cfg: ServiceLevelConfig): WindowFigures {
  const w = new WindowTally(from);
  for (const c of calls) if (c.arrivedAt >= from && c.arrivedAt < to) w.add(c, cfg);
  return w.figures();
}

/** Figures below their target, for windows with enough calls to mean something. */
export function alertsFor(windows: Record<ServiceWindow, Figures>, cfg: ServiceLevelConfig): ServiceLevelAlert[] {
  const alerts: ServiceLevelAlert[] = [];
  for (const window of ['rolling', 'shift', 'today'] as const) {
    const f = windows[window];
    if (f.arrived < cfg.alertMinCalls) continue;
    if (f.answeredWithinShare !== null && f.answeredWithinShare < cfg.targets.answeredWithin)
      alerts.push({ figure: 'answered-within', window, value: f.answeredWithinShare, target: cfg.targets.answeredWithin });
    if (f.connectedShare !== null && f.connectedShare < cfg.targets.connected)
      alerts.push({ figure: 'connected', window, value: f.connectedShare, target: cfg.targets.connected });
  }
  return alerts;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Start of the shift `now` falls in: the latest configured start (the centre's time, like "today") at or
 * before `now`, looking back into yesterday when today's first start is still ahead.
 */
export function shiftStartAt(now: number, shiftStarts: readonly string[]): { at: number; start: string } {
  let best: { at: number; start: string } | null = null;
  const today = startOfDay(now);
  for (const day of [today, today - 86_400_000]) {
    for (const start of shiftStarts) {
      const at = day + minutesOf(start) * 60_000;
      if (at <= now && (!best || at > best.at)) best = { at, start };
    }
    if (best) return best;
  }
  // Unreachable with at least one start (yesterday's is always in the past); keeps the type honest.
  return { at: now, start: shiftStarts[0] ?? '00:00' };
}
