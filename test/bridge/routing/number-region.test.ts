import assert from 'node:assert/strict';
import { isMobileNumber, nationalNumber, regionOf } from '../../../bridge/routing/number-region.js';
import { seedConfig } from './routing-fixture.js';

describe('number region', () => {
  const national: [string, string][] = [
    ['09063123456', '09063123456'],
    ['+869063123456', '09063123456'],
    ['00869063123456', '09063123456'],
    ['+8609063123456', '09063123456'],
    ['+8613912345678', '13912345678'],
    ['0906-312-3456', '09063123456'],
  ];
  for (const [given, want] of national) it(`national form of ${given} is ${want}`, () => assert.equal(nationalNumber(given), want));

  const regions: [string, string | undefined][] = [
    ['09063123456', '0906'], // Altay, 7-digit local number
    ['09942345678', '0994'], // Changji
    ['089863456789', '0898'], // Haikou, 8-digit local number
    ['05613456789', '0561'],
    ['13909061234', undefined], // a mobile: no region, whatever digits it contains
    ['09061234567', undefined], // local numbers never start with 1 (service prefixes)
    ['0906312', undefined], // too short to be a landline
    ['0906312345678', undefined], // too long
    ['07553456789', undefined], // Shenzhen: not a configured region
    ['12345', undefined],
  ];
  for (const [n, code] of regions) it(`${n} → ${code ?? 'no region'}`, () => assert.equal(regionOf(seedConfig, n)?.areaCode, code));

  it('recognises mainland mobiles', () => {
    assert.ok(isMobileNumber('18099060002'));
    assert.ok(!isMobileNumber('09063123456'));
    assert.ok(!isMobileNumber('1209906000'));
  });

  it('prefers the longest matching area code', () => {
    const cfg = { ...seedConfig, regions: [{ areaCode: '090', name: '假', preferLanguage: 'ug' as const }, ...seedConfig.regions] };
    assert.equal(regionOf(cfg, '09063123456')?.areaCode, '0906');
  });
});
