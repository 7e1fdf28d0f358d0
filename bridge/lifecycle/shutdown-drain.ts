/**
 * Graceful shutdown: the first SIGTERM/SIGINT starts a drain (no new calls; live and waiting calls are
 * served until they end or the drain window passes); a second signal, or the window running out, ends
 * what is left at once with a logged reason. The owner then closes everything and exits 0.
 *
 *   running ──signal──► draining ──no live calls──────────► done (drained)
 *                          │ ──window passed──► ending ──► done (window-passed)
 *                          └──second signal──► ending ──► done (second-signal)
 *
 * Time comes from a Clock so tests drive it with a manual clock, and `cancel()` leaves no timer behind.
 */
import type { Logger } from 'pino';
import type { Clock } from '../domain/clock.js';
import type { CallCenter } from '../calls/call-center-api.js';
import type { TelephonyPort } from '../../telephony/telephony-port.js';

export type DrainOutcome = 'drained' | 'window-passed' | 'second-signal';

export interface DrainTarget {
  /** Calls the bridge still serves (waiting, ringing, talking). */
  liveCalls(): number;
  /** Stop taking new calls and tell the desktops (wallboard banner). */
  begin(until: number): void;
  /** Ends every remaining call, each with `reason` in the log. */
  endRemaining(reason: string): Promise<void>;
  /** Called whenever a call ends, so the drain notices the last one without waiting for a poll. */
  onCallEnded(listener: () => void): () => void;
}

export class ShutdownDrain {
  private state: 'running' | 'draining' | 'ending' | 'done' = 'running';
  private timer: { cancel(): void } | undefined;
  private unsubscribe: (() => void) | undefined;
  private resolveDone!: (o: DrainOutcome) => void;
  /** Settles once the drain is over, with how it ended. */
  readonly done: Promise<DrainOutcome> = new Promise((ok) => (this.resolveDone = ok));

  constructor(private readonly o: { target: DrainTarget; clock: Clock; windowMs: number; logger: Logger }) {}

  get draining(): boolean {
    return this.state === 'draining' || this.state === 'ending';
  }

  /** A shutdown signal arrived (SIGTERM, SIGINT, or the process manager's stop). */
  signal(name: string): void {
    if (this.state === 'running') return this.start(name);
    if (this.state === 'draining') {
      this.o.logger.warn({ signal: name, liveCalls: this.o.target.liveCalls() }, 'second signal: ending the drain now');
      void this.end('second-signal', `bridge shutting down: ${name} received twice`);
    }
  }

  /** Drops the timer and the subscription without ending calls (tests; a demotion takes over the calls' fate). */
  cancel(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private start(name: string): void {
    this.state = 'draining';
    const until = this.o.clock.now() + this.o.windowMs;
    this.o.logger.warn({ signal: name, liveCalls: this.o.target.liveCalls(), windowSeconds: this.o.windowMs / 1000 }, 'shutdown requested: draining');
    this.o.target.begin(until);
    this.unsubscribe = this.o.target.onCallEnded(() => this.checkIdle());
    this.timer = this.o.clock.setTimeout(() => {
      this.timer = undefined;
      this.o.logger.warn({ liveCalls: this.o.target.liveCalls() }, 'drain window passed: ending the remaining calls');
      void this.end('window-passed', 'bridge shutting down: drain window passed');
    }, this.o.windowMs);
    this.checkIdle();
  }

  private checkIdle(): void {
    if (this.state !== 'draining' || this.o.target.liveCalls() > 0) return;
    this.o.logger.info('drain complete: no live calls');
    this.finish('drained');
  }

  private async end(outcome: DrainOutcome, reason: string): Promise<void> {
    if (this.state !== 'draining') return;
    this.state = 'ending';
    try {
      await this.o.target.endRemaining(reason);
    } catch (err) {
      this.o.logger.error({ err }, 'ending the remaining calls failed; closing anyway');
    }
    this.finish(outcome);
  }

  private finish(outcome: DrainOutcome): void {
    this.cancel();
    this.state = 'done';
    this.resolveDone(outcome);
  }
}

/** The drain of a running call centre: the telephony refuses new calls, desktops are told, calls end. */
export function callCentreDrainTarget(
  callCenter: Pick<CallCenter, 'liveCalls' | 'on'> & { beginDrain(until: number): void },
  telephony: Pick<TelephonyPort, 'drain' | 'hangup'>,
  log: Logger,
): DrainTarget {
  return {
    liveCalls: () => callCenter.liveCalls().length,
    begin(until) {
      telephony.drain();
      callCenter.beginDrain(until);
    },
    async endRemaining(reason) {
      const calls = callCenter.liveCalls();
      for (const c of calls) log.warn({ callId: c.id, state: c.state, reason }, 'ending call: bridge shutting down');
      await Promise.allSettled(calls.map((c) => telephony.hangup(c.id, 'bridge-hangup')));
    },
    onCallEnded(listener) {
      return callCenter.on((e) => {
        if (e.type === 'call' && (e.kind === 'ended' || e.kind === 'abandoned')) listener();
      });
    },
  };
}
