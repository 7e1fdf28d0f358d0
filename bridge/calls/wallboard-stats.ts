import { centreDate } from '../domain/centre-day.js';

/** Where "today" starts for the wallboard and the store's figures: the centre's midnight. */
export { startOfDay } from '../domain/centre-day.js';

/**
 * Today's headline counters for the wallboard (every arrival as it comes, settled or not); they restart
 * at the centre's midnight. The shares (answer rate, service level) come from the service level (service-level.ts).
 */
export class WallboardStats {
  private day = '';
  arrived = 0;
  answered = 0;
  abandoned = 0;

  private roll(now: number): void {
    const day = centreDate(now);
    if (day === this.day) return;
    this.day = day;
    this.arrived = this.answered = this.abandoned = 0;
  }

  /** Start from what the store counted for today (a restart must not zero the wallboard). */
  prime(now: number, today: { arrived: number; answered: number; abandoned: number }): void {
    this.roll(now);
    this.arrived = today.arrived;
    this.answered = today.answered;
    this.abandoned = today.abandoned;
  }

  countArrived(now: number): void {
    this.roll(now);
    this.arrived++;
  }

  countAnswered(now: number): void {
    this.roll(now);
    this.answered++;
  }

  countAbandoned(now: number): void {
    this.roll(now);
    this.abandoned++;
  }

  figures(now: number) {
    this.roll(now);
    return { arrivedToday: this.arrived, answeredToday: this.answered, abandonedToday: this.abandoned };
  }
}
