/**
 * Expected wait from the queue's recent service rate. Pure: answer times and `now` are passed in.
 *
 * A group (language × desk) answered `n` calls since `first`, the oldest answer inside the window: its
 * rate is n / (now − first), so a stall since the last answer slows the estimate down as it should.
 * A caller at `position` (1 = next) waits about position / rate. With fewer than `minAnswers` recent
 * answers there is no honest estimate, and the announcement leaves the wait out.
 */

export interface RateWindow {
  /** Answers older than this are forgotten (ms). */
  windowMs: number;
  /** Fewer answers than this inside the window: no estimate. */
  minAnswers: number;
}

/** The shortest time a rate is measured over, so two answers a second apart do not promise a 1 s wait. */
export const MIN_SPAN_MS = 60_000;

/** Seconds the caller at `position` can expect to wait, or null when too few recent answers. */
export function expectedWaitSeconds(position: number, answeredAt: readonly number[], now: number, w: RateWindow): number | null {
  if (!(position >= 1)) return null;
  const recent = answeredAt.filter((t) => t > now - w.windowMs && t <= now);
  if (recent.length === 0 || recent.length < w.minAnswers) return null;
  const first = Math.min(...recent);
  const spanMs = Math.max(now - first, MIN_SPAN_MS);
  const perMs = recent.length / spanMs;
  return position / perMs / 1000;
}

/** Recent answer times per group, pruned to the window (and a cap, so a busy group stays small). */
export class RecentAnswers {
  private readonly byGroup = new Map<string, number[]>();

  constructor(
    private readonly windowMs: number,
    private readonly cap = 500,
  ) {}

  record(group: string, at: number): void {
    let list = this.byGroup.get(group);
    if (!list) this.byGroup.set(group, (list = []));
    list.push(at);
    this.prune(list, at);
  }

  times(group: string, now: number): readonly number[] {
    const list = this.byGroup.get(group);
    if (!list) return [];
    this.prune(list, now);
    if (list.length === 0) this.byGroup.delete(group);
    return list;
  }

  private prune(list: number[], now: number): void {
    let drop = 0;
    while (drop < list.length && list[drop]! <= now - this.windowMs) drop++;
    if (list.length - drop > this.cap) drop = list.length - this.cap;
    if (drop) list.splice(0, drop);
  }
}
