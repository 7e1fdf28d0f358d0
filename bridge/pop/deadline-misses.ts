/**
 * Recent deadline misses of one kind of lookup (the pop's store reads), for /healthz: `degraded` while
 * any miss happened within the window, `ok` again once the window has passed without one.
 */
export interface DeadlineMissesOptions {
  /** What missed its deadline, for the reason text, e.g. "screen-pop store lookups". */
  what: string;
  deadlineMs: number;
  /** How far back a miss counts (default 60 s). */
  windowMs?: number;
  now?: () => number;
}

const MAX_KEPT = 10_000;

export class DeadlineMisses {
  private readonly times: number[] = [];
  private total = 0;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(private readonly opts: DeadlineMissesOptions) {
    this.windowMs = opts.windowMs ?? 60_000;
    this.now = opts.now ?? Date.now;
  }

  miss(): void {
    this.total++;
    this.times.push(this.now());
    // Bounded memory under a long outage; the count then reads "at least".
    if (this.times.length > MAX_KEPT) this.times.splice(0, this.times.length - MAX_KEPT);
  }

  /** Misses within the window (older ones are forgotten here). */
  recent(): number {
    const since = this.now() - this.windowMs;
    let drop = 0;
    while (drop < this.times.length && this.times[drop]! <= since) drop++;
    if (drop) this.times.splice(0, drop);
    return this.times.length;
  }

  health(): { ok: boolean; recentMisses: number; totalMisses: number; deadlineMs: number; windowSeconds: number; reasons: string[] } {
    const n = this.recent();
    const windowSeconds = Math.round(this.windowMs / 1000);
    return {
      ok: n === 0,
      recentMisses: n,
      totalMisses: this.total,
      deadlineMs: this.opts.deadlineMs,
      windowSeconds,
      reasons: n ? [`${this.opts.what}: ${n} missed the ${this.opts.deadlineMs} ms deadline in the last ${windowSeconds} s`] : [],
    };
  }
}
