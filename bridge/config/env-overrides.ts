/**
 * Environment variables that override the file: ports, hosts and secrets differ per deployment and must
 * not live in a committed YAML file. Values are applied to the raw document BEFORE validation, so a wrong
 * value (PORT=abc) is reported by the same schema, at the same path, with the variable named.
 */

export interface EnvOverride {
  variable: string;
  /** Where the value lands in the configuration document. */
  path: readonly string[];
  kind: 'number' | 'string';
  /** Never echo the value in an error message. */
  secret?: boolean;
}

export const ENV_OVERRIDES: readonly EnvOverride[] = [
  { variable: 'PORT', path: ['server', 'port'], kind: 'number' },
  { variable: 'HOST', path: ['server', 'host'], kind: 'string' },
  { variable: 'TELEPHONY_MODE', path: ['telephony', 'mode'], kind: 'string' },
  { variable: 'DRACHTIO_HOST', path: ['telephony', 'drachtio', 'host'], kind: 'string' },
  { variable: 'DRACHTIO_PORT', path: ['telephony', 'drachtio', 'port'], kind: 'number' },
  { variable: 'DRACHTIO_SECRET', path: ['telephony', 'drachtio', 'secret'], kind: 'string', secret: true },
  { variable: 'FREESWITCH_ESL_HOST', path: ['telephony', 'freeswitch', 'host'], kind: 'string' },
  { variable: 'FREESWITCH_ESL_PORT', path: ['telephony', 'freeswitch', 'port'], kind: 'number' },
  { variable: 'FREESWITCH_ESL_PASSWORD', path: ['telephony', 'freeswitch', 'password'], kind: 'string', secret: true },
  { variable: 'DATABASE_URL', path: ['store', 'databaseUrl'], kind: 'string', secret: true },
  { variable: 'REDIS_URL', path: ['hub', 'redisUrl'], kind: 'string', secret: true },
  { variable: 'HOTLINE_REDIS_PREFIX', path: ['hub', 'redisPrefix'], kind: 'string' },
];

export interface AppliedOverride {
  override: EnvOverride;
  raw: string;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * Writes the set variables into `doc` (mutating it) and returns them keyed by the dotted path they set,
 * so a validation problem at that path can name the variable. Empty variables count as unset.
 * Numbers are converted only when the text is a plain integer; anything else stays a string and the
 * schema rejects it with "Expected number, received string".
 */
export function applyEnvOverrides(
  doc: Record<string, unknown>,
  env: Record<string, string | undefined>,
): Map<string, AppliedOverride> {
  const applied = new Map<string, AppliedOverride>();
  for (const o of ENV_OVERRIDES) {
    const raw = env[o.variable];
    if (raw === undefined || raw.trim() === '') continue;
    const text = raw.trim();
    const value: unknown = o.kind === 'number' && /^[0-9]+$/.test(text) ? Number(text) : text;
    let node: Record<string, unknown> | undefined = doc;
    for (const key of o.path.slice(0, -1)) {
      if (node[key] === undefined || node[key] === null) node[key] = {};
      const next: unknown = node[key];
      // A section of the wrong type stays as it is, for the schema to report against the file.
      node = isRecord(next) ? next : undefined;
      if (!node) break;
    }
    if (!node) continue;
    node[o.path[o.path.length - 1]!] = value;
    applied.set(o.path.join('.'), { override: o, raw: text });
  }
  return applied;
}

/** " (from environment PORT="abc")", value withheld for secrets. */
export function describeOverride(a: AppliedOverride): string {
  return a.override.secret
    ? ` (from environment ${a.override.variable})`
    : ` (from environment ${a.override.variable}=${JSON.stringify(a.raw.slice(0, 80))})`;
}
