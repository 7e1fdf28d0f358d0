/**
 * A configuration that cannot be used. The message lists every problem on its own line as
 * `config/default.yaml: desks[3].strategy: Invalid enum value … (line 42)` so an operator can fix the file
 * without reading a stack trace; `formatConfigError` is what the composition root prints before exiting.
 */
import { isAbsolute, relative } from 'node:path';

export interface ConfigProblem {
  /** Absolute path of the file the problem is in (the config file or its seats file). */
  file: string;
  /** Dotted path inside the file, e.g. `desks[3].strategy`; empty for whole-file problems. */
  path: string;
  message: string;
  /** 1-based position in the file, when known. */
  line?: number;
  col?: number;
}

/** Shown path: relative to the working directory when the file lies under it (`config/default.yaml`). */
export function displayFile(file: string, cwd = process.cwd()): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

/** `['desks', 3, 'strategy']` → `desks[3].strategy`; keys that are not identifiers are quoted. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else {
      const k = String(key);
      out += /^[A-Za-z_][A-Za-z0-9_-]*$/.test(k) ? (out ? `.${k}` : k) : `[${JSON.stringify(k)}]`;
    }
  }
  return out;
}

export function formatProblem(p: ConfigProblem): string {
  const where = p.path ? `${p.path}: ` : '';
  const pos = p.line !== undefined ? ` (line ${p.line}${p.col !== undefined ? `, column ${p.col}` : ''})` : '';
  return `${displayFile(p.file)}: ${where}${p.message}${pos}`;
}

/** Most operators fix the first screenful; the rest is counted, not dumped. */
const MAX_LISTED = 40;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly ConfigProblem[]) {
    const lines = problems.slice(0, MAX_LISTED).map(formatProblem);
    if (problems.length > MAX_LISTED) lines.push(`… and ${problems.length - MAX_LISTED} more problems`);
    super(lines.join('\n'));
  }
}

/**
 * The text to print for a configuration failure (no stack trace), or undefined when `err` is some
 * other failure the caller should report in its own way.
 */
export function formatConfigError(err: unknown): string | undefined {
  if (!(err instanceof ConfigError)) return undefined;
  const n = err.problems.length;
  const head = `Invalid configuration (${n} problem${n === 1 ? '' : 's'}); the bridge did not start:`;
  return [head, ...err.message.split('\n').map((l) => `  ${l}`)].join('\n');
}
