/**
 * A clock that only moves when told to. Trainers can replay a scenario step by step with it, and tests
 * drive the lab switch (and anything else that takes a `Clock`) deterministically.
 *
 * `advance()` fires due timers in time order (ties in scheduling order) and lets pending promise work
 * settle after each one, so a listener reacting to an event (e.g. issuing the next offer) runs before
 * the next timer fires — the same interleaving a real event loop gives.
 */
import type { Clock } from '../clock.js';

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

// Captured at load so a test that later installs fake timers does not stall `settle()`.
const realSetImmediate = globalThis.setImmediate;

/** Let every queued promise continuation run (one macrotask turn). */
export function settle(): Promise<void> {
  return new Promise((resolve) => realSetImmediate(resolve));
}

export class ManualClock implements Clock {
  private current: number;
  private seq = 0;
  /** Binary min-heap ordered by (at, seq). */
  private heap: Timer[] = [];

  constructor(startAt = Date.UTC(2024, 8, 6, 1, 0, 0)) {
    this.current = startAt;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): { cancel(): void } {
    const timer: Timer = { at: this.current + Math.max(0, ms), seq: this.seq++, fn, cancelled: false };
    this.push(timer);
    return {
      cancel: () => {
        timer.cancelled = true;
      },
    };
  }

  /** Timers still waiting to fire. */
  pending(): number {
    return this.heap.filter((t) => !t.cancelled).length;
  }

  /** Move time forward by `ms`, firing every timer that falls due on the way. */
  async advance(ms: number): Promise<void> {
    await this.advanceTo(this.current + ms);
  }

  async advanceTo(target: number): Promise<void> {
    await settle();
    for (;;) {
      const top = this.heap[0];
      if (!top || top.at > target) break;
      this.pop();
      if (top.cancelled) continue;
      this.current = Math.max(this.current, top.at);
      top.fn();
      await settle();
    }
    this.current = Math.max(this.current, target);
  }

  private push(t: Timer): void {
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop();
    if (!last || h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && before(h[l]!, h[m]!)) m = l;
      if (r < h.length && before(h[r]!, h[m]!)) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}

function before(a: Timer, b: Timer): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
