import { strict as assert } from 'node:assert';
import type { DesktopAction } from '../state/desktop-state.js';
import { samplePop, sampleSeat } from '../test-setup/sample-data.js';
import { CommandNotAnswered, commandsFor, subscribe, type HubSocket } from './hub-protocol.js';
import { CommandError } from '../i18n/error-text.js';

/** Just enough of a socket.io client socket: listeners, and acknowledged emits answered by `reply`. */
function fakeSocket(reply: (event: string, payload: unknown) => unknown) {
  const listeners = new Map<string, ((p: unknown) => void)[]>();
  const sent: [string, unknown][] = [];
  const socket = {
    connected: true,
    on(e: string, h: (p: unknown) => void) {
      listeners.set(e, [...(listeners.get(e) ?? []), h]);
      return socket;
    },
    off(e: string, h: (p: unknown) => void) {
      listeners.set(e, (listeners.get(e) ?? []).filter((x) => x !== h));
      return socket;
    },
    timeout() {
      return {
        emitWithAck: async (e: string, p: unknown) => {
          sent.push([e, p]);
          return reply(e, p);
        },
      };
    },
  };
  const emit = (e: string, p: unknown) => (listeners.get(e) ?? []).forEach((h) => h(p));
  return { socket: socket as unknown as HubSocket, emit, sent, listeners };
}

describe('agent-desktop: hub protocol', () => {
  it('folds server events into desktop actions, announcing offers, and unsubscribes cleanly', () => {
    const { socket, emit, listeners } = fakeSocket(() => ({ ok: true, result: null }));
    const actions: DesktopAction[] = [];
    const off = subscribe(socket, (a) => actions.push(a), (pop) => `ring ${pop.call.callerNumber}`);
    emit('offer', { offerId: 'o-1', callId: 'c-1', ringTimeoutMs: 15000, contactMode: 'office', pop: samplePop() });
    emit('seat', { seat: sampleSeat() });
    emit('offer-withdrawn', { offerId: 'o-1', callId: 'c-1', reason: 'timeout' });
    emit('centre-mode', { mode: 'home', preset: 'typhoon', reason: '台风', since: 5, by: 'lead1' });
    assert.deepEqual(
      actions.map((a) => a.type),
      ['offer', 'seat', 'offer-withdrawn', 'centre-mode'],
    );
    const offer = actions[0] as Extract<DesktopAction, { type: 'offer' }>;
    assert.equal(offer.announcement, 'ring 13800001234');
    assert.deepEqual((actions[3] as Extract<DesktopAction, { type: 'centre-mode' }>).centre, { mode: 'home', preset: 'typhoon', reason: '台风', since: 5 });
    off();
    assert.equal([...listeners.values()].flat().length, 0);
  });

  it('a snapshot with a pending offer restores it and announces it again', () => {
    const { socket, emit } = fakeSocket(() => ({ ok: true, result: null }));
    const actions: DesktopAction[] = [];
    subscribe(socket, (a) => actions.push(a), () => 'ring');
    emit('snapshot', {
      user: { id: 'S01', name: 'x', role: 'agent', seatId: 'S01' },
      seat: sampleSeat(),
      centre: { mode: 'office', preset: null, reason: '', since: 0 },
      offer: { offerId: 'o-1', callId: 'c-1', ringTimeoutMs: 15000, contactMode: 'office', pop: samplePop() },
      call: null,
      desks: [],
      presets: [],
      languages: [],
      notReadyReasons: ['break'],
    });
    assert.deepEqual(actions.map((a) => a.type), ['snapshot', 'announce']);
    const snap = actions[0] as Extract<DesktopAction, { type: 'snapshot' }>;
    assert.equal(snap.data.offer?.callId, 'c-1');
  });

  it('sends commands with their payloads and turns a refusal into an error carrying the hub\'s code', async () => {
    const { socket, sent } = fakeSocket((e) => (e === 'call:hangup' ? { ok: false, error: { code: 'forbidden', message: 'not your call' } } : { ok: true, result: null }));
    const cmd = commandsFor(socket);
    await cmd.transfer('c-1', { kind: 'language', language: 'kk' });
    await cmd.setCentreMode('home', '台风', 'typhoon');
    await cmd.setSeatMode('1004', 'home', '家中有事');
    await cmd.setSeatMode('1004', null, '回到中心');
    await assert.rejects(cmd.hangup('c-9'), (e: unknown) => e instanceof CommandError && e.code === 'forbidden');
    assert.deepEqual(sent, [
      ['call:transfer', { callId: 'c-1', to: { kind: 'language', language: 'kk' } }],
      ['lead:centre-mode', { mode: 'home', reason: '台风', presetId: 'typhoon' }],
      ['lead:seat-mode', { seatId: '1004', mode: 'home', reason: '家中有事' }],
      ['lead:seat-mode', { seatId: '1004', mode: null, reason: '回到中心' }],
      ['call:hangup', { callId: 'c-9' }],
    ]);
  });

  it('never sends a command while disconnected, and tells an unanswered command from a refusal', async () => {
    const { socket, sent } = fakeSocket(() => {
      throw new Error('operation has timed out');
    });
    const cmd = commandsFor(socket);
    await assert.rejects(cmd.hold('c-1'), (e: unknown) => e instanceof CommandNotAnswered && e.reason === 'unconfirmed');
    (socket as unknown as { connected: boolean }).connected = false;
    await assert.rejects(cmd.hangup('c-1'), (e: unknown) => e instanceof CommandNotAnswered && e.reason === 'disconnected');
    assert.deepEqual(sent, [['call:hold', { callId: 'c-1' }]], 'the hang-up is not buffered for a later reconnect');
  });
});
