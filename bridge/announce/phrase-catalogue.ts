/**
 * The phrase catalogue (`freeswitch.conf.d/prompts/phrases.yaml`): per language, the text of every
 * prompt file the queue announcements are built from, and how the lab set is synthesised. The bridge
 * reads it to know which prompts a language has (some languages need no `position-after`); the
 * generator (`npm run prompts`) reads it to make the lab sets. Validated strictly: a missing number
 * or a misspelt key is an error naming the file and the path, never a silent gap in what a caller hears.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { LANGUAGES, type Language } from '../domain/types.js';

/** Cardinals the catalogue must have: 1–20 and the tens up to 90 (21–99 are said as tens + units). */
export const NUMBER_KEYS: readonly number[] = [...Array.from({ length: 20 }, (_, i) => i + 1), 30, 40, 50, 60, 70, 80, 90];
/** The rounded waits an announcement may say, as whole phrases ("two minutes"). */
export const MINUTE_KEYS: readonly number[] = [1, 2, 3, 4, 5, 10, 15, 20, 25, 30, 40, 50, 60];

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The catalogue shipped with the product, next to the lab prompt sets it describes. */
export const SHIPPED_PHRASES_FILE = resolve(repoRoot, 'freeswitch.conf.d', 'prompts', 'phrases.yaml');
export const SHIPPED_PROMPTS_DIR = resolve(repoRoot, 'freeswitch.conf.d', 'prompts');

const phrase = z.strictObject({
  /** As written: what a voice artist records. */
  text: z.string().trim().min(1),
  /** What espeak-ng is given for the lab set, when it cannot read `text` as written. */
  say: z.string().trim().min(1).optional(),
});

function numbered(keys: readonly number[], what: string) {
  return z.record(z.string(), phrase).superRefine((rec, ctx) => {
    for (const k of keys) if (!rec[String(k)]) ctx.addIssue({ code: 'custom', path: [String(k)], message: `${what} ${k} is missing` });
    for (const k of Object.keys(rec)) if (!keys.includes(Number(k))) ctx.addIssue({ code: 'custom', path: [k], message: `${what} ${k} is never said (allowed: ${keys.join(', ')})` });
  });
}

const promptSetSchema = z.strictObject({
  /** espeak-ng voice of the lab set; null: none exists, the centre's first language is played instead. */
  voice: z.string().regex(/^[A-Za-z0-9_-]+$/).nullable(),
  /** espeak-ng words per minute. */
  speed: z.number().int().min(80).max(400).default(150),
  /** A centre recorded this set itself: `npm run prompts` never overwrites it. */
  recorded: z.boolean().default(false),
  prompts: z.strictObject({
    greeting: phrase,
    'position-before': phrase,
    'position-after': phrase.optional(),
    'wait-before': phrase,
    'wait-after': phrase.optional(),
    'wait-under-minute': phrase,
    'wait-over-hour': phrase,
  }),
  numbers: numbered(NUMBER_KEYS, 'number'),
  minutes: numbered(MINUTE_KEYS, 'minutes'),
});

export const phraseCatalogueSchema = z.strictObject({
  languages: z.record(z.enum(LANGUAGES), promptSetSchema),
});

export type PromptSet = z.infer<typeof promptSetSchema>;
export type PhraseCatalogue = z.infer<typeof phraseCatalogueSchema>;
export type Phrase = z.infer<typeof phrase>;

export class PhraseCatalogueError extends Error {
  override readonly name = 'PhraseCatalogueError';
}

export function parsePhraseCatalogue(value: unknown, file: string): PhraseCatalogue {
  const parsed = phraseCatalogueSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`);
  throw new PhraseCatalogueError(`${file}: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`);
}

export function loadPhraseCatalogue(file: string = SHIPPED_PHRASES_FILE): PhraseCatalogue {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new PhraseCatalogueError(`${file}: cannot read the phrase catalogue: ${(err as Error).message}`);
  }
  let value: unknown;
  try {
    value = parse(text);
  } catch (err) {
    throw new PhraseCatalogueError(`${file}: YAML syntax error: ${(err as Error).message.split('\n')[0]}`);
  }
  return parsePhraseCatalogue(value, file);
}

/** Can the language's set be played (it has a lab voice or a centre recorded it)? */
export function playable(cat: PhraseCatalogue, language: Language): boolean {
  const set = cat.languages[language];
  return !!set && (set.recorded || set.voice !== null);
}

/** Every prompt of a set as (prompt id, phrase): the files its folder must hold. */
export function promptEntries(set: PromptSet): Array<[string, Phrase]> {
  const out: Array<[string, Phrase]> = [];
  for (const [id, p] of Object.entries(set.prompts)) if (p) out.push([id, p]);
  for (const k of NUMBER_KEYS) out.push([`n:${k}`, set.numbers[String(k)]!]);
  for (const k of MINUTE_KEYS) out.push([`min:${k}`, set.minutes[String(k)]!]);
  return out;
}
