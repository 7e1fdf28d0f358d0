/**
 * The Node flags the bridge runs with. `npm start` passes them (package.json; test/bridge/node-flags.test.ts
 * checks the two agree), and so do the tests and benchmarks that start the product as a process.
 *
 * A 4 MB young generation instead of V8's 16 MB: each scavenge pauses the bridge's thread for as long as
 * it takes to copy what survives, and on the real servers the default's pauses reached p99 17–23 ms and
 * max 21–29 ms (`npm run bench -- real --bridge-node-args=--trace-gc`): a call arriving during one waited
 * for it. With 4 MB they are shorter (p99 9–11, max 15–17 ms), more frequent (about 470 instead of 200
 * over the same run), and cost no more of the core (the bridge 46–52 % at 40 calls/s, 52 % with 16 MB).
 *
 * No memory reducer: when the allocation rate drops (a busy spell ends) V8 runs full collections that
 * compact the whole heap to hand memory back, and those were the bridge's longest pauses (11 in a whole
 * bench run, up to 70 ms). They land where a seat frees up after a busy spell: that run's worst freed
 * seat → next INVITE was 69.9 ms, as long as its longest such pause. The bridge needs the memory again at
 * the next busy spell. (A bigger old generation, --initial-old-space-size=256, was tried with it and
 * dropped: fewer full collections, but scavenges grew slower, p50 2.6 → 3.8 ms.)
 */
export const BRIDGE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4', '--no-memory-reducer'];
