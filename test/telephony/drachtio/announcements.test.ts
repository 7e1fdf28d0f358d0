import assert from 'node:assert/strict';
import type { FsChannel } from '../../../fixtures/doubles/fs-channel.js';
import { noLeaks, startRig, until, type Rig } from './rig.js';

const PROMPTS = '/srv/hotline-prompts';

describe('drachtio adapter: announcements to a waiting caller', function () {
  let rig: Rig;
  beforeEach(async () => {
    rig = await startRig({ promptsDir: PROMPTS, holdMusic: { zh: '/music/zh.wav', kk: '/music/kk.wav' } });
  });
  afterEach(async () => {
    await rig.stop();
  });

  const callerChannel = (): FsChannel | undefined => rig.fs.live().find((c) => c.recordings.length > 0);
  const heard = () => (callerChannel()?.played ?? []).map((p) => `${p.app} ${p.file}`);

  /** A waiting caller on music, then a greeting and 30 more files: long enough to be cut. */
  async function longAnnouncementStarted() {
    const arrived = await rig.arrive();
    await rig.tel.playQueueMusic(arrived.call.callId, 'zh');
    const files = Array.from({ length: 30 }, (_, i) => `n:${(i % 20) + 1}`);
    await rig.tel.announce(arrived.call.callId, { language: 'zh', prompts: ['greeting', ...files] });
    await until(() => heard().some((h) => h.endsWith('/zh/greeting.wav')), 'the greeting started');
    return arrived;
  }

  it('plays the prompt files in order over a break in the music, then the music again', async () => {
    const { caller, call } = await rig.arrive();
    await rig.tel.playQueueMusic(call.callId, 'kk');
    await until(() => callerChannel()?.playing === '/music/kk.wav', 'Kazakh hold music');
    await rig.tel.announce(call.callId, { language: 'kk', prompts: ['position-before', 'n:20', 'n:3', 'wait-before', 'min:5'] });
    await rig.event('announced');
    await until(() => heard().length === 7, 'the announcement played through and the music back');
    assert.deepEqual(heard(), [
      'endless_playback /music/kk.wav',
      `playback ${PROMPTS}/kk/position-before.wav`,
      `playback ${PROMPTS}/kk/n-20.wav`,
      `playback ${PROMPTS}/kk/n-3.wav`,
      `playback ${PROMPTS}/kk/wait-before.wav`,
      `playback ${PROMPTS}/kk/min-5.wav`,
      'endless_playback /music/kk.wav',
    ]);
    await until(() => callerChannel()?.playing === '/music/kk.wav', 'music resumed');
    await caller.bye();
    await rig.event('call-ended');
    await noLeaks(rig);
  });

  it('a seat bridged while the announcement plays is no "file FreeSWITCH could not play"', async () => {
    const seat = rig.seat('6102@10.1.0.72', { kind: 'answer', answerAfterMs: 0 });
    const { caller, call } = await longAnnouncementStarted();
    // The ringback's break fails (a busy switch), so the seat's bridge is what cuts the playback.
    rig.fs.inject({ match: /^(bg)?api uuid_break/, mode: 'error' });
    await rig.offerTo(call, seat, { ringTimeoutMs: 5000 });
    await rig.event('seat-answered');
    await until(() => rig.logs.some((l) => l.includes('seat answered; bridged')), 'bridged');
    await new Promise((r) => setTimeout(r, 400));
    assert.deepEqual(rig.logs.filter((l) => l.includes('could not play the announcement')), [], 'no false alarm about promptsDir');
    await caller.bye();
    await rig.event('call-ended');
    await noLeaks(rig);
  });

  it('an offer cuts the announcement short: ringback at once, the remaining files are never played', async () => {
    const seat = rig.seat('6101@10.1.0.71', { kind: 'answer', answerAfterMs: 400 });
    const { caller, call } = await longAnnouncementStarted();
    await rig.offerTo(call, seat, { ringTimeoutMs: 5000 });
    await rig.event('seat-answered');
    const played = heard().filter((h) => h.startsWith('playback'));
    assert.ok(played.length < 31, `the announcement was cut (${played.length} of 31 files)`);
    assert.match(heard().at(-1) ?? '', /^endless_playback tone_stream:/, 'the caller heard ringback last, not the rest of the announcement');
    await assert.rejects(rig.tel.announce(call.callId, { language: 'zh', prompts: ['greeting'] }), /invalid-state/);
    await caller.bye();
    await rig.event('call-ended');
    await noLeaks(rig);
  });
});
