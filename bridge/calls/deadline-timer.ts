/** One Clock timer armed at the ACD's next deadline (ring safety net, expansion step, wrap-up end). */
import type { Clock } from '../domain/clock.js';

export class DeadlineTimer {
  private handle: { cancel(): void } | undefined;
  private armedAt: number | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly onDue: (now: number) => void,
  ) {}

  arm(at: number | null): void {
    if (at === this.armedAt) return;
    this.handle?.cancel();
    this.handle = undefined;
    this.armedAt = at;
    if (at === null) return;
    this.handle = this.clock.setTimeout(() => {
      this.handle = undefined;
      this.armedAt = null;
      this.onDue(this.clock.now());
    }, Math.max(0, at - this.clock.now()));
  }

  stop(): void {
    this.arm(null);
  }
}
