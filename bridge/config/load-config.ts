/**
 * Reads the hotline configuration: YAML file (HOTLINE_CONFIG or `config/default.yaml`), seats merged in
 * from `seatsFile` (relative to the config file), environment overrides, then zod validation. Every
 * problem is collected and thrown as one ConfigError naming the file, the dotted path and the reason,
 * with the line when the YAML node is known — a centre's operators fix YAML, not TypeScript.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { ZodIssue } from 'zod';
import { configSchema, type HotlineConfig } from './schema.js';
import { ConfigError, formatPath, type ConfigProblem } from './config-error.js';
import { applyEnvOverrides, describeOverride, type AppliedOverride } from './env-overrides.js';

export { ConfigError, formatConfigError } from './config-error.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_CONFIG_PATH = resolve(repoRoot, 'config', 'default.yaml');

type Env = Record<string, string | undefined>;

/** Explicit argument > HOTLINE_CONFIG > config/default.yaml; relative paths are taken from the working directory. */
export function resolveConfigPath(path?: string, env: Env = process.env): string {
  const chosen = path ?? (env.HOTLINE_CONFIG?.trim() || undefined);
  if (!chosen) return DEFAULT_CONFIG_PATH;
  return isAbsolute(chosen) ? chosen : resolve(process.cwd(), chosen);
}

/** A parsed YAML file with what is needed to point at a line later. */
interface YamlFile {
  file: string;
  doc: Document.Parsed;
  lines: LineCounter;
  value: unknown;
}

function readYaml(file: string, problems: ConfigProblem[], blame?: { file: string; path: string }): YamlFile | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (err as Error).message;
    if (blame) problems.push({ file: blame.file, path: blame.path, message: `cannot read ${file}: ${why}` });
    else problems.push({ file, path: '', message: `cannot read the configuration file: ${why}` });
    return undefined;
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    for (const e of doc.errors) {
      // The pretty message carries a code excerpt after its first line; the position is reported separately.
      const first = (e.message.split('\n')[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, '');
      const pos = e.linePos?.[0];
      problems.push({ file, path: '', message: `YAML syntax error: ${first}`, line: pos?.line, col: pos?.col });
    }
    return undefined;
  }
  return { file, doc, lines, value: doc.toJS({ maxAliasCount: 100 }) as unknown };
}

/** Line of the deepest existing node along `path` (a missing key points at its parent). */
function lineOf(y: YamlFile, path: readonly PropertyKey[]): { line: number; col: number } | undefined {
  // Stops short of the document root: "line 1" would point at nothing in particular.
  for (let n = path.length; n >= 1; n--) {
    const keys = path.slice(0, n).map((k) => (typeof k === 'number' ? k : String(k)));
    const node = y.doc.getIn(keys, true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return y.lines.linePos(range[0]);
  }
  return undefined;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

interface SeatsSource {
  yaml: YamlFile;
  /** Index in the merged `seats` of the file's first seat (inline seats come first). */
  offset: number;
  /** Path of the seat list inside the seats file: `['seats']` or `[]` for a top-level list. */
  base: readonly string[];
}

/** Merges `seatsFile` into `doc.seats` (inline seats first). */
function mergeSeatsFile(main: YamlFile, doc: Record<string, unknown>, problems: ConfigProblem[]): SeatsSource | undefined {
  const ref = doc.seatsFile;
  if (ref === undefined || ref === null) return undefined;
  if (typeof ref !== 'string' || !ref.trim()) return undefined; // the schema reports the wrong type
  const file = resolve(dirname(main.file), ref);
  const yaml = readYaml(file, problems, { file: main.file, path: 'seatsFile' });
  if (!yaml) return undefined;
  const base = isRecord(yaml.value) ? ['seats'] : [];
  const list = isRecord(yaml.value) ? yaml.value.seats : yaml.value;
  if (!Array.isArray(list)) {
    problems.push({ file, path: base.join('.'), message: 'expected a list of seats (or a mapping with a `seats:` list)' });
    return undefined;
  }
  const inline = Array.isArray(doc.seats) ? doc.seats : doc.seats === undefined ? [] : undefined;
  if (!inline) return undefined; // `seats:` of the wrong type: leave it for the schema to report
  doc.seats = [...inline, ...list];
  return { yaml, offset: inline.length, base };
}

function friendlyMessage(issue: ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.received === 'undefined') return `Required (${issue.expected} missing)`;
  return issue.message;
}

function toProblem(issue: ZodIssue, main: YamlFile, seats: SeatsSource | undefined, env: Map<string, AppliedOverride>): ConfigProblem {
  const path = issue.path;
  const message = friendlyMessage(issue);
  // A seat that came from the seats file is reported against that file, with its index there.
  if (seats && path[0] === 'seats' && typeof path[1] === 'number' && path[1] >= seats.offset) {
    const local = [...seats.base, path[1] - seats.offset, ...path.slice(2)];
    const pos = lineOf(seats.yaml, local);
    return { file: seats.yaml.file, path: formatPath(local), message, line: pos?.line, col: pos?.col };
  }
  const fromEnv = env.get(path.join('.'));
  if (fromEnv) return { file: main.file, path: formatPath(path), message: message + describeOverride(fromEnv) };
  const pos = lineOf(main, path);
  return { file: main.file, path: formatPath(path), message, line: pos?.line, col: pos?.col };
}

/**
 * Loads and validates the configuration. Throws ConfigError listing every problem; never returns a
 * partially valid configuration.
 */
export function loadConfig(path?: string, env: Env = process.env): HotlineConfig {
  const file = resolveConfigPath(path, env);
  const problems: ConfigProblem[] = [];
  const main = readYaml(file, problems);
  if (!main) throw new ConfigError(problems);
  const value = main.value ?? {};
  if (!isRecord(value)) throw new ConfigError([{ file, path: '', message: 'the configuration must be a YAML mapping (key: value) at the top level' }]);

  const seats = mergeSeatsFile(main, value, problems);
  if (problems.length) throw new ConfigError(problems);
  const applied = applyEnvOverrides(value, env);

  const parsed = configSchema.safeParse(value);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => toProblem(i, main, seats, applied)));
  return parsed.data;
}
