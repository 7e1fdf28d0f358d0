import assert from 'node:assert/strict';
import { Acd } from '../../../bridge/acd/acd.js';
import type { DeskStrategy } from '../../../bridge/domain/types.js';
import { desk, offers, seat, target } from './acd-fixtures.js';

const T0 = 1_700_000_000_000;
const s = (n: number) => T0 + n * 1000;

/** Three seats with different histories; returns which seat the next call goes to under `strategy`. */
function nextSeatUnder(strategy: DeskStrategy): string {
  const acd = new Acd({ desks: [desk('d', { strategy, wrapUpSeconds: 0 })], seats: ['a', 'b', 'c'].map((id) => seat(id, ['zh'], ['d'])), now: T0 });
  // a: two short calls; b: one long call; c: no call but became available last.
  acd.login('a', s(0));
  acd.login('b', s(1));
  let n = 0;
  const talk = (seatId: string, secs: number, at: number) => {
    const id = `x${n++}`;
    acd.setNotReady('a', 'x', at); acd.setNotReady('b', 'x', at); acd.setNotReady('c', 'x', at);
    acd.setAvailable(seatId, at);
    acd.arrive(id, target('zh', 'd'), at, at);
    acd.answered(id, at);
    acd.end(id, at + secs * 1000);
  };
  talk('a', 10, s(10));
  talk('a', 10, s(30));
  talk('b', 300, s(50));
  acd.setAvailable('a', s(400)); // a idle since 400 (its break ended)
  acd.setAvailable('b', s(401)); // no-op: b has been available since its wrap-up ended at 350
  acd.setAvailable('c', s(402));
  return offers(acd.arrive('next', target('zh', 'd'), s(500), s(500)))[0]!.split('→')[1]!;
}

describe('desk strategies', () => {
  it('longest-idle: the seat idle longest since its last call or break', () => {
    assert.equal(nextSeatUnder('longest-idle'), 'b'); // idle since its wrap-up ended at 350 s
  });
  it('round-robin: the seat offered a call longest ago (never offered first)', () => {
    assert.equal(nextSeatUnder('round-robin'), 'c');
  });
  it('least-talk-time: the seat with the least talk time', () => {
    assert.equal(nextSeatUnder('least-talk-time'), 'c');
  });
  it('fewest-calls: the seat with the fewest calls handled', () => {
    assert.equal(nextSeatUnder('fewest-calls'), 'c');
  });
  it('least-talk-time and fewest-calls differ when a seat had many short calls', () => {
    const acd = new Acd({ desks: [desk('d', { strategy: 'least-talk-time', wrapUpSeconds: 0 }), desk('e', { strategy: 'fewest-calls', wrapUpSeconds: 0 })], seats: [seat('many', ['zh'], ['d', 'e']), seat('long', ['zh'], ['d', 'e'])], now: T0 });
    acd.login('many', s(0));
    for (let i = 0; i < 3; i++) {
      acd.arrive(`m${i}`, target('zh', 'd'), s(i * 10), s(i * 10));
      acd.answered(`m${i}`, s(i * 10));
      acd.end(`m${i}`, s(i * 10 + 5)); // 3 calls, 15 s
    }
    acd.setNotReady('many', 'x', s(40));
    acd.login('long', s(40));
    acd.arrive('l', target('zh', 'd'), s(40), s(40));
    acd.answered('l', s(40));
    acd.end('l', s(140)); // 1 call, 100 s
    acd.setAvailable('many', s(150));
    assert.deepEqual(offers(acd.arrive('q1', target('zh', 'd'), s(160), s(160))), ['q1→many']);
    acd.abandon('q1', s(161));
    assert.deepEqual(offers(acd.arrive('q2', target('zh', 'e'), s(162), s(162))), ['q2→long']);
  });
});
