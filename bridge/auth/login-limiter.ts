/**
 * Failed-login limiter: a sliding window of failures per key (user id, client IP).
 *
 * A key with `maxFailures` failures inside `windowMs` is blocked until the oldest of them ages out; the
 * caller answers 429 with that many seconds in Retry-After. Blocked attempts are refused before the
 * password is even hashed, so guessing costs the attacker time and the bridge no CPU. Attempts are
 * counted when they start (see recordFailure), so a burst of parallel guesses is limited like a series.
 * Memory is bounded: old failures are dropped on every touch and the table is capped.
 */
import type { Clock } from '../domain/clock.js';

export interface LimiterRule {
  maxFailures: number;
  windowMs: number;
}

export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly rule: LimiterRule,
    private readonly clock: Pick<Clock, 'now'>,
    private readonly maxKeys = 50_000,
  ) {}

  /** Milliseconds until `key` may try again; 0 = allowed now. */
  blockedForMs(key: string): number {
    const list = this.fresh(key);
    if (list.length < this.rule.maxFailures) return 0;
    const oldest = list[list.length - this.rule.maxFailures]!;
    return Math.max(1, oldest + this.rule.windowMs - this.clock.now());
  }

  /**
   * Counts a failure now and returns its timestamp. Login counts every attempt this way *before* the
   * password check awaits, so parallel guesses see each other; a correct password refunds it.
   */
  recordFailure(key: string): number {
    const at = this.clock.now();
    const list = this.fresh(key);
    list.push(at);
    // Keep only what can still matter for the decision.
    if (list.length > this.rule.maxFailures) list.splice(0, list.length - this.rule.maxFailures);
    this.failures.set(key, list);
    if (this.failures.size > this.maxKeys) this.evictOldest();
    return at;
  }

  /** Takes back one failure counted at `at` (the attempt turned out to be a correct login). */
  refund(key: string, at: number): void {
    const list = this.failures.get(key);
    const i = list ? list.lastIndexOf(at) : -1;
    if (i < 0) return;
    list!.splice(i, 1);
    if (!list!.length) this.failures.delete(key);
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  private fresh(key: string): number[] {
    const list = this.failures.get(key);
    if (!list) return [];
    const since = this.clock.now() - this.rule.windowMs;
    const kept = list.filter((t) => t > since);
    if (kept.length) this.failures.set(key, kept);
    else this.failures.delete(key);
    return kept;
  }

  private evictOldest(): void {
    // Map iteration is insertion order: the first keys are the least recently created.
    const drop = this.failures.size - this.maxKeys;
    let i = 0;
    for (const key of this.failures.keys()) {
      if (i++ >= drop) break;
      this.failures.delete(key);
    }
  }
}
