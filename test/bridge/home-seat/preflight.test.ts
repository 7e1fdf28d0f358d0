import assert from 'node:assert/strict';
import { buildPreflight } from '../../../bridge/home-seat/preflight.js';
import type { SeatSpec } from '../../../bridge/domain/types.js';

const seats: SeatSpec[] = [
  { id: 'a', name: '甲', languages: ['zh'], desks: ['g'], officeContact: 'sip:a@office', homeContact: 'sip:a@home.example' },
  { id: 'b', name: '乙', languages: ['zh'], desks: ['g'], officeContact: 'sip:b@office' },
  { id: 'c', name: '丙', languages: ['zh'], desks: ['g'], officeContact: 'sip:c@office', homeContact: 'sip:c@' },
  { id: 'd', name: '丁', languages: ['zh'], desks: ['g'], officeContact: 'sip:d@office', homeContact: '13900002222' },
];

describe('home-seat pre-flight', () => {
  it('lists seats with no home contact and contacts that look unusable; counts the ready ones', () => {
    const r = buildPreflight({ seats, targetMode: 'home', overrides: new Map(), unreachable: new Map([['13900002222', Date.UTC(2024, 8, 6, 2)]]) });
    assert.equal(r.seatsTotal, 4);
    assert.deepEqual(r.noHomeContact, [{ seatId: 'b', name: '乙' }]);
    assert.deepEqual(r.unreachable.map((u) => u.seatId), ['c', 'd']);
    assert.match(r.unreachable[0]!.why, /malformed/);
    assert.match(r.unreachable[1]!.why, /unreachable at 2024-09-06T02:00/);
    assert.equal(r.ready, 1);
  });

  it('a seat kept in the office by an override is not counted as missing a home contact', () => {
    const r = buildPreflight({ seats, targetMode: 'home', overrides: new Map([['b', 'office' as const]]), unreachable: new Map() });
    assert.deepEqual(r.noHomeContact, []);
    assert.equal(r.ready, 3);
  });

  it('office mode: everyone has an office contact', () => {
    const r = buildPreflight({ seats, targetMode: 'office', overrides: new Map(), unreachable: new Map() });
    assert.equal(r.ready, 4);
  });
});
