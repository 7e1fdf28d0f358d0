import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHeader } from '../../../fixtures/doubles/sip-message.js';
import { readWav, toneLevel } from '../wav-analysis.js';
import { noLeaks, startRig, type Rig } from './rig.js';
import { CALL_ID_VARIABLE } from '../../../telephony/drachtio/tagged-channels.js';

describe('drachtio adapter: direct-to-seat call', function () {
  let rig: Rig;
  beforeEach(async () => {
    rig = await startRig();
  });
  afterEach(async () => {
    await rig.stop();
  });

  it('answers the caller with no menu, records, rings the seat, bridges on answer', async () => {
    const seat = rig.seat('1001@10.1.0.11', { kind: 'answer', ringMs: 5, answerAfterMs: 30 });
    const { caller, call } = await rig.arrive({ number: '13812341234', displayName: 'Zhang San', dialled: '12345' });
    assert.equal(call.callerNumber, '13812341234');
    assert.equal(call.dialledNumber, '12345');
    assert.equal(call.callerDisplayName, 'Zhang San');
    assert.equal(call.trunk, 'carrier-sbc');

    const answer = await caller.final();
    assert.equal(answer.status, 200, 'caller answered at once (no IVR)');
    assert.match(answer.body, /m=audio/, '200 carries the media server SDP');

    const offerId = await rig.offerTo(call, seat);
    await rig.event('seat-ringing', (e) => e.offerId === offerId);
    await rig.event('seat-answered', (e) => e.offerId === offerId);

    const invite = seat.invites[0];
    assert.ok(invite, 'seat phone got an INVITE');
    assert.match(getHeader(invite, 'From') ?? '', /13812341234/, 'seat phone shows the caller number');
    assert.match(invite.body, /m=audio/, 'INVITE offers the seat endpoint SDP');

    const live = rig.fs.live();
    assert.equal(live.length, 2, 'caller and seat endpoints');
    const [a, b] = live;
    assert.ok(a && b);
    assert.equal(a.bridgedWith, b.uuid, 'caller and seat are bridged on FreeSWITCH');
    const seatLeg = live.find((c) => c.recordings.length === 0);
    assert.match(seatLeg?.remoteSdp ?? '', /c=IN IP4 10\.1\.0\.99\r?\nt=0 0\r?\nm=audio 30002 /, "the seat leg took the phone's answer before the bridge");
    assert.deepEqual(
      rig.fs.commands.filter((c) => /uuid_dump|uuid_set_media_stats/.test(c)),
      [],
      'answer → bridge asks the switch for no channel dump (two round trips and switch CPU per call)',
    );
    const callerCh = live.find((c) => c.recordings.length > 0);
    assert.ok(callerCh, 'whole-call recording runs on the caller channel');
    assert.deepEqual(callerCh.recordingBuffered, [false], 'the recording is written as it goes, not at hang-up');
    // Apps fire events carrying every channel variable; the recording and the seat leg's call tag are
    // api commands, which fire none.
    assert.deepEqual(callerCh.history.filter((h) => /^(set|multiset|record_session):/.test(h)), [], 'no app runs to record the call');
    assert.ok(rig.fs.commands.some((c) => /^(bg)?api uuid_record /.test(c) && c.includes(`uuid_record ${callerCh.uuid} start ${callerCh.recordings[0]} 0 {`)), 'recorded by uuid_record');
    assert.deepEqual(seatLeg?.history.filter((h) => /^(set|multiset):/.test(h)), [], 'the seat leg is tagged without an app');
    assert.equal(seatLeg?.vars.get(CALL_ID_VARIABLE), call.callId, 'the seat leg is tagged with its call');
    const path = callerCh.recordings[0] ?? '';
    assert.equal(path, `${rig.recordingsDir}/${path.slice(rig.recordingsDir.length + 1, rig.recordingsDir.length + 11)}/${call.callId}.wav`);
    assert.match(path.slice(rig.recordingsDir.length), /^\/\d{4}-\d\d-\d\d\/[0-9a-f-]+\.wav$/);
    assert.equal(rig.tel.health().liveChannels, 2);

    // Talk for a while, then hang up: the recording must hold the whole conversation.
    const talkStart = Date.now();
    await new Promise((r) => setTimeout(r, 400));
    const talked = Date.now() - talkStart;
    await caller.bye();
    const ended = await rig.event('call-ended', (e) => e.callId === call.callId);
    assert.equal(ended.reason, 'caller-hangup');
    await noLeaks(rig);
    assert.ok(seat.byeReceived, 'seat phone hung up by the adapter');

    assert.deepEqual(rig.fs.recordingErrors, []);
    const wav = readWav(path);
    assert.equal(wav.channels, 2, 'stereo: caller on the left, the seat on the right');
    assert.ok(wav.durationMs >= talked, `recording (${wav.durationMs} ms) covers the ${talked} ms the two talked`);
    const lastStretch = [wav.durationMs - talked, wav.durationMs] as const;
    assert.ok(toneLevel(wav, 0, 440, ...lastStretch) > 0.1, 'the caller is in the recording');
    assert.ok(toneLevel(wav, 1, 1000, ...lastStretch) > 0.1, 'the agent is in the recording');
    assert.ok(toneLevel(wav, 0, 1000, ...lastStretch) < 0.02, 'the channels are not mixed up');
  });

  it('seat hanging up ends the call for the caller too', async () => {
    const seat = rig.seat('1002@10.1.0.12', { kind: 'answer', answerAfterMs: 10 });
    const { caller, call } = await rig.arrive();
    await rig.offerTo(call, seat);
    await rig.event('seat-answered');
    await seat.hangUp();
    const ended = await rig.event('call-ended');
    assert.equal(ended.reason, 'seat-hangup');
    await caller.waitForBye();
    await noLeaks(rig);
  });
});

describe('drachtio adapter: a recording FreeSWITCH cannot start', function () {
  let rig: Rig;
  const scratch = mkdtempSync(join(tmpdir(), 'rig-blocked-'));
  afterEach(async () => {
    await rig.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('the call goes on unrecorded and the failure is logged as an error', async () => {
    // A folder under a plain file can never be made: FreeSWITCH answers uuid_record with -ERR.
    const blocked = join(scratch, 'a-file');
    writeFileSync(blocked, '');
    rig = await startRig({ recordingsDir: join(blocked, 'recordings') });
    const seat = rig.seat('1009@10.1.0.19', { kind: 'answer', answerAfterMs: 5 });
    const { caller, call } = await rig.arrive();
    assert.equal((await caller.final()).status, 200, 'the caller is answered');
    await rig.offerTo(call, seat);
    await rig.event('seat-answered');
    assert.ok(rig.fs.commands.some((c) => /^(bg)?api uuid_record /.test(c)), 'the recording was asked for');
    assert.equal(rig.fs.live().filter((c) => c.recordings.length > 0).length, 0, 'nothing records');
    const logged = rig.logs.map((l) => JSON.parse(l) as { level: number; msg: string; callId?: string }).find((r) => /did not start the recording/.test(r.msg));
    assert.ok(logged && logged.level >= 50 && logged.callId === call.callId, 'an error naming the call');
    await caller.bye();
    const ended = await rig.event('call-ended', (e) => e.callId === call.callId);
    assert.equal(ended.reason, 'caller-hangup', 'the call ran to its natural end');
    await noLeaks(rig);
  });
});
