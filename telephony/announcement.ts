/**
 * What a waiting caller is told: a language and an ordered list of prompt ids, e.g.
 * `{ language: 'zh', prompts: ['position-before', 'n:3', 'position-after', 'wait-before', 'min:5'] }`.
 * The bridge decides what to say; an adapter only plays it (the lab switch reports it as an
 * `announced` event, the real adapter plays one sound file per prompt on FreeSWITCH).
 *
 * A prompt id names one file of the language's prompt set (`freeswitch.conf.d/prompts/<lang>/`):
 * a plain id is the file's stem (`greeting` → `greeting.wav`); `kind:number` stands for a numbered
 * file (`n:3` → `n-3.wav`, `min:10` → `min-10.wav`), since a colon is no friend of file names.
 */

export interface Announcement {
  /** Language of the prompt set (ISO 639-1, e.g. `kk`). */
  language: string;
  /** Prompt ids played one after another, at least one. */
  prompts: string[];
}

const LANGUAGE = /^[a-z]{2,3}$/;
const PROMPT_ID = /^[a-z][a-z0-9-]{0,39}(:[0-9]{1,4})?$/;
/** Longer than any sentence a queue says; a guard against a runaway list, not a style rule. */
export const MAX_PROMPTS = 40;

/** Why `a` is not a well-formed announcement, or undefined when it is. */
export function announcementProblem(a: unknown): string | undefined {
  if (typeof a !== 'object' || a === null) return 'an announcement needs a language and prompts';
  const { language, prompts } = a as Partial<Announcement>;
  if (typeof language !== 'string' || !LANGUAGE.test(language)) return 'the language must be a language code such as zh or kk';
  if (!Array.isArray(prompts) || prompts.length === 0) return 'an announcement needs at least one prompt';
  if (prompts.length > MAX_PROMPTS) return `an announcement has at most ${MAX_PROMPTS} prompts`;
  const bad = prompts.find((p) => typeof p !== 'string' || !PROMPT_ID.test(p));
  if (bad !== undefined) return `"${String(bad).slice(0, 50)}" is not a prompt id`;
  return undefined;
}

/** The file a prompt id names inside its language folder: `n:3` → `n-3.wav`. */
export function promptFileName(id: string): string {
  return `${id.replace(':', '-')}.wav`;
}
