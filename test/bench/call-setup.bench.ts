/**
 * Call setup through the real adapter, against the protocol doubles: calls per second sustained with
 * direct seat answer, and p50/p99 from the caller's INVITE to the seat phone's INVITE (what the adapter
 * adds: anchoring on FreeSWITCH, recording, the seat endpoint). The floor, measured in the same run on
 * the same doubles: a bare drachtio-srf B2BUA (`createB2BUA`, no media server) relaying the INVITE to
 * the same seat. Prints both, their ratio, and the machine. Not a test: nothing is asserted.
 *
 *   npx tsx test/bench/call-setup.bench.ts [--seconds 60] [--concurrency 20] [--only=adapter|floor]
 *
 * `--only=adapter` runs the adapter phase alone, e.g. under `node --import tsx --cpu-prof` to see
 * where the adapter's own time goes (the doubles run in the same process and show in the profile).
 */
import { percentile } from './percentile.js';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import SrfModule from 'drachtio-srf';
import { DrachtioServerDouble } from '../../fixtures/doubles/drachtio-server-double.js';
import { FreeswitchDouble } from '../../fixtures/doubles/freeswitch-double.js';
import { getHeader, sdpFor, type SipMessage } from '../../fixtures/doubles/sip-message.js';
import type { IncomingTransaction, SipParty } from '../../fixtures/doubles/sip-network.js';
import type { EmulatedCaller } from '../../fixtures/doubles/emulated-caller.js';
import { DrachtioTelephony } from '../../telephony/drachtio/drachtio-telephony.js';

const SECRET = 'bench-secret';
const SEAT = 'sip:bench-seat@10.1.0.1';

/** A seat phone that answers every INVITE at once and notes when each caller's INVITE reached it. */
class AnsweringSeat implements SipParty {
  readonly arrivals = new Map<string, number>();
  onRequest(req: SipMessage, tx: IncomingTransaction): void {
    if (!tx.dialog && req.method === 'INVITE') {
      const user = /sip:([^@]+)@/.exec(getHeader(req, 'From') ?? '')?.[1] ?? '';
      this.arrivals.set(user, performance.now());
      tx.respond(200, { body: sdpFor('10.1.0.1', 30000, 'seat') });
      return;
    }
    tx.respond(200);
  }
}

interface PhaseResult {
  calls: number;
  seconds: number;
  p50: number;
  p99: number;
  failed: number;
}

/** Keeps `concurrency` callers going for `seconds`; each call: INVITE, answered, seat reached, BYE. */
async function drive(
  drachtio: DrachtioServerDouble,
  seat: AnsweringSeat,
  seconds: number,
  concurrency: number,
  connected: (caller: EmulatedCaller) => Promise<void>,
): Promise<PhaseResult> {
  const latencies: number[] = [];
  let seq = 0;
  let failed = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  async function worker(): Promise<void> {
    while (performance.now() < deadline) {
      const number = `139${String(++seq).padStart(8, '0')}`;
      const t0 = performance.now();
      const caller = drachtio.call({ number, source: { address: '10.20.0.5', port: 5060 } });
      try {
        await connected(caller);
        const t1 = seat.arrivals.get(number);
        seat.arrivals.delete(number);
        if (t1 === undefined) throw new Error('seat never saw the call');
        latencies.push(t1 - t0);
        await caller.bye();
      } catch {
        failed++;
        await caller.hangUp().catch(() => undefined);
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, () => worker()));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { calls: latencies.length, seconds: elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), failed };
}

async function adapterPhase(seconds: number, concurrency: number): Promise<PhaseResult & { leaked: number }> {
  const drachtio = new DrachtioServerDouble({ secret: SECRET });
  const d = await drachtio.start();
  const fs = new FreeswitchDouble({ password: 'bench-esl', drachtio });
  const f = await fs.start();
  const seat = new AnsweringSeat();
  drachtio.register('bench-seat@10.1.0.1', seat);
  const tel = new DrachtioTelephony({
    drachtio: { host: d.host, port: d.port, secret: SECRET },
    freeswitch: { host: f.host, port: f.port, password: 'bench-esl', listenAddress: '127.0.0.1' },
    trustedTrunks: [{ name: 'sbc', addresses: ['10.20.0.0/24'] }],
    recordingsDir: '/var/lib/hotline/recordings',
    holdMusic: { zh: '/music/zh.wav' },
    outboundGateway: 'sip:{number}@10.9.9.9:5060',
    logger: pino({ level: 'silent' }),
  });
  // The bridge's part, reduced to "offer the seat at once"; the driver waits for seat-answered.
  const callIdOf = new Map<string, string>();
  const byCall = new Map<string, () => void>();
  tel.on((e) => {
    if (e.type === 'call-arrived') {
      callIdOf.set(e.call.callerNumber, e.call.callId);
      void tel.offer(e.call.callId, {
        offerId: e.call.callId,
        seatId: 'bench',
        contact: SEAT,
        ringTimeoutMs: 10_000,
        callerIdNumber: e.call.callerNumber,
        callerDisplayName: e.call.callerDisplayName,
      });
    } else if (e.type === 'seat-answered') {
      byCall.get(e.callId)?.();
    }
  });
  await tel.start();
  const result = await drive(drachtio, seat, seconds, concurrency, async (caller) => {
    const number = /sip:([^@]+)@/.exec(getHeader(caller.invite, 'From') ?? '')?.[1] ?? '';
    await caller.final();
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('no seat-answered')), 10_000);
      const check = () => {
        const id = callIdOf.get(number);
        if (!id) return setImmediate(check);
        callIdOf.delete(number);
        byCall.set(id, () => {
          clearTimeout(t);
          byCall.delete(id);
          resolve();
        });
      };
      check();
    });
  });
  await new Promise((r) => setTimeout(r, 500));
  const leaked = fs.liveChannels();
  await tel.stop();
  await fs.stop();
  await drachtio.stop();
  return { ...result, leaked };
}

async function floorPhase(seconds: number, concurrency: number): Promise<PhaseResult> {
  const drachtio = new DrachtioServerDouble({ secret: SECRET });
  const d = await drachtio.start();
  const seat = new AnsweringSeat();
  drachtio.register('bench-seat@10.1.0.1', seat);
  type B2bSrf = {
    on(ev: string, fn: (...a: unknown[]) => void): void;
    connect(o: object): void;
    disconnect(): void;
    invite(fn: (req: never, res: never) => void): void;
    createB2BUA(req: never, res: never, uri: string, opts: object): Promise<{ uas: { on(e: string, f: () => void): void }; uac: { destroy(): Promise<unknown> } }>;
  };
  const srf = new (SrfModule as unknown as new () => B2bSrf)();
  srf.on('error', () => undefined);
  srf.invite((req, res) => {
    srf
      .createB2BUA(req, res, SEAT, { localSdpB: (req as { body: string }).body })
      .then(({ uas, uac }) => uas.on('destroy', () => void uac.destroy().catch(() => undefined)))
      .catch(() => undefined);
  });
  await new Promise<void>((resolve) => {
    srf.on('connect', () => resolve());
    srf.connect({ host: d.host, port: d.port, secret: SECRET });
  });
  const result = await drive(drachtio, seat, seconds, concurrency, async (caller) => {
    const final = await caller.final();
    if (final.status !== 200) throw new Error(`status ${final.status}`);
  });
  srf.disconnect();
  await drachtio.stop();
  return result;
}

function machine(): string {
  const cpu = os.cpus();
  return `${cpu.length} × ${cpu[0]?.model ?? 'unknown cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, ${os.platform()} ${os.release()}`;
}

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : dflt;
}

export async function run(): Promise<string> {
  const seconds = process.argv.includes('--quick') ? 10 : arg('seconds', 60);
  const concurrency = arg('concurrency', 20);
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  const cps = (r: PhaseResult) => r.calls / r.seconds;
  const fmt = (r: PhaseResult) =>
    `${cps(r).toFixed(1)} calls/s sustained (${r.calls} calls in ${r.seconds.toFixed(1)} s, ${r.failed} failed); ` +
    `INVITE→seat INVITE p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms`;
  if (only === 'adapter' || only === 'floor') {
    const r = only === 'adapter' ? await adapterPhase(seconds, concurrency) : await floorPhase(seconds, concurrency);
    return `call setup, ${only} only, ${concurrency} callers in parallel, ${seconds} s: ${fmt(r)}\n  machine: ${machine()}`;
  }
  const floor = await floorPhase(seconds, concurrency);
  const adapter = await adapterPhase(seconds, concurrency);
  return [
    `call setup, direct seat answer, ${concurrency} callers in parallel, ${seconds} s per phase, protocol doubles on loopback`,
    `  machine: ${machine()}`,
    `  floor  (bare drachtio-srf B2BUA):              ${fmt(floor)}`,
    `  adapter (anchor + record + seat endpoint):     ${fmt(adapter)}`,
    `  ratio adapter/floor: throughput ×${(cps(adapter) / cps(floor)).toFixed(2)}, p50 ×${(adapter.p50 / floor.p50).toFixed(2)}, p99 ×${(adapter.p99 / floor.p99).toFixed(2)}`,
    `  FreeSWITCH channels left after the adapter run: ${adapter.leaked}`,
    '  (the doubles answer instantly: this is the software path only; real media servers add their own time)',
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  run()
    .then((text) => {
      process.stdout.write(`${text}\n`);
      process.exit(0);
    })
    .catch((err: unknown) => {
      process.stderr.write(`${String(err)}\n`);
      process.exit(1);
    });
}
