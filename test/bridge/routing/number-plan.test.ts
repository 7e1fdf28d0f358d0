import assert from 'node:assert/strict';
import { findNumberPlanEntry, numberPlanClues } from '../../../bridge/routing/number-plan.js';
import { seedConfig } from './routing-fixture.js';

describe('number plan', () => {
  const table: [string, string | undefined][] = [
    ['12345', '12345'],
    ['12333', '12333'],
    ['+8612345', '12345'],
    ['099112333', '12333'], // Ürümqi's area code dialled before 12333
    ['010123451', '123451'], // a three-digit area code (Beijing) before the Kazakh line
    ['12346', undefined],
    ['0', undefined],
  ];
  for (const [dialled, did] of table) it(`${dialled} → ${did ?? 'not in the plan'}`, () => assert.equal(findNumberPlanEntry(seedConfig, dialled)?.did, did));

  it('12345 itself names no desk or language, so other sources decide', () => {
    const c = numberPlanClues(seedConfig, '12345');
    assert.equal(c.desk, undefined);
    assert.equal(c.language, undefined);
    assert.equal(c.lineReason.text, '拨打 12345（12345 政务服务便民热线）');
  });

  it('the emergency-linkage line is marked', () => {
    const c = numberPlanClues(seedConfig, '12345110');
    assert.equal(c.emergency, true);
    assert.equal(c.desk?.desk, 'emergency');
  });
});
