/**
 * Soak on the real servers (SOAK=1; SOAK_SECONDS, default 300; SOAK_RATE calls/s, default 10): SIPp
 * callers arrive at a steady rate and hang up at random moments (queued, ringing, being bridged,
 * talking); a small driver plays the bridge's part, offering each call to a random seat phone — some
 * answer, some are busy, some never answer, some answer the CANCEL with 200 and never send 487 — and
 * re-offering after a failure. At the end the adapter is up, every call that arrived has ended, no
 * fault reached the last resort, and FreeSWITCH, the adapter (and drachtio-server, when its metrics
 * are configured) hold no channel and no dialog. Prints what happened.
 */
import assert from 'node:assert/strict';
import pino from 'pino';
import type { InboundCall, TelephonyEvent } from '../../telephony/telephony-port.js';
import { callerArgs, env, eventually, freeswitchChannels, leaks, LOCAL, ports, requireRealServers, seatArgs, Session } from './interop-env.js';
import { sipp, VOICE, type SippRun } from './sipp-runner.js';

const SECONDS = Number(env.SOAK_SECONDS ?? 300);
const RATE = Number(env.SOAK_RATE ?? 10);
const SEATS: Array<{ scenario: string; ringMs?: number; voiceHz?: number }> = [
  // Phones that ring 1 s and answer, unless the caller's CANCEL comes first.
  { scenario: 'seat-answer-or-cancel.xml', voiceHz: VOICE.seat },
  { scenario: 'seat-answer-or-cancel.xml', voiceHz: VOICE.seat },
  { scenario: 'seat-busy.xml' },
  { scenario: 'seat-no-answer.xml' },
  { scenario: 'seat-cancel-no-487.xml' },
];

describe('interop: soak', function () {
  this.timeout((SECONDS + 180) * 1000);

  before(async function () {
    await requireRealServers(this);
    if (env.SOAK !== '1') {
      console.log('skipped: soak (set SOAK=1; SOAK_SECONDS, SOAK_RATE)');
      this.skip();
    }
  });

  it(`${RATE} calls/s for ${SECONDS} s with mixed seats and random hang-ups: the adapter stays up and nothing is left`, async () => {
    const s = await Session.start({ cancelSettleMs: 3000, dialogProbeMs: 5000, endpointPool: { size: 8 }, logger: pino({ level: env.LOG_LEVEL ?? 'error' }) });
    const total = RATE * SECONDS;
    const seatPorts = SEATS.map(() => ports().seat);
    // RTP ports of each SIPp process, apart from each other and from another run's leftovers.
    const media = 10_000 + Math.floor(Math.random() * 20) * 300;
    const phones: SippRun[] = SEATS.map((seat, i) =>
      sipp(seat.scenario, [...seatArgs(seatPorts[i] as number, seat.ringMs), '-mp', String(media + i * 40)], { voiceHz: seat.voiceHz, calls: total, timeoutSec: SECONDS + 120 }),
    );
    const tries = new Map<string, number>();
    const outcome = { arrived: 0, answered: 0, ended: 0, offersFailed: new Map<string, number>() };
    const live = new Map<string, InboundCall>();
    const offerNext = (call: InboundCall) => {
      const n = (tries.get(call.callId) ?? 0) + 1;
      if (n > 3 || !live.has(call.callId)) return; // keeps waiting on music until the caller hangs up
      tries.set(call.callId, n);
      const i = Math.floor(Math.random() * SEATS.length);
      void s.tel
        .offer(call.callId, { offerId: `${call.callId}-${n}`, seatId: `seat${i}`, contact: `sip:seat@${LOCAL}:${seatPorts[i]}`, ringTimeoutMs: 2000, callerIdNumber: call.callerNumber, callerDisplayName: '' })
        .catch(() => undefined);
    };
    s.tel.on((e: TelephonyEvent) => {
      switch (e.type) {
        case 'call-arrived':
          outcome.arrived++;
          live.set(e.call.callId, e.call);
          void s.tel.playQueueMusic(e.call.callId, 'zh').catch(() => undefined);
          offerNext(e.call);
          return;
        case 'seat-answered':
          outcome.answered++;
          return;
        case 'seat-failed': {
          outcome.offersFailed.set(e.reason, (outcome.offersFailed.get(e.reason) ?? 0) + 1);
          const call = live.get(e.callId);
          if (call) setTimeout(() => offerNext(call), 200);
          return;
        }
        case 'call-ended':
          outcome.ended++;
          live.delete(e.callId);
          return;
      }
    });
    const p = ports();
    // -recv_timeout: a call whose next message never comes fails (with a BYE if it was answered)
    // instead of holding SIPp open.
    const callers = sipp('caller-soak.xml', [...callerArgs(p.caller), '-r', String(RATE), '-rp', '1000', '-l', '500', '-recv_timeout', '20000', '-mp', String(media + 1000)], { calls: total, timeoutSec: SECONDS + 120 });
    // SIPp's -timeout does not always end it under load: stop the callers ourselves a minute after the
    // last call was due (the SIPp summary is printed when it exits on SIGTERM too).
    const stopCallers = setTimeout(() => callers.kill(), (SECONDS + 60) * 1000);
    const run = await callers.done;
    clearTimeout(stopCallers);
    // Let the last calls' teardown finish (an offer given up after an unanswered CANCEL takes cancelSettleMs).
    const end = Date.now() + 30_000;
    while ((live.size > 0 || (await freeswitchChannels()) > s.tel.spareEndpoints()) && Date.now() < end) await new Promise((r) => setTimeout(r, 500));
    for (const ph of phones) ph.kill();
    const h = s.tel.health();
    const fsLeft = (await freeswitchChannels()) - s.tel.spareEndpoints();
    console.log(
      JSON.stringify({
        seconds: SECONDS,
        rate: RATE,
        arrived: outcome.arrived,
        answered: outcome.answered,
        ended: outcome.ended,
        offersFailed: Object.fromEntries(outcome.offersFailed),
        stillLive: live.size,
        freeswitchChannelsLeft: fsLeft,
        adapterEndpoints: h.liveChannels,
        adapterSipDialogs: s.tel.sipDialogs(),
        counters: h.counters,
        sippCallerSummary: /Successful call\s+\|\s+\d+\s+\|\s+(\d+)[\s\S]*?Failed call\s+\|\s+\d+\s+\|\s+(\d+)/.exec(run.output)?.slice(1),
      }),
    );
    try {
      assert.ok(h.ok, `the adapter is up: ${h.detail}`);
      assert.ok(outcome.arrived > total * 0.9, `most calls reached the adapter (${outcome.arrived} of ${total})`);
      assert.equal(live.size, 0, `every call that arrived ended (${live.size} still live)`);
      assert.equal(h.counters.unhandledFaults, 0, 'no fault reached the last resort');
      assert.equal(await leaks(s.tel, 15_000), '');
      await s.stop();
      assert.equal(await eventually(freeswitchChannels, 0, 10_000), 0, 'the spares are released at shutdown');
    } finally {
      for (const ph of phones) ph.kill();
      callers.kill();
      await s.stop();
    }
  });
});
