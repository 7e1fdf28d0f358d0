import assert from 'node:assert/strict';
import { applySchedule, describeSchedule, isDeskOpen, localTime } from '../../../bridge/routing/schedule.js';
import type { HotlineConfig } from '../../../bridge/config/schema.js';
import { seedConfig } from './routing-fixture.js';

/** Beijing wall-clock time → epoch ms (UTC+8, no DST). */
const bj = (y: number, mo: number, d: number, h: number, mi = 0) => Date.UTC(y, mo - 1, d, h - 8, mi);

describe('desk schedules', () => {
  it('reads local month and minute in the centre time zone', () => {
    assert.deepEqual(localTime(bj(2025, 5, 1, 0, 30)), { month: 5, minuteOfDay: 30 });
    assert.deepEqual(localTime(bj(2025, 12, 31, 23, 59)), { month: 12, minuteOfDay: 23 * 60 + 59 });
  });

  const hours: [string, number, number, boolean][] = [
    ['08:00-22:00', 8, 0, true],
    ['08:00-22:00', 7, 59, false],
    ['08:00-22:00', 22, 0, false], // the end is exclusive
    ['22:00-06:00', 23, 30, true], // across midnight
    ['22:00-06:00', 5, 59, true],
    ['22:00-06:00', 12, 0, false],
    ['00:00-24:00', 23, 59, true],
  ];
  for (const [h, hh, mm, open] of hours)
    it(`${h} at ${hh}:${String(mm).padStart(2, '0')} is ${open ? 'open' : 'closed'}`, () => {
      assert.equal(isDeskOpen({ schedule: { hours: h } }, bj(2025, 3, 3, hh, mm)), open);
    });

  it('months: tourism is staffed May to October only', () => {
    const tourism = seedConfig.desks.find((d) => d.id === 'tourism')!;
    assert.equal(isDeskOpen(tourism, bj(2025, 4, 30, 12)), false);
    assert.equal(isDeskOpen(tourism, bj(2025, 5, 1, 12)), true);
    assert.equal(isDeskOpen(tourism, bj(2025, 10, 31, 21, 59)), true);
    assert.equal(isDeskOpen(tourism, bj(2025, 11, 1, 12)), false);
    assert.equal(describeSchedule(tourism), '5–10月 08:00-22:00');
  });

  it('a desk without a schedule is always open', () => {
    assert.equal(isDeskOpen({}, bj(2025, 2, 2, 3)), true);
  });

  it('follows the fallback chain and lands on the default desk when the chain loops', () => {
    const cfg: HotlineConfig = {
      ...seedConfig,
      desks: [
        ...seedConfig.desks.filter((d) => d.id === 'general'),
        { ...seedConfig.desks.find((d) => d.id === 'legal')!, schedule: { months: [1] }, fallbackDesk: 'tourism' },
        { ...seedConfig.desks.find((d) => d.id === 'tourism')!, schedule: { months: [2] }, fallbackDesk: 'legal' },
      ],
    };
    const march = bj(2025, 3, 10, 10);
    const r = applySchedule(cfg, 'legal', march);
    assert.equal(r.desk, 'general');
    assert.deepEqual(
      r.reasons.map((x) => x.text),
      ['法律咨询专席非服务时段（1月）→ 转旅游专席', '旅游专席非服务时段（2月）→ 转综合坐席'],
    );
    assert.equal(applySchedule(cfg, 'tourism', bj(2025, 2, 10, 10)).desk, 'tourism');
  });
});
