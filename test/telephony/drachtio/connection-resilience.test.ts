import assert from 'node:assert/strict';
import { noLeaks, startRig, until, type Rig } from './rig.js';

describe('drachtio adapter: connections dropped and restored', function () {
  let rig: Rig;
  beforeEach(async () => {
    rig = await startRig();
  });
  afterEach(async () => {
    await rig.stop();
  });

  it('drachtio drops mid-traffic: health says so, calls arriving after the restore are routed, calls in progress end cleanly', async () => {
    const seatA = rig.seat('a1@10.1.1.1', { kind: 'answer', answerAfterMs: 5 });
    const before = await rig.arrive();
    await rig.offerTo(before.call, seatA);
    await rig.event('seat-answered', (e) => e.callId === before.call.callId);

    rig.drachtio.dropConnections(true);
    await until(() => !rig.tel.health().ok, 'health reports the outage');
    assert.match(rig.tel.health().detail, /drachtio unreachable/);
    // Nobody routes INVITEs now: the server itself turns callers away.
    assert.equal((await rig.call().final()).status, 503);

    rig.drachtio.restore();
    await until(() => rig.tel.health().ok && rig.drachtio.readyApps > 0, 'reconnected with routes');

    const seatB = rig.seat('b1@10.1.1.2', { kind: 'answer', answerAfterMs: 5 });
    const after = await rig.arrive();
    assert.equal((await after.caller.final()).status, 200);
    await rig.offerTo(after.call, seatB);
    await rig.event('seat-answered', (e) => e.callId === after.call.callId);

    // The call from before the outage still hangs up properly over the new connection.
    await before.caller.bye();
    await rig.event('call-ended', (e) => e.callId === before.call.callId);
    await until(() => seatA.byeReceived, 'old seat released over the new connection');
    await after.caller.bye();
    await noLeaks(rig);
  });

  it('FreeSWITCH event socket drops: new INVITEs get 503 at once, health says so; after restore subscriptions are back and calls work', async () => {
    const filters = ['Event-Name HEARTBEAT', 'Event-Name BACKGROUND_JOB', 'Channel-Call-State HANGUP', 'Application playback', 'Application endless_playback', 'Application eavesdrop'];
    await until(() => rig.fs.controlFilters().length === filters.length, 'control subscriptions');
    assert.deepEqual(rig.fs.subscriptions(), ['BACKGROUND_JOB', 'CHANNEL_CALLSTATE', 'CHANNEL_EXECUTE_COMPLETE', 'HEARTBEAT']);
    assert.deepEqual(rig.fs.controlFilters(), filters);
    rig.fs.dropEsl(true);
    await until(() => !rig.tel.health().ok, 'health reports FreeSWITCH down');
    assert.match(rig.tel.health().detail, /FreeSWITCH unreachable since \d\d:\d\d:\d\d; new calls get 503/);
    const refused = rig.call();
    assert.equal((await refused.final()).status, 503);
    assert.ok(!rig.events.some((e) => e.type === 'call-arrived'));

    rig.fs.restore();
    await until(() => rig.tel.health().ok, 'event socket back');
    await until(() => rig.fs.controlFilters().length === filters.length, 'subscriptions restored');
    assert.deepEqual(rig.fs.subscriptions(), ['BACKGROUND_JOB', 'CHANNEL_CALLSTATE', 'CHANNEL_EXECUTE_COMPLETE', 'HEARTBEAT']);
    assert.deepEqual(rig.fs.controlFilters(), filters, 'the filters are set again on the new socket');
    await until(() => rig.fs.connectedClients === 3, 'the control connection and its two command lanes back');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(rig.fs.connectedClients, 3, 'no stray reconnect loops');

    // Heartbeats reach the adapter again (fsmrf reads them for capacity).
    rig.fs.emitHeartbeat();
    const seat = rig.seat('c1@10.1.1.3', { kind: 'answer', answerAfterMs: 5 });
    const { caller, call } = await rig.arrive();
    await rig.offerTo(call, seat);
    await rig.event('seat-answered');
    await caller.bye();
    await noLeaks(rig);
  });

  it('a call in progress survives an event-socket blip (FreeSWITCH keeps its channels)', async () => {
    const seat = rig.seat('d1@10.1.1.4', { kind: 'answer', answerAfterMs: 5 });
    const { caller, call } = await rig.arrive();
    await rig.offerTo(call, seat);
    await rig.event('seat-answered');
    rig.fs.dropEsl(false);
    await until(() => rig.fs.connectedClients === 3 && rig.tel.health().ok, 'reconnected');
    await rig.tel.hold(call.callId, 'zh');
    await until(() => rig.fs.live().some((c) => c.playing === '/music/zh.wav'), 'hold still works');
    await caller.bye();
    await noLeaks(rig);
  });

  it('a channel FreeSWITCH ended while the event socket was away (no BYE, no hang-up heard) ends its call once the socket is back', async () => {
    const seat = rig.seat('d2@10.1.1.5', { kind: 'answer', answerAfterMs: 5 });
    const other = rig.seat('d3@10.1.1.6', { kind: 'answer', answerAfterMs: 5 });
    const gone = await rig.arrive();
    await rig.offerTo(gone.call, seat);
    await rig.event('seat-answered', (e) => e.callId === gone.call.callId);
    const kept = await rig.arrive();
    await rig.offerTo(kept.call, other);
    await rig.event('seat-answered', (e) => e.callId === kept.call.callId);
    rig.fs.dropEsl(true);
    await until(() => !rig.tel.health().ok, 'FreeSWITCH seen down');
    // Meanwhile FreeSWITCH loses the first call's channels, telling nobody: no event socket to hear it
    // on, and no BYE (as in a crash and restart).
    const lost = rig.fs.live().filter((c) => c.vars.get('sip_h_X-Hotline-Call-ID') === gone.call.callId);
    assert.equal(lost.length, 2);
    for (const c of lost) rig.fs.vanish(c);
    rig.fs.restore();
    const ended = await rig.event('call-ended', (e) => e.callId === gone.call.callId);
    assert.equal(ended.reason, 'media-failure');
    await gone.caller.waitForBye();
    await until(() => seat.byeReceived, 'the seat phone gets its BYE');
    assert.ok(!rig.events.some((e) => e.type === 'call-ended' && e.callId === kept.call.callId), 'the other call goes on');
    await rig.tel.hold(kept.call.callId, 'zh');
    await kept.caller.bye();
    await noLeaks(rig);
  });

  it('an event socket that stays away past controlLossGraceMs: the live calls are ended (media-failure), the phones get BYEs', async () => {
    await rig.stop();
    rig = await startRig({ controlLossGraceMs: 300 });
    const seat = rig.seat('d4@10.1.1.7', { kind: 'answer', answerAfterMs: 5 });
    const { caller, call } = await rig.arrive();
    await rig.offerTo(call, seat);
    await rig.event('seat-answered');
    rig.fs.dropEsl(true);
    const ended = await rig.event('call-ended', (e) => e.callId === call.callId);
    assert.equal(ended.reason, 'media-failure');
    await caller.waitForBye();
    await until(() => seat.byeReceived, 'the seat phone gets its BYE');
    rig.fs.restore();
    await until(() => rig.tel.health().ok, 'event socket back');
    await noLeaks(rig);
  });

  it('starting while FreeSWITCH is down: degraded, then connects with capped backoff', async () => {
    await rig.stop();
    rig = await startRig();
    rig.fs.dropEsl(true);
    await until(() => !rig.tel.health().ok, 'down');
    await new Promise((r) => setTimeout(r, 600)); // several refused attempts
    rig.fs.restore();
    await until(() => rig.tel.health().ok, 'connected after the outage', 3000);
    await until(() => rig.fs.connectedClients === 3, 'the control connection and its two command lanes');
  });
});
