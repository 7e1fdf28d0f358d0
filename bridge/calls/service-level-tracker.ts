/**
 * The live service level: today's and the shift's tallies grow call by call (O(1) each); the rolling
 * window is summed from the calls that arrived within it, kept in memory. Primed at start from the store,
 * so a restart keeps today's and the shift's figures. The view is cached until a call settles or the
 * second changes: the wallboard is pushed to every lead and scraped by /metrics.
 */
import type { CallCenterEvent } from './call-center-api.js';
import { startOfDay } from './wallboard-stats.js';
import {
  alertsFor,
  shiftStartAt,
  WindowTally,
  windowFigures,
  type ServiceLevelConfig,
  type ServiceLevelView,
  type SettledCall,
} from './service-level.js';

export class ServiceLevelTracker {
  private today: WindowTally;
  private shift: WindowTally;
  private shiftStart: string;
  /** Calls that arrived within the rolling window (or may still: pruned lazily). */
  private recent: SettledCall[] = [];
  private version = 0;
  private cached: { key: string; view: ServiceLevelView } | null = null;

  constructor(private readonly cfg: ServiceLevelConfig, now: number) {
    this.today = new WindowTally(startOfDay(now));
    const s = shiftStartAt(now, cfg.shiftStarts);
    this.shift = new WindowTally(s.at);
    this.shiftStart = s.start;
  }

  /** Earliest arrival the store must hand over at start: today, the shift and the rolling window. */
  primeFrom(now: number): number {
    return Math.min(startOfDay(now), shiftStartAt(now, this.cfg.shiftStarts).at, now - this.windowMs);
  }

  /** Start from the calls the store saw settle before this process (replaces what was counted). */
  prime(calls: readonly SettledCall[], now: number): void {
    this.today = new WindowTally(startOfDay(now));
    const s = shiftStartAt(now, this.cfg.shiftStarts);
    this.shift = new WindowTally(s.at);
    this.shiftStart = s.start;
    this.recent = [];
    for (const c of calls) this.add(c, now);
    this.version++;
  }

  settle(call: SettledCall, now: number): void {
    this.roll(now);
    this.prune(now - this.windowMs);
    this.add(call, now);
    this.version++;
  }

  view(now: number): ServiceLevelView {
    this.roll(now);
    const key = `${this.version}:${Math.floor(now / 1000)}`;
    if (this.cached?.key === key) return this.cached.view;
    const from = now - this.windowMs;
    this.prune(from);
    const windows = { rolling: windowFigures(this.recent, from, Infinity, this.cfg), shift: this.shift.figures(), today: this.today.figures() };
    const view: ServiceLevelView = {
      answerWithinSeconds: this.cfg.answerWithinSeconds,
      shortAbandonSeconds: this.cfg.shortAbandonSeconds,
      windowMinutes: this.cfg.windowMinutes,
      targets: { ...this.cfg.targets },
      shiftStart: this.shiftStart,
      windows,
      alerts: alertsFor(windows, this.cfg),
    };
    this.cached = { key, view };
    return view;
  }

  /** Drop calls that arrived before the rolling window (kept in arrival order: look at the front only). */
  private prune(from: number): void {
    if (this.recent.length && this.recent[0]!.arrivedAt < from) this.recent = this.recent.filter((c) => c.arrivedAt >= from);
  }

  private get windowMs(): number {
    return this.cfg.windowMinutes * 60_000;
  }

  private add(c: SettledCall, now: number): void {
    if (c.arrivedAt >= this.today.from) this.today.add(c, this.cfg);
    if (c.arrivedAt >= this.shift.from) this.shift.add(c, this.cfg);
    if (c.arrivedAt >= now - this.windowMs) {
      // Kept in arrival order so the prune above only needs to look at the first one.
      let i = this.recent.length;
      while (i > 0 && this.recent[i - 1]!.arrivedAt > c.arrivedAt) i--;
      this.recent.splice(i, 0, c);
    }
  }

  /** A new day or shift starts empty; calls that arrived before it settle into nothing of it. */
  private roll(now: number): void {
    const day = startOfDay(now);
    if (day !== this.today.from) {
      this.today = new WindowTally(day);
      this.version++;
    }
    const s = shiftStartAt(now, this.cfg.shiftStarts);
    if (s.at !== this.shift.from) {
      this.shift = new WindowTally(s.at);
      this.shiftStart = s.start;
      this.version++;
    }
  }
}

/**
 * The settled call an event reports, if any: the first answer, an abandon, or an end without an answer
 * (the bridge ended it, e.g. a drain). A later answer of the same call (after a transfer) is not a new
 * call: only the first answer carries `firstAnswer`.
 */
export function settledCallOf(e: CallCenterEvent): SettledCall | null {
  if (e.type !== 'call') return null;
  const c = e.call;
  const facts = { arrivedAt: c.arrivedAt, line: c.dialledNumber, language: c.target.language, desk: c.target.desk };
  switch (e.kind) {
    case 'answered':
      if (e.detail?.firstAnswer !== true) return null;
      return { ...facts, waitMs: Math.max(0, (c.answeredAt ?? e.at) - c.arrivedAt), answered: true, abandoned: false };
    case 'abandoned':
      return { ...facts, waitMs: Math.max(0, (c.endedAt ?? e.at) - c.arrivedAt), answered: false, abandoned: true };
    case 'ended':
    case 'transferred-out':
      if (c.answeredAt !== undefined) return null;
      return { ...facts, waitMs: Math.max(0, (c.endedAt ?? e.at) - c.arrivedAt), answered: false, abandoned: false };
    default:
      return null;
  }
}
