import { strict as assert } from 'node:assert';
import { ask, next, startHarness, until, type Harness } from './support/hub-harness.js';

describe('hub: a flooding or oversized client is cut off alone', () => {
  let h: Harness;
  beforeEach(async () => (h = await startHarness()));
  afterEach(() => h.close());

  it('more than 50 events a second disconnects the flooder; others keep working', async () => {
    const flooder = await h.connect('A01', { reconnection: false });
    const bystander = await h.connect('A02');
    const lead = await h.connect('lead1');
    const cut = new Promise<string>((ok) => flooder.socket.once('disconnect', ok));
    for (let i = 0; i < 200; i++) flooder.socket.emit('seat:available', {}, () => undefined);
    assert.equal(await cut, 'io server disconnect');
    assert.ok(h.logs.some((l) => l.msg === 'desktop cut off: flooding or oversized event' && l.verdict === 'flood' && l.userId === 'A01'));

    assert.ok(bystander.socket.connected && lead.socket.connected);
    const seen = next(lead.socket, 'seat', (s) => s.seat.id === 'A02' && s.seat.state === 'not-ready');
    assert.deepEqual(await ask(bystander.socket, 'seat:not-ready', { reason: 'break' }), { ok: true, result: null });
    await seen;
  });

  it('an oversized event disconnects the sender (engine cap and per-event cap); others keep working', async () => {
    const bystander = await h.connect('A02');
    for (const size of [6_000 * 2, 40_000]) {
      const big = await h.connect('A01', { reconnection: false });
      const cut = new Promise<string>((ok) => big.socket.once('disconnect', ok));
      big.socket.emit('seat:wrap-up', { disposition: 'resolved', note: '长'.repeat(size / 3) }, () => undefined);
      assert.match(await cut, /disconnect|close/, `${size} bytes`);
    }
    assert.ok(h.logs.some((l) => l.verdict === 'oversized' && l.userId === 'A01'), 'the per-event cap logged the 12 KB event');
    assert.ok(bystander.socket.connected);
    assert.ok((await ask(bystander.socket, 'seat:available', {})).ok);
    await until('the cut-off seat is still known', () => h.callCenter.seat('A01'));
  });
});
