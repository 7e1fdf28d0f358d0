/**
 * Runs SIPp (Debian package sip-tester) with a scenario from fixtures/sipp and reports its exit code
 * and output. SIPp's exit code is 0 only when every call of the scenario completed as scripted.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const SCENARIOS = join(here, '..', '..', 'fixtures', 'sipp');

export interface SippRun {
  /** Resolves when SIPp exits. */
  done: Promise<{ code: number | null; output: string }>;
  kill(): void;
}

export function sipp(scenario: string, args: string[], timeoutSec = 30): SippRun {
  const cwd = mkdtempSync(join(tmpdir(), 'sipp-'));
  const child = spawn('sipp', ['-sf', join(SCENARIOS, scenario), ...args, '-m', '1', '-nostdin', '-timeout', String(timeoutSec), '-trace_err'], { cwd });
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
