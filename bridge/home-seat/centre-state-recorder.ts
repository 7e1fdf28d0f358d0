/**
 * Keeps the store's copy of what the centre decided up to date, so a restart or a take-over starts from
 * it: the centre mode on every switch, a seat's override when a lead sets or clears it, and a seat's
 * chosen state (available / not ready + reason / offline) when it changes. Ringing, talking and wrap-up
 * are a call's business and never written; a seat cycling through calls writes nothing.
 *
 * Writes go through the store's durable write-behind queue: in order (a later decision never lands
 * before an earlier one), retried, and kept in the journal while the store is down, so a decision is not
 * lost to a store outage or a crash during one.
 */
import type { Logger } from 'pino';
import { SeatState, type CallCenter, type CallCenterEvent, type SeatView } from '../calls/call-center-api.js';
import type { CentreMode } from '../domain/types.js';
import type { WriteQueue } from '../store/store-api.js';
import type { ChosenSeatState } from './centre-state.js';

function chosenState(seat: SeatView): ChosenSeatState | null {
  if (seat.state === SeatState.Available) return 'available';
  if (seat.state === SeatState.NotReady) return 'not-ready';
  if (seat.state === SeatState.Offline) return 'offline';
  return null;
}

export class CentreStateRecorder {
  private readonly lastSeat = new Map<string, string>();
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly o: { writes: Pick<WriteQueue, 'enqueue'>; logger: Logger }) {}

  /** Seeds what is already stored (so restored states are not written again) and subscribes. */
  attach(callCenter: Pick<CallCenter, 'on' | 'seats'>): void {
    this.unsubscribe?.();
    for (const seat of callCenter.seats()) {
      const state = chosenState(seat);
      if (state) this.lastSeat.set(seat.id, `${state}|${seat.notReadyReason ?? ''}`);
    }
    this.unsubscribe = callCenter.on((e) => {
      try {
        this.handle(e);
      } catch (err) {
        // Never into the call centre's emit loop; the queue refuses only a closed store or bad input.
        this.o.logger.error({ err }, 'could not queue a centre-state write: a restart now would not know this');
      }
    });
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private handle(e: CallCenterEvent): void {
    if (e.type === 'centre-mode') {
      this.o.writes.enqueue('centre-mode', { mode: e.mode, preset: e.preset, reason: e.reason, by: e.by, since: e.at });
    } else if (e.type === 'audit' && e.entry.action === 'seat-mode-override') {
      const d = e.entry.detail as { seatId?: unknown; mode?: unknown; reason?: unknown };
      if (typeof d.seatId !== 'string') return;
      const override = d.mode === 'office' || d.mode === 'home'
        ? { mode: d.mode as CentreMode, reason: typeof d.reason === 'string' ? d.reason : '', by: e.entry.actor, at: e.entry.at }
        : null;
      this.o.writes.enqueue('seat-override', { seatId: d.seatId, override });
    } else if (e.type === 'seat') {
      const state = chosenState(e.seat);
      if (!state) return;
      const key = `${state}|${e.seat.notReadyReason ?? ''}`;
      if (this.lastSeat.get(e.seat.id) === key) return;
      this.lastSeat.set(e.seat.id, key);
      this.o.writes.enqueue('seat-state', { seatId: e.seat.id, state, reason: state === 'not-ready' ? (e.seat.notReadyReason ?? null) : null, since: e.seat.stateSince });
    }
  }
}
