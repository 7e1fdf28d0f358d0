/**
 * The warm endpoint pool and the lean seat INVITE on the real servers: an offer rings the seat with a
 * ready endpoint, the seat's INVITE carries audio only with the configured codecs and no crypto lines,
 * both voices reach the recording, a spare FreeSWITCH killed is never handed out, and shutdown leaves
 * no channel behind.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readWav, toneLevel } from '../telephony/wav-analysis.js';
import { callerArgs, eventually, freeswitchApi, freeswitchChannels, leaks, ports, RECORDINGS_DIR, requireRealServers, seatArgs, Session } from './interop-env.js';
import { sipp, VOICE } from './sipp-runner.js';

/** The first INVITE a SIPp process logged with -trace_msg (its body included). */
function firstInvite(dir: string): string {
  for (const f of readdirSync(dir)) {
    const text = readFileSync(join(dir, f), 'utf8');
    const m = /INVITE sip:[\s\S]*?\r?\n\r?\n(v=0[\s\S]*?)(?=\r?\n-{20,}|$)/.exec(text);
    if (m?.[1]) return m[1];
  }
  return '';
}

describe('interop: warm endpoint pool and lean seat INVITE', function () {
  this.timeout(60_000);
  let s: Session | undefined;

  before(async function () {
    await requireRealServers(this);
  });
  afterEach(async () => {
    await s?.stop();
    s = undefined;
  });

  it('the seat rings with a ready endpoint; its INVITE is audio only, G.711, no crypto; both voices are recorded', async () => {
    const p = ports();
    s = await Session.start({ endpointPool: { size: 3 }, codecs: ['PCMA', 'PCMU'] });
    assert.equal(await eventually(freeswitchChannels, 3, 10_000), 3, 'three spares parked on FreeSWITCH');
    const trace = mkdtempSync(join(tmpdir(), 'seat-trace-'));
    const seat = sipp('seat-answer.xml', [...seatArgs(p.seat, 200), '-trace_msg', '-message_file', join(trace, 'seat.log')], { voiceHz: VOICE.seat });
    const caller = sipp('caller.xml', callerArgs(p.caller, { talkMs: 4000 }));
    const call = await s.arrived();
    await s.offer(call, p.seat);
    await s.seen('seat-answered');
    assert.equal((await caller.done).code, 0);
    assert.equal((await seat.done).code, 0, 'seat got its BYE');
    assert.equal(await leaks(s.tel), '');
    assert.equal(s.tel.spareEndpoints(), 3, 'the pool refilled');

    const sdp = firstInvite(trace);
    assert.ok(sdp, 'the seat INVITE was traced');
    const media = sdp.split(/\r?\n/).filter((l) => l.startsWith('m='));
    assert.equal(media.length, 1, `one stream only:\n${sdp}`);
    assert.match(media[0]!, /^m=audio \d+ RTP\/AVP /);
    assert.deepEqual([...sdp.matchAll(/^a=rtpmap:\d+ ([^/]+)/gm)].map((m) => m[1]), ['PCMA', 'PCMU', 'telephone-event']);
    assert.doesNotMatch(sdp, /a=crypto|m=video|m=text/);
    console.log(`      seat INVITE SDP: ${Buffer.byteLength(sdp)} bytes`);

    const wav = readWav(`${RECORDINGS_DIR}/${new Date(call.arrivedAt).toISOString().slice(0, 10)}/${call.callId}.wav`);
    assert.ok(toneLevel(wav, 0, VOICE.caller, wav.durationMs - 2500, wav.durationMs - 300) > 0.02, 'the caller is heard');
    assert.ok(toneLevel(wav, 1, VOICE.seat, wav.durationMs - 2500, wav.durationMs - 300) > 0.02, 'the agent is heard');
  });

  it('spares FreeSWITCH hung up are never handed out: the next call still connects', async () => {
    const p = ports();
    s = await Session.start({ endpointPool: { size: 2 } });
    assert.equal(await eventually(freeswitchChannels, 2, 10_000), 2);
    for (const uuid of [...(await freeswitchApi('show channels')).matchAll(/^([0-9a-f-]{36}),/gm)].map((m) => m[1])) await freeswitchApi(`uuid_kill ${uuid}`);
    const seat = sipp('seat-answer.xml', seatArgs(p.seat, 200), { voiceHz: VOICE.seat });
    const caller = sipp('caller.xml', callerArgs(p.caller, { talkMs: 2000 }));
    const call = await s.arrived();
    await s.offer(call, p.seat);
    await s.seen('seat-answered');
    assert.equal((await caller.done).code, 0);
    assert.equal((await seat.done).code, 0);
    assert.equal(await leaks(s.tel), '');
  });

  it('shutdown releases every spare: FreeSWITCH holds no channel', async () => {
    s = await Session.start({ endpointPool: { size: 4 } });
    assert.equal(await eventually(freeswitchChannels, 4, 10_000), 4);
    await s.stop();
    s = undefined;
    assert.equal(await eventually(freeswitchChannels, 0, 10_000), 0);
  });
});
