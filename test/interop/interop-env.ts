/**
 * What every interop suite shares: the environment that points at a real drachtio-server and
 * FreeSWITCH (test/interop/README in the main README's "Real telephony" section), the adapter options
 * built from it, FreeSWITCH queries over a short-lived event socket, and the leak check that ends every
 * case: FreeSWITCH holds no channel, the adapter holds no endpoint and no SIP dialog, and (when
 * DRACHTIO_METRICS_URL is set) drachtio-server holds no dialog.
 *
 *   DRACHTIO_HOST, DRACHTIO_PORT (9022), DRACHTIO_SECRET
 *   DRACHTIO_SIP_HOST (= DRACHTIO_HOST), DRACHTIO_SIP_PORT (5060)   where SIPp callers send INVITEs
 *   FREESWITCH_ESL_HOST, FREESWITCH_ESL_PORT (8021), FREESWITCH_ESL_PASSWORD
 *   ESL_LISTEN_ADDRESS (127.0.0.1)   where this process accepts FreeSWITCH's outbound socket
 *   SIPP_LOCAL_IP (127.0.0.1)        SIPp's address (must be reachable from drachtio-server)
 *   HOLD_MUSIC (a tone stream)       RECORDINGS_DIR (where FreeSWITCH writes; read back by the tests)
 *   DRACHTIO_METRICS_URL             optional: drachtio's Prometheus endpoint (drachtio_stable_dialogs)
 *   DRACHTIO_RESTART_CMD, FREESWITCH_RESTART_CMD   optional: shell commands for the restart cases
 *   SOAK=1                           the 5-minute soak (soak.test.ts)
 */
import { exec } from 'node:child_process';
import pino from 'pino';
import esl from 'drachtio-modesl';
import { DrachtioTelephony } from '../../telephony/drachtio/drachtio-telephony.js';
import type { DrachtioTelephonyOptions } from '../../telephony/drachtio/options.js';
import type { InboundCall, TelephonyEvent } from '../../telephony/telephony-port.js';
import { sippInstalled } from './sipp-runner.js';

export const env = process.env;
export const configured = Boolean(env.DRACHTIO_HOST && env.FREESWITCH_ESL_HOST);
const num = (v: string | undefined, d: number) => (v ? Number(v) : d);
export const LOCAL = env.SIPP_LOCAL_IP ?? '127.0.0.1';
export const SIP_TARGET = `${env.DRACHTIO_SIP_HOST ?? env.DRACHTIO_HOST}:${num(env.DRACHTIO_SIP_PORT, 5060)}`;
export const RECORDINGS_DIR = env.RECORDINGS_DIR ?? '/tmp';

let told = false;
/** In a `before` hook: skip the suite unless real servers are configured (one line for the whole run). */
export async function requireRealServers(ctx: Mocha.Context): Promise<void> {
  if (!configured) {
    if (!told) console.log('skipped: no real drachtio / FreeSWITCH configured (source /opt/realstack/env.sh or set DRACHTIO_HOST and FREESWITCH_ESL_HOST)');
    told = true;
    ctx.skip();
  }
  if (!(await sippInstalled())) throw new Error('DRACHTIO_HOST/FREESWITCH_ESL_HOST are set but sipp is not installed (apt-get install -y sip-tester)');
}

// Above FreeSWITCH's RTP range (16384–32768, freeswitch.conf.d "Throughput"), else a phone's port may be taken.
let nextPort = 33060 + Math.floor(Math.random() * 400) * 8;
/** A block of free-looking ports for one case's SIPp phones (seat, caller, gateway, …). */
export function ports(): { seat: number; caller: number; gateway: number; seat2: number; caller2: number } {
  const p = (nextPort += 8);
  return { seat: p, caller: p + 1, gateway: p + 2, seat2: p + 3, caller2: p + 4 };
}

export function options(extra: Partial<DrachtioTelephonyOptions> = {}, gatewayPort = 5999): DrachtioTelephonyOptions {
  return {
    drachtio: { host: env.DRACHTIO_HOST ?? '', port: num(env.DRACHTIO_PORT, 9022), secret: env.DRACHTIO_SECRET ?? '' },
    freeswitch: {
      host: env.FREESWITCH_ESL_HOST ?? '',
      port: num(env.FREESWITCH_ESL_PORT, 8021),
      password: env.FREESWITCH_ESL_PASSWORD ?? '',
      listenAddress: env.ESL_LISTEN_ADDRESS ?? '127.0.0.1',
    },
    trustedTrunks: [{ name: 'sipp-trunk', addresses: [`${LOCAL}/32`] }],
    recordingsDir: RECORDINGS_DIR,
    holdMusic: { zh: env.HOLD_MUSIC ?? 'tone_stream://%(400,200,400,450);loops=-1', kk: env.HOLD_MUSIC_KK ?? env.HOLD_MUSIC ?? 'tone_stream://%(400,200,400,450);loops=-1' },
    outboundGateway: `sip:{number}@${LOCAL}:${gatewayPort}`,
    logger: pino({ level: env.LOG_LEVEL ?? 'warn' }),
    // Off unless a case asks for it, so channel counts are the case's own (endpoint-pool.test.ts and the
    // soak run with the pool).
    endpointPool: { size: 0 },
    ...extra,
  };
}

/** Runs an API command on the real FreeSWITCH over a fresh event socket and returns its body. */
export function freeswitchApi(command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const conn = new esl.Connection(env.FREESWITCH_ESL_HOST ?? '', num(env.FREESWITCH_ESL_PORT, 8021), env.FREESWITCH_ESL_PASSWORD ?? '', () => {
      (conn as unknown as { api(c: string, cb: (e: { getBody(): string }) => void): void }).api(command, (e) => {
        (conn as unknown as { disconnect(): void }).disconnect();
        resolve(e.getBody());
      });
    }) as unknown as { on(ev: string, fn: (e: unknown) => void): void };
    conn.on('error', (e) => reject(e instanceof Error ? e : new Error(String(e))));
  });
}

async function total(command: string): Promise<number> {
  const body = await freeswitchApi(command);
  const m = /(\d+) total/.exec(body);
  if (!m) throw new Error(`unexpected reply to ${command}: ${body}`);
  return Number(m[1]);
}

/** Channels FreeSWITCH holds right now (the leak detector on a real server). */
export const freeswitchChannels = () => total('show channels count');
/** Bridged pairs FreeSWITCH holds right now (caller talking to a seat or a third party). */
export const freeswitchBridges = () => total('show bridged_calls');

/** drachtio-server's count of SIP dialogs, when its Prometheus endpoint is configured. */
export async function drachtioDialogs(): Promise<number | undefined> {
  const url = env.DRACHTIO_METRICS_URL;
  if (!url) return undefined;
  const text = await (await fetch(url)).text();
  return [...text.matchAll(/^drachtio_stable_dialogs\{[^}]*\}\s+(\d+)/gm)].reduce((n, m) => n + Number(m[1]), 0);
}

/** Polls until `get` reports `want` (FreeSWITCH follows our commands by a few ms); returns the last value. */
export async function eventually(get: () => Promise<number>, want: number, ms = 5000): Promise<number> {
  const end = Date.now() + ms;
  for (;;) {
    const n = await get();
    if (n === want || Date.now() > end) return n;
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function waitFor<T>(get: () => T | undefined, what: string, ms = 15000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Nothing left once the calls are over: FreeSWITCH channels (FreeSWITCH closes an endpoint a few ms
 * after the BYE, so this polls), the adapter's endpoints and SIP dialogs, drachtio's dialogs if known.
 * The adapter's ready spares (its warm pool: one channel and one dialog each, no call) are not leaks.
 * drachtio-server refreshes its dialog gauge only on its 30 s watchdog tick, so a gauge that alone
 * still shows dialogs is read again until a refresh has happened. Returns a description of what
 * leaked, or '' when nothing did.
 */
export async function leaks(tel: DrachtioTelephony, ms = 8000): Promise<string> {
  const start = Date.now();
  for (;;) {
    const spares = tel.spareEndpoints();
    const fs = (await freeswitchChannels()) - spares;
    const h = tel.health();
    const dialogs = tel.sipDialogs();
    const drachtio = await drachtioDialogs();
    const drachtioLeft = drachtio === undefined ? 0 : drachtio - spares;
    const othersLeft = fs !== 0 || h.liveChannels !== 0 || dialogs !== 0;
    if (!othersLeft && drachtioLeft === 0) return '';
    const waited = Date.now() - start;
    if (waited > ms && (othersLeft || waited > Math.max(ms, DRACHTIO_GAUGE_PERIOD_MS + 5_000))) {
      return `FreeSWITCH channels ${fs}, adapter endpoints ${h.liveChannels}, adapter SIP dialogs ${dialogs}${drachtio === undefined ? '' : `, drachtio dialogs ${drachtioLeft}`} (besides ${spares} spare endpoints)`;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** drachtio-server 0.9.10 sets drachtio_stable_dialogs on its watchdog timer (controller.cpp: every 30 s). */
export const DRACHTIO_GAUGE_PERIOD_MS = 30_000;

/** One adapter for one case, with its events recorded. */
export class Session {
  events: TelephonyEvent[] = [];
  /** When each event was seen (epoch ms), by position in `events`. */
  readonly times: number[] = [];
  constructor(readonly tel: DrachtioTelephony) {
    tel.on((e) => {
      this.events.push(e);
      this.times.push(Date.now());
    });
  }

  /** When the first event matching was seen. */
  timeOf(pred: (e: TelephonyEvent) => boolean): number {
    const i = this.events.findIndex(pred);
    if (i < 0) throw new Error('no such event');
    return this.times[i] as number;
  }

  static async start(extra: Partial<DrachtioTelephonyOptions> = {}, gatewayPort?: number): Promise<Session> {
    const s = new Session(new DrachtioTelephony(options(extra, gatewayPort)));
    await s.tel.start();
    if (!s.tel.health().ok) throw new Error(`adapter not connected: ${s.tel.health().detail}`);
    return s;
  }

  /** The n-th call to arrive (0-based). */
  arrived(n = 0): Promise<InboundCall> {
    return waitFor(() => this.events.filter((e): e is Extract<TelephonyEvent, { type: 'call-arrived' }> => e.type === 'call-arrived')[n]?.call, `call-arrived #${n + 1}`);
  }

  seen<T extends TelephonyEvent['type']>(type: T, pred: (e: Extract<TelephonyEvent, { type: T }>) => boolean = () => true, ms = 15000): Promise<Extract<TelephonyEvent, { type: T }>> {
    return waitFor(() => this.events.find((e) => e.type === type && pred(e as Extract<TelephonyEvent, { type: T }>)) as Extract<TelephonyEvent, { type: T }> | undefined, type, ms);
  }

  offer(call: InboundCall, seatPort: number, ringTimeoutMs = 8000, offerId = `o-${seatPort}`): Promise<void> {
    return this.tel.offer(call.callId, {
      offerId,
      seatId: `seat-${seatPort}`,
      contact: `sip:seat@${LOCAL}:${seatPort}`,
      ringTimeoutMs,
      callerIdNumber: call.callerNumber,
      callerDisplayName: call.callerDisplayName,
    });
  }

  stop(): Promise<void> {
    return this.tel.stop();
  }
}

/** Runs an operator-given shell command (a restart) without blocking the event loop; rejects with its output if it fails. */
export function runCommand(cmd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    exec(cmd, { timeout: 120_000 }, (err, stdout, stderr) => (err ? reject(new Error(`${cmd} failed: ${err.message}\n${stdout}${stderr}`)) : resolve()));
  });
}

/** Arguments of a SIPp caller to the hotline. */
export function callerArgs(port: number, opts: { number?: string; did?: string; talkMs?: number } = {}): string[] {
  return [
    '-key', 'caller', opts.number ?? '13812341234',
    '-key', 'did', opts.did ?? '12345',
    ...(opts.talkMs !== undefined ? ['-d', String(opts.talkMs)] : []),
    '-i', LOCAL, '-p', String(port), SIP_TARGET,
  ];
}

/** Arguments of a SIPp seat phone listening on `port`. */
export function seatArgs(port: number, ringMs?: number): string[] {
  return [...(ringMs !== undefined ? ['-d', String(ringMs)] : []), '-i', LOCAL, '-p', String(port)];
}
