/**
 * Interop: a take-over on the real servers. Adapter A (this process) queues one SIPp caller with music
 * and connects another to a SIPp seat, records the bridge's facts, and dies the way kill -9 leaves things
 * (every socket closed without a word; nothing of it runs again). Adapter B connects to the same
 * drachtio-server and FreeSWITCH and takes the calls over from FreeSWITCH's channels:
 * - the waiting caller is offered to a new seat and bridged over ESL; the connected call goes on;
 * - B hangs both calls up: every caller and seat gets a BYE (SIPp scenarios that wait for the BYE exit 0)
 *   and nothing is left on FreeSWITCH or drachtio-server;
 * - a caller who hangs up after the take-over: drachtio-server answers its BYE itself (481 on 0.9.10),
 *   B's dialog probe finds the caller gone and ends the call; the seat gets its BYE.
 * What these cases measure is written up in freeswitch.conf.d/README.md, "After a take-over".
 */
import assert from 'node:assert/strict';
import type { CallFacts, InboundCall } from '../../telephony/telephony-port.js';
import { crash } from '../telephony/drachtio/take-over-rig.js';
import { callerArgs, eventually, freeswitchApi, freeswitchChannels, leaks, ports, requireRealServers, seatArgs, Session } from './interop-env.js';
import { sipp, VOICE } from './sipp-runner.js';

describe('interop: take-over of a dead bridge\'s calls', function () {
  this.timeout(180_000);
  let a: Session | undefined;
  let b: Session | undefined;

  before(async function () {
    await requireRealServers(this);
  });
  afterEach(async () => {
    await b?.stop();
    b = undefined;
    a = undefined;
  });

  const facts = (call: InboundCall, over: Partial<CallFacts> = {}): CallFacts => ({
    state: 'waiting', arrivedAt: call.arrivedAt, priority: 0, language: 'zh', languageStrength: 'preferred', desk: 'general', ...over,
  });

  /** FreeSWITCH holds the facts A wrote for these calls (they are written without waiting, like on the call path). */
  async function recorded(callIds: string[], variable = 'hotline_facts'): Promise<void> {
    const have = async () => {
      const rows = (JSON.parse((await freeswitchApi('show channels as json')).trim() || '{}') as { rows?: Array<{ uuid: string }> }).rows ?? [];
      const withFacts = new Set<string>();
      for (const r of rows) {
        const facts = (await freeswitchApi(`uuid_getvar ${r.uuid} ${variable}`)).trim();
        if (facts && facts !== '_undef_' && !facts.startsWith('-ERR')) withFacts.add((await freeswitchApi(`uuid_getvar ${r.uuid} sip_h_X-Hotline-Call-ID`)).trim());
      }
      return callIds.every((id) => withFacts.has(id)) ? true : undefined;
    };
    for (let i = 0; i < 100 && !(await have()); i++) await new Promise((r) => setTimeout(r, 100));
  }

  async function dieAndTakeOver(): Promise<Session> {
    crash(a!.tel);
    const next = await Session.start({ dialogProbeMs: 1000 });
    return next;
  }

  it('waiting and connected calls survive: B offers the waiting caller, the connected call goes on, B hangs both up cleanly', async () => {
    a = await Session.start();
    const p = ports();
    const seat1 = sipp('seat-answer.xml', seatArgs(p.seat, 200), { voiceHz: VOICE.seat, timeoutSec: 120 });
    const talking = sipp('caller-wait-bye.xml', callerArgs(p.caller), { timeoutSec: 120 });
    const talkCall = await a.arrived(0);
    await a.offer(talkCall, p.seat);
    await a.seen('seat-answered', (e) => e.callId === talkCall.callId);
    a.tel.annotate(talkCall.callId, facts(talkCall, { state: 'connected', seatId: `seat-${p.seat}`, contactMode: 'office', answeredAt: Date.now() }));
    const waiting = sipp('caller-wait-bye.xml', callerArgs(p.caller2), { timeoutSec: 120 });
    const waitCall = await a.arrived(1);
    await a.tel.playQueueMusic(waitCall.callId, 'zh');
    a.tel.annotate(waitCall.callId, facts(waitCall));
    await recorded([talkCall.callId, waitCall.callId]);

    b = await dieAndTakeOver();
    const found = await b.tel.recoverCalls();
    assert.equal(found.find((r) => r.callId === talkCall.callId)?.found, 'connected', JSON.stringify(found));
    assert.equal(found.find((r) => r.callId === waitCall.callId)?.found, 'waiting', JSON.stringify(found));
    assert.equal(await freeswitchChannels(), 3, 'two callers and a seat leg still up');

    const seat2 = sipp('seat-answer.xml', seatArgs(p.seat2, 200), { voiceHz: VOICE.seat, timeoutSec: 120 });
    await b.tel.playQueueMusic(waitCall.callId, 'zh');
    await b.offer(waitCall, p.seat2);
    await b.seen('seat-answered', (e) => e.callId === waitCall.callId, 20_000);

    await b.tel.hangup(talkCall.callId, 'seat-hangup');
    await b.tel.hangup(waitCall.callId, 'seat-hangup');
    for (const [name, run] of [['connected caller', talking], ['first seat', seat1], ['waiting caller', waiting], ['second seat', seat2]] as const) {
      const r = await run.done;
      assert.equal(r.code, 0, `${name}: ${r.output.slice(0, 1500)}`);
    }
    assert.equal(await eventually(freeswitchChannels, 0, 10_000), 0);
    assert.equal(await leaks(b.tel), '');
  });

  it("a caller who hangs up after the take-over: drachtio-server answers the BYE itself, B's probe ends the call and the seat gets its BYE", async () => {
    a = await Session.start();
    const p = ports();
    const seat = sipp('seat-answer.xml', seatArgs(p.seat, 200), { voiceHz: VOICE.seat, timeoutSec: 120 });
    const caller = sipp('caller-any-bye.xml', callerArgs(p.caller, { talkMs: 8000 }), { timeoutSec: 120 });
    const call = await a.arrived(0);
    await a.offer(call, p.seat);
    await a.seen('seat-answered');
    a.tel.annotate(call.callId, facts(call, { state: 'connected', seatId: `seat-${p.seat}`, contactMode: 'office', answeredAt: Date.now() }));
    await recorded([call.callId]);

    b = await dieAndTakeOver();
    const found = await b.tel.recoverCalls();
    assert.equal(found.find((r) => r.callId === call.callId)?.found, 'connected', JSON.stringify(found));
    const callerRun = await caller.done;
    assert.equal(callerRun.code, 0, callerRun.output.slice(0, 1500));
    const ended = await b.seen('call-ended', (e) => e.callId === call.callId, 30_000);
    assert.equal(ended.reason, 'caller-hangup');
    assert.equal((await seat.done).code, 0, 'the seat got its BYE');
    assert.equal(await leaks(b.tel), '');
  });

  it('a caller whose bridge died before recording any facts comes back waiting, facts null (the centre routes it again)', async () => {
    a = await Session.start();
    const p = ports();
    const caller = sipp('caller-any-bye.xml', callerArgs(p.caller, { talkMs: 20_000 }), { timeoutSec: 60 });
    const call = await a.arrived(0);
    // A dies while the centre is routing: no facts, but the adapter recorded the caller itself on answering.
    await recorded([call.callId], 'hotline_caller');
    b = await dieAndTakeOver();
    const found = await b.tel.recoverCalls();
    const r = found.find((x) => x.callId === call.callId);
    assert.ok(r, JSON.stringify(found));
    assert.equal(r.facts, null);
    assert.equal(r.found, 'waiting');
    await b.tel.hangup(call.callId, 'bridge-hangup');
    await caller.done;
    assert.equal(await leaks(b.tel), '');
  });
});
