/**
 * A take-over end to end at the call centre, on the real drachtio adapter and the protocol doubles:
 * bridge A has three callers waiting (known order) and two talking (one on hold); A dies the way kill -9
 * leaves things. Bridge B connects to the same drachtio-server and FreeSWITCH, recovers the calls and
 * adopts them: the talking calls are on their seats (snapshot), the waiting ones are offered in their
 * original order as seats free, an agent's hang-up ends both legs, a caller who hangs up after the
 * take-over is noticed, and a tagged channel nobody can claim is hung up.
 */
import assert from 'node:assert/strict';
import pino from 'pino';
import { CallState, SeatState, type CallCenterEvent } from '../../../bridge/calls/call-center-api.js';
import { CallCenterService } from '../../../bridge/calls/call-center.js';
import { systemClock } from '../../../bridge/domain/clock.js';
import { DrachtioServerDouble } from '../../../fixtures/doubles/drachtio-server-double.js';
import type { EmulatedCaller } from '../../../fixtures/doubles/emulated-caller.js';
import { FreeswitchDouble } from '../../../fixtures/doubles/freeswitch-double.js';
import { SeatPhone } from '../../../fixtures/doubles/seat-phone.js';
import { CALL_ID_VARIABLE } from '../../../telephony/drachtio/tagged-channels.js';
import { FACTS_VAR, STATE_VAR, decodeFacts } from '../../../telephony/drachtio/call-annotations.js';
import { ESL_PASSWORD, SECRET, TRUNK_IP, until } from '../../telephony/drachtio/rig.js';
import { adapterOn, crash, type Adapter } from '../../telephony/drachtio/take-over-rig.js';
import { target, testConfig } from './call-center-fixture.js';

describe('call centre: take-over of a dead bridge\'s calls (real adapter, protocol doubles)', function () {
  this.timeout(40_000);
  let drachtio: DrachtioServerDouble;
  let fs: FreeswitchDouble;
  let fsPort: number;
  let phones: Map<string, SeatPhone>;
  let a: { tel: Adapter; cc: CallCenterService };
  let b: { tel: Adapter; cc: CallCenterService; events: CallCenterEvent[] } | undefined;
  let arrivedOrder: string[];

  const config = () => {
    const c = testConfig({
      seats: ['s1', 's2', 's3'].map((id, i) => ({ id, name: `坐席${i + 1}`, languages: ['zh'], desks: ['general'], officeContact: `sip:${id}@10.7.0.${i + 1}` })),
    });
    c.telephony.commandTimeoutMs = 800;
    return c;
  };

  async function centre(tel: Adapter) {
    const events: CallCenterEvent[] = [];
    const cc = new CallCenterService({
      config: config(),
      telephony: tel.tel,
      route: async () => ({ target: target({ language: 'zh' }), didLabel: '12345 热线' }),
      clock: systemClock,
      logger: pino({ level: 'silent' }),
    });
    cc.on((e) => events.push(e));
    return { tel, cc, events };
  }

  beforeEach(async () => {
    drachtio = new DrachtioServerDouble({ secret: SECRET });
    await drachtio.start();
    fs = new FreeswitchDouble({ password: ESL_PASSWORD, drachtio });
    fsPort = (await fs.start()).port;
    phones = new Map(['s1', 's2', 's3'].map((id, i) => [id, new SeatPhone(drachtio, `${id}@10.7.0.${i + 1}`, { kind: 'answer', answerAfterMs: 5 })]));
    a = await centre(await adapterOn(drachtio, fs, fsPort));
    arrivedOrder = [];
  });

  afterEach(async () => {
    b?.cc.close();
    await b?.tel.tel.stop();
    b = undefined;
    await fs.stop();
    await drachtio.stop();
  });

  async function dial(): Promise<{ caller: EmulatedCaller; callId: string }> {
    const seen = new Set(a.tel.events.filter((e) => e.type === 'call-arrived').map((e) => (e as { call: { callId: string } }).call.callId));
    const caller = drachtio.call({ source: { address: TRUNK_IP, port: 5060 } });
    const e = await a.tel.event('call-arrived', (x) => !seen.has(x.call.callId));
    await caller.final();
    arrivedOrder.push(e.call.callId);
    return { caller, callId: e.call.callId };
  }

  const state = (callId: string) => {
    const ch = fs.live().find((c) => c.vars.get(CALL_ID_VARIABLE) === callId && c.vars.has('hotline_caller'));
    return ch ? decodeFacts(ch.vars.get(FACTS_VAR), ch.vars.get(STATE_VAR))?.state : undefined;
  };

  /** Bridge A: s1 and s2 talking (s2's caller on hold), three callers waiting; then A dies. */
  async function stageAndCrash() {
    a.cc.login('s1');
    const talking = await dial();
    await until(() => a.cc.call(talking.callId)?.state === CallState.Connected, 'first call connected to s1');
    a.cc.login('s2');
    const holding = await dial();
    await until(() => a.cc.call(holding.callId)?.state === CallState.Connected, 'second call connected to s2');
    await a.cc.hold('s2', holding.callId);
    const waiting = [await dial(), await dial(), await dial()];
    await until(() => waiting.every((w) => a.cc.call(w.callId)?.state === CallState.Queued), 'three callers waiting');
    const arrivedAt = new Map(arrivedOrder.map((id) => [id, a.cc.call(id)!.arrivedAt]));
    await until(
      () => state(talking.callId) === 'connected' && state(holding.callId) === 'held' && waiting.every((w) => state(w.callId) === 'waiting'),
      'the bridge\'s facts on FreeSWITCH',
    );
    a.cc.close();
    crash(a.tel.tel);
    await until(() => drachtio.readyApps === 0 && fs.connectedClients === 0, 'A gone');
    return { talking, holding, waiting, arrivedAt };
  }

  it('B keeps the talking calls on their seats and re-queues the waiting ones in their original order with their arrival times', async () => {
    const staged = await stageAndCrash();
    const ghost = fs.createStrayChannel({ [CALL_ID_VARIABLE]: 'left-by-nobody-knows' });
    b = await centre(await adapterOn(drachtio, fs, fsPort));
    const report = await b.cc.adoptCalls(await b.tel.tel.recoverCalls());
    assert.deepEqual(report, { requeued: 3, connected: 2, hungUp: 0, unclaimed: 1 });
    assert.equal(fs.channels.get(ghost)?.alive ?? false, false, 'the unclaimed channel is hung up');

    // On their seats, as the desktop's snapshot shows them.
    const s1 = b.cc.seat('s1')!;
    assert.equal(s1.state, SeatState.OnCall);
    assert.equal(b.cc.call(staged.talking.callId)?.seatId, 's1');
    assert.equal(b.cc.call(staged.talking.callId)?.state, CallState.Connected);
    assert.equal(b.cc.call(staged.holding.callId)?.state, CallState.Held);
    assert.equal(b.cc.seat('s2')?.state, SeatState.OnCall);
    assert.ok(staged.talking.caller.answered && !staged.talking.caller.byeReceived, 'the caller is still talking');
    for (const w of staged.waiting) {
      const view = b.cc.call(w.callId);
      assert.ok(view);
      assert.equal(view.state, CallState.Queued);
      assert.equal(view.arrivedAt, staged.arrivedAt.get(w.callId), 'original arrival time kept');
    }
    const adopted = b.events.filter((e) => e.type === 'call' && e.kind === 'adopted').map((e) => (e as { call: { id: string } }).call.id);
    assert.deepEqual(adopted.slice(2), staged.waiting.map((w) => w.callId), 'waiting calls re-queued in their original order');
    assert.deepEqual(new Set(adopted.slice(0, 2)), new Set([staged.talking.callId, staged.holding.callId]));

    // Seats free one by one: the waiting callers are offered in their original order.
    b.cc.login('s3');
    await until(() => b!.cc.call(staged.waiting[0]!.callId)?.state === CallState.Connected, 'first waiting caller connected to s3');
    await b.cc.hangup('s1', staged.talking.callId);
    await until(() => staged.talking.caller.byeReceived && phones.get('s1')!.byeReceived, 'caller and desk phone got their BYE');
    b.cc.completeWrapUp('s1', { disposition: 'resolved' });
    await until(() => b!.cc.call(staged.waiting[1]!.callId)?.state === CallState.Connected, 'second waiting caller connected to s1');
    const offered = b.events.filter((e) => e.type === 'call' && e.kind === 'offered').map((e) => (e as { call: { id: string } }).call.id);
    assert.deepEqual(offered, [staged.waiting[0]!.callId, staged.waiting[1]!.callId]);

    // The third waiting caller gives up: drachtio refuses the BYE (481), B notices anyway.
    const last = staged.waiting[2]!;
    assert.equal((await last.caller.bye()).status, 481);
    await until(() => b!.cc.call(last.callId)?.state === CallState.Abandoned, 'the caller who hung up is abandoned');
  });

  it("the agent hangs up a taken-over call: both FreeSWITCH channels end, caller and desk phone get a BYE, the seat wraps up", async () => {
    const staged = await stageAndCrash();
    b = await centre(await adapterOn(drachtio, fs, fsPort));
    await b.cc.adoptCalls(await b.tel.tel.recoverCalls());
    const channels = fs.live().filter((ch) => ch.vars.get(CALL_ID_VARIABLE) === staged.holding.callId);
    assert.equal(channels.length, 2, 'caller and seat legs');
    await b.cc.resume('s2', staged.holding.callId);
    await b.cc.hangup('s2', staged.holding.callId);
    assert.equal(b.cc.seat('s2')?.state, SeatState.WrapUp);
    await until(() => channels.every((ch) => !ch.alive), 'both channels hung up');
    await until(() => staged.holding.caller.byeReceived && phones.get('s2')!.byeReceived, 'BYEs sent');
    assert.equal(b.cc.call(staged.holding.callId)?.state, CallState.Ended);
  });
});
