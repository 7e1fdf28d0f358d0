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
 * compact the whole heap to hand memory back. Those were the bridge's longest pauses on the real servers
 * (8 a run, up to 58–61 ms; the worst freed-seat sample, 67 ms, came in a run with a 59 ms one). The
 * bridge needs the memory again at the next busy spell.
 *
 * A 256 MB old generation before the first full collection: each call's state outlives a few scavenges
 * and is promoted, about 3.5 MB/s at 40 calls/s, so with V8's limit (the live heap, ~45 MB, plus a
 * little) a full collection came every 4 s, its marking sharing the core with calls; in one run the
 * slow dispatches came in clusters about 4 s apart, as did the full collections. With 256 MB a whole
 * bench run had none (7–9 before). The heap may grow to that size before one; the limit stays there.
 */
export const BRIDGE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4', '--no-memory-reducer', '--initial-old-space-size=256'];
