import { strict as assert } from 'node:assert';
import pino from 'pino';
import { CentreStateRecorder } from '../../../bridge/home-seat/centre-state-recorder.js';
import { SeatState, type CallCenterEvent, type SeatView } from '../../../bridge/calls/call-center-api.js';

function seat(state: SeatState, extra: Partial<SeatView> = {}): SeatView {
  return {
    id: 'S01', name: 'A', languages: ['zh'], desks: ['general'], state, stateSince: 1000, contactMode: 'office', modeOverride: null,
    hasHomeContact: true, attended: true, callsHandled: 0, talkTimeMs: 0, missedOffers: 0, ...extra,
  };
}

describe('centre-state recorder', () => {
  const writes: { kind: string; payload: unknown }[] = [];
  let emit: (e: CallCenterEvent) => void = () => undefined;
  const recorder = new CentreStateRecorder({ writes: { enqueue: (kind, payload) => (writes.push({ kind, payload }), 'id') }, logger: pino({ level: 'silent' }) });
  recorder.attach({ seats: () => [seat(SeatState.Available)], on: (l) => ((emit = l), () => undefined) });

  it('writes the centre mode, overrides set and cleared, and a seat state only when the chosen state changes', () => {
    emit({ type: 'centre-mode', at: 5, mode: 'home', preset: 'typhoon', reason: '台风', by: 'lead1' });
    emit({ type: 'audit', entry: { at: 6, actor: 'lead1', action: 'seat-mode-override', detail: { seatId: 'S02', mode: 'office', reason: 'on site' } } });
    emit({ type: 'audit', entry: { at: 7, actor: 'lead1', action: 'seat-mode-override', detail: { seatId: 'S02', mode: null, reason: 'back' } } });
    // A seat cycling through a call writes nothing: ringing, talking and wrap-up are the call's.
    for (const s of [SeatState.Available, SeatState.Reserved, SeatState.OnCall, SeatState.WrapUp, SeatState.Available]) emit({ type: 'seat', at: 8, seat: seat(s) });
    emit({ type: 'seat', at: 9, seat: seat(SeatState.NotReady, { notReadyReason: 'meal', stateSince: 9 }) });
    emit({ type: 'seat', at: 10, seat: seat(SeatState.NotReady, { notReadyReason: 'training', stateSince: 10 }) });
    assert.deepEqual(writes, [
      { kind: 'centre-mode', payload: { mode: 'home', preset: 'typhoon', reason: '台风', by: 'lead1', since: 5 } },
      { kind: 'seat-override', payload: { seatId: 'S02', override: { mode: 'office', reason: 'on site', by: 'lead1', at: 6 } } },
      { kind: 'seat-override', payload: { seatId: 'S02', override: null } },
      { kind: 'seat-state', payload: { seatId: 'S01', state: 'not-ready', reason: 'meal', since: 9 } },
      { kind: 'seat-state', payload: { seatId: 'S01', state: 'not-ready', reason: 'training', since: 10 } },
    ]);
  });

  it('never stores a pause after a switch fault as Not Ready: it ends by itself, and a restart or take-over would keep it for good', () => {
    writes.length = 0; // the seat was left on training by the test before
    emit({ type: 'seat', at: 8, seat: seat(SeatState.Available, { stateSince: 8 }) });
    emit({ type: 'seat', at: 9, seat: seat(SeatState.NotReady, { notReadyReason: 'switch-fault', stateSince: 9 }) });
    emit({ type: 'seat', at: 12, seat: seat(SeatState.Available, { stateSince: 12 }) });
    emit({ type: 'seat', at: 13, seat: seat(SeatState.NotReady, { notReadyReason: 'meal', stateSince: 13 }) });
    emit({ type: 'seat', at: 14, seat: seat(SeatState.NotReady, { notReadyReason: 'switch-fault', stateSince: 14 }) });
    assert.deepEqual(writes, [
      { kind: 'seat-state', payload: { seatId: 'S01', state: 'available', reason: null, since: 8 } },
      { kind: 'seat-state', payload: { seatId: 'S01', state: 'not-ready', reason: 'meal', since: 13 } },
      { kind: 'seat-state', payload: { seatId: 'S01', state: 'available', reason: null, since: 14 } },
    ]);
  });
});
