/**
 * `npm run bench -- real`: the bridge on real drachtio-server + FreeSWITCH, against a plain FreeSWITCH
 * bridge to the seat (the floor) and mod_callcenter (the incumbent), in one run, with SIPp callers and
 * auto-answering SIPp seat phones on loopback. Figures come from a packet capture (tshark on lo): the
 * caller's INVITE in → the seat's INVITE out, paired by the caller's From user (unique per call).
 * Nothing is asserted; the figures are printed with the machine described.
 *
 * Needs the interop variables (source /opt/realstack/env.sh: a drachtio/FreeSWITCH pair nobody else
 * uses — the bench sends hundreds of calls), sipp, tshark, and the FreeSWITCH pieces beside this file
 * installed into that FreeSWITCH (test/bench/real-stack/install.sh <conf dir>). Without DRACHTIO_HOST /
 * FREESWITCH_ESL_HOST it prints one "skipped" line.
 *
 *   --quick    60 calls for dispatch and 5 s steps instead of 200 calls and 20 s steps
 *   --cpu-prof=<dir>   the bridge writes a V8 CPU profile there when it exits (where its time goes)
 *   --systems=bridge,floor,callcenter   only these (default all three)
 *   --rates=10,20,40,60                 the rate steps (calls/s)
 *   --seats=80                          seats for the bridge and agents for mod_callcenter
 *   --pin-freeswitch   FreeSWITCH on the last core, drachtio-server, the bridge, SIPp and tshark on the
 *                      others for the run (freeswitch.conf.d/README.md: FreeSWITCH on cores of its own)
 *   --pin-bridge       the bridge alone on core 0, everything else on the last (an experiment: what the
 *                      bridge does when nothing shares its core; FreeSWITCH then shares one)
 *   --favour-servers   drachtio-server and the bridge scheduled above SIPp, tshark and the bench's desktops:
 *                      each in a session of its own with autogroup nice -10 (Linux autogroup, root; a
 *                      deployment's analogue is a higher systemd CPUWeight= for their units)
 *   --command-lanes=N  the bridge's event-socket command lanes (telephony.freeswitch.commandLanes; A/B)
 *   --bridge-node-args=--trace-gc,--max-semi-space-size=32   extra Node flags for the bridge process
 *                      (comparing garbage-collector settings; its stderr goes to the bench's)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { hashPassword } from '../../bridge/auth/password-hash.js';
import { BRIDGE_NODE_FLAGS } from '../../bridge/node-flags.js';
import { POOL_TAG } from '../../telephony/drachtio/endpoint-pool.js';
import { CALL_ID_VARIABLE, parseShowChannels } from '../../telephony/drachtio/tagged-channels.js';
import { configured, freeswitchApi, LOCAL, RECORDINGS_DIR } from '../interop/interop-env.js';
import { SCENARIOS, sipp, sippInstalled, type SippRun } from '../interop/sipp-runner.js';
import { AgentDesktops } from '../support/agent-desktops.js';
import { loginAs, ProductProcess, tempDataDir } from '../support/product-process.js';
import { coreBusySeconds, cpuSeconds, mainThreadSched, pidListening, SipCapture, tsharkInstalled, type Packet, type StreamSegment } from '../support/sip-capture.js';
import { runWhenMain } from './bench-main.js';
import { percentile } from './percentile.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const scenario = (name: string) => path.relative(SCENARIOS, path.join(here, 'real-stack', name));

const argList = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3).split(',').filter(Boolean);
/**
 * Seats (and mod_callcenter agents). Each call holds its seat about a second, so carrying N calls/s
 * needs well over N seats; with fewer, the higher steps measure the queue, not dispatch.
 */
const SEATS = Number(argList('seats')?.[0] ?? 80);
const profileDir = process.argv.find((a) => a.startsWith('--cpu-prof='))?.slice('--cpu-prof='.length);
const bridgeNodeArgs = [...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), ...(argList('bridge-node-args') ?? [])];
const AGENT_PASSWORD = 'bench-desk-7193';
/** Seat i's number in every name the bench gives it: B01 (bridge seat), seat-01 (phone), cc-01 (agent). */
const seatNo = (i: number) => String(i + 1).padStart(2, '0');
const SEAT_IDS = Array.from({ length: SEATS }, (_, i) => `B${seatNo(i)}`);
/** Seat phone ports; the floor's and mod_callcenter's are also written in real-stack/*.xml. */
const BRIDGE_SEAT_PORT = 5301;
const FLOOR_SEAT_PORT = 5302;
const CC_SEAT_PORT = 5303;
const STEP_RATES = (argList('rates') ?? ['10', '20', '40', '60']).map(Number).filter((r) => r > 0);
const ONLY = argList('systems');
/** Seats left taking calls while freed seats are measured: 20 seats talking 2 s carry 10 calls/s, so callers at 20/s queue. */
const FREED_SEATS = Math.min(20, SEATS);
/** Which process gets a core to itself (see pinCores), if any. */
type Pinning = 'freeswitch' | 'bridge';
const PIN: Pinning | undefined = process.argv.includes('--pin-bridge') ? 'bridge' : process.argv.includes('--pin-freeswitch') ? 'freeswitch' : undefined;
const FAVOUR_SERVERS = process.argv.includes('--favour-servers');
/** Autogroup nice for --favour-servers: weight ×9 against the bench's own group (nice 0). */
const FAVOURED_NICE = -10;
const lanesArg = argList('command-lanes')?.[0];
const commandLanes = lanesArg === undefined ? undefined : Number(lanesArg);

/**
 * `freeswitch`: FreeSWITCH on the last core, everything else (drachtio-server, this process and every
 * child it starts after this: the bridge, SIPp, tshark) on the others — a deployment's equivalent is
 * systemd's CPUAffinity= (freeswitch.conf.d/README.md). `bridge`: an experiment, not a deployment — the
 * bridge alone on core 0 and everything else on the last core, to see what the bridge does when nothing
 * shares its core (`alone` pins it once it runs). All threads; returns the undo.
 */
function pinCores(how: Pinning, fsPid: number | undefined, drachtioPid: number | undefined): { undo: () => void; alone: (pid: number | undefined) => void; text: string } {
  const n = os.cpus().length;
  if (n < 2 || !fsPid) throw new Error(`--pin-${how} needs two cores and FreeSWITCH's pid (cores ${n}, pid ${fsPid})`);
  const last = String(n - 1);
  const rest = n === 2 ? '0' : `0-${n - 2}`;
  const set = (cores: string, pid: number | undefined) => {
    if (!pid) return;
    const r = spawnSync('taskset', ['-apc', cores, String(pid)], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`taskset -apc ${cores} ${pid}: ${r.stderr || r.error}`);
  };
  const pids = [fsPid, drachtioPid, process.pid];
  set(last, fsPid);
  set(how === 'freeswitch' ? rest : last, drachtioPid);
  set(how === 'freeswitch' ? rest : last, process.pid);
  return {
    undo: () => pids.forEach((pid) => set(`0-${n - 1}`, pid)),
    alone: (pid) => {
      if (how === 'bridge') set('0', pid);
    },
    text:
      how === 'freeswitch'
        ? `FreeSWITCH pinned to core ${last}; drachtio-server, the bridge, SIPp and tshark to core${n === 2 ? '' : 's'} ${rest}`
        : `the bridge alone on core 0; FreeSWITCH, drachtio-server, SIPp and tshark on core ${last} (an experiment: nothing shares the bridge's core)`,
  };
}

/**
 * --favour-servers: the kernel's autogroup schedules each session as one group, and on a shared core a
 * woken task of another group preempts the running one. SIPp, tshark and the bench's 80 desktops run in
 * the bench's session; without this, the bridge shares that group (and drachtio-server, a daemon, has
 * one of its own). Each of the two servers gets a group of its own (the bridge is started with setsid)
 * weighted above the bench's: the load generators keep their CPU but stop cutting into the servers'
 * turns, as on a production host, where they do not exist. Returns the undo (drachtio-server's group
 * back to nice 0; the bridge's ends with it). A bench interrupted by a signal leaves drachtio-server's
 * group at nice -10 until it restarts (or `echo 0 > /proc/<its pid>/autogroup`).
 */
function favourServers(drachtioPid: number | undefined, bridgePid: number | undefined): { undo: () => void; text: string } {
  const enabled = (() => {
    try {
      return readFileSync('/proc/sys/kernel/sched_autogroup_enabled', 'utf8').trim() === '1';
    } catch {
      return false;
    }
  })();
  if (!enabled) throw new Error('--favour-servers needs Linux autogroup scheduling (kernel.sched_autogroup_enabled = 1)');
  const set = (pid: number | undefined, nice: number) => {
    if (!pid) throw new Error('--favour-servers: the pid of drachtio-server or the bridge is unknown');
    try {
      writeFileSync(`/proc/${pid}/autogroup`, String(nice));
    } catch (err) {
      // Raising a group's weight needs CAP_SYS_NICE.
      throw new Error(`--favour-servers: cannot set the autogroup nice of pid ${pid} to ${nice} (needs root): ${(err as Error).message}`);
    }
  };
  set(drachtioPid, FAVOURED_NICE);
  set(bridgePid, FAVOURED_NICE);
  return {
    undo: () => {
      try {
        set(drachtioPid, 0);
      } catch {
        // drachtio-server gone: nothing to restore.
      }
    },
    text: `drachtio-server and the bridge each in an autogroup of nice ${FAVOURED_NICE}, SIPp, tshark and the bench's desktops in the bench's (nice 0)`,
  };
}

/** Callers stay this long after they are answered (queued or talking), then hang up. */
const CALLER_TALK_MS = 1000;

interface System {
  /** bridge, floor or callcenter (for --systems). */
  key: string;
  name: string;
  /** Where callers send their INVITE (host:port) and what they dial. */
  target: string;
  did: string;
  seatPort: number;
  /** Has a queue: callers wait for a freed seat (the floor has none). */
  queues: boolean;
}


const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '—');
const count = (v: number) => (Number.isFinite(v) ? String(v) : '—');
const pct = (v: number) => (Number.isFinite(v) ? `${v.toFixed(0)} %` : '—');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Progress on stderr: a full run takes about ten minutes. */
const progress = (text: string) => process.stderr.write(`  real-stack: ${text}\n`);

function callerStats(output: string): { ok: number; failed: number } {
  const n = (label: string) => Number(new RegExp(`${label}\\s*\\|\\s*\\d+\\s*\\|\\s*(\\d+)`).exec(output)?.[1] ?? NaN);
  return { ok: n('Successful call'), failed: n('Failed call') };
}

let nextCallerPort = 5321;
let nextPrefix = 100;
/** Runs one batch of SIPp callers; each call's From user is `prefix` + SIPp's call number. */
async function callers(sys: System, opts: { calls: number; rate: number; wait?: boolean }): Promise<{ prefix: string; ok: number; failed: number; startMs: number; endMs: number }> {
  const prefix = `1390${nextPrefix++}`;
  const startMs = Date.now();
  const run = sipp(
    scenario(opts.wait ? 'caller-wait.xml' : 'caller.xml'),
    ['-key', 'caller', prefix, '-key', 'did', sys.did, '-d', String(CALLER_TALK_MS), '-r', String(opts.rate), '-rp', '1000', '-l', '5000', '-i', LOCAL, '-p', String(nextCallerPort++), sys.target],
    { calls: opts.calls, timeoutSec: Math.ceil(opts.calls / opts.rate) + 60 },
  );
  const { output } = await run.done;
  return { prefix, ...callerStats(output), startMs, endMs: Date.now() };
}

/** mod_callcenter agent cc-NN's contact: seat-NN on the incumbent's seat phone. */
const ccAgent = (i: number) => `cc-${seatNo(i)}`;

/**
 * mod_callcenter gets one agent per bench seat (callcenter.conf.xml holds only the queue): added over the
 * event socket, so the seat count is the bench's, with no wrap-up and no delays after a call.
 */
async function addCallcenterAgents(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const a = ccAgent(i);
    // "agent add" refuses an agent that exists (a second run against the same FreeSWITCH): then it is set again.
    await freeswitchApi(`callcenter_config agent add ${a} callback`);
    await freeswitchApi(`callcenter_config agent set contact ${a} [call_timeout=10]sofia/hotline_bench/seat-${seatNo(i)}@${LOCAL}:${CC_SEAT_PORT}`);
    for (const field of ['max_no_answer', 'wrap_up_time', 'reject_delay_time', 'busy_delay_time', 'no_answer_delay_time']) await freeswitchApi(`callcenter_config agent set ${field} ${a} 0`);
    await freeswitchApi(`callcenter_config tier add bench@default ${a} 1 1`);
    await freeswitchApi(`callcenter_config agent set status ${a} Available`);
  }
}

/** Agents from the index `from` on take a break ("On Break") or come back ("Available"). */
async function callcenterAgents(from: number, status: 'On Break' | 'Available'): Promise<void> {
  for (let i = from; i < SEATS; i++) await freeswitchApi(`callcenter_config agent set status ${ccAgent(i)} '${status}'`);
}

/** The product as deployed: bridge/main.ts in drachtio mode, 20 seats whose desk phones are one SIPp. */
async function startBridge(dir: string): Promise<{ product: ProductProcess; seatConfig: string }> {
  const hash = await hashPassword(AGENT_PASSWORD, { N: 1024, r: 8, p: 1 });
  const seatsFile = path.join(dir, 'bench-seats.yaml');
  const seats = Array.from({ length: SEATS }, (_, i) => {
    const n = seatNo(i);
    return { id: `B${n}`, name: `坐席${n}`, languages: ['zh'], desks: ['general'], officeContact: `sip:seat-${n}@${LOCAL}:${BRIDGE_SEAT_PORT}`, passwordHash: hash };
  });
  writeFileSync(seatsFile, JSON.stringify({ seats }));
  const defaults = parse(readFileSync(path.join(repoRoot, 'config', 'default.yaml'), 'utf8')) as { desks: { id: string; wrapUpSeconds?: number }[] };
  const tone = 'tone_stream://%(400,200,400,450);loops=-1';
  const product = new ProductProcess({
    dataDir: dir,
    config: {
      seatsFile,
      telephony: {
        mode: 'drachtio',
        recordingsDir: RECORDINGS_DIR,
        holdMusic: Object.fromEntries(['zh', 'kk', 'ug', 'en', 'ja', 'ko', 'ru'].map((l) => [l, tone])),
        outboundGateway: `sip:{number}@${LOCAL}:5999`,
        freeswitch: { listenAddress: process.env.ESL_LISTEN_ADDRESS ?? '127.0.0.1', ...(commandLanes === undefined ? {} : { commandLanes }) },
      },
      trustedTrunks: [{ name: 'sipp-trunk', addresses: [`${LOCAL}/32`] }],
      // Wrap-up 0 s on the bench desk, as mod_callcenter's agents here: a seat that hangs up is
      // offered the next caller at once (the production default is 30 s of after-call work).
      desks: defaults.desks.map((d) => (d.id === 'general' ? { ...d, wrapUpSeconds: 0 } : d)),
      users: [{ id: 'lead1', name: '值班长', role: 'lead', passwordHash: hash }],
    },
    // BENCH_LOG_LEVEL=info with BENCH_LOG_FILE=<path> keeps the bridge's log of the run (a call's steps, timed).
    env: { TELEPHONY_MODE: 'drachtio', LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn', DATABASE_URL: undefined, REDIS_URL: undefined },
    nodeArgs: bridgeNodeArgs,
    ownSession: FAVOUR_SERVERS,
  });
  await product.start();
  return { product, seatConfig: `${SEATS} seats (desk general, zh, wrap-up 0 s), contacts sip:seat-NN@${LOCAL}:${BRIDGE_SEAT_PORT}` };
}

/** When each caller of one batch (by From user) sent its INVITE, and when the first INVITE to a seat for it left. */
function invitesByCaller(packets: Packet[], sys: System, prefix: string): { callerIn: Map<string, number>; seatOut: Map<string, number> } {
  const callerIn = new Map<string, number>();
  const seatOut = new Map<string, number>();
  const targetPort = Number(sys.target.split(':')[1]);
  for (const p of packets) {
    if (p.method !== 'INVITE' || !p.fromUser.startsWith(prefix)) continue;
    if (p.dst === targetPort && !callerIn.has(p.fromUser)) callerIn.set(p.fromUser, p.t);
    if (p.dst === sys.seatPort && !seatOut.has(p.fromUser)) seatOut.set(p.fromUser, p.t);
  }
  return { callerIn, seatOut };
}

/** Caller INVITE in → first INVITE to a seat out, per call of one batch (ms). */
function dispatchTimes(packets: Packet[], sys: System, prefix: string): { samples: number[]; calls: number } {
  const { callerIn, seatOut } = invitesByCaller(packets, sys, prefix);
  const samples = [...callerIn].flatMap(([user, t]) => (seatOut.has(user) ? [seatOut.get(user)! - t] : []));
  return { samples: samples.sort((a, b) => a - b), calls: callerIn.size };
}

/** The three parts of the bridge's dispatch, per call (ms), and the dispatch they add up to. */
interface DispatchSplit {
  total: number;
  /** Caller INVITE on the wire → drachtio-server's message carrying it to the bridge. */
  drachtioIn: number;
  /** That message → the bridge's request for the seat INVITE (waking up, routing, the offer). */
  bridge: number;
  /** The bridge's request → the seat INVITE on the wire. */
  drachtioOut: number;
}

const INVITE_LINE = /\r\nINVITE sip:([^@\s;>]*)/g;
const FROM_USER = /\r\n(?:From|f)\s*:[^\r]*?<?sips?:([^@;>\s]*)/i;

/**
 * Where the bridge's dispatch goes, from drachtio-server's admin socket in the same capture: each
 * message there is `len#id|sip|…\r\n<SIP message>`, so the caller's INVITE (to the bridge) and the seat's
 * (from the bridge) are found by their request line and paired by the caller's From user.
 */
function dispatchSplits(packets: Packet[], stream: StreamSegment[], sys: System, prefix: string): DispatchSplit[] {
  const { callerIn, seatOut } = invitesByCaller(packets, sys, prefix);
  const toBridge = new Map<string, number>();
  const fromBridge = new Map<string, number>();
  for (const seg of stream) {
    for (const m of seg.text.matchAll(INVITE_LINE)) {
      const from = FROM_USER.exec(seg.text.slice(m.index))?.[1] ?? '';
      if (!from.startsWith(prefix)) continue;
      const seatInvite = m[1]!.startsWith('seat-');
      if (seg.toServer && seatInvite && !fromBridge.has(from)) fromBridge.set(from, seg.t);
      else if (!seg.toServer && !seatInvite && !toBridge.has(from)) toBridge.set(from, seg.t);
    }
  }
  const out: DispatchSplit[] = [];
  for (const [user, t0] of callerIn) {
    const t1 = toBridge.get(user);
    const t2 = fromBridge.get(user);
    const t3 = seatOut.get(user);
    if (t1 === undefined || t2 === undefined || t3 === undefined) continue;
    out.push({ total: t3 - t0, drachtioIn: t1 - t0, bridge: t2 - t1, drachtioOut: t3 - t2 });
  }
  return out;
}

/** "p50 / p99" of each part, then the median of each part over the slowest 5 % of calls. */
function splitLine(splits: DispatchSplit[]): string {
  if (!splits.length) return '—';
  const part = (list: DispatchSplit[], k: keyof DispatchSplit, q: number) => percentile(list.map((s) => s[k]).sort((a, b) => a - b), q);
  const slow = [...splits].sort((a, b) => b.total - a.total).slice(0, Math.max(1, Math.ceil(splits.length / 20)));
  const parts = ['drachtioIn', 'bridge', 'drachtioOut'] as const;
  return `${parts.map((k) => `${fmt(part(splits, k, 50))} / ${fmt(part(splits, k, 99))}`).join(' | ')} | ${slow.length}: ${parts.map((k) => fmt(part(slow, k, 50))).join(' + ')} of ${fmt(part(slow, 'total', 50))}`;
}

/** A seat's BYE while callers wait → the next INVITE to that seat (ms), for one batch of waiting callers. */
function freedSeatTimes(packets: Packet[], sys: System, prefix: string): number[] {
  const targetPort = Number(sys.target.split(':')[1]);
  const arrived = new Map<string, number>();
  for (const p of packets) if (p.method === 'INVITE' && p.dst === targetPort && p.fromUser.startsWith(prefix) && !arrived.has(p.fromUser)) arrived.set(p.fromUser, p.t);
  const seatInvites = packets.filter((p) => p.method === 'INVITE' && p.dst === sys.seatPort && p.fromUser.startsWith(prefix));
  const byes = packets.filter((p) => p.method === 'BYE' && p.src === sys.seatPort && /^seat-/.test(p.fromUser));
  const seen = new Set<Packet>();
  const out: number[] = [];
  for (const bye of byes) {
    const next = seatInvites.find((i) => i.ruriUser === bye.fromUser && i.t > bye.t);
    // Only when that caller was already waiting at the BYE: the seat, not a new arrival, was awaited.
    if (!next || seen.has(next) || (arrived.get(next.fromUser) ?? Infinity) > bye.t) continue;
    seen.add(next);
    out.push(next.t - bye.t);
  }
  return out.sort((a, b) => a - b);
}

/** Pauses by collector from `--trace-gc` lines ("… ms: Scavenge 14.5 (17.2) -> 12.1 (17.7) MB, 1.45 / 0.00 ms …"), sorted. */
function gcPauses(logLines: readonly string[]): Map<string, number[]> {
  const by = new Map<string, number[]>();
  for (const line of logLines) {
    const m = /ms: ([A-Za-z][A-Za-z ()-]*?) [0-9.]+ \([0-9.]+\) -> [0-9.]+ \([0-9.]+\) MB, ([0-9.]+) \/ [0-9.]+ ms/.exec(line);
    if (!m) continue;
    const list = by.get(m[1]!) ?? [];
    list.push(Number(m[2]));
    by.set(m[1]!, list);
  }
  for (const list of by.values()) list.sort((a, b) => a - b);
  return by;
}

/** What callers were refused with: final responses ≥ 300 to their INVITEs, by status ("503 ×12"). */
function refusals(packets: Packet[], sys: System, prefix: string): string {
  const targetPort = Number(sys.target.split(':')[1]);
  const first = new Map<string, number>();
  for (const p of packets) if (p.status >= 300 && p.cseqMethod === 'INVITE' && p.src === targetPort && p.fromUser.startsWith(prefix) && !first.has(p.fromUser)) first.set(p.fromUser, p.status);
  const by = new Map<number, number>();
  for (const st of first.values()) by.set(st, (by.get(st) ?? 0) + 1);
  return [...by].map(([st, n]) => `${st} ×${n}`).join(', ');
}

/** FreeSWITCH channels that are not the bridge's spare seat legs (its warm pool, tagged hotline-pool). */
async function channelsBesidesSpares(): Promise<number> {
  let n = 0;
  for (const row of parseShowChannels(await freeswitchApi('show channels as json'))) {
    const tag = (await freeswitchApi(`uuid_getvar ${row.uuid} ${CALL_ID_VARIABLE}`)).trim();
    // A row FreeSWITCH's core database kept for a channel that is gone (it lags under overload) is not one.
    if (tag !== POOL_TAG && !/^-ERR No such channel/i.test(tag)) n++;
  }
  return n;
}

/** Channels still up once a step's callers are done: polled until none (or 15 s: what is left over). */
async function leftoverChannels(): Promise<number> {
  const end = Date.now() + 15_000;
  for (;;) {
    const n = await channelsBesidesSpares();
    if (n === 0 || Date.now() > end) return n;
    await sleep(250);
  }
}

/** The bridge's own figures over a phase. */
interface BridgeFigures {
  /** Offers that found the warm pool empty. */
  noSpare: number;
  /** How late its event loop ran: p99 and max, ms. */
  lagP99: number;
  lagMax: number;
}
/** prom-client's event-loop sampling interval (its eventLoopMonitoringPrecision default). */
const LAG_TICK_MS = 10;
const NO_FIGURES: BridgeFigures = { noSpare: NaN, lagP99: NaN, lagMax: NaN };
const lag = (b: BridgeFigures) => (Number.isFinite(b.lagP99) ? `${fmt(b.lagP99)} / ${fmt(b.lagMax)}` : '—');

interface StepResult {
  rate: number;
  calls: number;
  failed: number;
  leftover: number;
  notReady: number;
  bridge: BridgeFigures;
  prefix: string;
  cpu: { bridge: number; fs: number; drachtio: number; cores: number[] };
  main: MainThreadShare;
}

/**
 * The bridge's event-loop thread over a phase: % of the wall time it ran and % it was runnable but
 * waited for a core, and how often per second it was preempted. A loop that waits for a core as long
 * as it runs is late by the other processes' turns, whatever its own work costs.
 */
interface MainThreadShare {
  ran: number;
  waited: number;
  preemptedPerSec: number;
}

/** Starts measuring `pid`'s MainThreadShare; the function returned ends the phase and gives it. */
function mainThreadPhase(pid: number | undefined): () => MainThreadShare {
  const a = mainThreadSched(pid);
  const t0 = Date.now();
  return () => {
    const b = mainThreadSched(pid);
    const wallSec = (Date.now() - t0) / 1000;
    return { ran: (100 * (b.ranSec - a.ranSec)) / wallSec, waited: (100 * (b.waitedSec - a.waitedSec)) / wallSec, preemptedPerSec: (b.preempted - a.preempted) / wallSec };
  };
}

const mainText = (m: MainThreadShare) => `${pct(m.ran)} / ${pct(m.waited)} / ${Number.isFinite(m.preemptedPerSec) ? m.preemptedPerSec.toFixed(0) : '—'}`;

export async function run(): Promise<string> {
  if (!configured) return 'real-stack: skipped (set DRACHTIO_HOST and FREESWITCH_ESL_HOST, e.g. source /opt/realstack/env.sh — a pair of servers nobody else is using)';
  if (!(await sippInstalled())) return 'real-stack: skipped (sipp is not installed: apt-get install -y sip-tester)';
  if (!tsharkInstalled()) return 'real-stack: skipped (tshark is not installed: apt-get install -y tshark)';

  const quick = process.argv.includes('--quick');
  const dispatchCalls = quick ? 60 : 200;
  const stepSec = quick ? 5 : 20;
  const benchSipPort = Number(process.env.BENCH_FS_SIP_PORT ?? 5190);
  const sipHost = process.env.DRACHTIO_SIP_HOST ?? process.env.DRACHTIO_HOST ?? '127.0.0.1';
  const drachtioSipPort = Number(process.env.DRACHTIO_SIP_PORT ?? 5060);
  const fsHost = process.env.FREESWITCH_ESL_HOST ?? '127.0.0.1';
  const systems: System[] = [
    { key: 'bridge', name: `this bridge (drachtio mode, ${SEATS} seats)`, target: `${sipHost}:${drachtioSipPort}`, did: '12345', seatPort: BRIDGE_SEAT_PORT, queues: true },
    { key: 'floor', name: 'plain FreeSWITCH bridge to the seat (the floor)', target: `${fsHost}:${benchSipPort}`, did: '7001', seatPort: FLOOR_SEAT_PORT, queues: false },
    { key: 'callcenter', name: `FreeSWITCH mod_callcenter, longest-idle, ${SEATS} agents`, target: `${fsHost}:${benchSipPort}`, did: '7002', seatPort: CC_SEAT_PORT, queues: true },
  ].filter((s) => !ONLY || ONLY.includes(s.key));
  const isBridge = (sys: System) => sys.key === 'bridge';

  const tmp = tempDataDir('hotline-real-bench-');
  mkdirSync(tmp.dir, { recursive: true });
  const seatPhones: SippRun[] = [];
  const fsPid = pidListening(process.env.FREESWITCH_ESL_PORT ?? '8021');
  const drachtioPid = pidListening(process.env.DRACHTIO_PORT ?? '9022');
  const pinned = PIN ? pinCores(PIN, fsPid, drachtioPid) : undefined;
  let favoured: { undo: () => void; text: string } | undefined;
  let product: ProductProcess | undefined;
  const desktops = new AgentDesktops();
  // drachtio-server's admin socket too, to split the bridge's dispatch (see dispatchSplits).
  const adminPort = Number(process.env.DRACHTIO_PORT ?? 9022);
  const capture = new SipCapture(tmp.dir, [drachtioSipPort, benchSipPort, BRIDGE_SEAT_PORT, FLOOR_SEAT_PORT, CC_SEAT_PORT], systems.some(isBridge) ? [adminPort] : []);
  const lines: string[] = [];
  try {
    for (const sys of systems) seatPhones.push(sipp(scenario('seat.xml'), ['-i', LOCAL, '-p', String(sys.seatPort)], { calls: 1_000_000, timeoutSec: 7200 }));
    if (systems.some((s) => s.key === 'callcenter')) await addCallcenterAgents(SEATS);
    const started = await startBridge(tmp.dir);
    product = started.product;
    pinned?.alone(product.pid);
    favoured = FAVOUR_SERVERS ? favourServers(drachtioPid, product.pid) : undefined;
    await desktops.open(product.url, SEAT_IDS, AGENT_PASSWORD);
    await capture.start();
    const cpu = () => ({ bridge: cpuSeconds(product?.pid), fs: cpuSeconds(fsPid), drachtio: cpuSeconds(drachtioPid), cores: coreBusySeconds() });
    // From the bridge's /metrics around each phase: offers that found the warm pool empty (and so waited
    // for FreeSWITCH), and how late its event loop ran (prom-client restarts that histogram at each read).
    const lead = await loginAs(product.url, 'lead1', AGENT_PASSWORD);
    const bridgeMetrics = async (): Promise<BridgeFigures> => {
      const text = await (await fetch(`${product?.url}/metrics`, { headers: { authorization: `Bearer ${lead.token}` } })).text();
      const num = (name: string) => Number(new RegExp(`^${name} ([0-9.e+-]+)`, 'm').exec(text)?.[1] ?? NaN);
      // prom-client samples the loop every 10 ms and its figures include that tick (an idle loop shows
      // p99 ≈ 10.4 ms): what is printed is the lag beyond it.
      const lagMs = (name: string) => Math.max(0, 1000 * num(name) - LAG_TICK_MS);
      return { noSpare: num('hotline_telephony_offers_without_spare_total'), lagP99: lagMs('hotline_nodejs_eventloop_lag_p99_seconds'), lagMax: lagMs('hotline_nodejs_eventloop_lag_max_seconds') };
    };
    /** The bridge's figures over one phase of system `sys` (NaN for the other systems). */
    const overPhase = async <T>(sys: System, phase: () => Promise<T>): Promise<{ result: T; bridge: BridgeFigures }> => {
      const before = isBridge(sys) ? await bridgeMetrics() : undefined;
      const result = await phase();
      const after = before ? await bridgeMetrics() : undefined;
      return { result, bridge: before && after ? { ...after, noSpare: after.noSpare - before.noSpare } : NO_FIGURES };
    };
    // The bridge keeps spare seat legs ready (telephony.endpointPool): wait for them before counting.
    await sleep(3000);

    // (1) dispatch at 2 calls/s, every seat free.
    const dispatch: { sys: System; prefix: string; failed: number; bridge: BridgeFigures; main: MainThreadShare }[] = [];
    for (const sys of systems) {
      progress(`dispatch at 2 calls/s: ${sys.name}`);
      const mainEnd = mainThreadPhase(product?.pid);
      const { result: r, bridge } = await overPhase(sys, () => callers(sys, { calls: dispatchCalls, rate: 2 }));
      dispatch.push({ sys, prefix: r.prefix, failed: r.failed, bridge, main: mainEnd() });
      await sleep(3000);
    }

    // (2) steps of rising call rate; each system stops at its first step with a failure or a leak.
    const steps = new Map<System, StepResult[]>();
    for (const sys of systems) {
      const results: StepResult[] = [];
      steps.set(sys, results);
      for (const rate of STEP_RATES) {
        progress(`step ${rate} calls/s: ${sys.name}`);
        await desktops.readyAgain();
        const before = cpu();
        const mainEnd = mainThreadPhase(product?.pid);
        const t0 = Date.now();
        const { result: r, bridge } = await overPhase(sys, () => callers(sys, { calls: rate * stepSec, rate }));
        const wall = (Date.now() - t0) / 1000;
        const after = cpu();
        const main = mainEnd();
        const leftover = await leftoverChannels();
        const notReady = isBridge(sys) ? SEATS - desktops.available() : 0;
        const share = (a: number, b: number) => (100 * (b - a)) / wall;
        results.push({ rate, calls: r.ok + r.failed, failed: r.failed, leftover, notReady, bridge, prefix: r.prefix, main, cpu: { bridge: share(before.bridge, after.bridge), fs: share(before.fs, after.fs), drachtio: share(before.drachtio, after.drachtio), cores: after.cores.map((c, i) => share(before.cores[i] ?? NaN, c)) } });
        if (r.failed > 0 || leftover > 0) break;
        await sleep(2000);
      }
      await desktops.readyAgain();
      await sleep(2000);
    }

    // (3) freed seat: FREED_SEATS seats talking, more callers waiting; seats hang up after 2 s. The other
    // agents are on a break meanwhile, so callers queue at a rate FreeSWITCH carries cleanly.
    const freed: { sys: System; prefix: string; bridge: BridgeFigures; main: MainThreadShare; cores: number[] }[] = [];
    const onBreak = Math.max(0, SEATS - FREED_SEATS);
    for (const sys of systems.filter((s) => s.queues)) {
      progress(`freed seats: ${sys.name}`);
      await desktops.readyAgain();
      if (isBridge(sys)) await desktops.takeBreak(SEAT_IDS.slice(FREED_SEATS));
      else await callcenterAgents(FREED_SEATS, 'On Break');
      const coresBefore = coreBusySeconds();
      const mainEnd = mainThreadPhase(product?.pid);
      const t0 = Date.now();
      const { result: r, bridge } = await overPhase(sys, () => callers(sys, { calls: FREED_SEATS * (quick ? 2 : 4), rate: 20, wait: true }));
      const wall = (Date.now() - t0) / 1000;
      freed.push({ sys, prefix: r.prefix, bridge, main: mainEnd(), cores: coreBusySeconds().map((c, i) => (100 * (c - (coresBefore[i] ?? NaN))) / wall) });
      if (!isBridge(sys)) await callcenterAgents(FREED_SEATS, 'Available');
      await sleep(3000);
    }
    await desktops.readyAgain();

    const packets = await capture.read();
    const cores = os.cpus();
    const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
    lines.push(`  machine: ${cores.length} cores × ${cores[0]?.model ?? '?'}, load average ${load} (1/5/15 min, after the run)${pinned ? `; ${pinned.text}` : ''}${favoured ? `; ${favoured.text}` : ''}`);
    lines.push(`  servers: drachtio-server at ${sipHost}:${drachtioSipPort}, FreeSWITCH event socket ${fsHost}:${process.env.FREESWITCH_ESL_PORT ?? 8021}, bench profile :${benchSipPort}; SIPp callers and seat phones on ${LOCAL}, signalling only (FreeSWITCH sends its media)`);
    lines.push(`  bridge: bridge/main.ts as a child process, telephony.mode drachtio, ${started.seatConfig}, warm endpoint pool as shipped`);
    lines.push(`  seats available: each of the ${SEATS} agents logs in (POST /api/auth/login) and keeps a desktop socket.io connection open, as the browser does; a`);
    lines.push(`    logged-in agent is Available. An agent whose seat went not-ready (missed offer) presses "ready" (seat:available) before the next step.`);
    lines.push(`  seat phones: one SIPp per system answering for all its seats at once; they hang up after 2 s unless the caller did first`);
    lines.push(`  dispatch = caller INVITE in → INVITE to the seat out, tshark on lo, paired by the caller's From user`);
    lines.push('');
    lines.push(`  dispatch at 2 calls/s, ${dispatchCalls} calls, free seats (ms):`);
    lines.push('  | | p50 | p90 | p99 | max | seat INVITEs / calls | failed calls | offers without a spare | bridge event-loop lag p99 / max (beyond the 10 ms tick) | bridge event-loop thread: ran / waited for a core / preempted per s |');
    lines.push('  |---|---|---|---|---|---|---|---|---|---|');
    for (const d of dispatch) {
      const { samples, calls } = dispatchTimes(packets, d.sys, d.prefix);
      lines.push(`  | ${d.sys.name} | ${fmt(percentile(samples, 50))} | ${fmt(percentile(samples, 90))} | ${fmt(percentile(samples, 99))} | ${fmt(samples.at(-1) ?? NaN)} | ${samples.length} / ${calls} | ${d.failed}${d.failed ? ` (${refusals(packets, d.sys, d.prefix) || 'no final response'})` : ''} | ${count(d.bridge.noSpare)} | ${lag(d.bridge)} | ${isBridge(d.sys) ? mainText(d.main) : '—'} |`);
    }
    lines.push('');
    lines.push(`  steps of ${stepSec} s (callers hang up ${CALLER_TALK_MS} ms after they are answered; dispatch includes any wait for a free seat: above ~${SEATS} calls/s the ${SEATS} seats cannot take every caller and some leave from the queue — not a failure); CPU as % of one core:`);
    lines.push('  | | calls/s | calls | failed | leftover channels | seat INVITEs | dispatch p50 / p99 ms | offers without a spare | bridge event-loop lag p99 / max (beyond the 10 ms tick) | bridge CPU | FreeSWITCH CPU | drachtio CPU | the rest: SIPp, tshark, the bench desktops, the kernel | each core busy (everything on it) | bridge event-loop thread: ran / waited for a core / preempted per s |');
    lines.push('  |---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
    const sustained: string[] = [];
    for (const sys of systems) {
      let best = 0;
      let broken = false;
      for (const s of steps.get(sys) ?? []) {
        const { samples } = dispatchTimes(packets, sys, s.prefix);
        // Clean: nobody refused, nothing leaked, and every caller was offered to a seat (a caller who
        // gave up in the queue was not carried, even though nothing failed).
        if (s.failed === 0 && s.leftover === 0 && samples.length === s.calls && !broken) best = s.rate;
        else broken = true;
        const notReady = s.notReady ? ` (${s.notReady} seats not-ready after it)` : '';
        const refused = s.failed ? ` (${refusals(packets, sys, s.prefix) || 'no final response'})` : '';
        lines.push(`  | ${sys.name} | ${s.rate} | ${s.calls} | ${s.failed}${refused} | ${s.leftover} | ${samples.length}${notReady} | ${fmt(percentile(samples, 50))} / ${fmt(percentile(samples, 99))} | ${count(s.bridge.noSpare)} | ${lag(s.bridge)} | ${pct(s.cpu.bridge)} | ${pct(s.cpu.fs)} | ${pct(s.cpu.drachtio)} | ${pct(s.cpu.cores.reduce((a, c) => a + c, 0) - s.cpu.bridge - s.cpu.fs - s.cpu.drachtio)} | ${s.cpu.cores.map((c, i) => `${i}: ${pct(c)}`).join(', ')} | ${isBridge(sys) ? mainText(s.main) : '—'} |`);
      }
      sustained.push(`${sys.name}: ${best || '< ' + STEP_RATES[0]} calls/s`);
    }
    lines.push(`  sustained with 0 failed calls, 0 leftover channels and every caller offered to a seat: ${sustained.join('; ')}`);
    lines.push('');
    lines.push(`  freed seat → its next INVITE (the seat's BYE while callers wait; ${FREED_SEATS} seats talking 2 s (the other ${onBreak} on a break), ${FREED_SEATS * (quick ? 2 : 4)} callers at 20 calls/s), ms:`);
    lines.push('  | | samples | p50 | p99 | max | offers without a spare | bridge event-loop lag p99 / max (beyond the 10 ms tick) | each core busy | bridge event-loop thread: ran / waited for a core / preempted per s |');
    lines.push('  |---|---|---|---|---|---|---|---|---|');
    for (const f of freed) {
      const samples = freedSeatTimes(packets, f.sys, f.prefix);
      lines.push(`  | ${f.sys.name} | ${samples.length} | ${fmt(percentile(samples, 50))} | ${fmt(percentile(samples, 99))} | ${fmt(samples.at(-1) ?? NaN)} | ${count(f.bridge.noSpare)} | ${lag(f.bridge)} | ${f.cores.map((c, i) => `${i}: ${pct(c)}`).join(', ')} | ${isBridge(f.sys) ? mainText(f.main) : '—'} |`);
    }
    const bridgeSys = systems.find(isBridge);
    if (bridgeSys) {
      const stream = capture.readStream(adminPort);
      const phases = [{ name: 'dispatch, 2 calls/s', prefix: dispatch.find((d) => d.sys === bridgeSys)?.prefix }, ...(steps.get(bridgeSys) ?? []).map((s) => ({ name: `step ${s.rate} calls/s`, prefix: s.prefix }))];
      lines.push('');
      lines.push(`  where the bridge's dispatch goes (drachtio-server's admin socket :${adminPort} in the same capture), ms, p50 / p99 of each part, then the median of each part over the slowest 5 % of calls:`);
      lines.push('  | phase | calls | caller INVITE → drachtio-server hands it to the bridge | → the bridge asks for the seat INVITE | → the seat INVITE on the wire | slowest 5 %: in + bridge + out of dispatch |');
      lines.push('  |---|---|---|---|---|---|');
      for (const ph of phases) {
        if (!ph.prefix) continue;
        const splits = dispatchSplits(packets, stream, bridgeSys, ph.prefix);
        lines.push(`  | ${ph.name} | ${splits.length} | ${splitLine(splits)} |`);
      }
    }
    if (bridgeNodeArgs.includes('--trace-gc')) {
      lines.push('');
      lines.push(`  the bridge's garbage-collection pauses over the run (--trace-gc; node flags ${[...BRIDGE_NODE_FLAGS, ...bridgeNodeArgs].join(' ')}), ms:`);
      lines.push('  | kind | count | p50 | p90 | p99 | max |');
      lines.push('  |---|---|---|---|---|---|');
      for (const [kind, pauses] of gcPauses(product.logs)) lines.push(`  | ${kind} | ${pauses.length} | ${fmt(percentile(pauses, 50))} | ${fmt(percentile(pauses, 90))} | ${fmt(percentile(pauses, 99))} | ${fmt(pauses.at(-1) ?? NaN)} |`);
    }
    // What the bridge said went wrong, most frequent first, with the detail of the first of each.
    const warnings = product.warnings();
    lines.push('');
    lines.push(`  the bridge's warnings and errors over the run${warnings.length ? " (count, then the first one's fields):" : ': none'}`);
    for (const w of warnings) lines.push(`    ${w}`);
    return lines.join('\n');
  } finally {
    pinned?.undo();
    favoured?.undo();
    if (process.env.BENCH_LOG_FILE && product) writeFileSync(process.env.BENCH_LOG_FILE, `${product.logs.join('\n')}\n`);
    desktops.close();
    for (const p of seatPhones) p.kill();
    await capture.stop().catch(() => undefined);
    if (product) {
      product.kill('SIGTERM');
      const killLater = setTimeout(() => product?.kill('SIGKILL'), 15_000);
      await product.exit;
      clearTimeout(killLater);
    }
    tmp.remove();
  }
}

runWhenMain(import.meta.url, run);
