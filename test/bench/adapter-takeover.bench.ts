/**
 * The real adapter's share of a take-over, on the protocol doubles (printed, not asserted): adapter A
 * holds N waiting callers with the bridge's facts recorded and dies without a word; adapter B connects
 * (start) and finds and adopts them (recoverCalls: one `show channels`, then a few `uuid_getvar` jobs per
 * call, eight at a time). The product-level figure (kill -9 → standby active → first call offered) is
 * restart-takeover.bench.ts.
 *
 *   npx tsx test/bench/adapter-takeover.bench.ts [--quick]
 */
import pino from 'pino';
import { DrachtioServerDouble } from '../../fixtures/doubles/drachtio-server-double.js';
import { FreeswitchDouble } from '../../fixtures/doubles/freeswitch-double.js';
import { DrachtioTelephony } from '../../telephony/drachtio/drachtio-telephony.js';
import type { InboundCall } from '../../telephony/telephony-port.js';
import { crash } from '../telephony/drachtio/take-over-rig.js';
import { percentile } from './percentile.js';
import { runWhenMain } from './bench-main.js';

const SECRET = 'bench-secret';
const PASSWORD = 'bench-esl';
const quick = process.argv.includes('--quick');

function adapter(drachtioPort: number, fsPort: number): DrachtioTelephony {
  return new DrachtioTelephony({
    drachtio: { host: '127.0.0.1', port: drachtioPort, secret: SECRET },
    freeswitch: { host: '127.0.0.1', port: fsPort, password: PASSWORD, listenAddress: '127.0.0.1' },
    trustedTrunks: [{ name: 'carrier-sbc', addresses: ['10.20.0.0/24'] }],
    recordingsDir: '/tmp/bench-takeover',
    holdMusic: { zh: '/music/zh.wav' },
    outboundGateway: 'sip:{number}@10.9.9.9:5060',
    reconcileIntervalMs: 0,
    dialogProbeMs: 60_000,
    logger: pino({ level: 'silent' }),
  });
}

async function until(cond: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function once(n: number): Promise<{ startMs: number; recoverMs: number }> {
  const drachtio = new DrachtioServerDouble({ secret: SECRET });
  const d = await drachtio.start();
  const fs = new FreeswitchDouble({ password: PASSWORD, drachtio });
  const f = await fs.start();
  const a = adapter(d.port, f.port);
  const arrived: InboundCall[] = [];
  a.on((e) => {
    if (e.type === 'call-arrived') arrived.push(e.call);
  });
  await a.start();
  for (let i = 0; i < n; i++) drachtio.call({ source: { address: '10.20.0.5', port: 5060 } });
  await until(() => arrived.length === n);
  await until(() => fs.live().filter((c) => c.vars.has('hotline_caller')).length === n);
  for (const c of arrived) {
    await a.playQueueMusic(c.callId, 'zh');
    a.annotate(c.callId, { state: 'waiting', arrivedAt: c.arrivedAt, priority: 0, language: 'zh', languageStrength: 'preferred', desk: 'general' });
  }
  await until(() => fs.live().filter((c) => c.vars.has('hotline_facts')).length === n);
  crash(a);
  const b = adapter(d.port, f.port);
  const t0 = performance.now();
  await b.start();
  const t1 = performance.now();
  const found = await b.recoverCalls();
  const t2 = performance.now();
  if (found.filter((r) => r.found === 'waiting').length !== n) throw new Error(`recovered ${found.length} of ${n}`);
  await b.stop();
  await fs.stop();
  await drachtio.stop();
  return { startMs: t1 - t0, recoverMs: t2 - t1 };
}

function line(label: string, ms: number[]): string {
  const s = [...ms].sort((x, y) => x - y);
  const at = (p: number) => percentile(s, p);
  return `  ${label.padEnd(44)} p50 ${at(50).toFixed(1)} ms · p99 ${at(99).toFixed(1)} ms (n=${s.length})`;
}

export async function run(): Promise<string> {
  const out: string[] = ['adapter take-over on the protocol doubles (B: start, then recoverCalls)'];
  const runs = quick ? 3 : 10;
  for (const n of quick ? [10] : [10, 100]) {
    const start: number[] = [];
    const recover: number[] = [];
    for (let i = 0; i < runs; i++) {
      const r = await once(n);
      start.push(r.startMs);
      recover.push(r.recoverMs);
    }
    out.push(line(`${n} waiting calls: B connects (start)`, start));
    out.push(line(`${n} waiting calls: recoverCalls`, recover));
  }
  return out.join('\n');
}

runWhenMain(import.meta.url, run);
