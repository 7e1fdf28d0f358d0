/**
 * The real product as a user runs it (`tsx bridge/main.ts`), in a child process: lab mode by default, its
 * own SQLite folder, port chosen by the OS. Restart, crash (kill -9) and drain tests drive it over HTTP
 * and socket.io exactly as the desktop does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { BRIDGE_NODE_FLAGS } from '../../bridge/node-flags.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ProductOptions {
  /** Data folder (SQLite file, journal); reuse it to restart "the same" bridge. */
  dataDir: string;
  /** Changes applied to config/default.yaml (deep-merged objects; arrays replaced). */
  config?: Record<string, unknown>;
  env?: Record<string, string | undefined>;
  /** Node flags on top of the bridge's own (bridge/node-flags.ts), e.g. --cpu-prof, which NODE_OPTIONS does not take. */
  nodeArgs?: string[];
  /**
   * Start it in a session of its own (setsid), as a service manager starts a service: where the kernel
   * groups tasks by session (autogroup) it is then scheduled as its own group, not as part of the test's.
   */
  ownSession?: boolean;
}

function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object' && !Array.isArray(b) ? merge(b as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
}

/** A config file for one test run: the shipped default with the test's changes (no generator, port 0). */
export function writeTestConfig(dir: string, over: Record<string, unknown> = {}): string {
  const base = parse(readFileSync(path.join(repoRoot, 'config', 'default.yaml'), 'utf8')) as Record<string, unknown>;
  base.seatsFile = path.join(repoRoot, 'fixtures', 'seed', 'seats.yaml');
  const doc = merge(base, merge({ server: { host: '127.0.0.1', port: 0 }, telephony: { lab: { arrivalsPerMinute: 0 } }, store: { seedContacts: 2000 } }, over));
  // A test with its own seats (inline or a seats file): the shipped seat groups name seed seats it does
  // not have (a config error).
  const ownSeats = Array.isArray(over.seats)
    ? (over.seats as { id: string }[])
    : typeof over.seatsFile === 'string'
      ? ((parse(readFileSync(over.seatsFile, 'utf8')) as { seats?: { id: string }[] }).seats ?? [])
      : undefined;
  if (ownSeats && over.seatGroups === undefined) {
    const ids = new Set(ownSeats.map((x) => x.id));
    const groups = (base.seatGroups as { id: string; seats: string[] }[]).map((g) => ({ ...g, seats: g.seats.filter((id) => ids.has(id)) })).filter((g) => g.seats.length > 0);
    const kept = new Set(groups.map((g) => g.id));
    doc.seatGroups = groups;
    doc.shifts = (base.shifts as { groups?: string[] }[]).map((sh) => ({ ...sh, groups: (sh.groups ?? []).filter((g) => kept.has(g)) }));
  }
  const file = path.join(dir, 'centre.yaml');
  writeFileSync(file, stringify(doc));
  return file;
}

export class ProductProcess {
  readonly logs: string[] = [];
  private child: ChildProcess | undefined;
  url = '';
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined;

  constructor(private readonly o: ProductOptions) {}

  /** Starts the bridge and resolves once it prints its URL (ready to take calls). */
  async start(timeoutMs = 60_000): Promise<string> {
    const configFile = writeTestConfig(this.o.dataDir, merge({ store: { dataDir: path.join(this.o.dataDir, 'store') } }, this.o.config ?? {}));
    const child = spawn(process.execPath, [...BRIDGE_NODE_FLAGS, ...(this.o.nodeArgs ?? []), '--import', 'tsx', path.join(repoRoot, 'bridge', 'main.ts')], {
      cwd: repoRoot,
      env: { ...process.env, HOTLINE_CONFIG: configFile, LOG_LEVEL: 'info', ...this.o.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: this.o.ownSession === true,
    });
    this.child = child;
    // A bridge outliving the test or bench that started it stays connected to drachtio-server, which then
    // shares the next run's calls between the two (seen: a bench whose half of the calls went nowhere).
    const orphaned = () => child.kill('SIGKILL');
    process.once('exit', orphaned);
    // In a session of its own it does not get the terminal's Ctrl-C, and a signal's default ending skips
    // 'exit' handlers: kill it, then end as that signal would have (the listener is gone by then).
    const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
    const onSignal = (sig: NodeJS.Signals) => {
      child.kill('SIGKILL');
      process.kill(process.pid, sig);
    };
    if (this.o.ownSession) for (const sig of SIGNALS) process.once(sig, onSignal);
    this.exit = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        process.off('exit', orphaned);
        for (const sig of SIGNALS) process.off(sig, onSignal);
        resolve({ code, signal });
      }),
    );
    const ready = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`bridge did not start within ${timeoutMs} ms:\n${this.tail()}`)), timeoutMs);
      const onLine = (line: string) => {
        this.logs.push(line);
        const m = /hotline bridge \([^)]*\) on (http:\/\/[^\s]+)/.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      };
      let buf = '';
      const feed = (chunk: Buffer) => {
        buf += chunk.toString('utf8');
        let i;
        while ((i = buf.indexOf('\n')) >= 0) {
          onLine(buf.slice(0, i));
          buf = buf.slice(i + 1);
        }
      };
      child.stdout!.on('data', feed);
      child.stderr!.on('data', feed);
      void this.exit!.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`bridge exited (code ${code}, signal ${signal}) before it was ready:\n${this.tail()}`));
      });
    });
    this.url = await ready;
    return this.url;
  }

  /** pino lines as objects (non-JSON lines skipped). */
  records(): { msg?: string; level?: number; [k: string]: unknown }[] {
    return this.logs.flatMap((l) => {
      try {
        return [JSON.parse(l) as { msg?: string }];
      } catch {
        return [];
      }
    });
  }

  /** pino writes asynchronously: a line logged before the banner may arrive after it. */
  async waitForLog(what: string, pred: (r: { msg?: string; [k: string]: unknown }) => boolean, timeoutMs = 10_000): Promise<{ msg?: string; [k: string]: unknown }> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const found = this.records().find(pred);
      if (found) return found;
      if (Date.now() > end) throw new Error(`no log line ${what} within ${timeoutMs} ms:\n${this.tail()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** What the bridge logged at warn or above, most frequent first: "×N message {fields of the first}". */
  warnings(limit = 8): string[] {
    const seen = new Map<string, { n: number; first: Record<string, unknown> }>();
    for (const r of this.records()) {
      if ((r.level ?? 0) < 40) continue;
      const w = seen.get(String(r.msg));
      if (w) w.n++;
      else seen.set(String(r.msg), { n: 1, first: r });
    }
    const detail = (r: Record<string, unknown>) => {
      const rest = { ...r };
      for (const k of ['level', 'time', 'pid', 'hostname', 'app', 'msg']) delete rest[k];
      return JSON.stringify(rest).slice(0, 300);
    };
    return [...seen].sort((a, b) => b[1].n - a[1].n).slice(0, limit).map(([m, w]) => `×${w.n} "${m}" ${detail(w.first)}`);
  }

  tail(n = 40): string {
    return this.logs.slice(-n).join('\n');
  }

  kill(signal: NodeJS.Signals): void {
    this.child?.kill(signal);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }
}

export function tempDataDir(prefix = 'hotline-product-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Minimal REST client for the tests, speaking as a logged-in user. */
export async function loginAs(url: string, userId: string, password = 'hotline-lab'): Promise<{ token: string }> {
  const r = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId, password }) });
  if (r.status !== 200) throw new Error(`login ${userId}: ${r.status} ${await r.text()}`);
  return (await r.json()) as { token: string };
}

export async function api<T = unknown>(url: string, token: string, method: string, route: string, body?: unknown): Promise<{ status: number; body: T }> {
  const r = await fetch(`${url}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await r.text();
  return { status: r.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** Polls `probe` until it returns something truthy (errors count as not yet); fails naming `what`. */
export async function until<T>(what: string, probe: () => Promise<T | undefined | false | null>, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
