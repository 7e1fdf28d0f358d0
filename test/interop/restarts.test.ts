/**
 * Interop: what a live call goes through when the SIP or media server goes away, on the real servers.
 * - The bridge's connection to drachtio-server drops and comes back: drachtio-server answers the
 *   caller's later BYE with 481 (the dialog belonged to the old connection; drachtio-server #66, #432);
 *   the adapter's dialog probe finds the dialog gone and ends the call, and the seat gets its BYE.
 * - drachtio-server restarts (DRACHTIO_RESTART_CMD): every dialog is gone; the adapter ends the call
 *   and hangs FreeSWITCH's channels up over the event socket. The phones get no BYE from anyone: their
 *   dialogs died with the server (the caller's own BYE gets 481; the seat phone is cut off only when the
 *   agent hangs up) — the limit of a SIP dialog held by drachtio-server.
 * - FreeSWITCH restarts (FREESWITCH_RESTART_CMD): it hangs its channels up as it stops; the adapter
 *   reports media-failure and sends BYE to caller and seat; new calls get 503 until the event socket is
 *   back, then work again.
 */
import assert from 'node:assert/strict';
import { currentSocket } from '../../telephony/drachtio/library-internals.js';
import type { SrfLike } from '../../telephony/drachtio/library-types.js';
import { callerArgs, env, eventually, freeswitchChannels, leaks, ports, requireRealServers, runCommand, seatArgs, Session, waitFor } from './interop-env.js';
import { sipp, VOICE } from './sipp-runner.js';

describe('interop: restarts and reconnects mid-call', function () {
  this.timeout(180_000);
  let s: Session | undefined;

  before(async function () {
    await requireRealServers(this);
  });
  afterEach(async () => {
    await s?.stop();
    s = undefined;
  });

  async function connected(seatScript: string, callerScript: string, talkMs: number) {
    const p = ports();
    const seat = sipp(seatScript, seatArgs(p.seat, 200), { voiceHz: VOICE.seat, timeoutSec: 90 });
    const caller = sipp(callerScript, callerArgs(p.caller, { talkMs }), { timeoutSec: 90 });
    const call = await s!.arrived();
    await s!.offer(call, p.seat);
    await s!.seen('seat-answered');
    return { seat, caller, call, p };
  }

  /** A short call on the same adapter, to show calls work again. */
  async function callWorks(n: number): Promise<void> {
    const p = ports();
    const seat = sipp('seat-answer.xml', seatArgs(p.seat, 200), { voiceHz: VOICE.seat });
    const caller = sipp('caller.xml', callerArgs(p.caller, { talkMs: 1500 }));
    const call = await s!.arrived(n);
    await s!.offer(call, p.seat);
    await s!.seen('seat-answered', (e) => e.callId === call.callId);
    assert.equal((await caller.done).code, 0);
    assert.equal((await seat.done).code, 0);
    assert.equal(await leaks(s!.tel), '');
  }

  it("the bridge's drachtio connection drops and returns mid-call: the caller's BYE gets 481, the probe ends the call, the seat gets its BYE", async () => {
    s = await Session.start({ dialogProbeMs: 1000 });
    const { seat, caller, call } = await connected('seat-answer.xml', 'caller-any-bye.xml', 6000);
    const srf = (s.tel as unknown as { srf: SrfLike }).srf;
    const old = currentSocket(srf) as { destroy(): void };
    old.destroy();
    await waitFor(() => (s!.tel.health().ok && currentSocket(srf) !== old ? true : undefined), 'reconnected');
    const callerRun = await caller.done;
    assert.equal(callerRun.code, 0, callerRun.output.slice(0, 1500));
    assert.match(callerRun.output, /481/, "drachtio-server refused the caller's BYE");
    assert.equal((await s.seen('call-ended', (e) => e.callId === call.callId, 20_000)).reason, 'caller-hangup');
    assert.equal((await seat.done).code, 0, 'the seat got its BYE over the new connection');
    assert.equal(s.tel.health().counters.deadDialogsFound, 1);
    assert.equal(await leaks(s.tel), '');
    await callWorks(1);
  });

  it('drachtio-server restarts mid-call: the call ends, FreeSWITCH holds no channel, new calls work', async function () {
    if (!env.DRACHTIO_RESTART_CMD) {
      console.log('skipped: DRACHTIO_RESTART_CMD not set');
      this.skip();
    }
    s = await Session.start({ dialogProbeMs: 1000 });
    const { seat, caller, call } = await connected('seat-answer.xml', 'caller-any-bye.xml', 15_000);
    await runCommand(env.DRACHTIO_RESTART_CMD as string);
    await waitFor(() => (s!.tel.health().ok ? true : undefined), 'reconnected to the restarted drachtio-server', 30_000);
    assert.equal((await s.seen('call-ended', (e) => e.callId === call.callId, 20_000)).reason, 'caller-hangup');
    assert.equal(await eventually(freeswitchChannels, 0, 10_000), 0, 'channels hung up over the event socket');
    assert.equal(await leaks(s.tel), '');
    const callerRun = await caller.done;
    assert.equal(callerRun.code, 0, "the caller's own BYE is answered (481 from the new server)");
    seat.kill(); // no BYE can reach it: its dialog died with the server (documented limit)
    await callWorks(1);
  });

  it('FreeSWITCH restarts mid-call: media-failure, BYE to caller and seat, 503 while it is away, calls work again', async function () {
    if (!env.FREESWITCH_RESTART_CMD) {
      console.log('skipped: FREESWITCH_RESTART_CMD not set');
      this.skip();
    }
    s = await Session.start();
    const { seat, caller, call } = await connected('seat-answer.xml', 'caller-wait-bye.xml', 0);
    const restart = runCommand(env.FREESWITCH_RESTART_CMD as string);
    await waitFor(() => (!s!.tel.health().ok ? true : undefined), 'FreeSWITCH seen down');
    const refused = sipp('caller.xml', callerArgs(ports().caller, { talkMs: 500 }), { timeoutSec: 10 });
    // The channels died with the switch: the calls end once it is back without them, or after
    // controlLossGraceMs if it is not back by then.
    assert.equal((await s.seen('call-ended', (e) => e.callId === call.callId, 30_000)).reason, 'media-failure');
    assert.equal((await caller.done).code, 0, 'the caller got a BYE');
    assert.equal((await seat.done).code, 0, 'the seat got a BYE');
    assert.notEqual((await refused.done).code, 0, 'a call while FreeSWITCH is away is refused (503)');
    await restart;
    await waitFor(() => (s!.tel.health().ok ? true : undefined), 'event socket back', 30_000);
    assert.equal(await leaks(s.tel), '');
    await callWorks(1);
  });
});
