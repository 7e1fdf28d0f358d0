/**
 * Which seats a person works from a desktop. In lab mode every seat is logged in at start and a seat
 * nobody attends is worked by its simulated phone; the telephony is told so the simulator stays quiet
 * for attended seats.
 */
import type { SeatId } from '../domain/types.js';
import type { TelephonyPort } from '../../telephony/telephony-port.js';

export class SeatAttendance {
  private readonly attended = new Set<SeatId>();

  constructor(
    /** Lab mode: seats start logged in and available, worked by the simulated phones. */
    readonly simulatedSeats: boolean,
    private readonly telephony: Pick<TelephonyPort, 'setSeatAttended'>,
  ) {}

  has(seatId: SeatId): boolean {
    return this.attended.has(seatId);
  }

  set(seatId: SeatId, attended: boolean): void {
    if (attended) this.attended.add(seatId);
    else this.attended.delete(seatId);
    this.telephony.setSeatAttended?.(seatId, attended);
  }
}
