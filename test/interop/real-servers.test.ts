/**
 * Interop: the same call flows as test/telephony/drachtio, against a REAL drachtio-server and a REAL
 * FreeSWITCH (configured with freeswitch.conf.d/), with SIPp as the caller and as the seat phones.
 * Runs only when the environment points at them; otherwise it prints one line and skips (never a
 * fake pass):
 *
 *   DRACHTIO_HOST, DRACHTIO_PORT (9022), DRACHTIO_SECRET
 *   DRACHTIO_SIP_HOST (= DRACHTIO_HOST), DRACHTIO_SIP_PORT (5060)   where SIPp callers send INVITEs
 *   FREESWITCH_ESL_HOST, FREESWITCH_ESL_PORT (8021), FREESWITCH_ESL_PASSWORD
 *   ESL_LISTEN_ADDRESS (127.0.0.1)   where this process accepts FreeSWITCH's outbound socket
 *   SIPP_LOCAL_IP (127.0.0.1)        SIPp's address (must be reachable from drachtio-server)
 *   HOLD_MUSIC (a tone stream)       RECORDINGS_DIR (/tmp)
 */
import assert from 'node:assert/strict';
import pino from 'pino';
import esl from 'drachtio-modesl';
import { DrachtioTelephony } from '../../telephony/drachtio/drachtio-telephony.js';
import type { DrachtioTelephonyOptions } from '../../telephony/drachtio/options.js';
import type { InboundCall, TelephonyEvent } from '../../telephony/telephony-port.js';
import { sipp, sippInstalled } from './sipp-runner.js';

const env = process.env;
const configured = Boolean(env.DRACHTIO_HOST && env.FREESWITCH_ESL_HOST);
const num = (v: string | undefined, d: number) => (v ? Number(v) : d);
const LOCAL = env.SIPP_LOCAL_IP ?? '127.0.0.1';
const SIP_TARGET = `${env.DRACHTIO_SIP_HOST ?? env.DRACHTIO_HOST}:${num(env.DRACHTIO_SIP_PORT, 5060)}`;
let nextPort = 25060 + Math.floor(Math.random() * 500) * 4;

function options(extra: Partial<DrachtioTelephonyOptions> = {}): DrachtioTelephonyOptions {
  return {
    drachtio: { host: env.DRACHTIO_HOST ?? '', port: num(env.DRACHTIO_PORT, 9022), secret: env.DRACHTIO_SECRET ?? '' },
    freeswitch: {
      host: env.FREESWITCH_ESL_HOST ?? '',
      port: num(env.FREESWITCH_ESL_PORT, 8021),
      password: env.FREESWITCH_ESL_PASSWORD ?? '',
      listenAddress: env.ESL_LISTEN_ADDRESS ?? '127.0.0.1',
    },
    trustedTrunks: [{ name: 'sipp-trunk', addresses: [`${LOCAL}/32`] }],
    recordingsDir: env.RECORDINGS_DIR ?? '/tmp',
    holdMusic: { zh: env.HOLD_MUSIC ?? 'tone_stream://%(400,200,400,450);loops=-1' },
    outboundGateway: `sip:{number}@${LOCAL}:${nextPort + 3}`,
    logger: pino({ level: env.LOG_LEVEL ?? 'warn' }),
    ...extra,
  };
}

/** Runs a `show … count`-style API command on the real FreeSWITCH and returns its "N total." figure. */
function freeswitchTotal(command: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const conn = new esl.Connection(env.FREESWITCH_ESL_HOST ?? '', num(env.FREESWITCH_ESL_PORT, 8021), env.FREESWITCH_ESL_PASSWORD ?? '', () => {
      (conn as unknown as { api(c: string, cb: (e: { getBody(): string }) => void): void }).api(command, (e) => {
        (conn as unknown as { disconnect(): void }).disconnect();
        const m = /(\d+) total/.exec(e.getBody());
        if (m) resolve(Number(m[1]));
        else reject(new Error(`unexpected reply to ${command}: ${e.getBody()}`));
      });
    }) as unknown as { on(ev: string, fn: (e: unknown) => void): void };
    conn.on('error', (e) => reject(e instanceof Error ? e : new Error(String(e))));
  });
}

/** Channels FreeSWITCH holds right now (the leak detector on a real server). */
const freeswitchChannels = () => freeswitchTotal('show channels count');
/** Bridged pairs FreeSWITCH holds right now (caller talking to a seat or a third party). */
const freeswitchBridges = () => freeswitchTotal('show bridged_calls');

/** Polls FreeSWITCH until `get` reports `want` (its state follows our commands by a few ms). */
async function eventually(get: () => Promise<number>, want: number, ms = 5000): Promise<number> {
  const end = Date.now() + ms;
  for (;;) {
    const n = await get();
    if (n === want || Date.now() > end) return n;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * FreeSWITCH closes an endpoint's channel a few ms after the BYE drachtio-server relays to it, and
 * `call-ended` fires on the caller's BYE, before that: poll until no channel is left (or give the
 * last count after a few seconds), rather than sleeping a fixed time and hoping.
 */
async function channelsAfterSettling(ms = 5000): Promise<number> {
  const end = Date.now() + ms;
  for (;;) {
    const n = await freeswitchChannels();
    if (n === 0 || Date.now() > end) return n;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function waitFor<T>(get: () => T | undefined, what: string, ms = 15000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('interop: real drachtio-server + FreeSWITCH with SIPp', function () {
  this.timeout(60_000);
  let tel: DrachtioTelephony | undefined;
  let events: TelephonyEvent[] = [];

  before(async function () {
    if (!configured) {
      console.log('skipped: no real drachtio / FreeSWITCH configured');
      this.skip();
    }
    if (!(await sippInstalled())) throw new Error('DRACHTIO_HOST/FREESWITCH_ESL_HOST are set but sipp is not installed (apt-get install -y sip-tester)');
  });

  async function start(extra: Partial<DrachtioTelephonyOptions> = {}): Promise<DrachtioTelephony> {
    events = [];
    tel = new DrachtioTelephony(options(extra));
    tel.on((e) => events.push(e));
    await tel.start();
    assert.ok(tel.health().ok, `adapter connected: ${tel.health().detail}`);
    return tel;
  }

  afterEach(async () => {
    await tel?.stop();
    tel = undefined;
  });

  const arrived = () => waitFor(() => events.find((e): e is Extract<TelephonyEvent, { type: 'call-arrived' }> => e.type === 'call-arrived')?.call, 'call-arrived');
  const seen = <T extends TelephonyEvent['type']>(type: T) => waitFor(() => events.find((e) => e.type === type) as Extract<TelephonyEvent, { type: T }> | undefined, type);

  function offer(t: DrachtioTelephony, call: InboundCall, seatPort: number, ringTimeoutMs = 8000): Promise<void> {
    return t.offer(call.callId, {
      offerId: `o-${seatPort}`,
      seatId: `seat-${seatPort}`,
      contact: `sip:seat@${LOCAL}:${seatPort}`,
      ringTimeoutMs,
      callerIdNumber: call.callerNumber,
      callerDisplayName: call.callerDisplayName,
    });
  }

  it('direct-to-seat: answered, bridged, recorded; both SIPp scenarios complete; no channel left', async () => {
    const t = await start();
    const seatPort = (nextPort += 4);
    const seat = sipp('seat-answer.xml', ['-d', '300', '-i', LOCAL, '-p', String(seatPort)]);
    const caller = sipp('caller.xml', ['-key', 'caller', '13812341234', '-key', 'did', '12345', '-d', '3000', '-i', LOCAL, '-p', String(seatPort + 1), SIP_TARGET]);
    const call = await arrived();
    await offer(t, call, seatPort);
    await seen('seat-answered');
    assert.equal((await caller.done).code, 0, 'caller scenario');
    assert.equal((await seat.done).code, 0, 'seat scenario');
    assert.equal((await seen('call-ended')).reason, 'caller-hangup');
    assert.equal(await channelsAfterSettling(), 0, 'FreeSWITCH channels left');
  });

  it('busy seat: seat-failed busy (486), the caller keeps waiting on music', async () => {
    const t = await start();
    const seatPort = (nextPort += 4);
    const seat = sipp('seat-busy.xml', ['-i', LOCAL, '-p', String(seatPort)]);
    const caller = sipp('caller.xml', ['-key', 'caller', '13812341234', '-key', 'did', '12345', '-d', '3000', '-i', LOCAL, '-p', String(seatPort + 1), SIP_TARGET]);
    const call = await arrived();
    await t.playQueueMusic(call.callId, 'zh');
    await offer(t, call, seatPort);
    const failed = await seen('seat-failed');
    assert.equal(failed.reason, 'busy');
    assert.equal(failed.sipStatus, 486);
    assert.equal((await seat.done).code, 0);
    assert.equal((await caller.done).code, 0);
    await seen('call-ended');
    assert.equal(await channelsAfterSettling(), 0, 'FreeSWITCH channels left');
  });

  it('seat never answers: ring timeout CANCELs it (seat-failed no-answer)', async () => {
    const t = await start();
    const seatPort = (nextPort += 4);
    const seat = sipp('seat-no-answer.xml', ['-i', LOCAL, '-p', String(seatPort)]);
    const caller = sipp('caller.xml', ['-key', 'caller', '13812341234', '-key', 'did', '12345', '-d', '4000', '-i', LOCAL, '-p', String(seatPort + 1), SIP_TARGET]);
    const call = await arrived();
    await offer(t, call, seatPort, 1000);
    assert.equal((await seen('seat-failed')).reason, 'no-answer');
    assert.equal((await seat.done).code, 0, 'the seat phone got the CANCEL');
    assert.equal((await caller.done).code, 0);
    await seen('call-ended');
    assert.equal(await channelsAfterSettling(), 0, 'FreeSWITCH channels left');
  });

  it('caller CANCELs while a seat rings (early-media mode): no ghost ringing, no leaked channel', async () => {
    const t = await start({ answerCaller: 'seat-answer' });
    const seatPort = (nextPort += 4);
    const seat = sipp('seat-no-answer.xml', ['-i', LOCAL, '-p', String(seatPort)]);
    const caller = sipp('caller-cancel.xml', ['-key', 'caller', '13812341234', '-key', 'did', '12345', '-d', '2000', '-i', LOCAL, '-p', String(seatPort + 1), SIP_TARGET]);
    const call = await arrived();
    await offer(t, call, seatPort, 20_000);
    await seen('seat-ringing');
    assert.equal((await caller.done).code, 0, 'caller got 200/487');
    assert.equal((await seat.done).code, 0, 'seat phone was CANCELled');
    assert.equal((await seen('call-ended')).reason, 'caller-hangup');
    assert.equal(await channelsAfterSettling(), 0, 'FreeSWITCH channels left');
  });

  it('hold unbridges the caller onto music, resume re-bridges; the seat leg stays up throughout', async () => {
    const t = await start();
    const seatPort = (nextPort += 4);
    const seat = sipp('seat-answer.xml', ['-d', '200', '-i', LOCAL, '-p', String(seatPort)]);
    const caller = sipp('caller.xml', ['-key', 'caller', '13812341234', '-key', 'did', '12345', '-d', '6000', '-i', LOCAL, '-p', String(seatPort + 1), SIP_TARGET]);
    const call = await arrived();
    await offer(t, call, seatPort);
    await seen('seat-answered');
    assert.equal(await eventually(freeswitchBridges, 1), 1, 'caller bridged to the seat');
    await t.hold(call.callId, 'zh');
    assert.equal(await eventually(freeswitchBridges, 0), 0, 'on hold: nothing bridged');
    assert.equal(await freeswitchChannels(), 2, 'both legs still up while on hold');
    await t.resume(call.callId);
    assert.equal(await eventually(freeswitchBridges, 1), 1, 'resumed: bridged again');
    assert.equal((await caller.done).code, 0, 'caller scenario');
    assert.equal((await seat.done).code, 0, 'seat got its BYE');
    assert.equal((await seen('call-ended')).reason, 'caller-hangup');
    assert.equal(await channelsAfterSettling(), 0, 'FreeSWITCH channels left');
  });

  it('transfer out to 110: the gateway gets the INVITE, the seat is released, the caller talks to 110', async () => {
    const t = await start();
    const seatPort = (nextPort += 4);
    const gatewayPort = seatPort - 1; // options() put the gateway at the previous block's +3
    const seat = sipp('seat-answer.xml', ['-d', '200', '-i', LOCAL, '-p', String(seatPort)]);
    const police = sipp('seat-answer.xml', ['-d', '200', '-i', LOCAL, '-p', String(gatewayPort)]);
    const caller = sipp('caller.xml', ['-key', 'caller', '13812341234', '-key', 'did', '12345', '-d', '5000', '-i', LOCAL, '-p', String(seatPort + 1), SIP_TARGET]);
    const call = await arrived();
    await offer(t, call, seatPort);
    await seen('seat-answered');
    await t.transferOut(call.callId, '110');
    assert.equal((await seen('call-ended')).reason, 'transferred-out');
    assert.equal((await seat.done).code, 0, 'seat phone released with a BYE');
    assert.equal(await eventually(freeswitchBridges, 1), 1, 'caller bridged to the 110 leg');
    assert.equal((await caller.done).code, 0, 'caller scenario');
    assert.equal((await police.done).code, 0, '110 leg got its BYE after the caller hung up');
    assert.equal(await channelsAfterSettling(), 0, 'FreeSWITCH channels left');
  });

  it('trusted trunk: P-Asserted-Identity and X-Language are believed', async () => {
    await start();
    const port = (nextPort += 4);
    const caller = sipp('caller-pai.xml', ['-key', 'caller', '13912345678', '-key', 'did', '12345', '-key', 'lang', 'kk', '-d', '500', '-i', LOCAL, '-p', String(port), SIP_TARGET]);
    const call = await arrived();
    assert.equal(call.callerVerified, true);
    assert.equal(call.hints.language, 'kk');
    assert.equal((await caller.done).code, 0);
    await seen('call-ended');
    assert.equal(await channelsAfterSettling(), 0, 'FreeSWITCH channels left');
  });
});
