import { strict as assert } from 'node:assert';
import { ManualClock } from '../../../telephony/lab/manual-clock.js';
import { ask, next, startHarness, until, type Harness } from './support/hub-harness.js';

describe('hub: reconnects never lose an offer or a state', () => {
  let h: Harness;
  afterEach(() => h?.close());

  it('a briefly dropped socket is recovered and receives the offer that rang while it was away', async () => {
    h = await startHarness();
    const { socket } = await h.connect('A01');
    // Let the server persist the recovery offset (it does so on the first packet after connect).
    await ask(socket, 'seat:available', {});
    let snapshots = 0;
    socket.on('snapshot', () => snapshots++);
    const offer = next(socket, 'offer');
    const dropped = new Promise<void>((ok) => socket.once('disconnect', () => ok()));
    socket.io.engine.close(); // the network drops: the client will reconnect by itself
    await dropped;
    const callId = h.placeCall('13700002222');
    const o = await offer;
    assert.equal(o.callId, callId);
    assert.equal(o.pop.callId, callId);
    await until('reconnected', () => socket.connected);
    assert.equal(socket.recovered, true);
    assert.equal(snapshots, 0, 'a recovered socket gets the missed events, not a snapshot');
    assert.equal(h.callCenter.seat('A01')?.state, 'reserved', 'the seat stayed logged in through the blip');
    assert.ok((await ask(socket, 'offer:accept', { callId })).ok);
  });

  it('a desktop that comes back without recovery gets a snapshot with the pending offer and its pop', async () => {
    h = await startHarness();
    const first = await h.connect('A01');
    const offer = next(first.socket, 'offer');
    const callId = h.placeCall('13700003333');
    const o = await offer;
    first.socket.disconnect(); // page reload: a brand-new socket
    const again = await h.connect('A01');
    const snap = again.snapshot;
    assert.ok(snap.offer, 'the offer is in the snapshot');
    assert.equal(snap.offer.offerId, o.offerId);
    assert.equal(snap.offer.callId, callId);
    assert.equal(snap.offer.pop.call.callerNumber, '13700003333');
    assert.ok(snap.offer.ringTimeoutMs <= o.ringTimeoutMs);
    assert.equal(snap.seat?.state, 'reserved');
    assert.equal(snap.user.seatId, 'A01');
    assert.deepEqual(snap.notReadyReasons, ['break', 'meal', 'training', 'missed-offer']);
    assert.equal(h.pop.asked.filter((a) => a.callId === callId).length, 1, 'the pop was assembled once, not per connect');
    assert.ok((await ask(again.socket, 'offer:accept', { callId })).ok);
    const reloaded = (await h.connect('A01')).snapshot;
    assert.equal(reloaded.call?.id, callId);
    assert.equal(reloaded.call?.state, 'connected');
    // Reloaded mid-call, the agent still sees who is on the line.
    assert.equal(reloaded.callPop?.callId, callId);
    assert.equal(reloaded.callPop?.call.callerNumber, '13700003333');
  });

  it('an offer still pops (call facts only) when the history store fails', async () => {
    h = await startHarness();
    h.pop.fail = true;
    const { socket } = await h.connect('A01');
    const offer = next(socket, 'offer');
    h.placeCall('13700004444');
    const o = await offer;
    assert.equal(o.pop.call.callerNumber, '13700004444');
    assert.equal(o.pop.workOrderHistoryUnavailable, true);
    assert.deepEqual(o.pop.contacts, []);
  });

  it('the seat is logged out only after the grace period once its last desktop is gone', async () => {
    const clock = new ManualClock(Date.now());
    h = await startHarness({ hub: { clock, logoutGraceMs: 60_000 } });
    const gone = (n: number) => until(`${n} disconnect(s) seen by the hub`, () => h.logs.filter((l) => l.msg === 'desktop disconnected').length >= n);
    const first = await h.connect('A01');
    first.socket.disconnect();
    await gone(1);
    await clock.advance(59_000);
    assert.equal(h.callCenter.seat('A01')?.attended, true, 'still attended within the grace');
    const second = await h.connect('A01');
    await clock.advance(5_000);
    assert.equal(h.callCenter.seat('A01')?.attended, true, 'came back in time: never logged out');
    assert.equal(h.callCenter.seat('A01')?.state, 'available');
    second.socket.disconnect();
    await gone(2);
    await clock.advance(59_999);
    assert.equal(h.callCenter.seat('A01')?.state, 'available');
    await clock.advance(1);
    assert.equal(h.callCenter.seat('A01')?.state, 'offline');
    assert.equal(h.callCenter.seat('A01')?.attended, false);
  });
});
