/**
 * The real adapter taking over a dead bridge's calls, on the protocol doubles: adapter A holds three
 * waiting callers and two connected ones (one on hold), records the bridge's facts, and dies the way
 * kill -9 leaves things. Adapter B connects to the same drachtio-server and FreeSWITCH, finds the calls
 * on FreeSWITCH's channels and drives them: offers the waiting callers, hangs up for an agent (both
 * FreeSWITCH channels end, the caller and the desk phone get a BYE), notices a caller or an agent who
 * hangs up after the take-over (their BYEs never reach B), and hangs up a tagged channel nobody can claim.
 */
import assert from 'node:assert/strict';
import { DrachtioServerDouble } from '../../../fixtures/doubles/drachtio-server-double.js';
import type { EmulatedCaller } from '../../../fixtures/doubles/emulated-caller.js';
import { FreeswitchDouble } from '../../../fixtures/doubles/freeswitch-double.js';
import { SeatPhone } from '../../../fixtures/doubles/seat-phone.js';
import { CALL_ID_VARIABLE } from '../../../telephony/drachtio/tagged-channels.js';
import type { CallFacts, InboundCall, RecoveredCall } from '../../../telephony/telephony-port.js';
import { ESL_PASSWORD, SECRET, TRUNK_IP, until } from './rig.js';
import { adapterOn, crash, type Adapter } from './take-over-rig.js';

describe('drachtio adapter: take-over of a dead bridge\'s calls', function () {
  this.timeout(30_000);
  let drachtio: DrachtioServerDouble;
  let fs: FreeswitchDouble;
  let fsPort: number;
  let a: Adapter;
  let b: Adapter | undefined;
  let phones: SeatPhone[];
  let offerSeq = 0;

  beforeEach(async () => {
    drachtio = new DrachtioServerDouble({ secret: SECRET });
    await drachtio.start();
    fs = new FreeswitchDouble({ password: ESL_PASSWORD, drachtio });
    fsPort = (await fs.start()).port;
    phones = ['1001@10.1.0.11', '1002@10.1.0.12', '1003@10.1.0.13'].map((aor) => new SeatPhone(drachtio, aor, { kind: 'answer', answerAfterMs: 5 }));
    a = await adapterOn(drachtio, fs, fsPort);
  });

  afterEach(async () => {
    await b?.tel.stop();
    b = undefined;
    await fs.stop();
    await drachtio.stop();
  });

  async function arrive(on: Adapter, language = 'zh'): Promise<{ caller: EmulatedCaller; call: InboundCall }> {
    const seen = new Set(on.events.filter((e) => e.type === 'call-arrived').map((e) => (e as { call: InboundCall }).call.callId));
    const caller = drachtio.call({ source: { address: TRUNK_IP, port: 5060 }, headers: { 'X-Language': language } });
    const e = await on.event('call-arrived', (x) => !seen.has(x.call.callId));
    await caller.final();
    assert.equal(caller.finalResponse?.status, 200);
    return { caller, call: e.call };
  }

  async function connect(on: Adapter, call: InboundCall, phone: SeatPhone): Promise<string> {
    const offerId = `o${++offerSeq}`;
    await on.tel.offer(call.callId, {
      offerId, seatId: phone.aor.split('@')[0] ?? 'seat', contact: phone.uri, ringTimeoutMs: 3000,
      callerIdNumber: call.callerNumber, callerDisplayName: call.callerDisplayName,
    });
    await on.event('seat-answered', (e) => e.offerId === offerId);
    return offerId;
  }

  const facts = (call: InboundCall, over: Partial<CallFacts>): CallFacts => ({
    state: 'waiting', arrivedAt: call.arrivedAt, priority: 0, language: 'zh', languageStrength: 'preferred', desk: 'general', ...over,
  });

  /** FreeSWITCH holds the facts A recorded (they are written without waiting, like on the call path). */
  async function factsRecorded(calls: InboundCall[]): Promise<void> {
    await until(() => calls.every((c) => fs.live().some((ch) => ch.vars.get(CALL_ID_VARIABLE) === c.callId && ch.vars.has('hotline_facts'))), 'facts on FreeSWITCH');
  }

  const callerChannel = (callId: string) => fs.live().find((ch) => ch.vars.get(CALL_ID_VARIABLE) === callId && ch.vars.has('hotline_caller'));

  /** A: three waiting callers (known order, one urgent), one connected call, one held call; then A dies. */
  async function stageAndCrash(end: (tel: Adapter['tel']) => Promise<void> | void = crash) {
    const waiting = [await arrive(a), await arrive(a, 'kk'), await arrive(a)];
    const talking = await arrive(a);
    const holding = await arrive(a);
    for (const w of waiting) await a.tel.playQueueMusic(w.call.callId, 'zh');
    await connect(a, talking.call, phones[0]!);
    await connect(a, holding.call, phones[1]!);
    await a.tel.hold(holding.call.callId, 'zh');
    const t0 = 1_700_000_000_000;
    a.tel.annotate(waiting[0]!.call.callId, facts(waiting[0]!.call, { arrivedAt: t0 + 1000 }));
    a.tel.annotate(waiting[1]!.call.callId, facts(waiting[1]!.call, { arrivedAt: t0 + 2000, language: 'kk', languageStrength: 'required', priority: 5 }));
    // The third was ringing a seat when the bridge died: the offer is void, the caller waits again.
    a.tel.annotate(waiting[2]!.call.callId, facts(waiting[2]!.call, { arrivedAt: t0 + 3000, state: 'offered', seatId: '1003' }));
    a.tel.annotate(talking.call.callId, facts(talking.call, { arrivedAt: t0, state: 'connected', seatId: '1001', contactMode: 'office', answeredAt: t0 + 500 }));
    a.tel.annotate(holding.call.callId, facts(holding.call, { arrivedAt: t0 + 100, state: 'held', seatId: '1002', contactMode: 'office', answeredAt: t0 + 600 }));
    await factsRecorded([...waiting, talking, holding].map((x) => x.call));
    // Everything A started has reached FreeSWITCH (the held caller's music is queued after the hold).
    await until(() => [holding, ...waiting].every((x) => callerChannel(x.call.callId)?.playing === '/music/zh.wav'), 'music everywhere');
    await end(a.tel);
    await until(() => drachtio.readyApps === 0 && fs.connectedClients === 0, 'A gone from both servers');
    return { waiting, talking, holding, t0 };
  }

  const byId = (found: RecoveredCall[], callId: string) => {
    const r = found.find((x) => x.callId === callId);
    assert.ok(r, `call ${callId} not recovered`);
    return r;
  };

  it('B finds every call with its facts, keeps the connected ones, hangs up what nobody can claim', async () => {
    const staged = await stageAndCrash();
    const channelsBefore = fs.liveChannels();
    const ghost = fs.createStrayChannel({ [CALL_ID_VARIABLE]: 'ghost-of-a-call' });
    b = await adapterOn(drachtio, fs, fsPort);
    const found = await b.tel.recoverCalls();

    assert.equal(found.length, 6);
    for (const [i, w] of staged.waiting.entries()) {
      const r = byId(found, w.call.callId);
      assert.equal(r.found, 'waiting');
      assert.equal(r.facts?.arrivedAt, staged.t0 + 1000 * (i + 1), 'the original arrival time comes back');
      assert.deepEqual(r.call, w.call, 'the call as it arrived, number and hints included');
    }
    assert.equal(byId(found, staged.waiting[1]!.call.callId).facts?.priority, 5);
    assert.equal(byId(found, staged.waiting[2]!.call.callId).facts?.state, 'offered');
    const talking = byId(found, staged.talking.call.callId);
    assert.equal(talking.found, 'connected');
    assert.equal(talking.seatId, '1001');
    const holding = byId(found, staged.holding.call.callId);
    assert.equal(holding.found, 'held');
    assert.equal(holding.seatId, '1002');
    const ghostCall = byId(found, 'ghost-of-a-call');
    assert.equal(ghostCall.found, 'hung-up');
    assert.equal(ghostCall.call, null);
    assert.equal(fs.channels.get(ghost)?.alive ?? false, false, 'the unclaimed channel is hung up');
    assert.ok(b.logs.some((l) => l.includes('ghost-of-a-call') && l.includes('nobody can claim it')), 'and logged with its call id');
    assert.equal(fs.liveChannels(), channelsBefore, 'every claimed channel is still up');
    assert.equal(b.tel.health().liveCalls, 5);
    assert.ok(staged.talking.caller.answered && !staged.talking.caller.byeReceived && phones[0]!.connected, 'the connected call goes on');
    assert.equal(b.tel.health().counters.orphanChannelsHungUp, 1);
  });

  it('B drives the adopted calls: music, an offer to a free seat, hold/resume, and an agent hang-up ends both legs', async () => {
    const staged = await stageAndCrash();
    b = await adapterOn(drachtio, fs, fsPort);
    await b.tel.recoverCalls();

    const first = staged.waiting[0]!.call.callId;
    await b.tel.playQueueMusic(first, 'zh');
    await until(() => callerChannel(first)?.playing === '/music/zh.wav', 'music for the adopted caller');

    await connect(b, staged.waiting[0]!.call, phones[2]!);
    const callerCh = callerChannel(first)!;
    assert.ok(callerCh.bridgedWith, 'the adopted caller is bridged to the new seat leg');
    assert.ok(phones[2]!.connected);

    const held = staged.holding.call.callId;
    await b.tel.resume(held);
    assert.ok(callerChannel(held)?.bridgedWith, 'the held caller is back with the agent');
    await b.tel.hold(held, 'zh');
    await until(() => callerChannel(held)?.playing === '/music/zh.wav', 'hold music again');

    const talking = staged.talking.call.callId;
    const talkingCh = callerChannel(talking)!;
    const seatCh = fs.channels.get(talkingCh.bridgedWith ?? '')!;
    await b.tel.hangup(talking, 'seat-hangup');
    await b.event('call-ended', (e) => e.callId === talking);
    await until(() => !talkingCh.alive && !seatCh.alive, 'both FreeSWITCH channels of the call gone');
    await until(() => staged.talking.caller.byeReceived, 'the caller got a BYE');
    await until(() => phones[0]!.byeReceived, 'the desk phone got a BYE');
  });

  it("a caller's BYE after the take-over is refused by drachtio (481), yet B ends the call within a probe period", async () => {
    const staged = await stageAndCrash();
    b = await adapterOn(drachtio, fs, fsPort);
    await b.tel.recoverCalls();
    const w = staged.waiting[1]!;
    const ch = callerChannel(w.call.callId)!;
    const res = await w.caller.bye();
    assert.equal(res.status, 481, 'drachtio-server does not hand a dead app\'s dialog to the new one');
    const ended = await b.event('call-ended', (e) => e.callId === w.call.callId);
    assert.equal(ended.reason, 'caller-hangup');
    await until(() => !ch.alive, 'its FreeSWITCH channel hung up');

    // The connected caller hangs up: the agent's phone gets its BYE.
    const t = staged.talking;
    assert.equal((await t.caller.bye()).status, 481);
    assert.equal((await b.event('call-ended', (e) => e.callId === t.call.callId)).reason, 'caller-hangup');
    await until(() => phones[0]!.byeReceived, 'the desk phone got a BYE');
    assert.equal(b.tel.health().counters.deadDialogsFound, 2);
  });

  it("an agent who puts the phone down after the take-over: the call ends (seat-hangup) and the caller gets a BYE", async () => {
    const staged = await stageAndCrash();
    b = await adapterOn(drachtio, fs, fsPort);
    await b.tel.recoverCalls();
    const h = staged.holding;
    await b.tel.resume(h.call.callId);
    await phones[1]!.hangUp();
    const ended = await b.event('call-ended', (e) => e.callId === h.call.callId);
    assert.equal(ended.reason, 'seat-hangup');
    await until(() => h.caller.byeReceived, 'the caller got a BYE');
  });

  it('when drachtio-server does hand the dead app\'s dialogs over, a caller\'s BYE ends the call at once (200)', async () => {
    const staged = await stageAndCrash();
    drachtio.orphanedDialogRequests = 'deliver';
    b = await adapterOn(drachtio, fs, fsPort, { dialogProbeMs: 600_000 });
    await b.tel.recoverCalls();
    const w = staged.waiting[0]!;
    assert.equal((await w.caller.bye()).status, 200);
    assert.equal((await b.event('call-ended', (e) => e.callId === w.call.callId)).reason, 'caller-hangup');
  });

  it('a connected call whose agent hung up while no bridge was there is ended by the take-over', async () => {
    const staged = await stageAndCrash();
    await phones[0]!.hangUp(); // 481: nobody hears it; FreeSWITCH's seat leg stays up until it is killed
    const callerCh = callerChannel(staged.talking.call.callId)!;
    const seatCh = fs.channels.get(callerCh.bridgedWith ?? '')!;
    // The seat leg's media times out; with hangup_after_bridge=false the caller's leg is parked, not hung up.
    fs.apps.api(`uuid_transfer ${callerCh.uuid} park inline`);
    fs.hangup(seatCh, 'MEDIA_TIMEOUT', false);
    b = await adapterOn(drachtio, fs, fsPort);
    const found = await b.tel.recoverCalls();
    const r = byId(found, staged.talking.call.callId);
    assert.equal(r.found, 'hung-up');
    await until(() => staged.talking.caller.byeReceived, 'the caller got a BYE');
    assert.equal(callerChannel(staged.talking.call.callId), undefined);
  });

  it('a bridge that lost its lease lets go of its calls without a word (stop leaveCalls); B takes them over', async () => {
    const before = { sent: drachtio.sentByApp.length, commands: fs.commands.length };
    const staged = await stageAndCrash(async (tel) => {
      before.sent = drachtio.sentByApp.length;
      before.commands = fs.commands.length;
      await tel.stop({ leaveCalls: true });
    });
    assert.deepEqual(drachtio.sentByApp.slice(before.sent).map((m) => m.method), [], 'no BYE, CANCEL or OPTIONS from A');
    assert.deepEqual(fs.commands.slice(before.commands).filter((c) => /uuid_kill|hangup|uuid_break/.test(c)), [], 'no hang-up on FreeSWITCH from A');
    assert.equal(a.events.filter((e) => e.type === 'call-ended').length, 0);
    b = await adapterOn(drachtio, fs, fsPort);
    const found = await b.tel.recoverCalls();
    assert.deepEqual(found.map((r) => r.found).sort(), ['connected', 'held', 'waiting', 'waiting', 'waiting']);
    assert.ok(!staged.talking.caller.byeReceived && phones[0]!.connected);
  });

  it('leaves nothing behind once every adopted call is over', async () => {
    const staged = await stageAndCrash();
    b = await adapterOn(drachtio, fs, fsPort);
    await b.tel.recoverCalls();
    for (const x of [...staged.waiting, staged.talking, staged.holding]) await b.tel.hangup(x.call.callId, 'bridge-hangup');
    await until(() => fs.liveChannels() === 0 && b!.tel.health().liveCalls === 0 && b!.tel.health().liveChannels === 0, 'nothing left');
    await until(() => [...staged.waiting, staged.talking, staged.holding].every((x) => x.caller.byeReceived), 'every caller got a BYE');
  });
});
