import assert from 'node:assert/strict';
import { makeLab } from './lab-fixture.js';
import type { InboundCall } from '../../../telephony/telephony-port.js';
import { AREA_CODES } from '../../../telephony/lab/caller-numbers.js';

const languageMix = { zh: 80, kk: 5, ug: 5, en: 3, ja: 2, ko: 2, ru: 3 };
const didMix = { '12345': 8, '12333': 1, '12328': 1 };

async function simulatedHour(seed: number, extra: { callerPool?: string[] } = {}) {
  const f = await makeLab({ seed });
  const arrived: InboundCall[] = [];
  f.lab.on((e) => e.type === 'call-arrived' && arrived.push(e.call));
  const gen = f.lab.startGenerator({ arrivalsPerMinute: 40, languageMix, didMix, patienceSeconds: { min: 20, max: 240 }, ...extra });
  await f.clock.advance(60 * 60_000);
  gen.stop();
  return { f, gen, arrived };
}

describe('lab call generator', () => {
  it('places the configured rate over a simulated hour (40/min → 2400 ± 8%), deterministically per seed', async () => {
    const a = await simulatedHour(2024);
    assert.ok(Math.abs(a.arrived.length - 2400) <= 192, `got ${a.arrived.length}`);
    assert.equal(a.gen.stats().placed, a.arrived.length);
    const b = await simulatedHour(2024);
    assert.deepEqual(
      b.arrived.map((c) => [c.callerNumber, c.arrivedAt]),
      a.arrived.map((c) => [c.callerNumber, c.arrivedAt]),
    );
  });

  it('follows the language and DID mixes within a tolerance', async () => {
    const { gen } = await simulatedHour(7);
    const s = gen.stats();
    const share = (n: number | undefined) => (n ?? 0) / s.placed;
    assert.ok(Math.abs(share(s.byLanguage.zh) - 0.8) < 0.04, `zh ${share(s.byLanguage.zh)}`);
    assert.ok(Math.abs(share((s.byLanguage.kk ?? 0) + (s.byLanguage.ug ?? 0)) - 0.1) < 0.03);
    for (const lang of ['en', 'ja', 'ko', 'ru']) assert.ok((s.byLanguage[lang] ?? 0) > 0, `some ${lang} callers`);
    assert.ok(Math.abs(share(s.byDid['12345']) - 0.8) < 0.04, `12345 ${share(s.byDid['12345'])}`);
    assert.ok(share(s.byDid['12333']) > 0.06 && share(s.byDid['12328']) > 0.06);
  });

  it('makes realistic Chinese numbers, with Altay/Kashgar landlines for kk/ug callers and language hints some of the time', async () => {
    const { arrived, gen } = await simulatedHour(11);
    const areaCodes = Object.keys(AREA_CODES);
    for (const c of arrived) {
      const mobile = /^1[358][0-9]{9}$/.test(c.callerNumber);
      const landline = areaCodes.some((a) => c.callerNumber.startsWith(a)) && /^0[0-9]{10,11}$/.test(c.callerNumber);
      assert.ok(mobile || landline, `odd number ${c.callerNumber}`);
      assert.equal(c.callerVerified, true);
      assert.equal(c.trunk, 'ct-sbc');
      assert.notEqual(c.hints.language, 'zh', 'Mandarin callers need no hint');
    }
    const kkHinted = arrived.filter((c) => c.hints.language === 'kk');
    assert.ok(kkHinted.length > 10);
    const minorityLandlines = arrived.filter((c) => c.callerNumber.startsWith('0906') || c.callerNumber.startsWith('0998'));
    assert.ok(minorityLandlines.length > 40, `Altay/Kashgar landlines: ${minorityLandlines.length}`);
    // Not every non-Mandarin caller carries a hint: history and region have to do some of the work.
    const hinted = arrived.filter((c) => c.hints.language).length;
    const nonMandarin = gen.stats().placed - (gen.stats().byLanguage.zh ?? 0);
    assert.ok(hinted > 0.25 * nonMandarin && hinted < 0.55 * nonMandarin, `${hinted} hinted of ${nonMandarin}`);
  });

  it('takes about 20% of callers from the known-caller pool', async () => {
    const pool = ['13999990001', '13999990002', '09061110000'];
    const { arrived, gen } = await simulatedHour(5, { callerPool: [...pool, 'not-a-number', ''] });
    const fromPool = arrived.filter((c) => pool.includes(c.callerNumber)).length;
    assert.ok(Math.abs(fromPool / arrived.length - 0.2) < 0.04, `pool share ${fromPool / arrived.length}`);
    assert.equal(gen.stats().byLanguage.pool, fromPool);
  });

  it('draws patience from the range: unanswered callers abandon between min and max', async () => {
    const f = await makeLab({ seed: 3 });
    const arrivedAt = new Map<string, number>();
    const waited: number[] = [];
    f.lab.on((e) => {
      if (e.type === 'call-arrived') arrivedAt.set(e.call.callId, e.call.arrivedAt);
      if (e.type === 'call-ended') waited.push(f.clock.now() - arrivedAt.get(e.callId)!);
    });
    const gen = f.lab.startGenerator({ arrivalsPerMinute: 10, languageMix, didMix, patienceSeconds: { min: 20, max: 240 } });
    await f.clock.advance(30 * 60_000);
    gen.stop();
    await f.clock.advance(10 * 60_000);
    assert.ok(waited.length > 200);
    assert.ok(waited.every((ms) => ms >= 20_000 && ms <= 240_000));
    assert.ok(Math.min(...waited) < 40_000 && Math.max(...waited) > 220_000, 'spread over the range');
  });

  it('stops: no arrivals after stop, and stopping the switch stops its generators', async () => {
    const f = await makeLab();
    const gen = f.lab.startGenerator({ arrivalsPerMinute: 60, languageMix, didMix, patienceSeconds: { min: 20, max: 30 } });
    await f.clock.advance(5 * 60_000);
    gen.stop();
    const placed = gen.stats().placed;
    assert.ok(placed > 0);
    await f.clock.advance(5 * 60_000);
    assert.equal(gen.stats().placed, placed);

    const other = f.lab.startGenerator({ arrivalsPerMinute: 60, languageMix, didMix, patienceSeconds: { min: 20, max: 30 } });
    await f.lab.stop();
    await f.clock.advance(5 * 60_000);
    assert.equal(other.stats().placed, 0);
  });

  it('draining the switch stops its generators and refuses new generators; calls already here go on', async () => {
    const f = await makeLab({ seatAnswerDelayMs: { min: 0, max: 0 } });
    const gen = f.lab.startGenerator({ arrivalsPerMinute: 60, languageMix, didMix, patienceSeconds: { min: 600, max: 600 } });
    await f.clock.advance(2 * 60_000);
    const placed = gen.stats().placed;
    const live = f.lab.health().liveCalls;
    assert.ok(placed > 0 && live > 0);
    f.lab.drain();
    await f.clock.advance(2 * 60_000);
    assert.equal(gen.stats().placed, placed, 'no arrivals while draining');
    assert.equal(f.lab.health().liveCalls, live, 'the callers already waiting are still there');
    assert.equal(f.lab.health().draining, true);
    assert.throws(() => f.lab.startGenerator({ arrivalsPerMinute: 60, languageMix, didMix, patienceSeconds: { min: 20, max: 30 } }), /draining/);
    assert.throws(() => f.lab.placeCall({ callerNumber: '13800001111', dialledNumber: '12345' }), /draining/);
  });

  it('rejects a mix with no positive weight', async () => {
    const f = await makeLab();
    assert.throws(
      () => f.lab.startGenerator({ arrivalsPerMinute: 1, languageMix: { zh: 0 }, didMix, patienceSeconds: { min: 1, max: 2 } }),
      /positive weight/,
    );
  });
});
