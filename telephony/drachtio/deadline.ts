/**
 * Waiting on the SIP stack or FreeSWITCH with a deadline. A reply that never comes (a CANCEL answered
 * without 487, a FreeSWITCH socket that stopped answering) must never hold a call, a command or an
 * endpoint for good: every await on the network goes through `within`.
 */
import type { Clock } from '../clock.js';

/** The wait ran out. `what` names the step, for logs and the failure's detail. */
export class DeadlineExceeded extends Error {
  override readonly name = 'DeadlineExceeded';
  constructor(
    readonly what: string,
    readonly ms: number,
  ) {
    super(`${what}: no answer within ${ms} ms`);
  }
}

/** The call ended while we waited: whatever we waited for no longer matters. */
export class CallGone extends Error {
  override readonly name = 'CallGone';
  constructor(readonly what: string) {
    super(`${what}: the call ended meanwhile`);
  }
}

/**
 * Resolves like `p` unless `ms` pass first (rejects DeadlineExceeded) or `gone` resolves first
 * (rejects CallGone). `p` keeps running; a late rejection of it is handled here, never unhandled.
 */
export function within<T>(clock: Clock, p: Promise<T>, ms: number, what: string, gone?: Promise<unknown>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const timer = clock.setTimeout(() => {
      if (settled) return;
      settled = true;
      reject(new DeadlineExceeded(what, ms));
    }, ms);
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      timer.cancel();
      fn();
    };
    p.then(
      (v) => settle(() => resolve(v)),
      (err: unknown) => settle(() => reject(err)),
    );
    gone?.then(() => settle(() => reject(new CallGone(what))));
  });
}
