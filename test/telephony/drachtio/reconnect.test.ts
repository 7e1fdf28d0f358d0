/**
 * What a drachtio reconnect and a drachtio-server restart do to live calls, as drachtio-server 0.9.10
 * behaves (the double follows it): after a reconnect, a phone's in-dialog request for an older call
 * gets 481 and never reaches the adapter (drachtio-server #66, #432); after a restart the server has
 * forgotten every dialog. The adapter probes those calls' dialogs and ends a call whose phone is gone
 * within one probe period, releasing every FreeSWITCH channel (over ESL when its SIP dialog is gone).
 */
import assert from 'node:assert/strict';
import { noLeaks, startRig, until, type Rig } from './rig.js';

describe('drachtio adapter: live calls across a drachtio reconnect or restart', function () {
  let rig: Rig;
  beforeEach(async () => {
    rig = await startRig();
  });
  afterEach(async () => {
    await rig.stop();
  });

  async function connectedCall(aor: string) {
    const seat = rig.seat(aor, { kind: 'answer', answerAfterMs: 5 });
    const c = await rig.arrive();
    await rig.offerTo(c.call, seat);
    await rig.event('seat-answered', (e) => e.callId === c.call.callId);
    return { ...c, seat };
  }

  async function reconnect(): Promise<void> {
    rig.drachtio.dropConnections(true);
    await until(() => !rig.tel.health().ok, 'outage seen');
    rig.drachtio.restore();
    await until(() => rig.tel.health().ok && rig.drachtio.readyApps > 0, 'reconnected');
  }

  it("the caller's BYE after a reconnect gets 481 from drachtio, yet the call ends within a probe period and the seat is released", async () => {
    const { caller, call, seat } = await connectedCall('8501@10.1.0.151');
    await reconnect();
    assert.equal((await caller.bye()).status, 481, 'drachtio-server refuses the BYE: the dialog belonged to the old connection');
    assert.equal(rig.drachtio.orphanedRequests, 1);
    assert.equal((await rig.event('call-ended', (e) => e.callId === call.callId)).reason, 'caller-hangup');
    await until(() => seat.byeReceived, 'seat hung up over the new connection');
    assert.equal(rig.tel.health().counters.deadDialogsFound, 1);
    await noLeaks(rig);
  });

  it("the seat's BYE after a reconnect: call-ended seat-hangup, the caller is released", async () => {
    const { caller, call, seat } = await connectedCall('8502@10.1.0.152');
    await reconnect();
    await seat.hangUp();
    assert.equal((await rig.event('call-ended', (e) => e.callId === call.callId)).reason, 'seat-hangup');
    await until(() => caller.byeReceived, 'caller hung up');
    await noLeaks(rig);
  });

  it('a call whose phones are still there survives the reconnect and the probes, and still works', async () => {
    const { caller, call, seat } = await connectedCall('8503@10.1.0.153');
    await reconnect();
    await until(() => caller.optionsReceived >= 2 && seat.optionsReceived >= 2, 'probed a few times');
    assert.ok(!rig.events.some((e) => e.type === 'call-ended'));
    await rig.tel.hold(call.callId, 'zh');
    await rig.tel.resume(call.callId);
    await rig.tel.hangup(call.callId, 'seat-hangup');
    await until(() => caller.byeReceived && seat.byeReceived, 'both released over the new connection');
    await noLeaks(rig);
    const probesAfter = caller.optionsReceived;
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(caller.optionsReceived, probesAfter, 'probing stops when no old call is left');
  });

  it('calls made after the reconnect are not probed', async () => {
    await reconnect();
    const { caller } = await connectedCall('8504@10.1.0.154');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(caller.optionsReceived, 0);
    await caller.bye();
    await noLeaks(rig);
  });

  it('drachtio-server restarts mid-call: every dialog is gone; the call ends and FreeSWITCH holds no channel', async () => {
    const { call } = await connectedCall('8505@10.1.0.155');
    rig.drachtio.restart();
    await until(() => rig.tel.health().ok && rig.drachtio.readyApps > 0, 'reconnected to the restarted server');
    const ended = await rig.event('call-ended', (e) => e.callId === call.callId);
    assert.equal(ended.reason, 'caller-hangup');
    // Their SIP dialogs died with the server: the channels are hung up over the event socket.
    await until(() => rig.fs.liveChannels() === 0, 'FreeSWITCH channels killed over ESL');
    await noLeaks(rig);
    // New calls work on the restarted server.
    const next = await connectedCall('8506@10.1.0.156');
    await next.caller.bye();
    await noLeaks(rig);
  });
});
