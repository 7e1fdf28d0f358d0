/** Why a waiting group is not served, from a real ACD's state: one case per reason, with the next widening. */
import assert from 'node:assert/strict';
import { Acd } from '../../../bridge/acd/acd.js';
import { whyWaiting, type WhyWaiting } from '../../../bridge/acd/why-waiting.js';
import type { DeskSpec, SeatSpec } from '../../../bridge/domain/types.js';
import { desk, seat, target } from './acd-fixtures.js';

const T0 = 1_000_000;

function acdWith(desks: DeskSpec[], seats: SeatSpec[], loggedIn: string[]): Acd {
  const acd = new Acd({ desks, seats, now: T0 });
  for (const id of loggedIn) acd.login(id, T0);
  return acd;
}

function why(acd: Acd, now: number, closedDesks = new Map<string, string>()): Map<string, WhyWaiting> {
  return whyWaiting({ calls: acd.waitingCalls(), seats: acd.seats(), desk: (id) => acd.desk(id), surge: acd.activeSurge(), closedDesks, now });
}

describe('why calls wait', () => {
  const general = desk('general');
  const social = desk('social', { expansion: [{ afterSeconds: 30, widen: 'any-desk' }] });

  it('no seat speaks the language: none at all, or none logged in', () => {
    const acd = acdWith([general], [seat('z1', ['zh'], ['general']), seat('k1', ['kk', 'zh'], ['general'])], ['z1']);
    acd.arrive('ug', target('ug', 'general'), T0, T0);
    acd.arrive('kk', target('kk', 'general'), T0, T0);
    const w = why(acd, T0 + 5000);
    assert.deepEqual(w.get('ug|general')!.reason, { kind: 'no-speaker', language: 'ug', configured: 0 });
    assert.deepEqual(w.get('kk|general')!.reason, { kind: 'no-speaker', language: 'kk', configured: 1 });
    assert.equal(w.get('kk|general')!.next, null);
  });

  it('all eligible seats busy, with how many', () => {
    const acd = acdWith([general], [seat('z1', ['zh'], ['general']), seat('z2', ['zh'], ['general'])], ['z1', 'z2']);
    for (const id of ['a', 'b', 'c']) acd.arrive(id, target('zh', 'general'), T0, T0);
    acd.answered('a', T0 + 1000);
    const w = why(acd, T0 + 2000).get('zh|general')!;
    assert.deepEqual(w.reason, { kind: 'all-busy', busy: 2, notReady: 0 });
    assert.deepEqual(w.eligible, { total: 2, loggedIn: 2, free: 0, notReady: 0 });
  });

  it('waiting for widening at 0:30, with the seats it adds and how many are free now', () => {
    const seats = [
      seat('s1', ['zh'], ['social']),
      seat('g1', ['zh'], ['general']),
      seat('g2', ['zh'], ['general']),
      seat('g3', ['zh'], ['general']),
      seat('g4', ['zh'], ['general']),
      seat('k1', ['kk'], ['general']),
    ];
    const acd = acdWith([general, social], seats, ['s1', 'g1', 'g2', 'g3', 'g4', 'k1']);
    acd.arrive('first', target('zh', 'social'), T0, T0);
    acd.arrive('second', target('zh', 'social'), T0 + 5000, T0 + 5000);
    acd.arrive('g', target('zh', 'general'), T0 + 6000, T0 + 6000); // one general seat goes ringing
    const w = why(acd, T0 + 10_000).get('zh|social')!;
    assert.deepEqual(w.reason, { kind: 'widening' });
    // Due 30 s after the longest-waiting call queued: 4 Mandarin seats on other desks, 3 free now.
    assert.deepEqual(w.next, { at: T0 + 5000 + 30_000, afterSeconds: 30, widen: 'any-desk', seats: 4, free: 3 });
    assert.deepEqual(w.eligible, { total: 1, loggedIn: 1, free: 0, notReady: 0 });
  });

  it('all busy even after widening: busy and on a break counted apart, and the widening is still told', () => {
    const seats = [seat('s1', ['zh'], ['social']), seat('s2', ['zh'], ['social']), seat('g1', ['zh'], ['general'])];
    const acd = acdWith([general, social], seats, ['s1', 's2', 'g1']);
    acd.setNotReady('s2', 'meal', T0);
    acd.arrive('x', target('zh', 'general'), T0, T0);
    acd.arrive('y', target('zh', 'social'), T0, T0);
    acd.arrive('z', target('zh', 'social'), T0, T0);
    const w = why(acd, T0 + 1000).get('zh|social')!;
    assert.deepEqual(w.reason, { kind: 'all-busy', busy: 1, notReady: 1 });
    assert.deepEqual(w.next && { seats: w.next.seats, free: w.next.free }, { seats: 1, free: 0 });
  });

  it('desk closed: its calls go to the fallback; calls handed over say from where', () => {
    const tourism = desk('tourism');
    const acd = acdWith([general, tourism], [seat('t1', ['zh'], ['tourism']), seat('g1', ['zh'], ['general'])], []);
    acd.arrive('queued-before-closing', target('zh', 'tourism'), T0, T0);
    acd.arrive('handed-over', target('zh', 'general', { reasons: [{ source: 'schedule', text: '旅游专席非服务时段 → 转综合' }] }), T0, T0);
    const w = why(acd, T0 + 1000, new Map([['tourism', 'general']]));
    assert.deepEqual(w.get('zh|tourism')!.reason, { kind: 'desk-closed', fallbackDesk: 'general' });
    const g = w.get('zh|general')!;
    assert.deepEqual(g.reason, { kind: 'no-speaker', language: 'zh', configured: 2 });
    assert.deepEqual(g.handedOverFrom, ['tourism']);
  });
});
