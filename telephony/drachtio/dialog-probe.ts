/**
 * drachtio-server routes a request inside a dialog to the application connection that made the
 * dialog. After the adapter reconnects (a network blip, or a drachtio-server restart), a BYE for a
 * call made before is refused with 481 by the server and never reaches the adapter (drachtio-server
 * issues #66 and #432; v0.9.10's ClientController finds no client for the dialog and, for a BYE,
 * forgets the dialog). Outgoing requests still work.
 *
 * So calls older than the current connection are probed: an in-dialog OPTIONS to each phone (caller,
 * seat, third party) every `dialogProbeMs`. A dialog drachtio-server no longer knows (ENODIALOG —
 * the far end's BYE was refused, or the server restarted) or that the phone answers 481 / 408 is
 * over: its call is ended as if the BYE had arrived, within one probe period. Probing stops when no
 * such call is left.
 */
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { EndReason } from '../telephony-port.js';
import { inCall } from './call-scope.js';
import type { CallSession, PhoneRole } from './call-session.js';
import { within } from './deadline.js';
import { ENODIALOG } from './library-internals.js';
import type { SrfDialog } from './library-types.js';

export interface ProbeDeps {
  clock: Clock;
  log: Logger;
  periodMs: number;
  timeoutMs: number;
  owner: object;
  /** Calls whose dialogs were made on an earlier drachtio connection. */
  orphaned(): CallSession[];
  /** A phone's dialog is gone: end (or trim) its call. */
  gone(s: CallSession, role: PhoneRole, dialog: SrfDialog): void;
}

export type ProbeOutcome = 'alive' | 'gone' | 'unknown';

/** One in-dialog OPTIONS: does the dialog still exist at drachtio-server and at the phone? */
export async function probeDialog(dialog: SrfDialog, clock: Clock, timeoutMs: number): Promise<ProbeOutcome> {
  if (!dialog.connected) return 'gone';
  try {
    const res = await within(clock, dialog.request({ method: 'OPTIONS' }), timeoutMs, 'dialog probe');
    return res.status === 481 || res.status === 408 ? 'gone' : 'alive';
  } catch (err) {
    return (err as { code?: unknown })?.code === ENODIALOG ? 'gone' : 'unknown';
  }
}

export class DialogProbe {
  private timer: { cancel(): void } | undefined;
  private running = false;

  constructor(private readonly d: ProbeDeps) {}

  /** (Re)start probing if any call is orphaned; a no-op while a probe loop already runs. */
  kick(): void {
    if (this.timer || this.d.orphaned().length === 0) return;
    this.timer = this.d.clock.setTimeout(() => void this.tick(), 0);
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    if (!this.running) {
      this.running = true;
      try {
        await this.probeAll();
      } finally {
        this.running = false;
      }
    }
    if (this.d.orphaned().length > 0) this.timer = this.d.clock.setTimeout(() => void this.tick(), this.d.periodMs);
  }

  private async probeAll(): Promise<void> {
    await Promise.all(
      this.d.orphaned().map((s) =>
        inCall({ callId: s.callId, owner: this.d.owner }, async () => {
          for (const { dialog, role } of s.phoneDialogs()) {
            const outcome = await probeDialog(dialog, this.d.clock, this.d.timeoutMs);
            if (outcome !== 'gone') continue;
            s.log.warn({ role }, 'dialog found gone after a drachtio reconnect (its BYE could not reach us)');
            this.d.gone(s, role, dialog);
            if (s.ended) return;
          }
        }),
      ),
    );
  }
}

/** What the call's end is called when this phone's dialog turns out to be gone. */
export function endReasonFor(role: 'caller' | 'seat' | 'third-party', s: CallSession): EndReason {
  if (role === 'caller') return 'caller-hangup';
  if (role === 'seat') return 'seat-hangup';
  return s.reportedEnded ? 'transferred-out' : 'caller-hangup';
}
