/**
 * Time as the bridge's edges (call centre, hub, auth) see it. The routing/ACD core never reads a clock:
 * `now` is passed in. Edges take a Clock so tests can drive them with sinon fake timers or a manual clock.
 *
 * Deliberately the same shape as telephony's own clock (telephony/clock.ts) rather than an import of it:
 * auth and the hub have nothing to do with telephony, and telephony may import no bridge code. Being
 * structural, one clock object (e.g. the lab's ManualClock in tests) drives both layers.
 */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): { cancel(): void };
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms);
    // A pending timer never keeps the process alive: shutdown closes what matters explicitly.
    t.unref?.();
    return { cancel: () => clearTimeout(t) };
  },
};
