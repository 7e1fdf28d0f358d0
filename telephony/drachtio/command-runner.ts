/**
 * Runs one TelephonyPort command for a call: inside the call's async scope, bounded by the command
 * deadline, and turned into the port's contract — resolve when done or when the call is already
 * over; otherwise reject with a TelephonyCommandError whose code says why. A command that overran
 * its deadline ends the call (media-failure): FreeSWITCH's state is unknown, and the channel's event
 * socket is out of step (modesl pairs replies with requests in order), so nothing later on it could
 * be trusted.
 */
import type { Logger } from 'pino';
import { TelephonyCommandError, type TelephonyFailureCode } from '../command-failure.js';
import type { Clock } from '../clock.js';
import type { EndReason, TelephonyCounters } from '../telephony-port.js';
import { inCall } from './call-scope.js';
import type { CallSession } from './call-session.js';
import { CallGone, DeadlineExceeded, within } from './deadline.js';
import { MediaUnavailable } from './endpoints.js';
import { sipStatusOf } from './library-types.js';
import { MediaCommandFailed } from './media-control.js';

export interface RunnerDeps {
  clock: Clock;
  log: Logger;
  timeoutMs: number;
  counters: TelephonyCounters;
  owner: object;
  endCall(s: CallSession, reason: EndReason): void;
}

export class CommandRunner {
  constructor(private readonly d: RunnerDeps) {}

  run(s: CallSession, command: string, fn: () => Promise<void>): Promise<void> {
    return inCall({ callId: s.callId, owner: this.d.owner }, async () => {
      try {
        await within(this.d.clock, s.exclusive(fn), this.d.timeoutMs, command, s.whenEnded);
      } catch (err) {
        // The call ended under the command: like any command on an ended call, nothing to report.
        if (err instanceof CallGone || s.ended) return;
        const failure = this.failure(s, command, err);
        this.d.counters.commandFailures[failure.code]++;
        s.log.warn({ command, code: failure.code, detail: failure.detail }, 'telephony command failed');
        if (failure.code === 'timeout') this.d.endCall(s, 'media-failure');
        throw failure;
      }
    });
  }

  /** A command refused before it reaches a call (bad input, not connected, stopped). */
  refuse(command: string, code: TelephonyFailureCode, detail: string, callId?: string): TelephonyCommandError {
    this.d.counters.commandFailures[code]++;
    this.d.log.warn({ command, code, detail, callId }, 'telephony command refused');
    return new TelephonyCommandError(code, command, detail, callId);
  }

  private failure(s: CallSession, command: string, err: unknown): TelephonyCommandError {
    if (err instanceof TelephonyCommandError) return err;
    if (err instanceof DeadlineExceeded) return new TelephonyCommandError('timeout', command, `FreeSWITCH or the SIP network did not answer within ${err.ms} ms (${err.what})`, s.callId);
    if (err instanceof MediaUnavailable) return new TelephonyCommandError('not-connected', command, 'FreeSWITCH is unreachable', s.callId);
    if (err instanceof MediaCommandFailed) return new TelephonyCommandError('media-error', command, oneLine(err.message), s.callId);
    const status = sipStatusOf(err);
    if (status !== undefined) return new TelephonyCommandError('sip-error', command, `SIP ${status}`, s.callId);
    const code = (err as { code?: unknown } | null)?.code;
    if (code === 'ENODIALOG' || code === 'EDRACHTIO' || code === 'ESOCKETDESTROYED') {
      return new TelephonyCommandError('sip-error', command, String((err as Error).message ?? err), s.callId);
    }
    // fsmrf rejects a refused api/bridge with Error(<FreeSWITCH reply body>).
    return new TelephonyCommandError('media-error', command, oneLine(String((err as Error)?.message ?? err)), s.callId);
  }
}

/** FreeSWITCH reply bodies end in newlines; an agent-facing detail is one short line. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 200);
}
