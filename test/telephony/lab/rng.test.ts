import assert from 'node:assert/strict';
import { Rng } from '../../../telephony/lab/rng.js';

describe('lab rng (seeded)', () => {
  it('replays the same stream for the same seed and differs for another', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xs = Array.from({ length: 20 }, () => a.next());
    assert.deepEqual(Array.from({ length: 20 }, () => b.next()), xs);
    assert.notDeepEqual(Array.from({ length: 20 }, () => c.next()), xs);
  });

  it('keeps draws inside their ranges', () => {
    const r = new Rng(1);
    for (let i = 0; i < 5000; i++) {
      const x = r.next();
      assert.ok(x >= 0 && x < 1);
      const n = r.int(2, 8);
      assert.ok(Number.isInteger(n) && n >= 2 && n <= 8);
      const y = r.between(1500, 6000);
      assert.ok(y >= 1500 && y <= 6000);
    }
  });

  it('picks by weight, never a zero weight, and gives exponential gaps with the asked mean', () => {
    const r = new Rng(9);
    const counts: Record<string, number> = { a: 0, b: 0, z: 0 };
    for (let i = 0; i < 10_000; i++) counts[r.weighted({ a: 3, b: 1, z: 0 })]!++;
    assert.equal(counts.z, 0);
    assert.ok(Math.abs(counts.a! / 10_000 - 0.75) < 0.02);
    let sum = 0;
    for (let i = 0; i < 20_000; i++) sum += r.exponential(1500);
    assert.ok(Math.abs(sum / 20_000 - 1500) < 50);
  });
});
