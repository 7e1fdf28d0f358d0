/**
 * Interop: queue announcements on real drachtio-server + FreeSWITCH. The prompt files are tones, one
 * frequency per file, written where FreeSWITCH can read them (beside its recordings, RECORDINGS_DIR),
 * so the caller's side of the call recording shows which files were played and in what order: the
 * greeting, then place and wait as the bridge asked, then the hold music again. A second case plays
 * the shipped Mandarin set (PROMPTS_DIR: a copy of freeswitch.conf.d/prompts FreeSWITCH can read)
 * and checks FreeSWITCH found every file. Each ends with the leak check.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { promptFileName } from '../../telephony/announcement.js';
import { readWav, toneLevel, type Wav } from '../telephony/wav-analysis.js';
import { callerArgs, env, leaks, ports, RECORDINGS_DIR, requireRealServers, Session } from './interop-env.js';
import { sipp } from './sipp-runner.js';

/** One tone per prompt, away from the hold music (400/450 Hz) and the SIPp voices (440, 700, 1000 Hz). */
const TONES: Record<string, number> = { greeting: 1300, 'position-before': 1700, 'n:3': 2100, 'wait-before': 2500, 'min:5': 2900 };
const TONE_MS = 600;

/** An 8 kHz 16-bit mono PCM WAV holding one sine tone. */
function toneWav(freq: number, ms: number): Buffer {
  const n = Math.round((8000 * ms) / 1000);
  const b = Buffer.alloc(44 + n * 2);
  b.write('RIFF', 0, 'ascii');
  b.writeUInt32LE(36 + n * 2, 4);
  b.write('WAVEfmt ', 8, 'ascii');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(8000, 24);
  b.writeUInt32LE(16000, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36, 'ascii');
  b.writeUInt32LE(n * 2, 40);
  for (let i = 0; i < n; i++) b.writeInt16LE(Math.round(Math.sin((2 * Math.PI * freq * i) / 8000) * 12000), 44 + i * 2);
  return b;
}

/** When `freq` is first clearly heard on the caller's side (channel 1), in 100 ms steps; -1 if never. */
function firstHeard(wav: Wav, freq: number, from = 0): number {
  for (let t = from; t + 100 <= wav.durationMs; t += 100) if (toneLevel(wav, 1, freq, t, t + 100) > 0.05) return t;
  return -1;
}

const recordingOf = (callId: string, arrivedAt: number) => `${RECORDINGS_DIR}/${new Date(arrivedAt).toISOString().slice(0, 10)}/${callId}.wav`;

describe('interop: announcements to a waiting caller on real servers', function () {
  this.timeout(60_000);
  let s: Session | undefined;

  before(async function () {
    await requireRealServers(this);
  });
  afterEach(async () => {
    await s?.stop();
    s = undefined;
  });

  it('plays the prompt files in the order asked, over a break in the music, then the music again (checked in the recording)', async () => {
    const promptsDir = join(RECORDINGS_DIR, 'interop-prompts');
    mkdirSync(join(promptsDir, 'zh'), { recursive: true });
    for (const [id, hz] of Object.entries(TONES)) writeFileSync(join(promptsDir, 'zh', promptFileName(id)), toneWav(hz, TONE_MS));
    const p = ports();
    s = await Session.start({ promptsDir });
    const caller = sipp('caller.xml', callerArgs(p.caller, { talkMs: 9000 }));
    const call = await s.arrived();
    await s.tel.playQueueMusic(call.callId, 'zh');
    await new Promise((r) => setTimeout(r, 1500));
    await s.tel.announce(call.callId, { language: 'zh', prompts: ['greeting'] });
    await s.seen('announced');
    await new Promise((r) => setTimeout(r, 2000));
    const update = ['position-before', 'n:3', 'wait-before', 'min:5'];
    await s.tel.announce(call.callId, { language: 'zh', prompts: update });
    await s.seen('announced', (e) => e.announcement.prompts.length === update.length);
    assert.equal((await caller.done).code, 0);
    assert.equal((await s.seen('call-ended')).reason, 'caller-hangup');
    assert.equal(await leaks(s.tel), '');

    const wav = readWav(recordingOf(call.callId, call.arrivedAt));
    const music = (from: number, to: number) => Math.max(toneLevel(wav, 1, 400, from, to), toneLevel(wav, 1, 450, from, to));
    const greeting = firstHeard(wav, TONES.greeting!);
    assert.ok(greeting > 0, 'the greeting was heard');
    assert.ok(music(0, greeting) > 0.02, 'music before the greeting');
    let at = greeting;
    for (const id of update) {
      const t = firstHeard(wav, TONES[id]!, at);
      assert.ok(t > at, `${id} heard after the part before it (${t} ms > ${at} ms)`);
      at = t;
    }
    assert.ok(music(at + TONE_MS + 200, at + TONE_MS + 1500) > 0.02, 'the music came back after the last file');
  });

  it('the shipped Mandarin set plays in full: FreeSWITCH finds every file it is asked for', async function () {
    const promptsDir = env.PROMPTS_DIR;
    if (!promptsDir || !existsSync(join(promptsDir, 'zh', 'greeting.wav'))) {
      console.log('skipped: set PROMPTS_DIR to a copy of freeswitch.conf.d/prompts that FreeSWITCH can read');
      this.skip();
    }
    const p = ports();
    const logLines: string[] = [];
    const logger = pino({ level: 'warn' }, new Writable({ write: (chunk, _enc, cb) => void (logLines.push(String(chunk)), cb()) }));
    s = await Session.start({ promptsDir, logger });
    const caller = sipp('caller.xml', callerArgs(p.caller, { talkMs: 16_000 }));
    const call = await s.arrived();
    await s.tel.playQueueMusic(call.callId, 'zh');
    await s.tel.announce(call.callId, { language: 'zh', prompts: ['greeting', 'position-before', 'n:20', 'n:3', 'position-after', 'wait-before', 'min:10'] });
    await s.seen('announced');
    assert.equal((await caller.done).code, 0);
    await s.seen('call-ended');
    assert.equal(await leaks(s.tel), '');
    const wav = readWav(recordingOf(call.callId, call.arrivedAt));
    // Speech, not the music tone, fills the caller's side for several seconds after the announcement began.
    const voiced = Array.from({ length: 40 }, (_, i) => i * 250).filter((t) => {
      const x = wav.data[1]!.subarray(Math.floor((t / 1000) * wav.sampleRate), Math.floor(((t + 250) / 1000) * wav.sampleRate));
      const energy = Math.sqrt(x.reduce((a, v) => a + v * v, 0) / Math.max(1, x.length));
      return energy > 0.02 && toneLevel(wav, 1, 400, t, t + 250) + toneLevel(wav, 1, 450, t, t + 250) < energy / 2;
    });
    assert.ok(voiced.length >= 12, `about ${voiced.length / 4} s of speech heard`);
    assert.deepEqual(logLines.filter((l) => l.includes('could not play the announcement')), [], 'FreeSWITCH reported no file it could not play');
  });
});
