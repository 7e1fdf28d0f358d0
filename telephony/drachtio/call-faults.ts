/**
 * The adapter's side of the last resort (last-resort.ts): what happens to an error nothing else
 * caught. Inside a call it is logged with the call id, counted and costs that call only; from the
 * libraries outside any call it is logged and counted. Listeners the libraries call are shielded the
 * same way, since an exception thrown from one would otherwise unwind into a socket callback.
 */
import type { Logger } from 'pino';
import type { EndReason, TelephonyCounters } from '../telephony-port.js';
import { inCall } from './call-scope.js';
import type { CallRegistry } from './call-registry.js';
import type { CallSession } from './call-session.js';
import type { FaultKind, FaultSink } from './last-resort.js';
import { ENODIALOG } from './library-internals.js';

export interface FaultDeps {
  log: Logger;
  counters: TelephonyCounters;
  calls: CallRegistry;
  owner: object;
  endCall(s: CallSession, reason: EndReason): void;
}

export class CallFaults implements FaultSink {
  constructor(private readonly d: FaultDeps) {}

  shield<A extends unknown[]>(s: CallSession, what: string, fn: (...args: A) => void): (...args: A) => void {
    return (...args: A) =>
      inCall({ callId: s.callId, owner: this.d.owner }, () => {
        try {
          fn(...args);
        } catch (err) {
          this.callFault(s.callId, err, 'uncaught-exception', what);
        }
      });
  }

  /** The last resort for one call: log with its id, count, tear down that call only. */
  callFault(callId: string, err: unknown, kind: FaultKind, where?: string): boolean {
    this.d.counters.unhandledFaults++;
    const s = this.d.calls.get(callId);
    if (!s) {
      // The call is already gone: a late rejection from its teardown. Still ours to count.
      this.d.log.warn({ callId, kind, err: errText(err) }, 'unhandled error after the call ended');
      return true;
    }
    s.log.error({ kind, where, err: errText(err) }, 'unhandled error in the call; tearing down this call only');
    try {
      this.d.endCall(s, 'media-failure');
    } catch (teardown) {
      s.log.error({ err: errText(teardown) }, 'teardown after an unhandled error failed');
    }
    return true;
  }

  libraryFault(err: unknown, kind: FaultKind): void {
    this.d.counters.unhandledFaults++;
    this.d.log.warn({ kind, err: errText(err) }, 'unhandled error from the SIP/media libraries, outside any call');
  }

  /** A guarded in-dialog request was refused (dialog gone, connection down): expected in races. */
  requestRefused(err: unknown, method: string): void {
    const code = (err as { code?: unknown })?.code;
    this.d.log.debug({ method, code, err: errText(err) }, code === ENODIALOG ? 'in-dialog request on a dialog drachtio no longer has' : 'in-dialog request failed');
  }
}

export function errText(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return `${err.name}: ${err.message}${code ? ` (${String(code)})` : ''}`;
  }
  return String(err);
}
