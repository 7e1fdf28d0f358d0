import { strict as assert } from 'node:assert';
import { ask, startHarness, type Harness } from './support/hub-harness.js';

describe('hub: forged and malformed events', () => {
  let h: Harness;
  beforeEach(async () => (h = await startHarness()));
  afterEach(() => h.close());

  it('are refused with an error ack, logged, and the socket stays usable', async () => {
    const { socket } = await h.connect('A01');
    const bad: [string, unknown, RegExp][] = [
      ['call:hangup', {}, /callId/],
      ['call:hangup', { callId: 42 }, /callId/],
      ['call:hangup', { callId: 'x'.repeat(500) }, /callId/],
      ['call:transfer', { callId: 'c1', to: { kind: 'desk', desk: '../etc' } }, /to\.desk/],
      ['call:transfer', { callId: 'c1', to: { kind: 'external', number: '110; rm -rf' } }, /to\.number/],
      ['call:language', { callId: 'c1', language: 'klingon' }, /language/],
      ['seat:not-ready', { reason: 'Coffee<script>' }, /reason/],
      ['seat:wrap-up', { disposition: 'resolved', seatId: 'A02' }, /seatId|Unrecognized/],
      ['lead:centre-mode', { mode: 'home' }, /reason/],
      ['offer:accept', 'callId=c1', /payload|object/],
      ['offer:accept', null, /payload|object/],
    ];
    for (const [event, payload, field] of bad) {
      const res = await ask(socket, event, payload);
      assert.equal(res.ok, false, `${event} ${JSON.stringify(payload)}`);
      assert.equal(res.error?.code, 'invalid-input', event);
      assert.match(res.error!.message, field, event);
    }
    const forged = await ask(socket, 'admin:shutdown', { now: true });
    assert.deepEqual(forged, { ok: false, error: { code: 'invalid-input', message: 'unknown event' } });

    const malformedLogs = h.logs.filter((l) => l.msg === 'command refused: malformed payload' && l.userId === 'A01');
    assert.equal(malformedLogs.length, bad.length);
    assert.ok(h.logs.some((l) => l.msg === 'unknown event refused' && l.event === 'admin:shutdown'));

    assert.ok(socket.connected);
    assert.deepEqual(await ask(socket, 'seat:not-ready', { reason: 'break' }), { ok: true, result: null });
    assert.equal(h.callCenter.seat('A01')?.state, 'not-ready');
  });

  it('a forged "act as another seat" field cannot change who the agent is', async () => {
    const { socket } = await h.connect('A01');
    await h.connect('A02');
    const res = await ask(socket, 'seat:not-ready', { reason: 'break', seatId: 'A02' });
    assert.equal(res.error?.code, 'invalid-input');
    assert.equal(h.callCenter.seat('A02')?.state, 'available');
  });

  it('a valid payload the call centre refuses comes back as its error (not-found), socket fine', async () => {
    const { socket } = await h.connect('A01');
    assert.equal((await ask(socket, 'call:hangup', { callId: 'no-such-call' })).error?.code, 'not-found');
    assert.equal((await ask(socket, 'seat:not-ready', { reason: 'karaoke' })).error?.code, 'invalid-input');
    assert.ok((await ask(socket, 'seat:available', {})).ok);
  });
});
