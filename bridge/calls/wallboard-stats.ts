/** Local midnight of the day `now` falls in: where "today" starts for the wallboard and the store's figures. */
export function startOfDay(now: number): number {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}
/** Today's counters for the wallboard; they restart at local midnight. */
export class WallboardStats {
  private day = '';
  arrived = 0;
  answered = 0;
  answeredInTime = 0;
  abandoned = 0;

  /** `answerWithinMs`: the configured service-level threshold (serviceLevel.answerWithinSeconds). */
  constructor(private readonly answerWithinMs: number) {}

  private roll(now: number): void {
    const day = new Date(now).toDateString();
    if (day === this.day) return;
    this.day = day;
    this.arrived = this.answered = this.answeredInTime = this.abandoned = 0;
  }

  /** Start from what the store counted for today (a restart must not zero the wallboard). */
  prime(now: number, today: { arrived: number; answered: number; answeredInTime: number; abandoned: number }): void {
    this.roll(now);
    this.arrived = today.arrived;
    this.answered = today.answered;
    this.answeredInTime = today.answeredInTime;
    this.abandoned = today.abandoned;
  }

  countArrived(now: number): void {
    this.roll(now);
    this.arrived++;
  }

  countAnswered(now: number, waitedMs: number): void {
    this.roll(now);
    this.answered++;
    if (waitedMs <= this.answerWithinMs) this.answeredInTime++;
  }

  countAbandoned(now: number): void {
    this.roll(now);
    this.abandoned++;
  }

  figures(now: number) {
    this.roll(now);
    const settled = this.answered + this.abandoned;
    return {
      arrivedToday: this.arrived,
      answeredToday: this.answered,
      abandonedToday: this.abandoned,
      answerRate: settled ? this.answered / settled : 0,
      serviceLevel: settled ? this.answeredInTime / settled : 0,
    };
  }
}
