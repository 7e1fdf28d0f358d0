/**
 * A SIP packet capture on loopback (tshark), read back once a run is over: what the real-server bench
 * and the whole-product soak measure and check calls by, from the wire rather than from the bridge's own
 * account. Signalling ports only (RTP left out, or the capture is larger than the run).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface Packet {
  /** Capture time, ms since the epoch. */
  t: number;
  src: number;
  dst: number;
  /** Request method (requests only). */
  method: string;
  /** Response status (responses only) and the method its CSeq names. */
  status: number;
  cseqMethod: string;
  fromUser: string;
  ruriUser: string;
  callId: string;
}

export function tsharkInstalled(): boolean {
  return spawnSync('tshark', ['-v']).status === 0;
}

export class SipCapture {
  private child: ChildProcess | undefined;
  readonly file: string;
  /**
   * @param ports SIP over UDP on these ports
   * @param streamPorts also TCP with its payload on these ports (e.g. drachtio-server's admin socket, to
   *   see when a request reached the app and when the app's request went back), read with `readStream`
   */
  constructor(
    dir: string,
    private readonly ports: number[],
    private readonly streamPorts: number[] = [],
  ) {
    this.file = path.join(dir, 'sip.pcap');
  }

  async start(): Promise<void> {
    const udp = `udp and (${this.ports.map((p) => `port ${p}`).join(' or ')})`;
    const filter = this.streamPorts.length ? `(${udp}) or (tcp and (${this.streamPorts.map((p) => `port ${p}`).join(' or ')}))` : udp;
    const child = spawn('tshark', ['-i', 'lo', '-f', filter, '-w', this.file, '-q'], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      let err = '';
      child.stderr!.on('data', (d) => {
        err += String(d);
        if (/Capturing on/.test(err)) resolve();
      });
      child.on('error', reject);
      child.on('exit', (code) => reject(new Error(`tshark exited (${code}): ${err}`)));
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT');
      await exited;
    }
  }

  /** Every SIP request and every final response ≥ 200 (provisional ones left out), in capture order. */
  async read(): Promise<Packet[]> {
    await this.stop();
    const r = spawnSync(
      'tshark',
      ['-r', this.file, ...this.ports.flatMap((p) => ['-d', `udp.port==${p},sip`]), '-Y', 'sip.Method or sip.Status-Code >= 200', '-T', 'fields', '-E', 'separator=/t', '-e', 'frame.time_epoch', '-e', 'udp.srcport', '-e', 'udp.dstport', '-e', 'sip.Method', '-e', 'sip.Status-Code', '-e', 'sip.CSeq.method', '-e', 'sip.from.user', '-e', 'sip.r-uri.user', '-e', 'sip.Call-ID'],
      { encoding: 'utf8', maxBuffer: 1 << 30 },
    );
    if (r.status !== 0) throw new Error(`tshark could not read ${this.file}: ${r.stderr}`);
    return r.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [t, src, dst, method, status, cseqMethod, fromUser, ruriUser, callId] = line.split('\t');
        return { t: Number(t) * 1000, src: Number(src), dst: Number(dst), method: method ?? '', status: Number(status) || 0, cseqMethod: cseqMethod ?? '', fromUser: fromUser ?? '', ruriUser: ruriUser ?? '', callId: callId ?? '' };
      });
  }

  /** The payload-carrying segments on one of the stream ports, in capture order (after `read`). */
  readStream(port: number): StreamSegment[] {
    const r = spawnSync('tshark', ['-r', this.file, '-d', `tcp.port==${port},data`, '-Y', `tcp.port==${port} and data`, '-T', 'fields', '-E', 'separator=/t', '-e', 'frame.time_epoch', '-e', 'tcp.dstport', '-e', 'data.data'], { encoding: 'utf8', maxBuffer: 1 << 30 });
    if (r.status !== 0) throw new Error(`tshark could not read ${this.file}: ${r.stderr}`);
    return r.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [t, dst, hex] = line.split('\t');
        return { t: Number(t) * 1000, toServer: Number(dst) === port, text: Buffer.from((hex ?? '').replace(/:/g, ''), 'hex').toString('latin1') };
      });
  }
}

/** One TCP segment with a payload on a stream port: capture time (ms since the epoch), direction, text. */
export interface StreamSegment {
  t: number;
  /** Sent to the port (by its client) rather than from it (by its server). */
  toServer: boolean;
  text: string;
}

/** Busy seconds of each core since boot (everything but idle and iowait), from /proc/stat. */
export function coreBusySeconds(): number[] {
  const out: number[] = [];
  for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
    const m = /^cpu(\d+) (.*)$/.exec(line);
    if (!m) continue;
    const [user, nice, system, , , irq, softirq, steal] = m[2]!.trim().split(/\s+/).map(Number);
    out[Number(m[1])] = ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / 100;
  }
  return out;
}

/** utime+stime of a process in seconds (Linux /proc), or NaN. */
export function cpuSeconds(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // fields 14 and 15; USER_HZ is 100 on Linux
  } catch {
    return NaN;
  }
}

/** What the scheduler did with a process's main thread (Linux /proc; the thread whose id is the pid). */
export interface ThreadSched {
  /** Seconds it ran on a core. */
  ranSec: number;
  /** Seconds it was runnable but waited for a core. */
  waitedSec: number;
  /** Times it was switched out while still runnable (preempted), as opposed to going to sleep. */
  preempted: number;
}

/** Cumulative ThreadSched of `pid`'s main thread since it started (NaN fields when unreadable). */
export function mainThreadSched(pid: number | undefined): ThreadSched {
  const none = { ranSec: NaN, waitedSec: NaN, preempted: NaN };
  if (!pid) return none;
  try {
    // schedstat: ns on a core, ns waiting on a run queue, time slices (of the thread-group leader only).
    const [ran, waited] = readFileSync(`/proc/${pid}/schedstat`, 'utf8').trim().split(/\s+/).map(Number);
    const m = /^nonvoluntary_ctxt_switches:\s*(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return { ranSec: (ran ?? NaN) / 1e9, waitedSec: (waited ?? NaN) / 1e9, preempted: m ? Number(m[1]) : NaN };
  } catch {
    return none;
  }
}

/** The process listening on a local TCP port (the servers' admin / event socket), from ss. */
export function pidListening(port: string | undefined): number | undefined {
  if (!port) return undefined;
  const r = spawnSync('ss', ['-Hltnp', `sport = :${port}`], { encoding: 'utf8' });
  const m = /pid=(\d+)/.exec(r.stdout ?? '');
  return m ? Number(m[1]) : undefined;
}
