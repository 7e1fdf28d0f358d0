/**
 * Which seats a person works from a desktop. In lab mode every seat is logged in at start and a seat
 * nobody attends is worked by its simulated phone; the telephony is told so the simulator stays quiet
 * for attended seats.
 */
import type { SeatId } from '../domain/types.js';
import type { SavedSeatState } from '../home-seat/centre-state.js';
import type { TelephonyPort } from '../../telephony/telephony-port.js';

export class SeatAttendance {
  private readonly attended = new Set<SeatId>();
  /** Seats' chosen states from before a restart, taken up when their person logs in again. */
  private readonly left = new Map<SeatId, SavedSeatState>();

  constructor(
    /** Lab mode: seats start logged in and available, worked by the simulated phones. */
    readonly simulatedSeats: boolean,
    private readonly telephony: Pick<TelephonyPort, 'setSeatAttended'>,
  ) {}

  has(seatId: SeatId): boolean {
    return this.attended.has(seatId);
  }

  /** After a restart: the state this seat's person left it in (applied at their next login). */
  remember(saved: SavedSeatState): void {
    this.left.set(saved.seatId, saved);
  }

  /** The remembered state, once: later logins start fresh. */
  takeRemembered(seatId: SeatId): SavedSeatState | undefined {
    const saved = this.left.get(seatId);
    this.left.delete(seatId);
    return saved;
  }

  set(seatId: SeatId, attended: boolean): void {
    if (attended) this.attended.add(seatId);
    else this.attended.delete(seatId);
    this.telephony.setSeatAttended?.(seatId, attended);
  }
}
