/**
 * Telephony commands, run one after another per call (a hold must not overtake the offer before it),
 * each with a deadline: the adapter answers within `telephony.commandTimeoutMs` by contract, and this
 * chain waits at most a small margin longer, so one reply that never comes can never block a call's
 * later commands. A hang-up jumps the queue: it never waits behind another command. A chain entry
 * lives only while a command of that call is in flight, and every command settles by its deadline,
 * so the map never grows without bound.
 */
import type { Logger } from 'pino';
import { TelephonyCommandError, isTelephonyCommandError } from '../../telephony/telephony-port.js';
import type { Clock } from '../domain/clock.js';

export type SwitchResult = { ok: true } | { ok: false; failure: TelephonyCommandError };

/** How much longer than the adapter's own deadline the chain waits before it gives up on a command. */
export const CHAIN_MARGIN_MS = 2_000;

export class CommandChains {
  private readonly chains = new Map<string, Promise<SwitchResult>>();

  constructor(
    private readonly clock: Clock,
    private readonly deadlineMs: number,
    private readonly logFor: (callId: string) => Logger,
  ) {}

  /** Calls with a command in flight (a test and a debugging aid). */
  get inFlight(): number {
    return this.chains.size;
  }

  send(callId: string, what: string, command: () => Promise<void>, opts: { urgent?: boolean } = {}): Promise<SwitchResult> {
    // Start at once when nothing is in flight for this call (no extra tick on the hot path), else queue.
    const prev = opts.urgent ? undefined : this.chains.get(callId);
    const run = () => this.bounded(callId, what, command);
    const next = prev ? prev.then(run) : run();
    this.chains.set(callId, next);
    void next.then(() => {
      if (this.chains.get(callId) === next) this.chains.delete(callId);
    });
    return next;
  }

  private bounded(callId: string, what: string, command: () => Promise<void>): Promise<SwitchResult> {
    return new Promise<SwitchResult>((resolve) => {
      let settled = false;
      const done = (r: SwitchResult) => {
        if (settled) return;
        settled = true;
        timer.cancel();
        if (!r.ok) this.logFor(callId).warn({ command: what, code: r.failure.code, detail: r.failure.detail }, 'telephony command failed');
        resolve(r);
      };
      const timer = this.clock.setTimeout(
        () => done({ ok: false, failure: new TelephonyCommandError('timeout', what, `no answer from the telephony within ${this.deadlineMs} ms`, callId) }),
        this.deadlineMs,
      );
      let started: Promise<void>;
      try {
        started = command();
      } catch (err) {
        started = Promise.reject(err);
      }
      started.then(
        () => done({ ok: true }),
        (err: unknown) =>
          done({
            ok: false,
            // The port promises a TelephonyCommandError; anything else is a broken adapter, reported alike.
            failure: isTelephonyCommandError(err) ? err : new TelephonyCommandError('media-error', what, String((err as Error)?.message ?? err), callId),
          }),
      );
    });
  }
}
