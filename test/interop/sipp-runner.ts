/**
 * Runs SIPp (Debian package sip-tester) with a scenario from fixtures/sipp and reports its exit code
 * and output. SIPp's exit code is 0 only when every call of the scenario completed as scripted.
 *
 * Scenarios that talk play `voice.al` (raw 8 kHz A-law, SIPp's rtp_stream) from SIPp's working
 * directory: each run gets a fresh directory with a tone of the given frequency there (made with
 * sox), so a recording can be checked for who was heard.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const SCENARIOS = join(here, '..', '..', 'fixtures', 'sipp');

/** The tone each kind of party speaks in the interop tests (the recording checks look for them). */
export const VOICE = { caller: 440, seat: 1000, thirdParty: 700 } as const;

export interface SippRun {
  /** Resolves when SIPp exits. */
  done: Promise<{ code: number | null; output: string }>;
  kill(): void;
}

export interface SippOptions {
  /** Frequency of the tone written to voice.al (default: the caller's). */
  voiceHz?: number;
  /** SIPp's -timeout in seconds (default 30). */
  timeoutSec?: number;
  /** Calls to handle (-m; default 1). */
  calls?: number;
}

export function sipp(scenario: string, args: string[], opts: SippOptions | number = {}): SippRun {
  const o = typeof opts === 'number' ? { timeoutSec: opts } : opts;
  const cwd = mkdtempSync(join(tmpdir(), 'sipp-'));
  // 60 s of tone, looped by rtp_stream for longer calls.
  const made = spawnSync('sox', ['-n', '-r', '8000', '-c', '1', '-e', 'a-law', '-t', 'al', join(cwd, 'voice.al'), 'synth', '60', 'sine', String(o.voiceHz ?? VOICE.caller), 'vol', '0.5']);
  if (made.status !== 0) throw new Error(`sox could not make the SIPp voice file: ${String(made.stderr)}`);
  const child = spawn(
    'sipp',
    // -aa: answer OPTIONS/INFO/NOTIFY/UPDATE inside a call with 200, as real phones do (the adapter
    // probes dialogs with OPTIONS after a drachtio reconnect).
    ['-sf', join(SCENARIOS, scenario), ...args, '-m', String(o.calls ?? 1), '-nostdin', '-aa', '-timeout', String(o.timeoutSec ?? 30), '-trace_err'],
    { cwd },
  );
  let output = '';
  child.stdout.on('data', (d) => (output += String(d)));
  child.stderr.on('data', (d) => (output += String(d)));
  const done = new Promise<{ code: number | null; output: string }>((resolve) => {
    child.on('error', (err) => resolve({ code: -1, output: `${output}\n${String(err)}` }));
    child.on('close', (code) => resolve({ code, output }));
  });
  return { done, kill: () => child.kill('SIGTERM') };
}

export function sippInstalled(): Promise<boolean> {
  return new Promise((resolve) => {
    const c = spawn('sipp', ['-v']);
    c.on('error', () => resolve(false));
    c.on('close', () => resolve(true));
  });
}
