import assert from 'node:assert/strict';
import { assertCallTransition, canCallTransition, CallState, TERMINAL_CALL_STATES } from '../../../bridge/acd/call-state.js';
import { InvalidTransitionError } from '../../../bridge/acd/transition-error.js';

describe('call state machine', () => {
  it('allows arrived → queued → offering → connected ⇄ held → ended', () => {
    const path = [CallState.Arrived, CallState.Queued, CallState.Offering, CallState.Connected, CallState.Held, CallState.Connected, CallState.Ended];
    for (let i = 1; i < path.length; i++) assertCallTransition(path[i - 1]!, path[i]!);
  });

  it('allows a missed offer back to the queue, abandon while waiting or ringing, transfer back into the queue', () => {
    assert.ok(canCallTransition(CallState.Offering, CallState.Queued));
    assert.ok(canCallTransition(CallState.Queued, CallState.Abandoned));
    assert.ok(canCallTransition(CallState.Offering, CallState.Abandoned));
    assert.ok(canCallTransition(CallState.Held, CallState.Queued));
    assert.ok(canCallTransition(CallState.Connected, CallState.Transferred));
  });

  it('terminal states go nowhere, and invalid moves throw', () => {
    for (const t of TERMINAL_CALL_STATES) for (const s of Object.values(CallState)) assert.equal(canCallTransition(t, s), false);
    assert.throws(() => assertCallTransition(CallState.Queued, CallState.Connected, 'c1'), InvalidTransitionError);
    assert.throws(() => assertCallTransition(CallState.Connected, CallState.Abandoned), InvalidTransitionError);
    assert.throws(() => assertCallTransition(CallState.Ended, CallState.Queued), InvalidTransitionError);
  });
});
