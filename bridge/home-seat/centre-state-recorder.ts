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
import { SWITCH_FAULT_REASON } from '../acd/acd-core.js';
import type { ChosenSeatState } from './centre-state.js';

function chosenState(seat: SeatView): ChosenSeatState | null {
  if (seat.state === SeatState.Available) return 'available';
  // A pause after a switch fault is the switch's, and ends by itself: restored after a restart or a
  // take-over (which has no pause to end it) it would keep the seat Not Ready until someone noticed.
  if (seat.state === SeatState.NotReady && seat.notReadyReason === SWITCH_FAULT_REASON) return 'available';
  if (seat.state === SeatState.NotReady) return 'not-ready';
  if (seat.state === SeatState.Offline) return 'offline';
  return null;
}

/** The state to store for a seat, its reason, and a key that changes only when either does. */
function chosenOf(seat: SeatView): { state: ChosenSeatState; reason: string | null; key: string } | null {
  const state = chosenState(seat);
  if (!state) return null;
  const reason = state === 'not-ready' ? (seat.notReadyReason ?? null) : null;
  return { state, reason, key: `${state}|${reason ?? ''}` };
}

export class CentreStateRecorder {
  private readonly lastSeat = new Map<string, string>();
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly o: { writes: Pick<WriteQueue, 'enqueue'>; logger: Logger }) {}

  /** Seeds what is already stored (so restored states are not written again) and subscribes. */
  attach(callCenter: Pick<CallCenter, 'on' | 'seats'>): void {
    this.unsubscribe?.();
    for (const seat of callCenter.seats()) {
      const chosen = chosenOf(seat);
      if (chosen) this.lastSeat.set(seat.id, chosen.key);
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
      const chosen = chosenOf(e.seat);
      if (!chosen || this.lastSeat.get(e.seat.id) === chosen.key) return;
      this.lastSeat.set(e.seat.id, chosen.key);
      this.o.writes.enqueue('seat-state', { seatId: e.seat.id, state: chosen.state, reason: chosen.reason, since: e.seat.stateSince });
    }
  }
}
