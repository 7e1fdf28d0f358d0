/**
 * Time as the lab switch and the bridge's edges see it. The routing/ACD core never reads a clock:
 * `now` is passed in. Edges take a Clock so tests can drive them with sinon fake timers or a manual clock.
 */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): { cancel(): void };
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return { cancel: () => clearTimeout(t) };
  },
};
