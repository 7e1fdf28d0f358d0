/** What an agent gave when completing wrap-up, held until the core ends the wrap-up and it is recorded. */
import type { SeatId } from '../domain/types.js';
import type { WrapUpInput } from './call-center-api.js';

export class WrapUpNotes {
  private readonly given = new Map<SeatId, WrapUpInput>();

  give(seatId: SeatId, input: WrapUpInput): void {
    this.given.set(seatId, input);
  }

  /** The seat's wrap-up is over: its input (if any) is handed out once. */
  take(seatId: SeatId): WrapUpInput | undefined {
    const input = this.given.get(seatId);
    this.given.delete(seatId);
    return input;
  }
}
