/**
 * The core's own future: ring-timeout safety nets, expansion steps, wrap-up ends and the end of a seat's
 * pause after a switch fault, in one heap. The core never sets a timer; the coordinator asks `next()` and
 * calls tick at that time. Entries carry a token so a deadline made stale by later events is skipped.
 */
import { BinaryHeap } from './binary-heap.js';

export type DeadlineKind = 'expand' | 'ring' | 'wrap' | 'rest';

export interface Deadline {
  at: number;
  kind: DeadlineKind;
  id: string;
  token: number;
}

// At the same instant, widen first, then time out rings, then free seats (wrap-ups, pauses): a seat freed
// at T then sees every call already widened at T.
const RANK: Record<DeadlineKind, number> = { expand: 0, ring: 1, wrap: 2, rest: 2 };

export class Deadlines {
  private readonly heap = new BinaryHeap<Deadline>((a, b) => a.at < b.at || (a.at === b.at && RANK[a.kind] < RANK[b.kind]));

  constructor(private readonly isLive: (d: Deadline) => boolean) {}

  add(d: Deadline): void {
    this.heap.push(d);
  }

  next(): number | null {
    for (;;) {
      const top = this.heap.peek();
      if (!top) return null;
      if (this.isLive(top)) return top.at;
      this.heap.pop();
    }
  }

  /** Next live deadline due at or before `now`, removed from the heap. */
  popDue(now: number): Deadline | undefined {
    const at = this.next();
    if (at === null || at > now) return undefined;
    return this.heap.pop();
  }
}
