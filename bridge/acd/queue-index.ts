/**
 * Waiting calls, indexed by bucket key (see eligibility.ts). Each bucket is a heap ordered by priority
 * (higher first) then first arrival then arrival sequence, so a freed seat finds its best call by peeking
 * the top of each of its k buckets: O(k log n), never a scan of all waiting calls.
 *
 * A call widened by expansion sits in several buckets. Removal is lazy: leaving the queue bumps the
 * call's version and entries with an older version are dropped when they surface (or on compaction).
 */
import { BinaryHeap } from './binary-heap.js';
import type { AcdCall } from './acd-types.js';

interface Entry {
  call: AcdCall;
  version: number;
}

/** True when `a` must be served before `b`. */
export function callBefore(a: AcdCall, b: AcdCall): boolean {
  if (a.target.priority !== b.target.priority) return a.target.priority > b.target.priority;
  if (a.arrivedAt !== b.arrivedAt) return a.arrivedAt < b.arrivedAt;
  return a.seq < b.seq;
}

const entryBefore = (a: Entry, b: Entry): boolean => callBefore(a.call, b.call);

export class QueueIndex {
  private readonly buckets = new Map<string, BinaryHeap<Entry>>();
  private readonly waiting = new Map<string, AcdCall>();
  private entries = 0;

  get size(): number {
    return this.waiting.size;
  }

  has(callId: string): boolean {
    return this.waiting.has(callId);
  }

  calls(): IterableIterator<AcdCall> {
    return this.waiting.values();
  }

  /** Put a call in the queue under `keys` (its place is fixed by priority and first arrival). */
  add(call: AcdCall, keys: readonly string[]): void {
    call.version++;
    this.waiting.set(call.id, call);
    this.widen(call, keys);
  }

  /** Add keys for a call already waiting (expansion step). */
  widen(call: AcdCall, keys: readonly string[]): void {
    for (const k of keys) {
      let heap = this.buckets.get(k);
      if (!heap) this.buckets.set(k, (heap = new BinaryHeap(entryBefore)));
      heap.push({ call, version: call.version });
      this.entries++;
    }
  }

  remove(call: AcdCall): void {
    if (!this.waiting.delete(call.id)) return;
    call.version++;
    if (this.entries > 4 * this.waiting.size + 1024) this.compact();
  }

  /** Best waiting call found under any of `keys`. */
  best(keys: readonly string[]): AcdCall | undefined {
    let best: AcdCall | undefined;
    for (const k of keys) {
      const top = this.liveTop(k);
      if (top && (!best || callBefore(top, best))) best = top;
    }
    return best;
  }

  /**
   * Best waiting call under any of `keys` that `skip` does not refuse. Skipped tops are popped and pushed
   * back, so this stays O(k · s · log n) for s skipped calls (a handful: calls avoiding this one seat).
   */
  bestExcept(keys: readonly string[], skip: (call: AcdCall) => boolean): AcdCall | undefined {
    let best: AcdCall | undefined;
    for (const k of keys) {
      const heap = this.buckets.get(k);
      if (!heap) continue;
      const setAside: Entry[] = [];
      let top: AcdCall | undefined;
      for (let c = this.liveTop(k); c; c = this.liveTop(k)) {
        if (!skip(c)) {
          top = c;
          break;
        }
        setAside.push(heap.pop()!);
      }
      for (const e of setAside) heap.push(e);
      if (top && (!best || callBefore(top, best))) best = top;
    }
    return best;
  }

  /** Rebuild every bucket (surge preset switched): O(n log n), rare. */
  rebuild(keysFor: (call: AcdCall) => readonly string[]): void {
    this.buckets.clear();
    this.entries = 0;
    for (const call of this.waiting.values()) {
      call.version++;
      this.widen(call, keysFor(call));
    }
  }

  /** Waiting calls best first (for re-matching after a bulk change; O(n log n)). */
  ordered(): AcdCall[] {
    return [...this.waiting.values()].sort((a, b) => (callBefore(a, b) ? -1 : callBefore(b, a) ? 1 : 0));
  }

  private liveTop(key: string): AcdCall | undefined {
    const heap = this.buckets.get(key);
    if (!heap) return undefined;
    for (;;) {
      const top = heap.peek();
      if (!top) return undefined;
      if (top.version === top.call.version && this.waiting.has(top.call.id)) return top.call;
      heap.pop();
      this.entries--;
    }
  }

  private compact(): void {
    this.entries = 0;
    for (const [k, heap] of this.buckets) {
      heap.filter((e) => e.version === e.call.version && this.waiting.has(e.call.id));
      if (heap.size === 0) this.buckets.delete(k);
      this.entries += heap.size;
    }
  }
}
