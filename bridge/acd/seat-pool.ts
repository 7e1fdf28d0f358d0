/**
 * Available seats that can be offered a call, by bucket key. While calls wait, this pool is empty for
 * their keys (the core is work-conserving), so the strategy's pick over one key's set stays cheap.
 */
import type { DeskStrategy } from '../domain/types.js';
import type { AcdSeat } from './acd-types.js';
import { pickSeat } from './strategies.js';

export class SeatPool {
  private readonly byKey = new Map<string, Set<AcdSeat>>();
  private readonly members = new Set<AcdSeat>();

  get size(): number {
    return this.members.size;
  }

  has(seat: AcdSeat): boolean {
    return this.members.has(seat);
  }

  add(seat: AcdSeat): void {
    if (this.members.has(seat)) return;
    this.members.add(seat);
    for (const k of seat.keys) {
      let set = this.byKey.get(k);
      if (!set) this.byKey.set(k, (set = new Set()));
      set.add(seat);
    }
  }

  remove(seat: AcdSeat): void {
    if (!this.members.delete(seat)) return;
    for (const k of seat.keys) this.byKey.get(k)?.delete(seat);
  }

  /** The strategy's best seat under the first key (in `keys` order) that has any. */
  best(keys: readonly string[], strategy: DeskStrategy, except?: AcdSeat): AcdSeat | undefined {
    for (const k of keys) {
      let set = this.byKey.get(k);
      if (except && set?.has(except)) {
        set = new Set(set);
        set.delete(except);
      }
      if (set && set.size > 0) return pickSeat(set, strategy);
    }
    return undefined;
  }
}
