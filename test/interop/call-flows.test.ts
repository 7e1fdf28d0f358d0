/**
 * Interop: the flows a centre runs all day, on real drachtio-server + FreeSWITCH with SIPp phones —
 * queued with music then served, a re-offer after no answer, the caller hanging up while a seat rings
 * or while it is being bridged, a three-way call, a transfer to a language seat, a seat that never
 * answers the CANCEL. Each ends with the leak check and every SIPp phone released.
 */
import assert from 'node:assert/strict';
import { readWav, toneLevel } from '../telephony/wav-analysis.js';
import { callerArgs, eventually, freeswitchApi, freeswitchBridges, freeswitchChannels, leaks, ports, RECORDINGS_DIR, requireRealServers, seatArgs, Session } from './interop-env.js';
import { sipp, VOICE } from './sipp-runner.js';

describe('interop: call flows on real servers', function () {
  this.timeout(90_000);
  let s: Session | undefined;

  before(async function () {
    await requireRealServers(this);
  });
  afterEach(async () => {
    await s?.stop();
    s = undefined;
  });

  it('queued with music, then served: the caller hears the music, then the agent (checked in the recording)', async () => {
    const p = ports();
    s = await Session.start();
    const seat = sipp('seat-answer.xml', seatArgs(p.seat, 200), { voiceHz: VOICE.seat });
    const caller = sipp('caller.xml', callerArgs(p.caller, { talkMs: 6000 }));
    const call = await s.arrived();
    await s.tel.playQueueMusic(call.callId, 'zh');
    await new Promise((r) => setTimeout(r, 2000)); // queued: nobody free
    await s.offer(call, p.seat);
    await s.seen('seat-answered');
    assert.equal(await eventually(freeswitchBridges, 1), 1);
    assert.equal((await caller.done).code, 0);
    assert.equal((await seat.done).code, 0, 'seat got its BYE');
    assert.equal(await leaks(s.tel), '');
    const queued = s.timeOf((e) => e.type === 'seat-answered') - s.timeOf((e) => e.type === 'call-arrived');
    const wav = readWav(`${RECORDINGS_DIR}/${new Date(call.arrivedAt).toISOString().slice(0, 10)}/${call.callId}.wav`);
    // HOLD_MUSIC is a 400/450 Hz tone stream: it is what the caller heard (right channel) while queued.
    const music = Math.max(toneLevel(wav, 1, 400, 300, 1500), toneLevel(wav, 1, 450, 300, 1500));
    assert.ok(music > 0.02, `hold music in the first ${queued} ms (level ${music.toFixed(3)})`);
    assert.ok(toneLevel(wav, 1, VOICE.seat, wav.durationMs - 2000, wav.durationMs - 200) > 0.02, 'then the agent');
  });

  it('no answer, then a re-offer to another seat connects; the first phone was CANCELled', async () => {
    const p = ports();
    s = await Session.start();
    const sleepy = sipp('seat-no-answer.xml', seatArgs(p.seat));
    const awake = sipp('seat-answer.xml', seatArgs(p.seat2, 200), { voiceHz: VOICE.seat });
    const caller = sipp('caller.xml', callerArgs(p.caller, { talkMs: 5000 }));
    const call = await s.arrived();
    await s.tel.playQueueMusic(call.callId, 'zh');
    await s.offer(call, p.seat, 1000, 'first');
    assert.equal((await s.seen('seat-failed', (e) => e.offerId === 'first')).reason, 'no-answer');
    assert.equal((await sleepy.done).code, 0, 'the unanswered phone was CANCELled');
    assert.equal(await eventually(freeswitchChannels, 1), 1, 'its endpoint released');
    await s.offer(call, p.seat2, 8000, 'second');
    await s.seen('seat-answered', (e) => e.offerId === 'second');
    assert.equal((await caller.done).code, 0);
    assert.equal((await awake.done).code, 0);
    assert.equal(await leaks(s.tel), '');
  });

  it('the caller hangs up while a seat rings: the seat phone is CANCELled, nothing left', async () => {
    const p = ports();
    s = await Session.start();
    const seat = sipp('seat-no-answer.xml', seatArgs(p.seat));
    const caller = sipp('caller.xml', callerArgs(p.caller, { talkMs: 1500 }));
    const call = await s.arrived();
    await s.offer(call, p.seat, 30_000);
    await s.seen('seat-ringing');
    assert.equal((await caller.done).code, 0);
    assert.equal((await s.seen('call-ended')).reason, 'caller-hangup');
    assert.equal((await seat.done).code, 0, 'no ghost ringing: the seat got its CANCEL');
    assert.equal(await leaks(s.tel), '');
  });

  for (const offsetMs of [-150, 0, 150]) {
    it(`the caller hangs up just as the seat answers (${offsetMs >= 0 ? '+' : ''}${offsetMs} ms): the seat is released either way, no dead air`, async () => {
      const p = ports();
      s = await Session.start();
      const seat = sipp('seat-answer-or-cancel.xml', seatArgs(p.seat), { voiceHz: VOICE.seat });
      // The seat answers 1 s after its INVITE; the offer goes out as the call arrives.
      const caller = sipp('caller.xml', callerArgs(p.caller, { talkMs: 1000 + offsetMs }));
      const call = await s.arrived();
      await s.offer(call, p.seat, 30_000);
      assert.equal((await caller.done).code, 0);
      assert.equal((await s.seen('call-ended')).reason, 'caller-hangup');
      const seatRun = await seat.done;
      assert.equal(seatRun.code, 0, `the seat phone got a CANCEL or a BYE:\n${seatRun.output.slice(-1500)}`);
      assert.equal(await leaks(s.tel), '');
    });
  }

  it('three-way: caller, agent and interpreter in one conference; all three released when the caller leaves', async () => {
    const p = ports();
    s = await Session.start({}, p.gateway);
    const seat = sipp('seat-answer.xml', seatArgs(p.seat, 200), { voiceHz: VOICE.seat });
    const interpreter = sipp('seat-answer.xml', seatArgs(p.gateway, 200), { voiceHz: VOICE.thirdParty });
    const caller = sipp('caller.xml', callerArgs(p.caller, { talkMs: 7000 }));
    const call = await s.arrived();
    await s.offer(call, p.seat);
    await s.seen('seat-answered');
    await s.tel.conference(call.callId, '057112345');
    const count = async () => Number((await freeswitchApi(`conference tw-${call.callId} list count`)).trim()) || 0;
    assert.equal(await eventually(count, 3, 8000), 3, 'three members in the three-way');
    assert.ok(!s.events.some((e) => e.type === 'third-party-failed'));
    assert.equal((await caller.done).code, 0);
    assert.equal((await s.seen('call-ended')).reason, 'caller-hangup');
    assert.equal((await seat.done).code, 0, 'agent released');
    assert.equal((await interpreter.done).code, 0, 'interpreter released');
    assert.equal(await leaks(s.tel), '');
  });

  it('transfer to the Kazakh seat: the first seat is released, the caller waits on music, the Kazakh seat connects', async () => {
    const p = ports();
    s = await Session.start();
    const mandarin = sipp('seat-answer.xml', seatArgs(p.seat, 200), { voiceHz: VOICE.seat });
    const kazakh = sipp('seat-answer.xml', seatArgs(p.seat2, 500), { voiceHz: VOICE.thirdParty });
    const caller = sipp('caller.xml', callerArgs(p.caller, { talkMs: 7000 }));
    const call = await s.arrived();
    await s.offer(call, p.seat, 8000, 'zh');
    await s.seen('seat-answered', (e) => e.offerId === 'zh');
    await s.tel.releaseSeat(call.callId, 'kk');
    assert.equal((await mandarin.done).code, 0, 'the first seat got its BYE');
    assert.equal(await eventually(freeswitchBridges, 0), 0, 'the caller is parked on music');
    assert.equal(await freeswitchChannels(), 1);
    await s.offer(call, p.seat2, 8000, 'kk');
    await s.seen('seat-answered', (e) => e.offerId === 'kk');
    assert.equal(await eventually(freeswitchBridges, 1), 1, 'with the Kazakh seat');
    assert.equal((await caller.done).code, 0);
    assert.equal((await kazakh.done).code, 0);
    assert.equal(await leaks(s.tel), '');
  });

  it('a seat phone that answers the CANCEL with 200 but never sends 487: the offer is given up, its endpoint released', async () => {
    const p = ports();
    s = await Session.start({ cancelSettleMs: 1500 });
    const lost = sipp('seat-cancel-no-487.xml', seatArgs(p.seat));
    const caller = sipp('caller.xml', callerArgs(p.caller, { talkMs: 6000 }));
    const call = await s.arrived();
    await s.offer(call, p.seat, 1000);
    assert.equal((await s.seen('seat-failed')).reason, 'no-answer');
    assert.equal(s.tel.health().counters.offersAbandoned, 1, 'given up on our clock, not the SIP stack’s');
    assert.equal(await eventually(freeswitchChannels, 1), 1, 'only the caller is left on FreeSWITCH');
    assert.equal((await lost.done).code, 0);
    assert.equal((await caller.done).code, 0);
    assert.equal(await leaks(s.tel), '');
  });
});
