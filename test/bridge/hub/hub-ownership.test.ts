import { strict as assert } from 'node:assert';
import { ask, next, startHarness, type Harness } from './support/hub-harness.js';

describe('hub: an agent acts only on its own calls', () => {
  let h: Harness;
  beforeEach(async () => (h = await startHarness()));
  afterEach(() => h.close());

  it('an agent cannot hang up (or hold, or accept) another seat\'s call; the owner can', async () => {
    const a01 = await h.connect('A01');
    const offer = next(a01.socket, 'offer');
    const callId = h.placeCall('13800001111');
    const o = await offer;
    assert.equal(o.callId, callId);
    const a02 = await h.connect('A02');

    assert.equal((await ask(a02.socket, 'offer:accept', { callId })).error?.code, 'forbidden');
    assert.deepEqual(await ask(a01.socket, 'offer:accept', { callId }), { ok: true, result: null });
    assert.equal(h.callCenter.call(callId)?.state, 'connected');

    for (const cmd of ['call:hangup', 'call:hold', 'call:drop-third-party']) {
      const res = await ask(a02.socket, cmd, { callId });
      assert.equal(res.ok, false, cmd);
      assert.equal(res.error?.code, 'forbidden', cmd);
    }
    assert.equal(h.callCenter.call(callId)?.state, 'connected', 'the call is untouched');
    assert.ok(h.logs.some((l) => l.msg === 'command refused' && l.userId === 'A02' && l.code === 'forbidden'));

    const ended = next(a01.socket, 'call', (c) => c.call.id === callId && c.kind === 'ended');
    assert.deepEqual(await ask(a01.socket, 'call:hangup', { callId }), { ok: true, result: null });
    await ended;
  });

  it('a lead cannot act as an agent: seat commands need a seat', async () => {
    const lead = await h.connect('lead1');
    assert.equal((await ask(lead.socket, 'seat:available', {})).error?.code, 'forbidden');
  });

  it('the caller number goes in full to the handling seat and leads, masked to a seat the call left', async () => {
    const a01 = await h.connect('A01');
    const lead = await h.connect('lead1');
    const offer = next(a01.socket, 'offer');
    const callId = h.placeCall('13912345678');
    assert.equal((await offer).pop.call.callerNumber, '13912345678');
    assert.deepEqual(h.pop.asked.at(-1), { viewer: 'A01', viewerRole: 'agent', callId });

    const a02 = await h.connect('A02');
    const leadSaw = next(lead.socket, 'call', (c) => c.call.id === callId && c.call.seatId === 'A02');
    const a02Offer = next(a02.socket, 'offer');
    const a01Saw = next(a01.socket, 'call', (c) => c.call.id === callId && c.call.seatId !== 'A01');
    assert.ok((await ask(a01.socket, 'offer:reject', { callId })).ok);

    assert.equal((await a02Offer).pop.call.callerNumber, '13912345678');
    assert.equal((await leadSaw).call.callerNumber, '13912345678');
    assert.equal((await a01Saw).call.callerNumber, '139****5678');
  });
});
