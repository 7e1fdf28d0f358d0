/**
 * Per-socket protection against a misbehaving or hostile client: more than `maxEvents` events within
 * `windowMs`, or one event bigger than `maxPayloadBytes`, and that one socket is cut off. Everybody else
 * keeps working; a desktop that behaves sends a handful of events a minute.
 */
export interface FloodLimits {
  maxEvents: number;
  windowMs: number;
  maxPayloadBytes: number;
}

export const DEFAULT_FLOOD_LIMITS: FloodLimits = { maxEvents: 50, windowMs: 1000, maxPayloadBytes: 8 * 1024 };

export type FloodVerdict = 'ok' | 'flood' | 'oversized';

export class FloodGuard {
  private readonly times: number[] = [];

  constructor(
    private readonly limits: FloodLimits,
    private readonly now: () => number,
  ) {}

  check(args: readonly unknown[]): FloodVerdict {
    const t = this.now();
    this.times.push(t);
    while (this.times.length && this.times[0]! <= t - this.limits.windowMs) this.times.shift();
    if (this.times.length > this.limits.maxEvents) return 'flood';
    return payloadBytes(args) > this.limits.maxPayloadBytes ? 'oversized' : 'ok';
  }
}

/** Serialized size of an event's data (the ack callback is not data). */
export function payloadBytes(args: readonly unknown[]): number {
  try {
    return Buffer.byteLength(JSON.stringify(args.filter((a) => typeof a !== 'function')) ?? '');
  } catch {
    return Number.POSITIVE_INFINITY; // cyclic or otherwise unserializable: not something a desktop sends
  }
}
