/** Today's counters for the wallboard; they restart at local midnight. */
export const SERVICE_LEVEL_MS = 20_000;

export class WallboardStats {
  private day = '';
  arrived = 0;
  answered = 0;
  answeredInTime = 0;
  abandoned = 0;

  private roll(now: number): void {
    const day = new Date(now).toDateString();
    if (day === this.day) return;
    this.day = day;
    this.arrived = this.answered = this.answeredInTime = this.abandoned = 0;
  }

  countArrived(now: number): void {
    this.roll(now);
    this.arrived++;
  }

  countAnswered(now: number, waitedMs: number): void {
    this.roll(now);
    this.answered++;
    if (waitedMs <= SERVICE_LEVEL_MS) this.answeredInTime++;
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
