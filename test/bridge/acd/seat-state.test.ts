import assert from 'node:assert/strict';
import { assertSeatTransition, canSeatTransition, SeatState } from '../../../bridge/acd/seat-state.js';
import { InvalidTransitionError } from '../../../bridge/acd/transition-error.js';

describe('seat state machine', () => {
  it('allows the documented path offline → available → reserved → on-call → wrap-up → available', () => {
    const path = [SeatState.Offline, SeatState.Available, SeatState.Reserved, SeatState.OnCall, SeatState.WrapUp, SeatState.Available];
    for (let i = 1; i < path.length; i++) assertSeatTransition(path[i - 1]!, path[i]!);
  });

  it('allows a missed offer (reserved → not-ready) and any state → offline', () => {
    assert.ok(canSeatTransition(SeatState.Reserved, SeatState.NotReady));
    for (const s of Object.values(SeatState)) if (s !== SeatState.Offline) assert.ok(canSeatTransition(s, SeatState.Offline), s);
  });

  it('throws InvalidTransitionError on a move the table forbids', () => {
    assert.throws(() => assertSeatTransition(SeatState.Offline, SeatState.OnCall, 's1'), (e: unknown) => {
      assert.ok(e instanceof InvalidTransitionError);
      assert.match(e.message, /offline → on-call \(s1\)/);
      return true;
    });
    assert.throws(() => assertSeatTransition(SeatState.NotReady, SeatState.Reserved), InvalidTransitionError);
    assert.throws(() => assertSeatTransition(SeatState.WrapUp, SeatState.OnCall), InvalidTransitionError);
  });
});
