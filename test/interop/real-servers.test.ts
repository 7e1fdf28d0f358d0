/**
 * Interop: the same call flows as test/telephony/drachtio, against a REAL drachtio-server and a REAL
 * FreeSWITCH (configured with freeswitch.conf.d/), with SIPp as the caller and as the seat phones.
 * Runs only when the environment points at them (interop-env.ts); otherwise one line says it skipped.
 * Every case ends with the leak check: no FreeSWITCH channel, no endpoint or SIP dialog in the adapter,
 * and every SIPp phone saw its call end (a seat still in its dialog is dead air and fails by timeout).
 */
import assert from 'node:assert/strict';
import { readWav, toneLevel } from '../telephony/wav-analysis.js';
import { callerArgs, eventually, freeswitchBridges, freeswitchChannels, leaks, ports, RECORDINGS_DIR, requireRealServers, seatArgs, Session } from './interop-env.js';
import { sipp, VOICE } from './sipp-runner.js';

describe('interop: real drachtio-server + FreeSWITCH with SIPp', function () {
  this.timeout(60_000);
  let s: Session | undefined;

  before(async function () {
    await requireRealServers(this);
  });
  afterEach(async () => {
    await s?.stop();
    s = undefined;
  });

  it('direct-to-seat: answered, bridged, recorded with both voices; both SIPp scenarios complete; nothing left', async () => {
    const p = ports();
    s = await Session.start();
    const seat = sipp('seat-answer.xml', seatArgs(p.seat, 300), { voiceHz: VOICE.seat });
    const caller = sipp('caller.xml', callerArgs(p.caller, { talkMs: 4000 }), { voiceHz: VOICE.caller });
    const call = await s.arrived();
    await s.offer(call, p.seat);
    await s.seen('seat-answered');
    assert.equal((await caller.done).code, 0, 'caller scenario');
    assert.equal((await seat.done).code, 0, 'seat scenario (it got its BYE)');
    assert.equal((await s.seen('call-ended')).reason, 'caller-hangup');
    assert.equal(await leaks(s.tel), '');
    const talked = s.timeOf((e) => e.type === 'call-ended') - s.timeOf((e) => e.type === 'seat-answered');

    // The recording: stereo, covering the conversation, the caller on the left, the agent on the right.
    const day = new Date(call.arrivedAt).toISOString().slice(0, 10);
    const wav = readWav(`${RECORDINGS_DIR}/${day}/${call.callId}.wav`);
    assert.equal(wav.channels, 2);
    // FreeSWITCH starts writing with the first media frames; allow for that, not for a file cut short.
    assert.ok(wav.durationMs >= talked - 300, `recording ${Math.round(wav.durationMs)} ms, the two talked ${talked} ms`);
    const stretch = [wav.durationMs - talked + 300, wav.durationMs - 200] as const;
    assert.ok(toneLevel(wav, 0, VOICE.caller, ...stretch) > 0.02, 'the caller is heard in the recording');
    assert.ok(toneLevel(wav, 1, VOICE.seat, ...stretch) > 0.02, 'the agent is heard in the recording');
  });

  it('busy seat: seat-failed busy (486), the caller keeps waiting on music', async () => {
    const p = ports();
    s = await Session.start();
    const seat = sipp('seat-busy.xml', seatArgs(p.seat));
    const caller = sipp('caller.xml', callerArgs(p.caller, { talkMs: 3000 }));
    const call = await s.arrived();
    await s.tel.playQueueMusic(call.callId, 'zh');
    await s.offer(call, p.seat);
    const failed = await s.seen('seat-failed');
    assert.equal(failed.reason, 'busy');
    assert.equal(failed.sipStatus, 486);
    assert.equal((await seat.done).code, 0);
    assert.equal((await caller.done).code, 0);
    await s.seen('call-ended');
    assert.equal(await leaks(s.tel), '');
  });

  it('seat never answers: ring timeout CANCELs it (seat-failed no-answer)', async () => {
    const p = ports();
    s = await Session.start();
    const seat = sipp('seat-no-answer.xml', seatArgs(p.seat));
    const caller = sipp('caller.xml', callerArgs(p.caller, { talkMs: 4000 }));
    const call = await s.arrived();
    await s.offer(call, p.seat, 1000);
    assert.equal((await s.seen('seat-failed')).reason, 'no-answer');
    assert.equal((await seat.done).code, 0, 'the seat phone got the CANCEL');
    assert.equal((await caller.done).code, 0);
    await s.seen('call-ended');
    assert.equal(await leaks(s.tel), '');
  });

  it('caller CANCELs while a seat rings (early-media mode): no ghost ringing, nothing left', async () => {
    const p = ports();
    s = await Session.start({ answerCaller: 'seat-answer' });
    const seat = sipp('seat-no-answer.xml', seatArgs(p.seat));
    const caller = sipp('caller-cancel.xml', callerArgs(p.caller, { talkMs: 2000 }));
    const call = await s.arrived();
    await s.offer(call, p.seat, 20_000);
    await s.seen('seat-ringing');
    assert.equal((await caller.done).code, 0, 'caller got 200/487');
    assert.equal((await seat.done).code, 0, 'seat phone was CANCELled');
    assert.equal((await s.seen('call-ended')).reason, 'caller-hangup');
    assert.equal(await leaks(s.tel), '');
  });

  it('hold unbridges the caller onto music, resume re-bridges; the seat leg stays up throughout', async () => {
    const p = ports();
    s = await Session.start();
    const seat = sipp('seat-answer.xml', seatArgs(p.seat, 200), { voiceHz: VOICE.seat });
    const caller = sipp('caller.xml', callerArgs(p.caller, { talkMs: 6000 }));
    const call = await s.arrived();
    await s.offer(call, p.seat);
    await s.seen('seat-answered');
    assert.equal(await eventually(freeswitchBridges, 1), 1, 'caller bridged to the seat');
    await s.tel.hold(call.callId, 'zh');
    assert.equal(await eventually(freeswitchBridges, 0), 0, 'on hold: nothing bridged');
    assert.equal(await freeswitchChannels(), 2, 'both legs still up while on hold');
    await s.tel.resume(call.callId);
    assert.equal(await eventually(freeswitchBridges, 1), 1, 'resumed: bridged again');
    assert.equal((await caller.done).code, 0, 'caller scenario');
    assert.equal((await seat.done).code, 0, 'seat got its BYE');
    assert.equal((await s.seen('call-ended')).reason, 'caller-hangup');
    assert.equal(await leaks(s.tel), '');
  });

  it('transfer out to 110: the gateway gets the INVITE, the seat is released, the caller talks to 110', async () => {
    const p = ports();
    s = await Session.start({}, p.gateway);
    const seat = sipp('seat-answer.xml', seatArgs(p.seat, 200), { voiceHz: VOICE.seat });
    const police = sipp('seat-answer.xml', seatArgs(p.gateway, 200), { voiceHz: VOICE.thirdParty });
    const caller = sipp('caller.xml', callerArgs(p.caller, { talkMs: 5000 }));
    const call = await s.arrived();
    await s.offer(call, p.seat);
    await s.seen('seat-answered');
    await s.tel.transferOut(call.callId, '110');
    assert.equal((await s.seen('call-ended')).reason, 'transferred-out');
    assert.equal((await seat.done).code, 0, 'seat phone released with a BYE');
    assert.equal(await eventually(freeswitchBridges, 1), 1, 'caller bridged to the 110 leg');
    assert.equal((await caller.done).code, 0, 'caller scenario');
    assert.equal((await police.done).code, 0, '110 leg got its BYE after the caller hung up');
    assert.equal(await leaks(s.tel), '');
  });

  it('trusted trunk: P-Asserted-Identity and X-Language are believed', async () => {
    const p = ports();
    s = await Session.start();
    const caller = sipp('caller-pai.xml', [...callerArgs(p.caller, { number: '13912345678', talkMs: 500 }), '-key', 'lang', 'kk']);
    const call = await s.arrived();
    assert.equal(call.callerVerified, true);
    assert.equal(call.hints.language, 'kk');
    assert.equal((await caller.done).code, 0);
    await s.seen('call-ended');
    assert.equal(await leaks(s.tel), '');
  });
});
