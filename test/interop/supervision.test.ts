/**
 * Interop: a shift lead listens, whispers and barges on a live call, on real drachtio-server +
 * FreeSWITCH with SIPp phones (caller 440 Hz, agent 1000 Hz, lead 700 Hz). The modes are read back
 * over ESL: the lead's channel runs `eavesdrop <seat-leg-uuid>` (show channels), started from
 * eavesdrop_whisper_aleg / _bleg and moved by digits, with the mode asked for kept as
 * hotline_supervision_mode; and the call's recording says whether the caller heard the lead (only in
 * barge). Whoever hangs up first — caller, agent or lead — nothing is left behind.
 */
import assert from 'node:assert/strict';
import type { InboundCall } from '../../telephony/telephony-port.js';
import { decodeNote, seatNoteSchema } from '../../telephony/drachtio/call-annotations.js';
import { readWav, toneLevel } from '../telephony/wav-analysis.js';
import { callerArgs, eventually, freeswitchApi, freeswitchBridges, freeswitchChannels, leaks, LOCAL, ports, RECORDINGS_DIR, requireRealServers, seatArgs, Session } from './interop-env.js';
import { sipp, VOICE } from './sipp-runner.js';

interface ChannelRow {
  uuid: string;
  application?: string;
  application_data?: string;
}

/** The lead's channel on FreeSWITCH: the one running eavesdrop, and the leg it listens to. */
async function eavesdropper(): Promise<{ uuid: string; target: string } | undefined> {
  const body = await freeswitchApi('show channels as json');
  const rows = ((JSON.parse(body) as { rows?: ChannelRow[] }).rows ?? []) as ChannelRow[];
  const r = rows.find((x) => x.application === 'eavesdrop');
  return r ? { uuid: r.uuid, target: (r.application_data ?? '').trim() } : undefined;
}

async function poll<T>(what: string, get: () => Promise<T | undefined>, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The seat leg as the adapter recorded it on the caller's channel (the hotline_seat note names its uuid). */
async function seatLegUuid(except: string): Promise<string | undefined> {
  const rows = ((JSON.parse(await freeswitchApi('show channels as json')) as { rows?: ChannelRow[] }).rows ?? []) as ChannelRow[];
  for (const r of rows) {
    if (r.uuid === except) continue;
    const note = (await freeswitchApi(`uuid_getvar ${r.uuid} hotline_seat`)).trim();
    const seat = decodeNote(note, seatNoteSchema);
    if (seat) return seat.uuid;
  }
  return undefined;
}

const getvar = async (uuid: string, name: string) => (await freeswitchApi(`uuid_getvar ${uuid} ${name}`)).trim();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const leadContact = (port: number) => `sip:lead@${LOCAL}:${port}`;

describe('interop: supervision (listen, whisper, barge) on real servers', function () {
  this.timeout(90_000);
  let s: Session | undefined;

  before(async function () {
    await requireRealServers(this);
  });
  afterEach(async () => {
    await s?.stop();
    s = undefined;
  });

  async function connected(seatPort: number): Promise<InboundCall> {
    if (!s) throw new Error('no session');
    const call = await s.arrived();
    await s.offer(call, seatPort);
    await s.seen('seat-answered');
    assert.equal(await eventually(freeswitchBridges, 1), 1, 'caller and agent bridged');
    return call;
  }

  it('listen, then whisper, then barge, then leave: FreeSWITCH eavesdrops on the seat leg in each mode; only barge reaches the caller', async () => {
    const p = ports();
    s = await Session.start();
    const seat = sipp('seat-answer.xml', seatArgs(p.seat, 200), { voiceHz: VOICE.seat });
    const lead = sipp('seat-answer.xml', seatArgs(p.seat2, 200), { voiceHz: VOICE.thirdParty });
    const caller = sipp('caller.xml', callerArgs(p.caller, { talkMs: 18_000 }));
    const call = await connected(p.seat);

    await s.tel.supervise(call.callId, { supervisionId: 'sv-interop', contact: leadContact(p.seat2), mode: 'listen' });
    await s.seen('supervision-started');
    const spy = await poll('the eavesdrop channel', eavesdropper);
    assert.equal(await freeswitchChannels(), 3, 'caller, agent and lead');
    assert.equal(await freeswitchBridges(), 1, 'the lead is not bridged: the call stays caller ↔ agent');
    assert.equal(spy.target, await seatLegUuid(spy.uuid), 'the eavesdropped leg is the seat leg (as the caller channel\'s hotline_seat names it)');
    assert.equal(await getvar(spy.uuid, 'eavesdrop_whisper_aleg'), 'false', 'listen: the caller does not hear the lead');
    assert.equal(await getvar(spy.uuid, 'eavesdrop_whisper_bleg'), 'false', 'listen: the agent does not hear the lead');
    assert.equal(await getvar(spy.uuid, 'hotline_supervision_mode'), 'listen');
    const listenAt = s.timeOf((e) => e.type === 'supervision-started');
    await sleep(3000);

    await s.tel.setSupervisionMode(call.callId, 'sv-interop', 'whisper');
    await s.seen('supervision-mode', (e) => e.mode === 'whisper');
    assert.equal(await getvar(spy.uuid, 'hotline_supervision_mode'), 'whisper');
    assert.equal((await eavesdropper())?.uuid, spy.uuid, 'same leg: no redial');
    await sleep(2500);

    await s.tel.setSupervisionMode(call.callId, 'sv-interop', 'barge');
    await s.seen('supervision-mode', (e) => e.mode === 'barge');
    assert.equal(await getvar(spy.uuid, 'hotline_supervision_mode'), 'barge');
    const bargeAt = s.timeOf((e) => e.type === 'supervision-mode' && e.mode === 'barge');
    await sleep(3000);

    await s.tel.endSupervision(call.callId, 'sv-interop');
    assert.equal((await s.seen('supervision-ended')).reason, 'left');
    assert.equal((await lead.done).code, 0, 'the lead phone got its BYE');
    assert.equal(await eventually(freeswitchChannels, 2), 2, 'the lead leg is gone; caller and agent talk on');
    assert.equal(await eavesdropper(), undefined);
    assert.equal(await freeswitchBridges(), 1);

    assert.equal((await caller.done).code, 0);
    assert.equal((await seat.done).code, 0);
    assert.equal(await leaks(s.tel), '');

    // What the caller heard (right channel of the call's recording): the lead's 700 Hz only in barge.
    const wav = readWav(`${RECORDINGS_DIR}/${new Date(call.arrivedAt).toISOString().slice(0, 10)}/${call.callId}.wav`);
    const at = (t: number) => t - call.arrivedAt;
    const heardInListen = toneLevel(wav, 1, VOICE.thirdParty, at(listenAt) + 700, at(listenAt) + 2500);
    const heardInBarge = toneLevel(wav, 1, VOICE.thirdParty, at(bargeAt) + 700, at(bargeAt) + 2500);
    assert.ok(heardInListen < 0.01, `the caller did not hear the lead while listening (level ${heardInListen.toFixed(3)})`);
    assert.ok(heardInBarge > 0.02, `the caller heard the lead in barge (level ${heardInBarge.toFixed(3)})`);
  });

  it('the caller hangs up first: the supervision ends (call-ended), the lead phone is released, nothing left', async () => {
    const p = ports();
    s = await Session.start();
    const seat = sipp('seat-answer.xml', seatArgs(p.seat, 200), { voiceHz: VOICE.seat });
    const lead = sipp('seat-answer.xml', seatArgs(p.seat2, 200), { voiceHz: VOICE.thirdParty });
    const caller = sipp('caller.xml', callerArgs(p.caller, { talkMs: 6000 }));
    const call = await connected(p.seat);
    await s.tel.supervise(call.callId, { supervisionId: 'sv-caller', contact: leadContact(p.seat2), mode: 'barge' });
    await s.seen('supervision-started');
    await poll('the eavesdrop channel', eavesdropper);
    assert.equal((await caller.done).code, 0);
    assert.equal((await s.seen('supervision-ended')).reason, 'call-ended');
    assert.equal((await s.seen('call-ended')).reason, 'caller-hangup');
    assert.equal((await seat.done).code, 0, 'agent released');
    assert.equal((await lead.done).code, 0, 'lead released');
    assert.equal(await leaks(s.tel), '');
  });

  it('the agent hangs up first: the supervision ends with the call, nothing left', async () => {
    const p = ports();
    s = await Session.start();
    const seat = sipp('seat-answer-hangup.xml', seatArgs(p.seat, 200), { voiceHz: VOICE.seat });
    const lead = sipp('seat-answer.xml', seatArgs(p.seat2, 200), { voiceHz: VOICE.thirdParty });
    const caller = sipp('caller-wait-bye.xml', callerArgs(p.caller));
    const call = await connected(p.seat);
    await s.tel.supervise(call.callId, { supervisionId: 'sv-agent', contact: leadContact(p.seat2), mode: 'whisper' });
    await s.seen('supervision-started');
    assert.equal((await seat.done).code, 0, 'the agent hung up');
    assert.equal((await s.seen('supervision-ended')).reason, 'call-ended');
    assert.equal((await s.seen('call-ended')).reason, 'seat-hangup');
    assert.equal((await caller.done).code, 0, 'caller released');
    assert.equal((await lead.done).code, 0, 'lead released');
    assert.equal(await leaks(s.tel), '');
  });

  it('the lead hangs up first: the supervision ends (lead-hangup), caller and agent talk on, nothing left at the end', async () => {
    const p = ports();
    s = await Session.start();
    const seat = sipp('seat-answer.xml', seatArgs(p.seat, 200), { voiceHz: VOICE.seat });
    const lead = sipp('seat-answer-hangup.xml', seatArgs(p.seat2, 200), { voiceHz: VOICE.thirdParty });
    const caller = sipp('caller.xml', callerArgs(p.caller, { talkMs: 10_000 }));
    const call = await connected(p.seat);
    await s.tel.supervise(call.callId, { supervisionId: 'sv-lead', contact: leadContact(p.seat2), mode: 'listen' });
    await s.seen('supervision-started');
    assert.equal((await lead.done).code, 0, 'the lead hung up');
    assert.equal((await s.seen('supervision-ended')).reason, 'lead-hangup');
    assert.equal(await eventually(freeswitchChannels, 2), 2, 'the lead leg is gone');
    assert.ok(!s.events.some((e) => e.type === 'call-ended'), 'the call goes on');
    assert.equal((await caller.done).code, 0);
    assert.equal((await seat.done).code, 0);
    assert.equal(await leaks(s.tel), '');
  });
});
