/**
 * Keeps the store's copy of what the centre decided up to date, so a restart or a take-over starts from
 * it: the centre mode on every switch, a seat's override when a lead sets or clears it, and a seat's
 * chosen state (available / not ready + reason / offline) when it changes. Ringing, talking and wrap-up
 * are a call's business and never written; a seat cycling through calls writes nothing.
 *
 * Writes run one after another (a later decision never lands before an earlier one); a failed write is
 * logged with what was lost and never thrown into the call centre.
 */
import type { Logger } from 'pino';
import { SeatState, type CallCenter, type CallCenterEvent, type SeatView } from '../calls/call-center-api.js';
import type { CentreMode } from '../domain/types.js';
import type { CentreStateRecords } from '../store/centre-state-queries.js';
import type { ChosenSeatState } from './centre-state.js';

function chosenState(seat: SeatView): ChosenSeatState | null {
  if (seat.state === SeatState.Available) return 'available';
  if (seat.state === SeatState.NotReady) return 'not-ready';
  if (seat.state === SeatState.Offline) return 'offline';
  return null;
}

export class CentreStateRecorder {
  private chain: Promise<void> = Promise.resolve();
  private pending = 0;
  private readonly lastSeat = new Map<string, string>();
  private unsubscribe: (() => void) | undefined;
  /** Writes that failed (health and tests). */
  failures = 0;

  constructor(private readonly o: { records: CentreStateRecords; logger: Logger }) {}

  /** Seeds what is already stored (so restored states are not written again) and subscribes. */
  attach(callCenter: Pick<CallCenter, 'on' | 'seats'>): void {
    this.unsubscribe?.();
    for (const seat of callCenter.seats()) {
      const state = chosenState(seat);
      if (state) this.lastSeat.set(seat.id, `${state}|${seat.notReadyReason ?? ''}`);
    }
    this.unsubscribe = callCenter.on((e) => this.handle(e));
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** Resolves once every write queued so far has settled. */
  async flush(): Promise<void> {
    while (this.pending > 0) await this.chain;
  }

  private handle(e: CallCenterEvent): void {
    if (e.type === 'centre-mode') {
      const m = { mode: e.mode, preset: e.preset, reason: e.reason, by: e.by, since: e.at };
      this.write('centre mode', () => this.o.records.saveCentreMode(m));
    } else if (e.type === 'audit' && e.entry.action === 'seat-mode-override') {
      const d = e.entry.detail as { seatId?: unknown; mode?: unknown; reason?: unknown };
      if (typeof d.seatId !== 'string') return;
      const seatId = d.seatId;
      const o = d.mode === 'office' || d.mode === 'home'
        ? { mode: d.mode as CentreMode, reason: typeof d.reason === 'string' ? d.reason : '', by: e.entry.actor, at: e.entry.at }
        : null;
      this.write(`override of ${seatId}`, () => this.o.records.saveSeatOverride(seatId, o));
    } else if (e.type === 'seat') {
      const state = chosenState(e.seat);
      if (!state) return;
      const key = `${state}|${e.seat.notReadyReason ?? ''}`;
      if (this.lastSeat.get(e.seat.id) === key) return;
      this.lastSeat.set(e.seat.id, key);
      const s = { seatId: e.seat.id, state, reason: state === 'not-ready' ? (e.seat.notReadyReason ?? null) : null, since: e.seat.stateSince };
      this.write(`state of ${s.seatId}`, () => this.o.records.saveSeatState(s));
    }
  }

  private write(what: string, op: () => Promise<void>): void {
    this.pending++;
    this.chain = this.chain
      .then(op)
      .catch((err: unknown) => {
        this.failures++;
        this.o.logger.error({ err, what }, 'could not save centre state: a restart now would not know this');
      })
      .finally(() => {
        this.pending--;
      });
  }
}
