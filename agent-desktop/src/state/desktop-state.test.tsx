import { strict as assert } from 'node:assert';
import type { CallView, SeatView } from '../api/types.js';
import { samplePop, sampleSeat } from '../test-setup/sample-data.js';
import { desktopReducer, initialState, type DesktopState } from './desktop-state.js';

const user = { id: '1001', name: '阿依古丽', role: 'agent' as const };
const state = (s: string) => s as SeatView['state'];
const callState = (s: string) => s as CallView['state'];

function call(over: Partial<CallView> = {}): CallView {
  return {
    id: 'c-1',
    state: callState('connected'),
    callerNumber: '13800001234',
    callerDisplayName: '王女士',
    callerVerified: true,
    dialledNumber: '12345',
    didLabel: '12345',
    target: { language: 'kk', languageStrength: 'required', desk: 'general', priority: 0, reasons: [] },
    arrivedAt: 1000,
    answeredAt: 2000,
    seatId: '1001',
    expansionLevel: 0,
    transfers: 0,
    ...over,
  };
}

function withSeat(over: Partial<SeatView> = {}): DesktopState {
  return desktopReducer(initialState(user), { type: 'snapshot', now: 0, data: { seat: sampleSeat(over), centre: { mode: 'office', preset: null, reason: '', since: 0 } } });
}

describe('agent-desktop: desktop state', () => {
  it('a snapshot carrying a pending offer restores the offer and its pop (reconnect never loses an offer)', () => {
    const s = desktopReducer(initialState(user), {
      type: 'snapshot',
      now: 5000,
      data: { seat: sampleSeat({ state: state('reserved'), callId: 'c-1' }), offer: { offerId: 'o-1', callId: 'c-1', pop: samplePop(), ringTimeoutMs: 15000 } },
    });
    assert.equal(s.connection, 'connected');
    assert.equal(s.offer?.offerId, 'o-1');
    assert.equal(s.offer?.receivedAt, 5000);
    assert.ok(s.pops['c-1']);
    // The same offer in a later snapshot keeps its original ring start.
    const again = desktopReducer(s, { type: 'snapshot', now: 9000, data: { offer: { offerId: 'o-1', callId: 'c-1', pop: samplePop(), ringTimeoutMs: 15000 } } });
    assert.equal(again.offer?.receivedAt, 5000);
    // A snapshot without an offer clears a stale one.
    assert.equal(desktopReducer(s, { type: 'snapshot', now: 9000, data: { offer: null } }).offer, undefined);
  });

  it('an offer announces itself, and answering the call ends the offer but keeps the pop beside the call', () => {
    let s = withSeat();
    s = desktopReducer(s, { type: 'offer', now: 1, offer: { offerId: 'o-1', callId: 'c-1', pop: samplePop(), ringTimeoutMs: 15000 }, announcement: '新来电：王女士' });
    assert.equal(s.announcement, '新来电：王女士');
    s = desktopReducer(s, { type: 'call', call: call() });
    assert.equal(s.offer, undefined);
    assert.equal(s.call?.state, 'connected');
    s = desktopReducer(s, { type: 'seat', seat: sampleSeat({ state: state('on-call'), callId: 'c-1' }) });
    assert.ok(s.pops['c-1'], 'pop kept for the live call');
  });

  it('a phone that answered before the pop was ready: the pop arrives after the answer and shows beside the call, with no ringing alert', () => {
    let s = withSeat();
    s = desktopReducer(s, { type: 'call', call: call() });
    s = desktopReducer(s, { type: 'seat', seat: sampleSeat({ state: state('on-call'), callId: 'c-1' }) });
    assert.equal(s.pops['c-1'], undefined);
    s = desktopReducer(s, { type: 'call-pop', callId: 'c-1', pop: samplePop({ callId: 'c-1' }) });
    assert.equal(s.pops['c-1']?.callId, 'c-1');
    assert.equal(s.offer, undefined);
  });

  it('a withdrawn offer disappears only if it is the one ringing', () => {
    let s = desktopReducer(withSeat(), { type: 'offer', now: 1, offer: { offerId: 'o-2', callId: 'c-2', pop: samplePop({ callId: 'c-2' }), ringTimeoutMs: 15000 }, announcement: '' });
    assert.equal(desktopReducer(s, { type: 'offer-withdrawn', offerId: 'o-1' }).offer?.offerId, 'o-2');
    s = desktopReducer(s, { type: 'offer-withdrawn', offerId: 'o-2' });
    assert.equal(s.offer, undefined);
  });

  it('a desktop reloaded mid-call gets the caller\'s pop back beside the live call', () => {
    const s = desktopReducer(initialState(user), {
      type: 'snapshot',
      now: 5000,
      data: { seat: sampleSeat({ state: state('on-call'), callId: 'c-1' }), call: call(), callPop: samplePop({ callId: 'c-1' }) },
    });
    assert.equal(s.call?.id, 'c-1');
    assert.equal(s.pops['c-1']?.callId, 'c-1');
    assert.equal(s.offer, undefined, 'no ringing alert for a call already answered');
  });

  it('ignores calls of other seats, and drops the finished call once the seat leaves wrap-up', () => {
    let s = withSeat({ state: state('on-call'), callId: 'c-1' });
    s = desktopReducer(s, { type: 'call', call: call({ id: 'c-9', seatId: '1002' }) });
    assert.equal(s.call, undefined);
    s = desktopReducer(s, { type: 'call', call: call() });
    s = desktopReducer(s, { type: 'call', call: call({ state: callState('ended'), endedAt: 9000 }) });
    assert.equal(s.call?.state, 'ended');
    s = desktopReducer(s, { type: 'seat', seat: sampleSeat({ state: state('wrap-up'), callId: 'c-1', wrapUpEndsAt: 30_000 }) });
    assert.equal(s.call?.id, 'c-1', 'kept during wrap-up');
    s = desktopReducer(s, { type: 'seat', seat: sampleSeat({ state: state('available') }) });
    assert.equal(s.call, undefined);
  });

  it('keeps the lead seat list current and the audit trail bounded', () => {
    let s = desktopReducer(initialState({ id: 'lead1', name: '班长', role: 'lead' }), {
      type: 'snapshot',
      now: 0,
      data: { seats: [sampleSeat({ id: '1001' }), sampleSeat({ id: '1002' })] },
    });
    s = desktopReducer(s, { type: 'seat', seat: sampleSeat({ id: '1002', state: state('not-ready'), notReadyReason: 'meal' }) });
    assert.equal(s.seats.find((x) => x.id === '1002')?.notReadyReason, 'meal');
    assert.equal(s.seats.length, 2);
    for (let i = 0; i < 250; i++) s = desktopReducer(s, { type: 'audit', entry: { at: i, actor: 'lead1', action: 'x', detail: {} } });
    assert.equal(s.audit.length, 200);
    assert.equal(s.audit[199]?.at, 249);
  });

  it('shows a drain until a snapshot from a bridge that is not draining clears it', () => {
    let s = initialState({ id: 'lead1', name: '王丽', role: 'lead' });
    s = desktopReducer(s, { type: 'drain', drain: { since: 1000, until: 301_000 } });
    assert.deepEqual(s.drain, { since: 1000, until: 301_000 });
    s = desktopReducer(s, { type: 'snapshot', now: 2000, data: { centre: { mode: 'office', preset: null, reason: '', since: 0 } } });
    assert.ok(s.drain, 'a snapshot that says nothing about the drain keeps it');
    s = desktopReducer(s, { type: 'snapshot', now: 3000, data: { drain: null } });
    assert.equal(s.drain, undefined);
  });
});
